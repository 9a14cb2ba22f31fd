import { decodeMsgpack, encodeMsgpack, MsgpackExtension, type MsgpackValue } from '../../src/terraform/msgpack';
import { decodeVarint, encodeVarint, ProtoMessage, ProtoWriter } from '../../src/terraform/protobuf';

const hex = (bytes: Buffer): string => bytes.toString('hex');

describe('msgpack codec', () => {
  const roundTrips: [string, MsgpackValue][] = [
    ['nil', null], ['true', true], ['false', false],
    ['positive fixint', 127], ['uint8', 255], ['uint16', 65535], ['uint32', 4294967295], ['uint64 (safe)', 2 ** 53 - 1],
    ['negative fixint', -32], ['int8', -128], ['int16', -32768], ['int32', -2147483648], ['int64 (safe)', -(2 ** 53 - 1)],
    ['float64', 1.5], ['negative float', -0.25], ['big uint64 as bigint', 2n ** 63n], ['big int64 as bigint', -(2n ** 62n)],
    ['empty string', ''], ['fixstr 31', 'x'.repeat(31)], ['str8', 'y'.repeat(32)], ['str16', 'z'.repeat(256)], ['str32', 'w'.repeat(65536)],
    ['utf-8', 'peering ✓ 東京'], ['bin', Buffer.from([0, 1, 2, 255])],
    ['fixarray 15', Array.from({ length: 15 }, (_, i) => i)], ['array16', Array.from({ length: 16 }, (_, i) => `s${i}`)],
    ['fixmap 15', Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`k${i}`, i]))],
    ['map16', Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, null]))],
    ['nested objects, lists, maps and null', { services: [{ name: 'web', namespace: null, consumers: [{ peer: 'dc2', partition: null }] }], meta: { a: 'b' } }],
    ['ext 0 (unknown)', new MsgpackExtension(0, Buffer.from([0]))],
    ['ext 12 with a 3-byte payload', new MsgpackExtension(12, Buffer.from([0x81, 0x01, 0xc3]))],
    ['ext8 with 5 bytes', new MsgpackExtension(12, Buffer.from([1, 2, 3, 4, 5]))],
  ];
  it.each(roundTrips)('round-trips %s', (_name, value) => {
    expect(decodeMsgpack(encodeMsgpack(value))).toEqual(value);
  });

  it('writes the shortest forms cty writes (fixint, fixstr, d4 00 00 for an unknown, c0 for null)', () => {
    expect(hex(encodeMsgpack(5))).toBe('05');
    expect(hex(encodeMsgpack(-1))).toBe('ff');
    expect(hex(encodeMsgpack(200))).toBe('ccc8');
    expect(hex(encodeMsgpack('ab'))).toBe('a26162');
    expect(hex(encodeMsgpack(new MsgpackExtension(0, Buffer.from([0]))))).toBe('d40000');
    expect(hex(encodeMsgpack(null))).toBe('c0');
    expect(hex(encodeMsgpack({ a: [true] }))).toBe('81a16191c3');
  });

  it('decodes a refined unknown (ext 12) as Terraform sends it for "beta-${…}": payload {1: false, 2: "beta-"}', () => {
    const payload = Buffer.from('8201c202a562657461 2d'.replace(/ /g, ''), 'hex');
    const bytes = Buffer.concat([Buffer.from([0xc7, payload.length, 12]), payload]);
    const value = decodeMsgpack(bytes);
    expect(value).toBeInstanceOf(MsgpackExtension);
    expect((value as MsgpackExtension).type).toBe(12);
    expect(decodeMsgpack((value as MsgpackExtension).data)).toEqual({ 1: false, 2: 'beta-' });
  });

  it('decodes float32 and rejects truncated input and trailing bytes', () => {
    expect(decodeMsgpack(Buffer.from('ca3fc00000', 'hex'))).toBe(1.5);
    expect(() => decodeMsgpack(Buffer.from('a561', 'hex'))).toThrow(/truncated/);
    expect(() => decodeMsgpack(Buffer.from('c0c0', 'hex'))).toThrow(/trailing/);
    expect(() => decodeMsgpack(Buffer.from('c1', 'hex'))).toThrow(/unsupported/);
  });

  it('keeps a "__proto__" map key as data', () => {
    const decoded = decodeMsgpack(Buffer.from('81a95f5f70726f746f5f5fa178', 'hex')) as Record<string, unknown>;
    expect(Object.keys(decoded)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
  });
});

describe('protobuf codec', () => {
  it.each([0n, 1n, 127n, 128n, 300n, 2n ** 32n, 2n ** 63n, 2n ** 64n - 1n])('round-trips varint %s', (value) => {
    const bytes = encodeVarint(value);
    expect(decodeVarint(bytes, 0)).toEqual([value, bytes.length]);
  });

  it('writes proto3 scalars only when set, messages always, and the known encodings', () => {
    expect(hex(new ProtoWriter().uint(1, 0).bool(2, false).string(3, '').bytes(4, Buffer.alloc(0)).finish())).toBe('');
    expect(hex(new ProtoWriter().uint(1, 150).finish())).toBe('089601');
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    expect(hex(new ProtoWriter().message(3, new ProtoWriter()).finish())).toBe('1a00');
    expect(hex(new ProtoWriter().uint(3, 0, true).finish())).toBe('1800');
    expect(hex(new ProtoWriter().uint(1, -1).finish())).toBe('08ffffffffffffffffff01');
  });

  it('reads nested, repeated and map fields and skips fixed-width ones', () => {
    const entry = (key: string, value: string): ProtoWriter => new ProtoWriter().string(1, key).message(2, new ProtoWriter().string(1, value));
    const bytes = new ProtoWriter().string(1, 'consulpeering_peering').message(2, entry('a', 'x')).message(2, entry('b', 'y'))
      .bool(3, true).finish();
    const withFixed = Buffer.concat([bytes, Buffer.from('2101020304050607083d01020304', 'hex')]);
    const message = ProtoMessage.decode(withFixed);
    expect(message.string(1)).toBe('consulpeering_peering');
    expect(message.messages(2).map((item) => [item.string(1), item.message(2)?.string(1)])).toEqual([['a', 'x'], ['b', 'y']]);
    expect(message.bool(3)).toBe(true);
    expect(message.has(4)).toBe(true);
    expect(message.string(9)).toBe('');
    expect(message.message(9)).toBeUndefined();
    expect(() => ProtoMessage.decode(Buffer.from('0a05ab', 'hex'))).toThrow(/truncated/);
  });
});
