// A small .proto (proto3) reader for tests: messages, nested messages, fields (repeated/optional), oneofs, map fields
// (as protoc's synthetic `<Field>Entry` messages), enums; services, options and reserved ranges are skipped. With it,
// tests encode and decode messages by the .proto's own names and numbers, independently of src/terraform/tfplugin6.
import * as fs from 'node:fs';
import { decodeVarint, ProtoWriter } from '../../../src/terraform/protobuf';

/** One declared field. `type` is as written (scalar name, or a message/enum name relative to the declaring message). */
export interface ProtoFieldDecl {
  readonly name: string;
  readonly number: number;
  readonly type: string;
  readonly repeated: boolean;
  readonly map: boolean;
  readonly oneof?: string;
}

/** The messages (by dotted name without the package: `PlanResourceChange.Request`) and enums of one or more files. */
export interface ProtoSchema {
  readonly messages: Map<string, ProtoFieldDecl[]>;
  readonly enums: Map<string, Map<string, number>>;
}

/** A field's type resolved: a scalar, or the full name of an enum or message. */
export type ResolvedType = { readonly kind: 'scalar' | 'enum' | 'message'; readonly name: string };

const VARINT_SCALARS = new Set(['bool', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64']);
const SCALARS = new Set([...VARINT_SCALARS, 'string', 'bytes', 'double', 'float', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64']);
const TOKEN = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|("(?:[^"\\]|\\.)*")|([A-Za-z_][\w.]*|-?\d+|[{}[\]();=<>,])/g;

/** snake_case → camelCase, with a lower-case first letter (`Error` → `error`). */
export const camelCase = (name: string): string =>
  name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase()).replace(/^[A-Z]/, (letter) => letter.toLowerCase());

const pascalCase = (name: string): string => camelCase(name).replace(/^[a-z]/, (letter) => letter.toUpperCase());

/** Parses the .proto files into one schema (their message names must not collide). */
export function loadProtos(files: readonly string[]): ProtoSchema {
  const schema: ProtoSchema = { messages: new Map(), enums: new Map() };
  for (const file of files) parseProto(fs.readFileSync(file, 'utf8'), schema);
  return schema;
}

/** Parses one .proto text into `into`. */
export function parseProto(text: string, into: ProtoSchema = { messages: new Map(), enums: new Map() }): ProtoSchema {
  const tokens = [...text.matchAll(TOKEN)].map((match) => match[1] ?? match[2]).filter((token): token is string => token !== undefined);
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const next = (): string => {
    const token = tokens[at++];
    if (token === undefined) throw new Error('.proto: unexpected end');
    return token;
  };
  const expect = (wanted: string): void => {
    const got = next();
    if (got !== wanted) throw new Error(`.proto: expected ${wanted}, got ${got} (token ${at})`);
  };
  const skipStatement = (): void => {
    while (next() !== ';');
  };
  const skipBlock = (): void => {
    expect('{');
    for (let depth = 1; depth > 0;) {
      const token = next();
      if (token === '{') depth += 1;
      else if (token === '}') depth -= 1;
    }
  };
  const join = (scope: string, name: string): string => (scope === '' ? name : `${scope}.${name}`);
  const parseEnum = (scope: string): void => {
    const name = join(scope, next());
    const values = new Map<string, number>();
    expect('{');
    while (peek() !== '}') {
      if (peek() === 'option' || peek() === 'reserved') {
        skipStatement();
        continue;
      }
      const value = next();
      expect('=');
      values.set(value, Number(next()));
      skipStatement();
    }
    expect('}');
    into.enums.set(name, values);
  };
  const parseField = (scope: string, fields: ProtoFieldDecl[], oneof?: string): void => {
    let repeated = false;
    if (peek() === 'repeated' || peek() === 'optional') repeated = next() === 'repeated';
    let type = next();
    const map = type === 'map';
    let key = '';
    if (map) {
      expect('<');
      key = next();
      expect(',');
      type = next();
      expect('>');
    }
    const name = next();
    expect('=');
    const number = Number(next());
    skipStatement(); // `;` or `[deprecated = true];`
    if (map) {
      const entry = join(scope, `${pascalCase(name)}Entry`);
      into.messages.set(entry, [
        { name: 'key', number: 1, type: key, repeated: false, map: false },
        { name: 'value', number: 2, type, repeated: false, map: false },
      ]);
      fields.push({ name, number, type: `${pascalCase(name)}Entry`, repeated: true, map: true });
    } else {
      fields.push({ name, number, type, repeated, map: false, ...(oneof === undefined ? {} : { oneof }) });
    }
  };
  const parseMessage = (scope: string): void => {
    const name = join(scope, next());
    const fields: ProtoFieldDecl[] = [];
    into.messages.set(name, fields);
    expect('{');
    while (peek() !== '}') {
      const token = peek();
      if (token === 'message') {
        next();
        parseMessage(name);
      } else if (token === 'enum') {
        next();
        parseEnum(name);
      } else if (token === 'oneof') {
        next();
        const oneof = next();
        expect('{');
        while (peek() !== '}') parseField(name, fields, oneof);
        expect('}');
      } else if (token === 'option' || token === 'reserved' || token === 'extensions') {
        skipStatement();
      } else {
        parseField(name, fields);
      }
    }
    expect('}');
  };
  while (at < tokens.length) {
    const token = next();
    if (token === 'syntax' || token === 'import' || token === 'option' || token === 'package') skipStatement();
    else if (token === 'message') parseMessage('');
    else if (token === 'enum') parseEnum('');
    else if (token === 'service') {
      next();
      skipBlock();
    } else throw new Error(`.proto: unexpected ${token}`);
  }
  return into;
}

/** Resolves a field type as protoc does: the innermost enclosing scope that declares the name wins. */
export function resolveType(schema: ProtoSchema, scope: string, type: string): ResolvedType {
  if (SCALARS.has(type)) return { kind: 'scalar', name: type };
  const parts = scope.split('.');
  for (let depth = parts.length; depth >= 0; depth -= 1) {
    const name = [...parts.slice(0, depth), type].join('.');
    if (schema.messages.has(name)) return { kind: 'message', name };
    if (schema.enums.has(name)) return { kind: 'enum', name };
  }
  throw new Error(`.proto: unknown type ${type} in ${scope}`);
}

/** The wire type a declared type travels as: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
export function wireTypeOf(resolved: ResolvedType): number {
  if (resolved.kind === 'enum' || VARINT_SCALARS.has(resolved.name)) return 0;
  if (resolved.kind === 'message' || resolved.name === 'string' || resolved.name === 'bytes') return 2;
  return ['fixed64', 'sfixed64', 'double'].includes(resolved.name) ? 1 : 5;
}

function rawFields(bytes: Buffer): { number: number; wireType: number; value: bigint | Buffer }[] {
  const out: { number: number; wireType: number; value: bigint | Buffer }[] = [];
  for (let offset = 0; offset < bytes.length;) {
    const [key, afterKey] = decodeVarint(bytes, offset);
    const wireType = Number(key & 7n);
    let value: bigint | Buffer;
    if (wireType === 0) [value, offset] = decodeVarint(bytes, afterKey);
    else if (wireType === 2) {
      const [length, start] = decodeVarint(bytes, afterKey);
      value = bytes.subarray(start, start + Number(length));
      offset = start + Number(length);
    } else throw new Error(`wire type ${wireType} is not used by tfplugin6 messages`);
    out.push({ number: Number(key >> 3n), wireType, value });
  }
  return out;
}

/**
 * Decodes `bytes` as the message `name` by the .proto alone: snake_case keys, enums by value name, maps as objects.
 * Throws on a field number the message does not declare, or on a wire type that does not fit the declared type.
 */
export function protoDecode(schema: ProtoSchema, name: string, bytes: Buffer): Record<string, unknown> {
  const fields = schema.messages.get(name);
  if (fields === undefined) throw new Error(`.proto has no message ${name}`);
  const out: Record<string, unknown> = {};
  for (const raw of rawFields(bytes)) {
    const field = fields.find((candidate) => candidate.number === raw.number);
    if (field === undefined) throw new Error(`${name} declares no field ${raw.number}`);
    const type = resolveType(schema, name, field.type);
    if (raw.wireType !== wireTypeOf(type)) throw new Error(`${name}.${field.name} (${field.type}) arrived with wire type ${raw.wireType}`);
    let value: unknown;
    if (typeof raw.value === 'bigint') {
      const number = Number(BigInt.asIntN(64, raw.value));
      value = type.name === 'bool' ? raw.value !== 0n
        : type.kind === 'enum' ? ([...(schema.enums.get(type.name) ?? [])].find(([, n]) => n === number)?.[0] ?? number) : number;
    } else {
      value = type.kind === 'message' ? protoDecode(schema, type.name, raw.value) : type.name === 'string' ? raw.value.toString('utf8') : Buffer.from(raw.value);
    }
    if (field.map) {
      const entry = value as { key?: string; value?: unknown };
      const map = (out[field.name] ??= {}) as Record<string, unknown>;
      map[entry.key ?? ''] = entry.value;
    } else if (field.repeated) {
      ((out[field.name] ??= []) as unknown[]).push(value);
    } else {
      out[field.name] = value;
    }
  }
  return out;
}

/** Encodes `value` (snake_case keys, enums by value name, maps as objects) as the message `name` by the .proto alone. */
export function protoEncode(schema: ProtoSchema, name: string, value: Record<string, unknown>): Buffer {
  const fields = schema.messages.get(name);
  if (fields === undefined) throw new Error(`.proto has no message ${name}`);
  const out = new ProtoWriter();
  for (const [key, given] of Object.entries(value)) {
    const field = fields.find((candidate) => candidate.name === key);
    if (field === undefined) throw new Error(`${name} declares no field ${key}`);
    const type = resolveType(schema, name, field.type);
    const items: unknown[] = field.map ? Object.entries(given as object).map(([k, v]) => ({ key: k, value: v }))
      : field.repeated ? (given as unknown[]) : [given];
    for (const item of items) {
      if (type.kind === 'message') out.message(field.number, protoEncode(schema, type.name, item as Record<string, unknown>));
      else if (type.kind === 'enum') out.uint(field.number, schema.enums.get(type.name)?.get(String(item)) ?? Number(item), true);
      else if (type.name === 'string') out.bytes(field.number, Buffer.from(String(item), 'utf8'), true);
      else if (type.name === 'bytes') out.bytes(field.number, item as Buffer, true);
      else out.uint(field.number, typeof item === 'boolean' ? Number(item) : BigInt(item as number), true);
    }
  }
  return out.finish();
}
