// The codec's field table (src/terraform/tfplugin6/fields.ts) against the .proto files it claims to follow, and the
// rule that no other file in src/terraform spells a field number.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENUMS, FIELD_TYPES, FIELDS, type ProtoFieldType } from '../../src/terraform/tfplugin6/fields';
import { camelCase, loadProtos, parseProto, resolveType, wireTypeOf } from './support/proto-file';

const TERRAFORM_SRC = path.resolve(__dirname, '../../src/terraform');
const protos = loadProtos([path.join(TERRAFORM_SRC, 'tfplugin6.proto'), path.join(TERRAFORM_SRC, 'grpc-health.proto')]);

const tableEntries = Object.entries(FIELDS).flatMap(([message, fields]) => Object.entries(fields).map(([field, number]): [string, string, number, ProtoFieldType | undefined] =>
  [message, field, number, (FIELD_TYPES[message as keyof typeof FIELD_TYPES] as Record<string, ProtoFieldType> | undefined)?.[field]]));

describe('the .proto reader of these tests', () => {
  it('reads nested messages, oneofs, maps as entry messages, enums, and skips services and options', () => {
    const parsed = parseProto(`
      syntax = "proto3"; package demo; // comment
      message Outer { /* block
        comment */ enum Kind { A = 0; B = 1; }
        message Inner { oneof pick { string name = 1; int64 index = 3; } }
        repeated Inner items = 2; map<string, Inner> by_name = 4; Kind kind = 5; int64 old = 6 [deprecated = true];
      }
      service S { rpc Call(Outer) returns (Outer); }`);
    expect(parsed.messages.get('Outer.Inner')).toEqual([
      { name: 'name', number: 1, type: 'string', repeated: false, map: false, oneof: 'pick' },
      { name: 'index', number: 3, type: 'int64', repeated: false, map: false, oneof: 'pick' },
    ]);
    expect(parsed.messages.get('Outer')?.map((field) => [field.name, field.number, field.repeated, field.map])).toEqual([
      ['items', 2, true, false], ['by_name', 4, true, true], ['kind', 5, false, false], ['old', 6, false, false],
    ]);
    expect(parsed.messages.get('Outer.ByNameEntry')?.map((field) => [field.name, field.number, field.type])).toEqual([['key', 1, 'string'], ['value', 2, 'Inner']]);
    expect(parsed.enums.get('Outer.Kind')).toEqual(new Map([['A', 0], ['B', 1]]));
    expect(resolveType(parsed, 'Outer.ByNameEntry', 'Inner')).toEqual({ kind: 'message', name: 'Outer.Inner' });
    expect(resolveType(parsed, 'Outer.Inner', 'Kind')).toEqual({ kind: 'enum', name: 'Outer.Kind' });
  });

  it('finds the messages of tfplugin6.proto and grpc-health.proto', () => {
    expect(protos.messages.get('AttributePath.Step')?.map((field) => field.oneof)).toEqual(['selector', 'selector', 'selector']);
    expect(protos.messages.has('GetProviderSchema.Response.ResourceSchemasEntry')).toBe(true);
    expect(protos.enums.get('Diagnostic.Severity')).toEqual(new Map([['INVALID', 0], ['ERROR', 1], ['WARNING', 2]]));
    expect(protos.enums.get('HealthCheckResponse.ServingStatus')?.get('SERVING')).toBe(1);
  });
});

describe('tfplugin6 field table ⇄ .proto', () => {
  it.each(tableEntries)('%s.%s is field %d (%s)', (message, field, number, type) => {
    const scope = message.replace(/_/g, '.');
    const declared = protos.messages.get(scope)?.find((candidate) => camelCase(candidate.name) === field);
    expect(declared).toBeDefined();
    if (declared === undefined) return;
    expect(declared.number).toBe(number);
    const resolved = resolveType(protos, scope, declared.type);
    const declaredType = resolved.kind === 'scalar' ? resolved.name : resolved.kind;
    expect(declaredType).toBe(type);
    expect(wireTypeOf(resolved)).toBe(type === 'bool' || type === 'int64' || type === 'enum' ? 0 : 2);
  });

  it('numbers each field of a message once, and gives every field (and only those) a declared type', () => {
    for (const [message, fields] of Object.entries(FIELDS)) {
      const numbers = Object.values(fields);
      expect({ message, distinct: new Set(numbers).size }).toEqual({ message, distinct: numbers.length });
      expect({ message, typed: Object.keys(FIELD_TYPES[message as keyof typeof FIELD_TYPES]) }).toEqual({ message, typed: Object.keys(fields) });
    }
    expect(Object.keys(FIELD_TYPES)).toEqual(Object.keys(FIELDS));
  });

  it.each(Object.entries(ENUMS))('enum %s has the values of the .proto', (name, values) => {
    const declared = protos.enums.get(name.replace(/_/g, '.'));
    expect(declared).toBeDefined();
    for (const [value, number] of Object.entries(values)) expect([value, declared?.get(value)]).toEqual([value, number]);
  });
});

/** Every .ts file under src/terraform, relative to it. */
function sourceFiles(dir = TERRAFORM_SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [path.relative(TERRAFORM_SRC, full)] : [];
  });
}

describe('field numbers live only in tfplugin6/fields.ts', () => {
  const files = sourceFiles();
  const codec = (file: string): boolean => file.startsWith(`tfplugin6${path.sep}`);

  it('finds the codec and the rest of the adapter', () => {
    expect(files).toEqual(expect.arrayContaining([path.join('tfplugin6', 'fields.ts'), 'provider.ts', 'main.ts', 'protobuf.ts']));
  });

  it('outside the codec nothing imports the protobuf wire codec', () => {
    const importing = files.filter((file) => !codec(file) && file !== 'protobuf.ts')
      .filter((file) => /from '\.\/protobuf'|require\('\.\/protobuf'\)|import\('\.\/protobuf'\)/.test(fs.readFileSync(path.join(TERRAFORM_SRC, file), 'utf8')));
    expect(importing).toEqual([]);
  });

  it('no file reads or writes a protobuf field by a literal number (`.message(2`, `.uint(1, …)`)', () => {
    const accessor = /\.(?:has|uint|bool|bytes|string|strings|message|messages)\(\s*\d/;
    // protobuf.ts is the wire format itself; msgpack.ts reads msgpack lengths with a `uint(bytes)` of its own.
    const offending = files.filter((file) => file !== 'protobuf.ts' && file !== 'msgpack.ts')
      .flatMap((file) => fs.readFileSync(path.join(TERRAFORM_SRC, file), 'utf8').split('\n')
        .map((line, index) => ({ where: `${file}:${index + 1}`, line }))
        .filter(({ line }) => accessor.test(line)));
    expect(offending).toEqual([]);
  });
});
