// Decoding a JSON body into a Go-shaped value the way Consul's config endpoint does it: mapstructure
// with WeaklyTypedInput, Consul's decode hooks (single-element slices unwrapped, alias keys translated,
// RFC 3339 strings to times), case-insensitive field matching, and the list of keys nothing used.
import { goFormatFloat } from './go-text';
import type { GoField, GoType, GoTime } from './schema';
import { zeroValue } from './schema';
import { parseRfc3339 } from './go-time';
import { parseGoDuration } from './go-duration';
import { uint8 } from './schema';

/** Result of decoding: the value (undefined when the input left the target unset) or leaf error lines. */
interface Decoded {
  readonly value?: unknown;
  readonly errors: readonly string[];
}

const NONE: Decoded = { errors: [] };

/** A plain JSON object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isGoTime(v);
}

function isGoTime(v: unknown): v is GoTime {
  return typeof v === 'object' && v !== null && typeof (v as { goTime?: unknown }).goTime === 'string';
}

/** Go's name for the dynamic type of a JSON value decoded into interface{}. */
export function goTypeOf(v: unknown): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (isGoTime(v)) return 'time.Time';
  return 'map[string]interface {}';
}

function goKindOf(v: unknown): string {
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (isGoTime(v)) return 'struct';
  return 'map';
}

/** Go's strings.EqualFold for the characters that matter here. */
function equalFold(a: string, b: string): boolean {
  const fold = (s: string): string => s.replace(/\u017f/g, 's').replace(/\u212a/g, 'k').toLowerCase();
  return fold(a) === fold(b);
}

function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Replaces single-element slices held in maps by their element, recursively (Consul's unSlice). */
function unSlice(data: unknown): unknown {
  if (Array.isArray(data)) {
    for (const item of data) unSlice(item);
  } else if (isObject(data)) {
    for (const key of Object.keys(data)) {
      const original = data[key];
      if (Array.isArray(original) && original.length === 1) data[key] = original[0];
      unSlice(original);
    }
  }
  return data;
}

function structFields(t: Extract<GoType, { k: 'struct' }>): GoField[] {
  const direct = t.fields.filter((field) => !field.squash);
  const squashed = t.fields.filter((field) => field.squash && field.type.k === 'struct');
  return [...direct, ...squashed.flatMap((field) => structFields(field.type as Extract<GoType, { k: 'struct' }>))];
}

function translateKeys(source: Record<string, unknown>, t: Extract<GoType, { k: 'struct' }>): Record<string, unknown> {
  const rules = new Map<string, string>();
  for (const field of structFields(t)) {
    for (const alias of field.aliases ?? []) rules.set(alias.toLowerCase(), field.name.toLowerCase());
  }
  if (rules.size === 0) return source;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const canon = rules.get(key.toLowerCase());
    if (canon === undefined) setOwn(result, key, source[key]);
    else if (Object.prototype.hasOwnProperty.call(source, canon)) setOwn(result, canon, source[canon]);
    else setOwn(result, canon, source[key]);
  }
  return result;
}

function parseGoInt(text: string, bits: number, unsigned: boolean): bigint | 'syntax' | 'range' {
  let s = text;
  let negative = false;
  if (s.startsWith('+') || s.startsWith('-')) {
    if (unsigned) return 'syntax';
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s.includes('_')) {
    if (!/^(0[xXbBoO]?_?)?[0-9a-zA-Z]+(_[0-9a-zA-Z]+)*$/.test(s)) return 'syntax';
    s = s.replace(/_/g, '');
  }
  let base = 10;
  let body = s;
  const lower = s.toLowerCase();
  if (lower.startsWith('0x')) [base, body] = [16, s.slice(2)];
  else if (lower.startsWith('0b')) [base, body] = [2, s.slice(2)];
  else if (lower.startsWith('0o')) [base, body] = [8, s.slice(2)];
  else if (s.length > 1 && s.startsWith('0')) [base, body] = [8, s.slice(1)];
  if (body === '') return 'syntax';
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, base);
  let value = 0n;
  for (const ch of body.toLowerCase()) {
    const d = digits.indexOf(ch);
    if (d < 0) return 'syntax';
    value = value * BigInt(base) + BigInt(d);
  }
  const max = unsigned ? (1n << BigInt(bits)) - 1n : (1n << BigInt(bits - 1)) - (negative ? 0n : 1n);
  if (value > max) return 'range';
  return negative ? -value : value;
}

