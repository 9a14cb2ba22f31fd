// The write pipeline of PUT /v1/config up to the ACL check (decode → unknown keys → normalise → validate),
// and the stored entry's rendering, hash and content comparison.
import { GoDecoder, isObject, goTypeOf } from './decode';
import { checkConfigEntryGraph } from './graph';
import { multiError } from './go-text';
import { hashValue } from './hash';
import { configKindError, kindSpec } from './kinds';
import { renderValue } from './render';
import type { ConfigWriteCheck, EntryLister, EntryLookup, GoStruct, KindSpec, SimConfigEntry } from './types';

const decodingFailed = (message: string): ConfigWriteCheck => ({ ok: false, status: 400, message: `Request decoding failed: ${message}` });

function unusedKeyProblems(unused: readonly string[]): string[] {
  const problems: string[] = [];
  for (const key of unused) {
    if (key === 'CreateIndex' || key === 'ModifyIndex' || key === 'kind' || key === 'Kind') continue;
    const lower = key.toLowerCase();
    if (lower.endsWith('namespace')) problems.push(`invalid config key "${key}", namespaces are a consul enterprise feature`);
    else if (lower.includes('jwt')) problems.push(`invalid config key "${key}", api-gateway jwt validation is a consul enterprise feature`);
    else problems.push(`invalid config key "${key}"`);
  }
  return problems;
}

function toStored(spec: KindSpec, value: GoStruct): SimConfigEntry {
  const out: Record<string, unknown> = { Kind: spec.kind, ...(spec.fixedName === undefined ? {} : { Name: spec.fixedName }) };
  for (const field of spec.type.fields) {
    if (field.notStored || field.squash) continue;
    out[field.name] = value[field.name];
  }
  return out as SimConfigEntry;
}

function cloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: cloneJson(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

// Consul's order for PUT /v1/config: these checks, then the ACL check, then the same-content skip and
// the cas comparison, then the graph checks (checkConfigEntryGraph).
/** PUT /v1/config checks made before the ACL check: body decoding (400), normalisation and validation (500). */
export function validateConfigEntryBody(body: unknown): ConfigWriteCheck {
  if (body === undefined) return decodingFailed('EOF');
  if (body === null) return decodingFailed('Payload does not contain a kind/Kind key at the top level');
  if (!isObject(body)) return decodingFailed(`'' expected type 'map[string]interface {}', got unconvertible type '${goTypeOf(body)}'`);
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(body, k);
  if (!has('Kind') && !has('kind')) return decodingFailed('Payload does not contain a kind/Kind key at the top level');
  const kind = has('Kind') ? body['Kind'] : body['kind'];
  if (typeof kind !== 'string') return decodingFailed('Kind value in payload is not a string');
  const kindError = configKindError(kind);
  if (kindError) return decodingFailed(kindError);
  const spec = kindSpec(kind);
  if (!spec) return { ok: false, status: 500, message: `emulator: config entries of kind "${kind}" are not supported by the emulator` };

  const decoder = new GoDecoder();
  const decoded = decoder.decode('', cloneJson(body), spec.type);
  if (decoded.errors.length > 0) return decodingFailed(`decoding failed due to the following error(s):\n\n${decoded.errors.join('\n')}`);
  const unused = unusedKeyProblems(decoder.unused);
  if (unused.length > 0) return decodingFailed(multiError(unused));

  const value = decoded.value as GoStruct;
  const problem = spec.unsupported?.(value) ?? spec.normalize(value) ?? spec.validate(value);
  if (problem) return { ok: false, status: 500, message: problem };
  return { ok: true, entry: toStored(spec, value) };
}

// `list` is needed only for proxy-defaults writes, which re-check every intention.
/** Decoding + validation of a PUT /v1/config body, then the graph checks against the stored entries. */
export function checkConfigEntryWrite(body: unknown, lookup: EntryLookup, list?: EntryLister): ConfigWriteCheck {
  const result = validateConfigEntryBody(body);
  if (!result.ok) return result;
  const graph = checkConfigEntryGraph(result.entry, lookup, list);
  return graph ? { ok: false, status: 500, message: graph } : result;
}

function specOf(entry: SimConfigEntry): KindSpec {
  const spec = kindSpec(entry.Kind);
  if (!spec) throw new Error(`config-entries: unsupported kind ${entry.Kind}`);
  return spec;
}

/** The Hash Consul stores with this entry (hashstructure over its Go struct; a uint64). */
export function configEntryHash(entry: SimConfigEntry): bigint {
  return hashValue(entry, specOf(entry).type);
}

/** The entry as GET returns it, keys in Consul's output order, with Hash (a bigint) and the indexes. */
export function renderConfigEntry(entry: SimConfigEntry, indexes: { createIndex: number; modifyIndex: number }): Record<string, unknown> {
  const spec = specOf(entry);
  const extras = { hash: configEntryHash(entry), createIndex: indexes.createIndex, modifyIndex: indexes.modifyIndex };
  const body = renderValue(entry, spec.type, extras) as Record<string, unknown>;
  return spec.kindFirst ? { Kind: spec.kind, ...body } : body;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const objB = b as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(objB, k) && deepEqual((a as Record<string, unknown>)[k], objB[k]));
}

/** True when two stored entries have the same content (Consul skips such a write and answers true even with a stale cas). */
export function sameConfigContent(a: SimConfigEntry, b: SimConfigEntry): boolean {
  return deepEqual(a, b);
}
