// A small description of the Go types Consul decodes config entries into. One description drives
// decoding (mapstructure rules), hashing (hashstructure rules) and JSON rendering (encoding/json rules),
// so the three always agree on field names, order and types.

/** A Go type as far as decoding, hashing and rendering need to know it. */
export type GoType =
  | { readonly k: 'string'; readonly goName: string }
  | { readonly k: 'int'; readonly goName: string; readonly bits: 8 | 32 | 64; readonly unsigned: boolean; readonly duration?: true }
  | { readonly k: 'bytes' }
  | { readonly k: 'bool' }
  | { readonly k: 'slice'; readonly elem: GoType }
  | { readonly k: 'map'; readonly elem: GoType; readonly goName: string }
  | { readonly k: 'ptr'; readonly elem: GoType }
  | { readonly k: 'struct'; readonly goName: string; readonly fields: readonly GoField[] }
  | { readonly k: 'any' }
  | { readonly k: 'time' };

/** How a struct field takes part in JSON output. */
export type JsonMode = 'always' | 'omitempty' | 'skip' | 'inline';

/** One field of a Go struct, in declaration order. */
export interface GoField {
  readonly name: string;
  readonly type: GoType;
  /** `alias:"…"` tag values (snake_case spellings accepted on input). */
  readonly aliases?: readonly string[];
  readonly json: JsonMode;
  /** `hash:"ignore"`. */
  readonly hashIgnore?: boolean;
  /** An embedded struct decoded with `mapstructure:",squash"` (its fields read from the same map). */
  readonly squash?: boolean;
  /** Kept out of the stored entry (Hash, RaftIndex, EnterpriseMeta): rebuilt when needed. */
  readonly notStored?: boolean;
}

/** Go `string` or a named string type such as `structs.IntentionAction`. */
export const str = (goName = 'string'): GoType => ({ k: 'string', goName });
/** Go `int`. */
export const int: GoType = { k: 'int', goName: 'int', bits: 64, unsigned: false };
/** Go `uint64`. */
export const uint64: GoType = { k: 'int', goName: 'uint64', bits: 64, unsigned: true };
/** Go `uint32`. */
export const uint32: GoType = { k: 'int', goName: 'uint32', bits: 32, unsigned: true };
/** Go `uint8` (the elements of a `[]byte`). */
export const uint8: GoType = { k: 'int', goName: 'uint8', bits: 8, unsigned: true };
/** Go `time.Duration` (an int64 of nanoseconds; strings are parsed with time.ParseDuration). */
export const duration: GoType = { k: 'int', goName: 'time.Duration', bits: 64, unsigned: false, duration: true };
/** Go `[]byte` (strings decode to their UTF-8 bytes; JSON prints base64). */
export const bytes: GoType = { k: 'bytes' };
/** Go `bool`. */
export const bool: GoType = { k: 'bool' };
/** Go `interface{}`. */
export const anyValue: GoType = { k: 'any' };
/** Go `time.Time`. */
export const time: GoType = { k: 'time' };
/** Go `[]T`. */
export const slice = (elem: GoType): GoType => ({ k: 'slice', elem });
/** Go `*T`. */
export const ptr = (elem: GoType): GoType => ({ k: 'ptr', elem });
/** Go `map[string]string`. */
export const stringMap: GoType = { k: 'map', elem: str(), goName: 'map[string]string' };
/** Go `map[string]interface{}`. */
export const anyMap: GoType = { k: 'map', elem: anyValue, goName: 'map[string]interface {}' };
/** A Go struct type. */
export type GoStructType = Extract<GoType, { k: 'struct' }>;
/** A Go struct type (goName unqualified, as hashstructure sees it). */
export const struct = (goName: string, fields: readonly GoField[]): GoStructType => ({ k: 'struct', goName, fields });

/** Field helper: `f('Peer', str(), 'omitempty', { aliases: ['peer_name'] })`. */
export function f(name: string, type: GoType, json: JsonMode = 'always', extra: Partial<GoField> = {}): GoField {
  return { name, type, json, ...extra };
}

/** The CE `acl.EnterpriseMeta` (an empty struct, squashed on decode, hashed by its type name). */
export const enterpriseMeta: GoField = f('EnterpriseMeta', struct('EnterpriseMeta', []), 'inline', {
  squash: true,
  notStored: true,
});

/** The `Hash uint64 json:",omitempty" hash:"ignore"` field of config entries. */
export const hashField: GoField = f('Hash', uint64, 'omitempty', { hashIgnore: true, notStored: true });

/** The embedded `RaftIndex` (decodable as a key named RaftIndex, printed inline as CreateIndex/ModifyIndex). */
export const raftIndexField: GoField = f(
  'RaftIndex',
  struct('RaftIndex', [f('CreateIndex', uint64), f('ModifyIndex', uint64)]),
  'inline',
  { hashIgnore: true, notStored: true },
);

/** A Go value that is the zero value of `t` (nil for slices, maps, pointers and interfaces). */
export function zeroValue(t: GoType): unknown {
  switch (t.k) {
    case 'string':
      return '';
    case 'int':
      return 0;
    case 'bool':
      return false;
    case 'struct': {
      const out: Record<string, unknown> = {};
      for (const field of t.fields) if (!field.squash) out[field.name] = zeroValue(field.type);
      return out;
    }
    default:
      return null;
  }
}

/** Marker for a decoded `time.Time` value. */
export interface GoTime {
  readonly goTime: string;
}
