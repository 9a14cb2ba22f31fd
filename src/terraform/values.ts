// Between Terraform values (every attribute present, null for unset) and the core's records (unset = absent),
// plus the generic value plumbing of plans: filling planned unknowns from a result, keeping a prior spelling.
import { sameValue } from '../core/diff';
import type { FieldSpec, FieldType } from '../core/schema';
import { UNKNOWN } from '../core/unknown';
import type { TfValue } from './cty';

type Fields = Readonly<Record<string, FieldSpec>>;
type Record_ = Record<string, unknown>;

const isRecord = (value: unknown): value is Record_ => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Object fields of a type (an object, or a list of objects), or undefined. */
export function objectFields(type: FieldType): Fields | undefined {
  if (type.kind === 'object') return type.fields;
  if (type.kind === 'list' && type.of.kind === 'object') return type.of.fields;
  return undefined;
}

/** A Terraform value → core record: nulls dropped at every depth, unknowns kept; `argumentsOnly` drops computed fields. */
export function toCore(fields: Fields, value: TfValue, argumentsOnly: boolean): Record_ {
  if (!isRecord(value)) return {};
  const out: Record_ = {};
  for (const [name, field] of Object.entries(fields)) {
    if (argumentsOnly && field.mode === 'computed') continue;
    const item = toCoreValue(field.type, value[name], argumentsOnly);
    if (item !== undefined) out[name] = item;
  }
  return out;
}

function toCoreValue(type: FieldType, value: TfValue | undefined, argumentsOnly: boolean): unknown {
  if (value === null || value === undefined) return undefined;
  if (value === UNKNOWN) return UNKNOWN;
  if (type.kind === 'object') return toCore(type.fields, value, argumentsOnly);
  if (type.kind === 'list' && Array.isArray(value)) return value.map((item) => toCoreValue(type.of, item, argumentsOnly) ?? null);
  if (type.kind === 'map' && isRecord(value)) {
    const out: Record_ = {};
    for (const [key, item] of Object.entries(value)) if (item !== null) Object.defineProperty(out, key, { value: item, enumerable: true });
    return out;
  }
  return value;
}

/** A core record → Terraform value: every field of `fields`, absent ones null, nested objects likewise. */
export function fromCore(fields: Fields, record: unknown): { [name: string]: TfValue } {
  const source = isRecord(record) ? record : {};
  const out: { [name: string]: TfValue } = {};
  for (const [name, field] of Object.entries(fields)) out[name] = fromCoreValue(field.type, source[name]);
  return out;
}

function fromCoreValue(type: FieldType, value: unknown): TfValue {
  if (value === undefined || value === null) return null;
  if (value === UNKNOWN) return UNKNOWN;
  switch (type.kind) {
    case 'object': return fromCore(type.fields, value);
    case 'list': return Array.isArray(value) ? value.map((item) => fromCoreValue(type.of, item)) : null;
    case 'map': {
      if (!isRecord(value)) return null;
      const out: { [key: string]: TfValue } = {};
      for (const [key, item] of Object.entries(value)) {
        Object.defineProperty(out, key, { value: item === undefined || item === null ? null : String(item), enumerable: true });
      }
      return out;
    }
    case 'number': return typeof value === 'number' ? value : Number(value);
    case 'bool': return value === true;
    default: return String(value);
  }
}

/** `planned` with every unknown replaced by the value at the same place in `result` (null where it has none). */
export function fillUnknowns(type: FieldType, planned: TfValue, result: TfValue): TfValue {
  if (planned === UNKNOWN) return result === UNKNOWN ? null : result;
  if (planned === null || typeof planned !== 'object') return planned;
  if (Array.isArray(planned)) {
    const items = Array.isArray(result) ? result : [];
    return planned.map((item, index) => fillUnknowns(type.kind === 'list' ? type.of : type, item, items[index] ?? null));
  }
  const fields = type.kind === 'object' ? type.fields : undefined;
  const source = isRecord(result) ? (result as Record<string, TfValue>) : {};
  const out: { [name: string]: TfValue } = {};
  for (const [name, item] of Object.entries(planned)) {
    const inner = fields?.[name]?.type ?? { kind: 'string' as const };
    out[name] = fillUnknowns(inner, item, source[name] ?? null);
  }
  return out;
}

/** True when the value or anything inside it is unknown. */
export function hasUnknown(value: TfValue): boolean {
  if (value === UNKNOWN) return true;
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some(hasUnknown);
}

/**
 * A value read from Consul, in the spelling of `prior` wherever the two mean the same (null vs. empty list/map and
 * the like), so that refreshes do not show changes that are none; computed attributes are always taken as read.
 */
export function keepPriorSpelling(fields: Fields, prior: TfValue, read: { [name: string]: TfValue }): { [name: string]: TfValue } {
  const before = isRecord(prior) ? (prior as Record<string, TfValue>) : {};
  const out: { [name: string]: TfValue } = {};
  for (const [name, field] of Object.entries(fields)) {
    const value = read[name] ?? null;
    const previous = before[name] ?? null;
    if (field.writeOnly === true) out[name] = previous; // never read back: null (or, before Terraform 1.11, as configured)
    else out[name] = field.mode !== 'computed' && sameValue(previous, value) ? previous : value;
  }
  return out;
}

/** Every computed attribute nested in a value (e.g. `sources[*].precedence`) set to unknown. */
export function unknownNestedComputed(type: FieldType, value: TfValue): TfValue {
  if (value === null || value === UNKNOWN) return value;
  if (type.kind === 'list' && Array.isArray(value)) return value.map((item) => unknownNestedComputed(type.of, item));
  if (type.kind !== 'object' || !isRecord(value)) return value;
  const record = value as Record<string, TfValue>;
  const out: { [name: string]: TfValue } = {};
  for (const [name, field] of Object.entries(type.fields)) {
    out[name] = field.mode === 'computed' ? UNKNOWN : unknownNestedComputed(field.type, record[name] ?? null);
  }
  return out;
}

/** Field defaults filled in where the value is null, at every depth (optional fields with a default are optional+computed). */
export function withDefaults(type: FieldType, value: TfValue): TfValue {
  if (value === null || value === UNKNOWN) return value;
  if (type.kind === 'list' && Array.isArray(value)) return value.map((item) => withDefaults(type.of, item));
  if (type.kind !== 'object' || !isRecord(value)) return value;
  const record = value as Record<string, TfValue>;
  const out: { [name: string]: TfValue } = {};
  for (const [name, field] of Object.entries(type.fields)) {
    const item = record[name] ?? null;
    out[name] = item === null && field.mode === 'optional' && field.default !== undefined ? field.default : withDefaults(field.type, item);
  }
  return out;
}
