// A small MessagePack codec for Terraform's DynamicValue: every format cty can produce, extensions kept as raw
// bytes (cty's unknown values are extension types 0 and 12). Type-driven conversion lives in cty.ts.

/** A MessagePack extension value (cty: type 0 = unknown, type 12 = refined unknown). */
export class MsgpackExtension {
  constructor(readonly type: number, readonly data: Buffer) {}
}

/** A decoded MessagePack map: string keys (other key types are turned into strings). */
export type MsgpackMap = { [key: string]: MsgpackValue };

/** Every value {@link decodeMsgpack} returns and {@link encodeMsgpack} accepts. */
export type MsgpackValue =
  | null | boolean | number | bigint | string | Buffer | MsgpackExtension | MsgpackValue[] | MsgpackMap;

/** Decodes exactly one MessagePack value; throws on trailing bytes or truncation. */
export function decodeMsgpack(bytes: Buffer): MsgpackValue {
  const reader = new Reader(bytes);
  const value = reader.value();
  if (reader.offset !== bytes.length) throw new Error(`msgpack: ${bytes.length - reader.offset} trailing bytes`);
  return value;
}

class Reader {
  offset = 0;

  constructor(private readonly bytes: Buffer) {}

  value(): MsgpackValue {
    const code = this.u8();
    if (code <= 0x7f) return code;
    if (code >= 0xe0) return code - 0x100;
    if (code >= 0x80 && code <= 0x8f) return this.map(code & 0x0f);
    if (code >= 0x90 && code <= 0x9f) return this.array(code & 0x0f);
    if (code >= 0xa0 && code <= 0xbf) return this.str(code & 0x1f);
    switch (code) {
      case 0xc0: return null;
      case 0xc2: return false;
      case 0xc3: return true;
      case 0xc4: return Buffer.from(this.take(this.u8()));
      case 0xc5: return Buffer.from(this.take(this.uint(2)));
      case 0xc6: return Buffer.from(this.take(this.uint(4)));
      case 0xc7: return this.ext(this.u8());
      case 0xc8: return this.ext(this.uint(2));
      case 0xc9: return this.ext(this.uint(4));
      case 0xca: return this.take(4).readFloatBE(0);
      case 0xcb: return this.take(8).readDoubleBE(0);
      case 0xcc: return this.u8();
      case 0xcd: return this.uint(2);
      case 0xce: return this.uint(4);
      case 0xcf: return safe(this.take(8).readBigUInt64BE(0));
      case 0xd0: return this.take(1).readInt8(0);
      case 0xd1: return this.take(2).readInt16BE(0);
      case 0xd2: return this.take(4).readInt32BE(0);
      case 0xd3: return safe(this.take(8).readBigInt64BE(0));
      case 0xd4: return this.ext(1);
      case 0xd5: return this.ext(2);
      case 0xd6: return this.ext(4);
      case 0xd7: return this.ext(8);
      case 0xd8: return this.ext(16);
      case 0xd9: return this.str(this.u8());
      case 0xda: return this.str(this.uint(2));
      case 0xdb: return this.str(this.uint(4));
      case 0xdc: return this.array(this.uint(2));
      case 0xdd: return this.array(this.uint(4));
      case 0xde: return this.map(this.uint(2));
      case 0xdf: return this.map(this.uint(4));
      default: throw new Error(`msgpack: unsupported format byte 0x${code.toString(16)} at ${this.offset - 1}`);
    }
  }

  private array(length: number): MsgpackValue[] {
    const out: MsgpackValue[] = [];
    for (let i = 0; i < length; i += 1) out.push(this.value());
    return out;
  }

