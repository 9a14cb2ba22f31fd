import type { DiffResult } from './lifecycle';
import type { FieldType, ResourceSchema } from './schema';
import { isUnknown } from './unknown';

/** Deep equality of plain JSON values, treating undefined, null and empty lists/maps as equal. */
export function sameValue(a: unknown, b: unknown): boolean {
  const empty = (value: unknown): boolean => value === undefined || value === null
    || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);
  if (empty(a) && empty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return a === b;
}

/** `value` without the computed attributes nested inside it (e.g. a source's `precedence`). */
function userPart(type: FieldType, value: unknown): unknown {
  if (type.kind === 'list' && Array.isArray(value)) return value.map((item) => userPart(type.of, item));
  if (type.kind !== 'object' || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    const field = type.fields[name];
    if (field?.mode === 'computed') continue;
    out[name] = field === undefined ? item : userPart(field.type, item);
  }
  return out;
}

/**
 * The schema-driven part of every diff: which non-computed attributes changed (computed attributes nested
 * in lists/objects ignored; an unknown new value counts as a change) and which of those force replacement.
 */
export function diffBySchema(schema: ResourceSchema, state: Record<string, unknown>, inputs: Record<string, unknown>): DiffResult {
  const changed: string[] = [];
  const replace: { field: string; reason: string }[] = [];
  for (const [name, field] of Object.entries(schema.fields)) {
    if (field.mode === 'computed') continue;
    const next = userPart(field.type, inputs[name] ?? field.default);
    const previous = userPart(field.type, state[name] ?? field.default);
    if (!isUnknown(next) && sameValue(previous, next)) continue;
    changed.push(name);
    if (field.forcesReplacement === true) replace.push({ field: name, reason: `changing ${name} requires a new ${schema.className}` });
  }
  return { changed, replace, deleteBeforeReplace: replace.length > 0, issues: [] };
}
