import { exportedServicesSchema, peeringSchema, peeringTokenSchema, serviceIntentionsSchema, UNKNOWN } from '../../src/core';
import { DATA_TYPES, PROVIDER_FIELDS, RESOURCE_TYPES } from '../../src/terraform/catalog';
import { ctyTypeJson, decodeDynamic, encodeDynamic, fromWire, objectType, toWire } from '../../src/terraform/cty';
import { attributePath, formatSteps } from '../../src/terraform/diagnostics';
import { decodeMsgpack, encodeMsgpack, MsgpackExtension } from '../../src/terraform/msgpack';
import { ProtoMessage } from '../../src/terraform/protobuf';
import { schemaJson, tfSchema, type TfAttribute } from '../../src/terraform/schema';
import { encodeAttributePath, encodeSchema } from '../../src/terraform/tfplugin6/responses';

const intentions = objectType(serviceIntentionsSchema.fields);
const exported = objectType(exportedServicesSchema.fields);

describe('cty values ⇄ adapter values', () => {
  it('writes every attribute in sorted snake_case order, null for unset, ext 0 for unknown, at every depth', () => {
    const value = { name: 'web', sources: [{ name: 'frontend', peer: 'dc2', action: 'allow', precedence: UNKNOWN }], exclusive: false };
    const wire = toWire(intentions, value) as Record<string, unknown>;
    expect(Object.keys(wire)).toEqual(['exclusive', 'jwt', 'meta', 'name', 'namespace', 'partition', 'sources']);
    const source = (wire['sources'] as Record<string, unknown>[])[0] ?? {};
    expect(Object.keys(source)).toEqual(['action', 'description', 'name', 'namespace', 'partition', 'peer', 'permissions', 'precedence', 'sameness_group']);
    expect(source['precedence']).toEqual(new MsgpackExtension(0, Buffer.from([0])));
    expect(source['sameness_group']).toBeNull();
  });

  it('round-trips nested lists, objects, maps, numbers, null and unknown through msgpack', () => {
    const value = {
      name: 'web', partition: null, namespace: null, meta: { owner: 'team-a', 'a.b': 'c' }, exclusive: true, jwt: null,
      sources: [{
        name: 'frontend', peer: 'dc2', partition: null, namespace: null, samenessGroup: null, action: null, description: null, precedence: 9,
        permissions: [{ action: 'allow', http: { pathExact: null, pathPrefix: '/api', pathRegex: null, methods: ['GET', UNKNOWN], headers: [
          { name: 'x', present: true, exact: null, prefix: null, suffix: null, contains: null, regex: null, invert: null, ignoreCase: null },
        ] }, jwt: null }],
      }, UNKNOWN],
    };
    const bytes = encodeDynamic(intentions, value);
    expect(decodeDynamic(intentions, { msgpack: bytes })).toEqual(value);
  });

  it('treats any extension as unknown: plain (ext 0) and refined (ext 12), for a whole value or a part', () => {
    const refined = new MsgpackExtension(12, encodeMsgpack({ 1: true, 2: 'we' } as never));
    const raw = { partition: 'default', exclusive: null, services: [{ name: refined, namespace: null, consumers: new MsgpackExtension(0, Buffer.from([0])) }] };
    expect(fromWire(exported, decodeMsgpack(encodeMsgpack(raw as never)))).toEqual({
      partition: 'default', exclusive: null, meta: null, services: [{ name: UNKNOWN, namespace: null, consumers: UNKNOWN }],
    });
    expect(fromWire(exported, refined)).toBe(UNKNOWN);
  });

  it('reads JSON DynamicValues (raw state) including numbers given as strings, and rejects a shape mismatch with its path', () => {
    const json = Buffer.from(JSON.stringify({ name: 'web', sources: [{ name: 'a', precedence: '9' }], extra_removed_attribute: 1 }));
    const value = decodeDynamic(intentions, { json }) as Record<string, unknown>;
    expect((value['sources'] as Record<string, unknown>[])[0]?.['precedence']).toBe(9);
    expect(value['exclusive']).toBeNull();
    expect(decodeDynamic(intentions, undefined)).toBeNull();
    expect(() => fromWire(exported, { services: [{ name: 5 }] })).toThrow(/services\[0\]\.name/);
  });

  it('gives cty type JSON for each kind', () => {
    expect(ctyTypeJson({ kind: 'map' })).toEqual(['map', 'string']);
    expect(ctyTypeJson({ kind: 'list', of: { kind: 'string' } })).toEqual(['list', 'string']);
    expect(ctyTypeJson({ kind: 'object', fields: { samenessGroup: { type: { kind: 'bool' }, mode: 'optional', description: '' } } }))
      .toEqual(['object', { sameness_group: 'bool' }]);
  });
});

const byName = (attributes: readonly TfAttribute[]): Record<string, TfAttribute> => Object.fromEntries(attributes.map((attribute) => [attribute.name, attribute]));