  private map(length: number): MsgpackMap {
    const out: MsgpackMap = {};
    for (let i = 0; i < length; i += 1) {
      const key = this.value();
      const name = typeof key === 'string' ? key : String(key);
      Object.defineProperty(out, name, { value: this.value(), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  private ext(length: number): MsgpackExtension {
    const type = this.take(1).readInt8(0);
    return new MsgpackExtension(type, Buffer.from(this.take(length)));
  }

  private str(length: number): string {
    return this.take(length).toString('utf8');
  }

  private u8(): number {
    return this.take(1)[0] ?? 0;
  }

  private uint(size: 2 | 4): number {
    const chunk = this.take(size);
    return size === 2 ? chunk.readUInt16BE(0) : chunk.readUInt32BE(0);
  }

  private take(length: number): Buffer {
    if (this.offset + length > this.bytes.length) throw new Error('msgpack: truncated input');
    const chunk = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return chunk;
  }
}

function safe(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** Encodes a value; plain objects become maps in their key order, integers the shortest int form. */
export function encodeMsgpack(value: MsgpackValue | undefined): Buffer {
  const parts: Buffer[] = [];
  write(parts, value);
  return Buffer.concat(parts);
}

function head(code: number, size: 0 | 1 | 2 | 4, length: number): Buffer {
  const out = Buffer.alloc(1 + size);
  out[0] = code;
  if (size === 1) out.writeUInt8(length, 1);
  if (size === 2) out.writeUInt16BE(length, 1);
  if (size === 4) out.writeUInt32BE(length, 1);
  return out;
}

/** Header of a str/bin/array/map/ext: the fix form when it fits, else the 8/16/32-bit length forms. */
function sized(parts: Buffer[], length: number, fix: { code: number; max: number } | undefined, codes: readonly number[]): void {
  if (fix !== undefined && length <= fix.max) parts.push(Buffer.from([fix.code | length]));
  else if (codes.length === 3 && length <= 0xff) parts.push(head(codes[0] ?? 0, 1, length));
  else if (length <= 0xffff) parts.push(head(codes[codes.length - 2] ?? 0, 2, length));
  else parts.push(head(codes[codes.length - 1] ?? 0, 4, length));
}

function write(parts: Buffer[], value: MsgpackValue | undefined): void {
  if (value === null || value === undefined) parts.push(Buffer.from([0xc0]));
  else if (typeof value === 'boolean') parts.push(Buffer.from([value ? 0xc3 : 0xc2]));
  else if (typeof value === 'number') writeNumber(parts, value);
  else if (typeof value === 'bigint') writeBigInt(parts, value);
  else if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    sized(parts, bytes.length, { code: 0xa0, max: 31 }, [0xd9, 0xda, 0xdb]);
    parts.push(bytes);
  } else if (Buffer.isBuffer(value)) {
    sized(parts, value.length, undefined, [0xc4, 0xc5, 0xc6]);
    parts.push(value);
  } else if (value instanceof MsgpackExtension) {
    const fixed = [1, 2, 4, 8, 16].indexOf(value.data.length);
    if (fixed >= 0) parts.push(Buffer.from([0xd4 + fixed]));
    else sized(parts, value.data.length, undefined, [0xc7, 0xc8, 0xc9]);
    parts.push(Buffer.from([value.type & 0xff]), value.data);
  } else if (Array.isArray(value)) {
    sized(parts, value.length, { code: 0x90, max: 15 }, [0xdc, 0xdd]);
    for (const item of value) write(parts, item);
  } else {
    const entries = Object.entries(value);
    sized(parts, entries.length, { code: 0x80, max: 15 }, [0xde, 0xdf]);
    for (const [key, item] of entries) {
      write(parts, key);
      write(parts, item);
    }
  }
}

function writeNumber(parts: Buffer[], value: number): void {
  if (!Number.isSafeInteger(value)) {
    const out = Buffer.alloc(9);
    out[0] = 0xcb;
    out.writeDoubleBE(value, 1);
    parts.push(out);
  } else if (value >= 0 && value <= 0x7f) parts.push(Buffer.from([value]));
  else if (value < 0 && value >= -32) parts.push(Buffer.from([value + 0x100]));
  else writeBigInt(parts, BigInt(value));
}

function writeBigInt(parts: Buffer[], value: bigint): void {
  if (value >= 0n && value <= 0xffn) parts.push(Buffer.from([0xcc, Number(value)]));
  else if (value >= 0n && value <= 0xffffn) parts.push(head(0xcd, 2, Number(value)));
  else if (value >= 0n && value <= 0xffffffffn) parts.push(head(0xce, 4, Number(value)));
  else if (value > 0n) {
    const out = Buffer.alloc(9);
    out[0] = 0xcf;
    out.writeBigUInt64BE(value, 1);
    parts.push(out);
  } else if (value >= -0x80n) parts.push(Buffer.from([0xd0, Number(value) & 0xff]));
  else if (value >= -0x8000n) {
    const out = Buffer.alloc(3);
    out[0] = 0xd1;
    out.writeInt16BE(Number(value), 1);
    parts.push(out);
  } else if (value >= -0x80000000n) {
    const out = Buffer.alloc(5);
    out[0] = 0xd2;
    out.writeInt32BE(Number(value), 1);
    parts.push(out);
  } else {
    const out = Buffer.alloc(9);
    out[0] = 0xd3;
    out.writeBigInt64BE(value, 1);
    parts.push(out);
  }
}
