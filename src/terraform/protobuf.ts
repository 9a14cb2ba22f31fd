// A small protobuf (proto3) wire codec: just what the tfplugin6 messages in tfplugin6.proto need.
// Field numbers live with the messages (tfplugin6/fields.ts); this file knows only the wire format.

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** One stored field value: varints as bigint, everything else as the raw bytes. */
export type ProtoValue = bigint | Buffer;

/** Appends protobuf fields; scalar defaults (0, false, '') are skipped as proto3 does, messages always written. */
export class ProtoWriter {
  private readonly parts: Buffer[] = [];

  /**
   * A varint field (int64/uint64/enum; negative values as 10-byte two's complement), skipped when 0 unless
   * `always` (oneof members must be written even when they hold the default).
   */
  uint(field: number, value: number | bigint, always = false): this {
    const big = BigInt(value);
    if (big === 0n && !always) return this;
    this.tag(field, VARINT);
    this.parts.push(encodeVarint(big < 0n ? big + (1n << 64n) : big));
    return this;
  }

  /** A bool field (skipped when false). */
  bool(field: number, value: boolean | undefined): this {
    return value === true ? this.uint(field, 1) : this;
  }

  /** A string field (skipped when empty). */
  string(field: number, value: string | undefined): this {
    if (value === undefined || value === '') return this;
    return this.bytes(field, Buffer.from(value, 'utf8'));
  }

  /** A bytes field, skipped when empty unless `always`. */
  bytes(field: number, value: Uint8Array | undefined, always = false): this {
    if (value === undefined || (value.length === 0 && !always)) return this;
    this.tag(field, LENGTH_DELIMITED);
    this.parts.push(encodeVarint(BigInt(value.length)), Buffer.from(value));
    return this;
  }

  /** An embedded message field, written even when empty (presence matters for messages). */
  message(field: number, value: ProtoWriter | Buffer): this {
    const bytes = value instanceof ProtoWriter ? value.finish() : value;
    this.tag(field, LENGTH_DELIMITED);
    this.parts.push(encodeVarint(BigInt(bytes.length)), bytes);
    return this;
  }

  /** The encoded message. */
  finish(): Buffer {
    return Buffer.concat(this.parts);
  }

  private tag(field: number, wireType: number): void {
    this.parts.push(encodeVarint(BigInt(field) * 8n + BigInt(wireType)));
  }
}

/** A decoded message: field number → values in wire order; accessors interpret them by the expected type. */
export class ProtoMessage {
  private constructor(private readonly fields: ReadonlyMap<number, readonly ProtoValue[]>) {}

  /** Parses `bytes`; throws on truncated or malformed input. */
  static decode(bytes: Buffer): ProtoMessage {
    const fields = new Map<number, ProtoValue[]>();
    let offset = 0;
    while (offset < bytes.length) {
      const [key, afterKey] = decodeVarint(bytes, offset);
      const field = Number(key >> 3n);
      const wireType = Number(key & 7n);
      let value: ProtoValue;
      switch (wireType) {
        case VARINT: [value, offset] = decodeVarint(bytes, afterKey); break;
        case FIXED64: value = slice(bytes, afterKey, 8); offset = afterKey + 8; break;
        case FIXED32: value = slice(bytes, afterKey, 4); offset = afterKey + 4; break;
        case LENGTH_DELIMITED: {
          const [length, start] = decodeVarint(bytes, afterKey);
          value = slice(bytes, start, Number(length));
          offset = start + Number(length);
          break;
        }
        default: throw new Error(`protobuf: unsupported wire type ${wireType} for field ${field}`);
      }
      if (field === 0) throw new Error('protobuf: field number 0');
      const list = fields.get(field);
      if (list === undefined) fields.set(field, [value]);
      else list.push(value);
    }
    return new ProtoMessage(fields);
  }

  /** True when the field is present at least once. */
  has(field: number): boolean {
    return this.fields.has(field);
  }

  /** The last varint of the field (0 when absent). */
  uint(field: number): bigint {
    const value = this.last(field);
    if (value === undefined) return 0n;
    if (typeof value !== 'bigint') throw new Error(`protobuf: field ${field} is not a varint`);
    return value;
  }

  /** The field as a bool. */
  bool(field: number): boolean {
    return this.uint(field) !== 0n;
  }

  /** The last bytes value of the field, or undefined. */
  bytes(field: number): Buffer | undefined {
    const value = this.last(field);
    if (value === undefined) return undefined;
    if (typeof value === 'bigint') throw new Error(`protobuf: field ${field} is not length-delimited`);
    return value;
  }

  /** The field as a UTF-8 string ('' when absent). */
  string(field: number): string {
    return this.bytes(field)?.toString('utf8') ?? '';
  }

  /** Every value of a repeated string field. */
  strings(field: number): string[] {
    return this.all(field).map((value) => (typeof value === 'bigint' ? String(value) : value.toString('utf8')));
  }

  /** The embedded message in the field, or undefined when absent. */
  message(field: number): ProtoMessage | undefined {
    const bytes = this.bytes(field);
    return bytes === undefined ? undefined : ProtoMessage.decode(bytes);
  }

  /** Every embedded message of a repeated field. */
  messages(field: number): ProtoMessage[] {
    return this.all(field).map((value) => {
      if (typeof value === 'bigint') throw new Error(`protobuf: field ${field} is not a message`);
      return ProtoMessage.decode(value);
    });
  }

  private all(field: number): readonly ProtoValue[] {
    return this.fields.get(field) ?? [];
  }

  private last(field: number): ProtoValue | undefined {
    const list = this.fields.get(field);
    return list === undefined ? undefined : list[list.length - 1];
  }
}

/** Base-128 varint of a non-negative bigint. */
export function encodeVarint(value: bigint): Buffer {
  const out: number[] = [];
  let rest = value;
  do {
    const byte = Number(rest & 0x7fn);
    rest >>= 7n;
    out.push(rest === 0n ? byte : byte | 0x80);
  } while (rest !== 0n);
  return Buffer.from(out);
}

/** Reads a varint at `offset`: [value, offset after it]. */
export function decodeVarint(bytes: Buffer, offset: number): [bigint, number] {
  let value = 0n;
  let shift = 0n;
  for (let at = offset; at < bytes.length && shift < 70n; at += 1) {
    const byte = bytes[at] ?? 0;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [value & 0xffffffffffffffffn, at + 1];
    shift += 7n;
  }
  throw new Error('protobuf: truncated varint');
}

function slice(bytes: Buffer, start: number, length: number): Buffer {
  if (start + length > bytes.length) throw new Error('protobuf: truncated field');
  return bytes.subarray(start, start + length);
}
