// The `Hash` Consul stores with a config entry: mitchellh/hashstructure (v1) over the Go struct, with
// 64-bit FNV-1. Structs hash their type name XOR (field name, field value) pairs, slices fold in order,
// maps XOR their (key, value) pairs, nil pointers and nil interfaces hash like int64(0).
import type { GoField, GoType } from './schema';

const PRIME = 0x100000001b3n;
const OFFSET = 14695981039346656037n;
const MASK = (1n << 64n) - 1n;

function fnv1(bytes: Uint8Array): bigint {
  let h = OFFSET;
  for (const b of bytes) {
    h = (h * PRIME) & MASK;
    h ^= BigInt(b);
  }
  return h;
}

function littleEndian(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let v = BigInt.asUintN(size * 8, value);
  for (let i = 0; i < size; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function hashString(s: string): bigint {
  return fnv1(Buffer.from(s, 'utf8'));
}

function hashInt(value: bigint, size: number): bigint {
  return fnv1(littleEndian(value, size));
}

function hashFloat(value: number): bigint {
  const buf = Buffer.alloc(8);
  buf.writeDoubleLE(value);
  return fnv1(buf);
}

function ordered(a: bigint, b: bigint): bigint {
  const bytes = new Uint8Array(16);
  bytes.set(littleEndian(a, 8), 0);
  bytes.set(littleEndian(b, 8), 8);
  return fnv1(bytes);
}

const NIL = hashInt(0n, 8);

function hashDynamic(value: unknown): bigint {
  if (value === null || value === undefined) return NIL;
  if (typeof value === 'string') return hashString(value);
  if (typeof value === 'number') return hashFloat(value);
  if (typeof value === 'boolean') return hashInt(value ? 1n : 0n, 1);
  if (Array.isArray(value)) return value.reduce<bigint>((h, item) => ordered(h, hashDynamic(item)), 0n);
  const obj = value as Record<string, unknown>;
  return Object.keys(obj).reduce<bigint>((h, k) => h ^ ordered(hashString(k), hashDynamic(obj[k])), 0n);
}

function hashFields(goName: string, fields: readonly GoField[], value: Record<string, unknown>): bigint {
  let h = hashString(goName);
  for (const field of fields) {
    if (field.hashIgnore) continue;
    const fieldValue = field.squash ? {} : value[field.name];
    h ^= ordered(hashString(field.name), hashValue(fieldValue, field.type));
  }
  return h;
}

/** hashstructure's hash of a Go value of type `t` (values as produced by the decoder). */
export function hashValue(value: unknown, t: GoType): bigint {
  switch (t.k) {
    case 'string':
      return hashString(typeof value === 'string' ? value : '');
    case 'int':
      return hashInt(BigInt(typeof value === 'number' ? Math.trunc(value) : 0), t.bits / 8);
    case 'bool':
      return hashInt(value === true ? 1n : 0n, 1);
    case 'any':
      return hashDynamic(value);
    case 'ptr':
      return value === null || value === undefined ? NIL : hashValue(value, t.elem);
    case 'slice':
      if (!Array.isArray(value)) return 0n;
      return value.reduce<bigint>((h, item) => ordered(h, hashValue(item, t.elem)), 0n);
    case 'map': {
      if (value === null || typeof value !== 'object') return 0n;
      const obj = value as Record<string, unknown>;
      return Object.keys(obj).reduce<bigint>((h, k) => h ^ ordered(hashString(k), hashValue(obj[k], t.elem)), 0n);
    }
    case 'bytes':
      // A []byte is a slice of uint8: each byte hashed alone, folded in order.
      if (!Array.isArray(value)) return 0n;
      return (value as number[]).reduce<bigint>((h, b) => ordered(h, hashInt(BigInt(b), 1)), 0n);
    case 'struct':
      return hashFields(t.goName, t.fields, (value ?? {}) as Record<string, unknown>);
    case 'time':
      // time.Time has only unexported fields: only its type name counts.
      return hashString('Time');
  }
}
