// The field numbers and enum values of every tfplugin6 (and grpc.health.v1) message field this provider reads or
// writes: the only place in src/terraform where they are written down. Messages nested in the .proto are joined
// with `_` (`PlanResourceChange_Request` is `PlanResourceChange.Request`), field names are the camelCase of the
// .proto names, and map fields appear as protoc's synthetic entry messages (`…_ResourceSchemasEntry`).
// test/terraform/tfplugin6-fields.test.ts checks every entry against ../tfplugin6.proto and ../grpc-health.proto.

/** A field's declared .proto type: bool, int64 and enum travel as varints, the others length-delimited. */
export type ProtoFieldType = 'string' | 'bytes' | 'message' | 'bool' | 'int64' | 'enum';

/** Field numbers by message and field name: `FIELDS.PlanResourceChange_Request.priorState` is 2. */
export const FIELDS = {
  DynamicValue: { msgpack: 1, json: 2 },
  Diagnostic: { severity: 1, summary: 2, detail: 3, attribute: 4 },
  AttributePath: { steps: 1 },
  AttributePath_Step: { attributeName: 1, elementKeyString: 2, elementKeyInt: 3 },
  RawState: { json: 1 },
  Schema: { version: 1, block: 2 },
  Schema_Block: { version: 1, attributes: 2, description: 4, descriptionKind: 5 },
  Schema_Attribute: {
    name: 1, type: 2, nestedType: 10, description: 3, required: 4, optional: 5, computed: 6, sensitive: 7, descriptionKind: 8, writeOnly: 11,
  },
  Schema_Object: { attributes: 1, nesting: 3 },
  ServerCapabilities: { planDestroy: 1, getProviderSchemaOptional: 2 },
  ClientCapabilities: { deferralAllowed: 1, writeOnlyAttributesAllowed: 2 },
  GetMetadata_Response: { serverCapabilities: 1, diagnostics: 2, dataSources: 3, resources: 4 },
  GetMetadata_DataSourceMetadata: { typeName: 1 },
  GetMetadata_ResourceMetadata: { typeName: 1 },
  GetProviderSchema_Response: { provider: 1, resourceSchemas: 2, dataSourceSchemas: 3, diagnostics: 4, serverCapabilities: 6 },
  GetProviderSchema_Response_ResourceSchemasEntry: { key: 1, value: 2 },
  GetProviderSchema_Response_DataSourceSchemasEntry: { key: 1, value: 2 },
  ValidateProviderConfig_Request: { config: 1 },
  ValidateProviderConfig_Response: { diagnostics: 2 },
  ValidateResourceConfig_Request: { typeName: 1, config: 2, clientCapabilities: 3 },
  ValidateResourceConfig_Response: { diagnostics: 1 },
  ValidateDataResourceConfig_Request: { typeName: 1, config: 2 },
  ValidateDataResourceConfig_Response: { diagnostics: 1 },
  UpgradeResourceState_Request: { typeName: 1, version: 2, rawState: 3 },
  UpgradeResourceState_Response: { upgradedState: 1, diagnostics: 2 },
  ConfigureProvider_Request: { terraformVersion: 1, config: 2, clientCapabilities: 3 },
  ConfigureProvider_Response: { diagnostics: 1 },
  ReadResource_Request: { typeName: 1, currentState: 2, private: 3, providerMeta: 4, clientCapabilities: 5 },
  ReadResource_Response: { newState: 1, diagnostics: 2, private: 3 },
  PlanResourceChange_Request: { typeName: 1, priorState: 2, proposedNewState: 3, config: 4, priorPrivate: 5, providerMeta: 6, clientCapabilities: 7 },
  PlanResourceChange_Response: { plannedState: 1, requiresReplace: 2, plannedPrivate: 3, diagnostics: 4 },
  ApplyResourceChange_Request: { typeName: 1, priorState: 2, plannedState: 3, config: 4, plannedPrivate: 5, providerMeta: 6 },
  ApplyResourceChange_Response: { newState: 1, private: 2, diagnostics: 3 },
  ImportResourceState_Request: { typeName: 1, id: 2, clientCapabilities: 3 },
  ImportResourceState_ImportedResource: { typeName: 1, state: 2, private: 3 },
  ImportResourceState_Response: { importedResources: 1, diagnostics: 2 },
  ReadDataSource_Request: { typeName: 1, config: 2, providerMeta: 3, clientCapabilities: 4 },
  ReadDataSource_Response: { state: 1, diagnostics: 2 },
  StopProvider_Response: { error: 1 },
  HealthCheckResponse: { status: 1 },
} as const satisfies Readonly<Record<string, Readonly<Record<string, number>>>>;

/** The declared .proto type of every field in FIELDS (same messages, same names: the compiler holds them together). */
export type FieldTypes = { readonly [Message in keyof typeof FIELDS]: { readonly [Field in keyof (typeof FIELDS)[Message]]: ProtoFieldType } };