const BOOL_WORDS: Record<string, boolean> = {
  '1': true, t: true, T: true, TRUE: true, true: true, True: true,
  '0': false, f: false, F: false, FALSE: false, false: false, False: false,
};

/** mapstructure decoding state: the unused keys found so far (outermost last, as mapstructure lists them). */
export class GoDecoder {
  readonly unused: string[] = [];

  /** Decodes `input` into type `t`; `name` is the path used in error texts. */
  decode(name: string, input: unknown, t: GoType): Decoded {
    if (input === null || input === undefined) return NONE;
    let data = input;
    if (Array.isArray(data) && t.k !== 'slice' && t.k !== 'bytes' && data.length === 1) {
      data = t.k === 'any' ? unSlice(data[0]) : data[0];
    }
    if (t.k === 'struct' && isObject(data)) data = translateKeys(data, t);
    if (t.k === 'time' && typeof data === 'string') {
      const parsed = parseRfc3339(data);
      if (!parsed.ok) return { errors: [`'${name}' ${parsed.message}`] };
      data = { goTime: data } satisfies GoTime;
    }
    if (t.k === 'int' && t.duration && typeof data === 'string') {
      const parsed = parseGoDuration(data);
      if (!parsed.ok) return { errors: [`'${name}' ${parsed.message}`] };
      return { value: Number(parsed.nanos), errors: [] };
    }
    if (data === null || data === undefined) return NONE;
    switch (t.k) {
      case 'string':
        return this.decodeString(name, data, t.goName);
      case 'int':
        return this.decodeInt(name, data, t);
      case 'bool':
        return this.decodeBool(name, data);
      case 'any':
        return { value: data, errors: [] };
      case 'ptr': {
        const inner = this.decode(name, data, t.elem);
        if (inner.errors.length > 0) return inner;
        return { value: inner.value === undefined ? zeroValue(t.elem) : inner.value, errors: [] };
      }
      case 'slice':
        return this.decodeSlice(name, data, t.elem);
      case 'bytes':
        // mapstructure (weakly typed) turns a string into its bytes; anything else decodes as []uint8.
        if (typeof data === 'string') return { value: [...Buffer.from(data, 'utf8')], errors: [] };
        return this.decodeSlice(name, data, uint8);
      case 'map':
        return this.decodeMap(name, data, t, null);
      case 'struct':
        if (isObject(data)) return this.decodeStructFromMap(name, data, t);
        return { errors: [`'${name}' expected a map or struct, got "${goKindOf(data)}"`] };
      case 'time':
        if (isGoTime(data)) return { value: data, errors: [] };
        if (isObject(data)) {
          const r = this.decodeStructFromMap(name, data, { k: 'struct', goName: 'Time', fields: [] });
          return r.errors.length > 0 ? r : { value: { goTime: '0001-01-01T00:00:00Z' }, errors: [] };
        }
        return { errors: [`'${name}' expected a map or struct, got "${goKindOf(data)}"`] };
    }
  }

  private unconvertible(name: string, expected: string, data: unknown): Decoded {
    return { errors: [`'${name}' expected type '${expected}', got unconvertible type '${goTypeOf(data)}'`] };
  }

  private decodeString(name: string, data: unknown, goName: string): Decoded {
    if (typeof data === 'string') return { value: data, errors: [] };
    if (typeof data === 'boolean') return { value: data ? '1' : '0', errors: [] };
    if (typeof data === 'number') return { value: goFormatFloat(data), errors: [] };
    return this.unconvertible(name, goName, data);
  }

