// The typed tfplugin6 codec against the .proto files, through a reader that knows only the .proto (support/proto-file):
// requests written by .proto names decode to the typed objects; every response decodes by the .proto alone (no
// undeclared field, no wrong wire type) to the expected content. A few exact encodings pin the byte order.
import * as path from 'node:path';
import { providerSchemaResponse } from '../../src/terraform/provider';
import * as requests from '../../src/terraform/tfplugin6/requests';
import * as responses from '../../src/terraform/tfplugin6/responses';
import { loadProtos, protoDecode, protoEncode } from './support/proto-file';

const TERRAFORM_SRC = path.resolve(__dirname, '../../src/terraform');
const protos = loadProtos([path.join(TERRAFORM_SRC, 'tfplugin6.proto'), path.join(TERRAFORM_SRC, 'grpc-health.proto')]);

const msgpack = Buffer.from([0x81, 0xa1, 0x61, 0xc0]); // {a: nil}
const json = Buffer.from('{"a":null}');
const capabilities = { deferral_allowed: true, write_only_attributes_allowed: true };
const typedCapabilities = { deferralAllowed: true, writeOnlyAttributesAllowed: true };
const dynamic = { msgpack };
const typedDynamic = { msgpack, json: undefined };

describe('tfplugin6 request decoders ⇄ .proto', () => {
  const cases: [string, (bytes: Buffer) => object, Record<string, unknown>, object][] = [
    ['ValidateProviderConfig.Request', requests.decodeValidateProviderConfigRequest, { config: { json } }, { config: { msgpack: undefined, json } }],
    ['ConfigureProvider.Request', requests.decodeConfigureProviderRequest,
      { terraform_version: '1.11.4', config: dynamic, client_capabilities: capabilities },
      { terraformVersion: '1.11.4', config: typedDynamic, clientCapabilities: typedCapabilities }],
    ['ValidateResourceConfig.Request', requests.decodeValidateResourceConfigRequest,
      { type_name: 't', config: dynamic, client_capabilities: { write_only_attributes_allowed: true } },
      { typeName: 't', config: typedDynamic, clientCapabilities: { deferralAllowed: false, writeOnlyAttributesAllowed: true } }],
    ['ValidateDataResourceConfig.Request', requests.decodeValidateDataResourceConfigRequest, { type_name: 'd', config: dynamic }, { typeName: 'd', config: typedDynamic }],
    ['UpgradeResourceState.Request', requests.decodeUpgradeResourceStateRequest,
      { type_name: 't', version: 3, raw_state: { json } }, { typeName: 't', version: 3, rawState: { json } }],
    ['ReadResource.Request', requests.decodeReadResourceRequest,
      { type_name: 't', current_state: dynamic, private: Buffer.from('p'), provider_meta: { json }, client_capabilities: capabilities },
      { typeName: 't', currentState: typedDynamic, private: Buffer.from('p'), providerMeta: { msgpack: undefined, json }, clientCapabilities: typedCapabilities }],
    ['PlanResourceChange.Request', requests.decodePlanResourceChangeRequest,
      {
        type_name: 't', prior_state: { msgpack: Buffer.from([0xc0]) }, proposed_new_state: dynamic, config: dynamic,
        prior_private: Buffer.from('p'), provider_meta: dynamic, client_capabilities: capabilities,
      },
      {
        typeName: 't', priorState: { msgpack: Buffer.from([0xc0]), json: undefined }, proposedNewState: typedDynamic, config: typedDynamic,
        priorPrivate: Buffer.from('p'), providerMeta: typedDynamic, clientCapabilities: typedCapabilities,
      }],
    ['ApplyResourceChange.Request', requests.decodeApplyResourceChangeRequest,
      { type_name: 't', prior_state: dynamic, planned_state: dynamic, config: dynamic, planned_private: Buffer.from('p'), provider_meta: dynamic },
      { typeName: 't', priorState: typedDynamic, plannedState: typedDynamic, config: typedDynamic, plannedPrivate: Buffer.from('p'), providerMeta: typedDynamic }],
    ['ImportResourceState.Request', requests.decodeImportResourceStateRequest,
      { type_name: 't', id: 'dc1/web', client_capabilities: capabilities }, { typeName: 't', id: 'dc1/web', clientCapabilities: typedCapabilities }],
    ['ReadDataSource.Request', requests.decodeReadDataSourceRequest,
      { type_name: 'd', config: dynamic, provider_meta: dynamic, client_capabilities: capabilities },
      { typeName: 'd', config: typedDynamic, providerMeta: typedDynamic, clientCapabilities: typedCapabilities }],
  ];

  it.each(cases)('decodes %s', (message, decode, fields, expected) => {
    expect(decode(protoEncode(protos, message, fields))).toStrictEqual(expected);
  });

  it('gives proto3 defaults for absent scalars and undefined for absent messages', () => {
    expect(requests.decodePlanResourceChangeRequest(Buffer.alloc(0))).toStrictEqual({
      typeName: '', priorState: undefined, proposedNewState: undefined, config: undefined, priorPrivate: undefined, providerMeta: undefined,
      clientCapabilities: undefined,
    });
    expect(requests.decodeUpgradeResourceStateRequest(protoEncode(protos, 'UpgradeResourceState.Request', { version: -1 })).version).toBe(-1);
  });
});