/** The declared .proto type of every field the provider reads or writes (what the tests check the wire type by). */
export const FIELD_TYPES: FieldTypes = {
  DynamicValue: { msgpack: 'bytes', json: 'bytes' },
  Diagnostic: { severity: 'enum', summary: 'string', detail: 'string', attribute: 'message' },
  AttributePath: { steps: 'message' },
  AttributePath_Step: { attributeName: 'string', elementKeyString: 'string', elementKeyInt: 'int64' },
  RawState: { json: 'bytes' },
  Schema: { version: 'int64', block: 'message' },
  Schema_Block: { version: 'int64', attributes: 'message', description: 'string', descriptionKind: 'enum' },
  Schema_Attribute: {
    name: 'string', type: 'bytes', nestedType: 'message', description: 'string', required: 'bool',
    optional: 'bool', computed: 'bool', sensitive: 'bool', descriptionKind: 'enum', writeOnly: 'bool',
  },
  Schema_Object: { attributes: 'message', nesting: 'enum' },
  ServerCapabilities: { planDestroy: 'bool', getProviderSchemaOptional: 'bool' },
  ClientCapabilities: { deferralAllowed: 'bool', writeOnlyAttributesAllowed: 'bool' },
  GetMetadata_Response: { serverCapabilities: 'message', diagnostics: 'message', dataSources: 'message', resources: 'message' },
  GetMetadata_DataSourceMetadata: { typeName: 'string' },
  GetMetadata_ResourceMetadata: { typeName: 'string' },
  GetProviderSchema_Response: {
    provider: 'message', resourceSchemas: 'message', dataSourceSchemas: 'message', diagnostics: 'message',
    serverCapabilities: 'message',
  },
  GetProviderSchema_Response_ResourceSchemasEntry: { key: 'string', value: 'message' },
  GetProviderSchema_Response_DataSourceSchemasEntry: { key: 'string', value: 'message' },
  ValidateProviderConfig_Request: { config: 'message' },
  ValidateProviderConfig_Response: { diagnostics: 'message' },
  ValidateResourceConfig_Request: { typeName: 'string', config: 'message', clientCapabilities: 'message' },
  ValidateResourceConfig_Response: { diagnostics: 'message' },
  ValidateDataResourceConfig_Request: { typeName: 'string', config: 'message' },
  ValidateDataResourceConfig_Response: { diagnostics: 'message' },
  UpgradeResourceState_Request: { typeName: 'string', version: 'int64', rawState: 'message' },
  UpgradeResourceState_Response: { upgradedState: 'message', diagnostics: 'message' },
  ConfigureProvider_Request: { terraformVersion: 'string', config: 'message', clientCapabilities: 'message' },
  ConfigureProvider_Response: { diagnostics: 'message' },
  ReadResource_Request: { typeName: 'string', currentState: 'message', private: 'bytes', providerMeta: 'message', clientCapabilities: 'message' },
  ReadResource_Response: { newState: 'message', diagnostics: 'message', private: 'bytes' },
  PlanResourceChange_Request: {
    typeName: 'string', priorState: 'message', proposedNewState: 'message', config: 'message',
    priorPrivate: 'bytes', providerMeta: 'message', clientCapabilities: 'message',
  },
  PlanResourceChange_Response: { plannedState: 'message', requiresReplace: 'message', plannedPrivate: 'bytes', diagnostics: 'message' },
  ApplyResourceChange_Request: {
    typeName: 'string', priorState: 'message', plannedState: 'message', config: 'message',
    plannedPrivate: 'bytes', providerMeta: 'message',
  },
  ApplyResourceChange_Response: { newState: 'message', private: 'bytes', diagnostics: 'message' },
  ImportResourceState_Request: { typeName: 'string', id: 'string', clientCapabilities: 'message' },
  ImportResourceState_ImportedResource: { typeName: 'string', state: 'message', private: 'bytes' },
  ImportResourceState_Response: { importedResources: 'message', diagnostics: 'message' },
  ReadDataSource_Request: { typeName: 'string', config: 'message', providerMeta: 'message', clientCapabilities: 'message' },
  ReadDataSource_Response: { state: 'message', diagnostics: 'message' },
  StopProvider_Response: { error: 'string' },
  HealthCheckResponse: { status: 'enum' },
};

/** The enum values the provider writes, per enum (nested enums joined with `_` like messages). */
export const ENUMS = {
  Diagnostic_Severity: { ERROR: 1, WARNING: 2 },
  StringKind: { PLAIN: 0, MARKDOWN: 1 },
  Schema_Object_NestingMode: { SINGLE: 1, LIST: 2 },
  HealthCheckResponse_ServingStatus: { SERVING: 1 },
} as const satisfies Readonly<Record<string, Readonly<Record<string, number>>>>;