  private decodeInt(name: string, data: unknown, t: Extract<GoType, { k: 'int' }>): Decoded {
    const wrap = (v: bigint): Decoded => ({ value: Number(BigInt.asIntN(64, v)), errors: [] });
    if (typeof data === 'number') {
      const truncated = BigInt(Math.trunc(Number.isFinite(data) ? data : 0));
      return wrap(t.unsigned ? BigInt.asUintN(t.bits, truncated) : BigInt.asIntN(64, truncated));
    }
    if (typeof data === 'boolean') return wrap(data ? 1n : 0n);
    if (typeof data === 'string') {
      const parsed = parseGoInt(data === '' ? '0' : data, t.bits, t.unsigned);
      if (typeof parsed === 'bigint') return wrap(parsed);
      const fn = t.unsigned ? 'ParseUint' : 'ParseInt';
      const why = parsed === 'syntax' ? 'invalid syntax' : 'value out of range';
      return { errors: [`'${name}' cannot parse value as '${t.goName}': strconv.${fn}: ${why}`] };
    }
    return this.unconvertible(name, t.goName, data);
  }

  private decodeBool(name: string, data: unknown): Decoded {
    if (typeof data === 'boolean') return { value: data, errors: [] };
    if (typeof data === 'number') return { value: data !== 0, errors: [] };
    if (typeof data === 'string') {
      const word = BOOL_WORDS[data];
      if (word !== undefined) return { value: word, errors: [] };
      if (data === '') return { value: false, errors: [] };
      return { errors: [`'${name}' cannot parse value as 'bool': strconv.ParseBool: invalid syntax`] };
    }
    return this.unconvertible(name, 'bool', data);
  }

  private decodeSlice(name: string, data: unknown, elem: GoType): Decoded {
    let items: unknown[];
    if (Array.isArray(data)) items = data;
    else if (isObject(data) && Object.keys(data).length === 0) return { value: [], errors: [] };
    else items = [data];
    const out: unknown[] = [];
    const errors: string[] = [];
    items.forEach((item, i) => {
      const r = this.decode(`${name}[${i}]`, item, elem);
      errors.push(...r.errors);
      out.push(r.value === undefined ? zeroValue(elem) : r.value);
    });
    return { value: out, errors };
  }

  private decodeMap(name: string, data: unknown, t: Extract<GoType, { k: 'map' }>, into: Record<string, unknown> | null): Decoded {
    if (Array.isArray(data)) {
      if (data.length === 0) return { value: into ?? {}, errors: [] };
      let target = into;
      for (let i = 0; i < data.length; i++) {
        const item = data[i];
        if (item === null || item === undefined) continue;
        const r = this.decodeMap(`${name}[${i}]`, Array.isArray(item) && item.length === 1 ? item[0] : item, t, target ?? {});
        if (r.errors.length > 0) return r;
        target = r.value as Record<string, unknown>;
      }
      return { value: target ?? {}, errors: [] };
    }
    if (!isObject(data)) return this.unconvertible(name, t.goName, data);
    const out: Record<string, unknown> = into ?? {};
    const errors: string[] = [];
    for (const key of Object.keys(data)) {
      const r = this.decode(`${name}[${key}]`, data[key], t.elem);
      if (r.errors.length > 0) {
        errors.push(...r.errors);
        continue;
      }
      setOwn(out, key, r.value === undefined ? zeroValue(t.elem) : r.value);
    }
    return { value: out, errors };
  }

  private decodeStructFromMap(name: string, data: Record<string, unknown>, t: Extract<GoType, { k: 'struct' }>): Decoded {
    const keys = Object.keys(data);
    const unused = new Set(keys);
    const out = zeroValue(t) as Record<string, unknown>;
    const errors: string[] = [];
    for (const field of structFields(t)) {
      const key = Object.prototype.hasOwnProperty.call(data, field.name)
        ? field.name
        : keys.find((k) => equalFold(k, field.name));
      if (key === undefined) continue;
      unused.delete(key);
      const r = this.decode(name === '' ? field.name : `${name}.${field.name}`, data[key], field.type);
      errors.push(...r.errors);
      if (r.value !== undefined) out[field.name] = r.value;
    }
    if (errors.length > 0) return { errors };
    for (const key of unused) this.unused.push(name === '' ? key : `${name}.${key}`);
    return { value: out, errors: [] };
  }
}