describe('Terraform schema derived from the core schemas', () => {
  it('names every DESIGN.md type, attribute and provider setting', () => {
    expect([...RESOURCE_TYPES.keys()]).toEqual([
      'consulpeering_peering_token', 'consulpeering_peering', 'consulpeering_exported_services', 'consulpeering_service_intentions',
      'consulpeering_mesh', 'consulpeering_service_defaults',
    ]);
    expect([...DATA_TYPES.keys()]).toEqual(['consulpeering_peering', 'consulpeering_peerings']);
    expect(tfSchema('', PROVIDER_FIELDS).attributes.map((attribute) => attribute.name)).toEqual([
      'address', 'token', 'token_file', 'scheme', 'ca_file', 'ca_pem', 'cert_file', 'key_file', 'insecure_https', 'datacenter', 'partition', 'namespace',
      'peering_token_passphrase',
    ]);
    const token = byName(tfSchema('', peeringTokenSchema.fields).attributes);
    expect(Object.keys(token)).toEqual(expect.arrayContaining(['peer_name', 'meta', 'server_external_addresses', 'partition', 'peering_token', 'peering_id', 'state']));
    expect(token['peering_token']).toMatchObject({ computed: true, sensitive: true, optional: false, required: false, type: 'string' });
    expect(token['server_external_addresses']).toMatchObject({ optional: true, computed: false, type: ['list', 'string'] });
    expect(token['meta']?.type).toEqual(['map', 'string']);
  });

  it('marks sensitive inputs, makes defaulted arguments optional+computed, computed attributes computed', () => {
    const peering = byName(tfSchema('', peeringSchema.fields).attributes);
    expect(peering['peering_token']).toMatchObject({ required: true, sensitive: true, computed: false, writeOnly: true });
    expect(peering['token_fingerprint']).toMatchObject({ computed: true, writeOnly: false, type: 'string' });
    expect(peering['wait_for_active']).toMatchObject({ optional: true, computed: true, type: 'bool' });
    expect(peering['active_timeout']).toMatchObject({ optional: true, computed: true, type: 'string' });
    expect(peering['imported_services']).toMatchObject({ computed: true, optional: false, type: ['list', 'string'] });
    expect(byName(tfSchema('', PROVIDER_FIELDS).attributes)['token']).toMatchObject({ optional: true, sensitive: true });
  });

  it('turns lists of objects into nested attributes, with a computed precedence per source', () => {
    const services = byName(tfSchema('', exportedServicesSchema.fields).attributes)['services'];
    expect(services?.nested?.nesting).toBe('list');
    const consumers = byName(services?.nested?.attributes ?? [])['consumers'];
    expect(byName(consumers?.nested?.attributes ?? [])['sameness_group']).toMatchObject({ optional: true, type: 'string' });
    const sources = byName(byName(tfSchema('', serviceIntentionsSchema.fields).attributes)['sources']?.nested?.attributes ?? []);
    expect(sources['precedence']).toMatchObject({ computed: true, optional: false, type: 'number' });
    const http = byName(sources['permissions']?.nested?.attributes ?? [])['http'];
    expect(http?.nested?.nesting).toBe('single');
  });

  it('encodes tfplugin6 Schema with the protocol field numbers', () => {
    const schema = ProtoMessage.decode(encodeSchema(tfSchema('desc', exportedServicesSchema.fields)).finish());
    const block = schema.message(2);
    expect(block?.string(4)).toBe('desc');
    expect(block?.uint(5)).toBe(1n);
    const attributes = block?.messages(2) ?? [];
    const services = attributes.find((attribute) => attribute.string(1) === 'services');
    const nested = services?.message(10);
    expect(nested?.uint(3)).toBe(2n);
    expect(nested?.messages(1).map((attribute) => attribute.string(1))).toEqual(['name', 'namespace', 'consumers']);
    expect(services?.bool(4)).toBe(true);
    const exclusive = attributes.find((attribute) => attribute.string(1) === 'exclusive');
    expect([exclusive?.bool(5), exclusive?.bool(6), JSON.parse(exclusive?.bytes(2)?.toString() ?? 'null')]).toEqual([true, true, 'bool']);
    const peering = ProtoMessage.decode(encodeSchema(tfSchema('', peeringSchema.fields)).finish()).message(2)?.messages(2) ?? [];
    const writeOnly = peering.filter((attribute) => attribute.bool(11)).map((attribute) => attribute.string(1));
    expect(writeOnly).toEqual(['peering_token']);
  });

  it('renders the `terraform providers schema -json` form', () => {
    const json = schemaJson(tfSchema('d', peeringTokenSchema.fields)) as { block: { attributes: Record<string, Record<string, unknown>> } };
    expect(json.block.attributes['peering_token']).toMatchObject({ type: 'string', computed: true, sensitive: true });
  });

  it('turns core paths into attribute paths: map keys as keys, list indexes as ints (0 written explicitly)', () => {
    const steps = attributePath(intentions, ['sources', 0, 'permissions', 1, 'http', 'headers', 0, 'name']);
    expect(formatSteps(steps)).toBe('sources[0].permissions[1].http.headers[0].name');
    expect(formatSteps(attributePath(intentions, ['meta', 'consul-x']))).toBe('meta["consul-x"]');
    expect(formatSteps(attributePath(objectType(exportedServicesSchema.fields), ['services', 2, 'consumers', 0, 'samenessGroup'])))
      .toBe('services[2].consumers[0].sameness_group');
    const encoded = ProtoMessage.decode(encodeAttributePath([{ attribute: 'sources' }, { index: 0 }, { key: '' }]).finish()).messages(1);
    expect(encoded.map((step) => [step.has(1), step.has(2), step.has(3), step.uint(3)])).toEqual([
      [true, false, false, 0n], [false, false, true, 0n], [false, true, false, 0n],
    ]);
  });
});