const diagnostics = [
  { severity: 'error', summary: 'Invalid value for sources[0]', detail: 'bad', path: [{ attribute: 'sources' }, { index: 0 }, { key: '' }] },
  { severity: 'warning', summary: 'w', path: [] },
] as const;
const protoDiagnostics = [
  {
    severity: 'ERROR', summary: 'Invalid value for sources[0]', detail: 'bad',
    attribute: { steps: [{ attribute_name: 'sources' }, { element_key_int: 0 }, { element_key_string: '' }] },
  },
  { severity: 'WARNING', summary: 'w' },
];

describe('tfplugin6 response encoders ⇄ .proto', () => {
  const cases: [string, Buffer, Record<string, unknown>][] = [
    ['ValidateProviderConfig.Response', responses.encodeValidateProviderConfigResponse({ diagnostics }), { diagnostics: protoDiagnostics }],
    ['ConfigureProvider.Response', responses.encodeConfigureProviderResponse({ diagnostics }), { diagnostics: protoDiagnostics }],
    ['ValidateResourceConfig.Response', responses.encodeValidateResourceConfigResponse({ diagnostics }), { diagnostics: protoDiagnostics }],
    ['ValidateDataResourceConfig.Response', responses.encodeValidateDataResourceConfigResponse({}), {}],
    ['UpgradeResourceState.Response', responses.encodeUpgradeResourceStateResponse({ upgradedState: dynamic, diagnostics }),
      { upgraded_state: dynamic, diagnostics: protoDiagnostics }],
    ['ReadResource.Response', responses.encodeReadResourceResponse({ newState: { msgpack: Buffer.from([0xc0]) }, diagnostics, private: Buffer.from('p') }),
      { new_state: { msgpack: Buffer.from([0xc0]) }, diagnostics: protoDiagnostics, private: Buffer.from('p') }],
    ['PlanResourceChange.Response', responses.encodePlanResourceChangeResponse({
      plannedState: dynamic, requiresReplace: [[{ attribute: 'peer_name' }], [{ attribute: 'meta' }, { key: 'k' }]], plannedPrivate: Buffer.from('p'), diagnostics,
    }), {
      planned_state: dynamic, requires_replace: [{ steps: [{ attribute_name: 'peer_name' }] }, { steps: [{ attribute_name: 'meta' }, { element_key_string: 'k' }] }],
      planned_private: Buffer.from('p'), diagnostics: protoDiagnostics,
    }],
    ['ApplyResourceChange.Response', responses.encodeApplyResourceChangeResponse({ newState: dynamic, private: Buffer.from('p'), diagnostics: [] }),
      { new_state: dynamic, private: Buffer.from('p') }],
    ['ImportResourceState.Response', responses.encodeImportResourceStateResponse({ importedResources: [{ typeName: 't', state: dynamic }], diagnostics }),
      { imported_resources: [{ type_name: 't', state: dynamic }], diagnostics: protoDiagnostics }],
    ['ReadDataSource.Response', responses.encodeReadDataSourceResponse({ state: dynamic, diagnostics }), { state: dynamic, diagnostics: protoDiagnostics }],
    ['StopProvider.Response', responses.encodeStopProviderResponse({ error: 'stuck' }), { Error: 'stuck' }],
    ['HealthCheckResponse', responses.encodeHealthCheckResponse({ status: 'SERVING' }), { status: 'SERVING' }],
  ];

  it.each(cases)('encodes %s', (message, bytes, expected) => {
    expect(protoDecode(protos, message, bytes)).toEqual(expected);
  });

  it('encodes the provider schema: every block, attribute, nested object and map entry is declared in the .proto', () => {
    const response = protoDecode(protos, 'GetProviderSchema.Response', providerSchemaResponse()) as {
      provider: { block: { attributes: { name: string }[] } };
      resource_schemas: Record<string, { block: { attributes: { name: string; nested_type?: { nesting: string } }[]; description_kind: string } }>;
      data_source_schemas: Record<string, unknown>;
      server_capabilities: unknown;
    };
    expect(response.provider.block.attributes.map((attribute) => attribute.name)).toContain('peering_token_passphrase');
    expect(Object.keys(response.resource_schemas)).toEqual([
      'consulpeering_peering_token', 'consulpeering_peering', 'consulpeering_exported_services', 'consulpeering_service_intentions',
      'consulpeering_mesh', 'consulpeering_service_defaults',
    ]);
    const services = response.resource_schemas['consulpeering_exported_services']?.block;
    expect(services?.description_kind).toBe('MARKDOWN');
    expect(services?.attributes.find((attribute) => attribute.name === 'services')?.nested_type?.nesting).toBe('LIST');
    expect(Object.keys(response.data_source_schemas)).toEqual(['consulpeering_peering', 'consulpeering_peerings']);
    expect(response.server_capabilities).toEqual({ get_provider_schema_optional: true });
  });

  it('encodes GetMetadata', () => {
    const bytes = responses.encodeGetMetadataResponse({ serverCapabilities: { getProviderSchemaOptional: true }, dataSources: ['d'], resources: ['r1', 'r2'] });
    expect(protoDecode(protos, 'GetMetadata.Response', bytes)).toEqual({
      server_capabilities: { get_provider_schema_optional: true }, data_sources: [{ type_name: 'd' }], resources: [{ type_name: 'r1' }, { type_name: 'r2' }],
    });
  });
});

describe('exact encodings', () => {
  const hex = (bytes: Buffer | { finish(): Buffer }): string => (Buffer.isBuffer(bytes) ? bytes : bytes.finish()).toString('hex');

  it('writes a diagnostic as severity, summary, detail, path', () => {
    expect(hex(responses.encodeDiagnostic({ severity: 'error', summary: 's', detail: 'd', path: [{ attribute: 'a' }] }))).toBe('08011201731a016422050a030a0161');
  });

  it('writes an attribute name first, then its nested object (field 10) before the description and flags', () => {
    const attribute = {
      name: 'n', nested: { nesting: 'list', attributes: [] }, description: 'd', required: true, optional: false, computed: false, sensitive: false, writeOnly: false,
    } as const;
    expect(hex(responses.encodeAttribute(attribute))).toBe('0a016e520218021a016420014001');
  });

  it('writes an empty msgpack DynamicValue, and nothing for empty responses', () => {
    expect(hex(responses.encodeReadDataSourceResponse({ state: { msgpack: Buffer.alloc(0) } }))).toBe('0a020a00');
    expect(hex(responses.encodeStopProviderResponse({}))).toBe('');
    expect(hex(responses.encodeValidateProviderConfigResponse({}))).toBe('');
  });
});
