// Terraform values (cty) ⇄ the values the core works with, driven by the core's field types.
// Internally a value has camelCase attribute names, `null` for null and the core's UNKNOWN for unknown;
// on the wire it has snake_case names, every attribute present, and msgpack extension 0 for unknown.
import { snakeCase, type FieldSpec, type FieldType } from '../core/schema';
import { UNKNOWN } from '../core/unknown';
import { decodeMsgpack, encodeMsgpack, MsgpackExtension, type MsgpackMap, type MsgpackValue } from './msgpack';
import type { DynamicValue } from './tfplugin6/requests';

/** A value as the adapter handles it: camelCase attributes, null, or UNKNOWN anywhere. */
export type TfValue = null | typeof UNKNOWN | string | number | boolean | TfValue[] | { [name: string]: TfValue };

/** The object type of a whole resource, data source or provider block. */
export function objectType(fields: Readonly<Record<string, FieldSpec>>): FieldType {
  return { kind: 'object', fields };
}

/** The cty type as Terraform's JSON type notation (`"string"`, `["list","string"]`, `["object",{…}]`). */
export function ctyTypeJson(type: FieldType): unknown {
  switch (type.kind) {
    case 'map': return ['map', 'string'];
    case 'list': return ['list', ctyTypeJson(type.of)];
    case 'object': {
      const attributes: Record<string, unknown> = {};
      for (const name of Object.keys(type.fields).sort()) attributes[snakeCase(name)] = ctyTypeJson(type.fields[name]?.type ?? { kind: 'string' });
      return ['object', attributes];
    }
    default: return type.kind;
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value) && !(value instanceof MsgpackExtension);

/** A decoded msgpack or JSON value of `type` → the adapter's value; throws naming the path on a shape mismatch. */
export function fromWire(type: FieldType, raw: unknown, path = ''): TfValue {
  if (raw instanceof MsgpackExtension) return UNKNOWN;
  if (raw === null || raw === undefined) return null;
  const fail = (): never => {
    throw new Error(`value at ${path || '(root)'} does not match type ${JSON.stringify(ctyTypeJson(type))}`);
  };
  switch (type.kind) {
    case 'string': return typeof raw === 'string' ? raw : fail();
    case 'bool': return typeof raw === 'boolean' ? raw : fail();
    case 'number': {
      const number = typeof raw === 'number' ? raw : typeof raw === 'bigint' || typeof raw === 'string' ? Number(raw) : NaN;
      return Number.isNaN(number) ? fail() : number;
    }
    case 'list':
      return Array.isArray(raw) ? raw.map((item, index) => fromWire(type.of, item, `${path}[${index}]`)) : fail();
    case 'map': {
      if (!isPlainObject(raw)) return fail();
      const out: Record<string, TfValue> = {};
      for (const [key, item] of Object.entries(raw)) define(out, key, fromWire({ kind: 'string' }, item, `${path}[${JSON.stringify(key)}]`));
      return out;
    }
    case 'object': {
      if (!isPlainObject(raw)) return fail();
      const out: Record<string, TfValue> = {};
      for (const [name, field] of Object.entries(type.fields)) {
        const wireName = snakeCase(name);
        out[name] = fromWire(field.type, raw[wireName], path === '' ? wireName : `${path}.${wireName}`);
      }
      return out;
    }
  }
}

/** The adapter's value → a msgpack-ready tree: snake_case names in sorted order, every attribute, unknown as ext 0. */
export function toWire(type: FieldType, value: unknown): MsgpackValue {
  if (value === UNKNOWN) return new MsgpackExtension(0, Buffer.from([0]));
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'string': return String(value);
    case 'bool': return value === true;
    case 'number': return Number(value);
    case 'list': return Array.isArray(value) ? value.map((item) => toWire(type.of, item)) : null;
    case 'map': {
      if (!isPlainObject(value)) return null;
      const out: MsgpackMap = {};
      for (const [key, item] of Object.entries(value)) define(out, key, toWire({ kind: 'string' }, item));
      return out;
    }
    case 'object': {
      if (!isPlainObject(value)) return null;
      const out: MsgpackMap = {};
      const names = Object.keys(type.fields).sort((a, b) => (snakeCase(a) < snakeCase(b) ? -1 : 1));
      for (const name of names) out[snakeCase(name)] = toWire(type.fields[name]?.type ?? { kind: 'string' }, value[name]);
      return out;
    }
  }
}

/** A DynamicValue of `type`: its msgpack when not empty, else its JSON; both absent → null. */
export function decodeDynamic(type: FieldType, dynamic: DynamicValue | undefined): TfValue {
  const msgpack = dynamic?.msgpack;
  if (msgpack !== undefined && msgpack.length > 0) return fromWire(type, decodeMsgpack(msgpack));
  const json = dynamic?.json;
  if (json !== undefined && json.length > 0) return fromWire(type, JSON.parse(json.toString('utf8')));
  return null;
}

/** The msgpack bytes of a DynamicValue of `type`. */
export function encodeDynamic(type: FieldType, value: unknown): Buffer {
  return encodeMsgpack(toWire(type, value));
}

function define<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
