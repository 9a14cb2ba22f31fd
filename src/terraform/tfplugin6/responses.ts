// Encoders of the tfplugin6 responses the provider sends (with the messages they embed: Diagnostic, AttributePath,
// Schema, ServerCapabilities, DynamicValue), and of grpc.health.v1's HealthCheckResponse for go-plugin's Ping. Typed
// plain object in, message bytes out; fields keep the order this provider has always written them in, empty scalars
// left out as proto3 does. Field numbers come from fields.ts.
import type { Diagnostic, PathStep } from '../diagnostics';
import { ProtoWriter } from '../protobuf';
import type { TfAttribute, TfSchema } from '../schema';
import { ENUMS, FIELDS } from './fields';
import type { DynamicValue } from './requests';

/** tfplugin6 AttributePath: the steps from the root of a value to one attribute, key or element. */
export type AttributePath = readonly PathStep[];

/** tfplugin6 ServerCapabilities: protocol features this provider announces. */
export interface ServerCapabilities {
  readonly planDestroy?: boolean | undefined;
  readonly getProviderSchemaOptional?: boolean | undefined;
}

/** A response that carries only diagnostics (the Validate* and ConfigureProvider responses). */
export interface DiagnosticsResponse {
  readonly diagnostics?: readonly Diagnostic[] | undefined;
}

/** tfplugin6 `UpgradeResourceState.Response`. */
export interface UpgradeResourceStateResponse extends DiagnosticsResponse {
  readonly upgradedState: DynamicValue;
}

/** tfplugin6 `ReadResource.Response`: a null new state means the object is gone. */
export interface ReadResourceResponse extends DiagnosticsResponse {
  readonly newState: DynamicValue;
  readonly private?: Buffer | undefined;
}

/** tfplugin6 `PlanResourceChange.Response`. */
export interface PlanResourceChangeResponse extends DiagnosticsResponse {
  readonly plannedState: DynamicValue;
  readonly requiresReplace: readonly AttributePath[];
  readonly plannedPrivate?: Buffer | undefined;
}

/** tfplugin6 `ApplyResourceChange.Response`. */
export interface ApplyResourceChangeResponse extends DiagnosticsResponse {
  readonly newState: DynamicValue;
  readonly private?: Buffer | undefined;
}

/** tfplugin6 `ImportResourceState.ImportedResource`. */
export interface ImportedResource {
  readonly typeName: string;
  readonly state: DynamicValue;
  readonly private?: Buffer | undefined;
}

/** tfplugin6 `ImportResourceState.Response`. */
export interface ImportResourceStateResponse extends DiagnosticsResponse {
  readonly importedResources: readonly ImportedResource[];
}

/** tfplugin6 `ReadDataSource.Response`. */
export interface ReadDataSourceResponse extends DiagnosticsResponse {
  readonly state: DynamicValue;
}

/** tfplugin6 `StopProvider.Response`: an error text when stopping failed. */
export interface StopProviderResponse {
  readonly error?: string | undefined;
}

/** grpc.health.v1 `HealthCheckResponse`. */
export interface HealthCheckResponse {
  readonly status: keyof typeof ENUMS.HealthCheckResponse_ServingStatus;
}

/** A DynamicValue message; msgpack is written even when empty, json only when given. */
function dynamicValueMessage(value: DynamicValue): ProtoWriter {
  const fields = FIELDS.DynamicValue;
  return new ProtoWriter().bytes(fields.msgpack, value.msgpack, true).bytes(fields.json, value.json);
}

/** A ServerCapabilities message (false flags are left out, as proto3 does). */
function serverCapabilitiesMessage(capabilities: ServerCapabilities): ProtoWriter {
  const fields = FIELDS.ServerCapabilities;
  return new ProtoWriter().bool(fields.planDestroy, capabilities.planDestroy).bool(fields.getProviderSchemaOptional, capabilities.getProviderSchemaOptional);
}

/** tfplugin6 `Diagnostic`; the attribute path is written only when it has steps. */
export function encodeDiagnostic(diagnostic: Diagnostic): ProtoWriter {
  const fields = FIELDS.Diagnostic;
  const severity = ENUMS.Diagnostic_Severity;
  const out = new ProtoWriter()
    .uint(fields.severity, diagnostic.severity === 'error' ? severity.ERROR : severity.WARNING)
    .string(fields.summary, diagnostic.summary)
    .string(fields.detail, diagnostic.detail);
  if (diagnostic.path !== undefined && diagnostic.path.length > 0) out.message(fields.attribute, encodeAttributePath(diagnostic.path));
  return out;
}

/** tfplugin6 `AttributePath`: one Step per path step (attribute name, string key or int index). */
export function encodeAttributePath(steps: AttributePath): ProtoWriter {
  const fields = FIELDS.AttributePath_Step;
  const out = new ProtoWriter();
  for (const step of steps) {
    const encoded = new ProtoWriter();
    // oneof members are written even when they hold the default ('' or 0): their presence is the selector.
    if ('attribute' in step) encoded.bytes(fields.attributeName, Buffer.from(step.attribute, 'utf8'), true);
    else if ('key' in step) encoded.bytes(fields.elementKeyString, Buffer.from(step.key, 'utf8'), true);
    else encoded.uint(fields.elementKeyInt, step.index, true);
    out.message(FIELDS.AttributePath.steps, encoded);
  }
  return out;
}

/** Appends every diagnostic to the repeated field `field` of `out`. */
function writeDiagnostics(out: ProtoWriter, field: number, diagnostics: readonly Diagnostic[] | undefined): ProtoWriter {
  for (const diagnostic of diagnostics ?? []) out.message(field, encodeDiagnostic(diagnostic));
  return out;
}

const NESTING = { single: ENUMS.Schema_Object_NestingMode.SINGLE, list: ENUMS.Schema_Object_NestingMode.LIST } as const;

/** tfplugin6 `Schema.Attribute`: a cty type (JSON) or a nested object, then the flags; descriptions are Markdown. */
export function encodeAttribute(attribute: TfAttribute): ProtoWriter {
  const fields = FIELDS.Schema_Attribute;
  const out = new ProtoWriter().string(fields.name, attribute.name);
  if (attribute.nested !== undefined) {
    const object = new ProtoWriter();
    for (const inner of attribute.nested.attributes) object.message(FIELDS.Schema_Object.attributes, encodeAttribute(inner));
    object.uint(FIELDS.Schema_Object.nesting, NESTING[attribute.nested.nesting]);
    out.message(fields.nestedType, object);
  } else {
    out.bytes(fields.type, Buffer.from(JSON.stringify(attribute.type)));
  }
  return out
    .string(fields.description, attribute.description)
    .bool(fields.required, attribute.required)
    .bool(fields.optional, attribute.optional)
    .bool(fields.computed, attribute.computed)
    .bool(fields.sensitive, attribute.sensitive)
    .uint(fields.descriptionKind, ENUMS.StringKind.MARKDOWN)
    .bool(fields.writeOnly, attribute.writeOnly);
}

/** tfplugin6 `Schema`: the version and one block holding the attributes and the (Markdown) description. */
export function encodeSchema(schema: TfSchema): ProtoWriter {
  const fields = FIELDS.Schema_Block;
  const block = new ProtoWriter().uint(fields.version, schema.version);
  for (const attribute of schema.attributes) block.message(fields.attributes, encodeAttribute(attribute));
  block.string(fields.description, schema.description).uint(fields.descriptionKind, ENUMS.StringKind.MARKDOWN);
  return new ProtoWriter().uint(FIELDS.Schema.version, schema.version).message(FIELDS.Schema.block, block);
}

/** The content of a GetProviderSchema response; the maps are written in iteration order. */
export interface GetProviderSchemaResponse {
  readonly provider: TfSchema;
  readonly resourceSchemas: ReadonlyMap<string, TfSchema>;
  readonly dataSourceSchemas: ReadonlyMap<string, TfSchema>;
  readonly diagnostics?: readonly Diagnostic[] | undefined;
  readonly serverCapabilities: ServerCapabilities;
}

/** tfplugin6 `GetProviderSchema.Response`. */
export function encodeGetProviderSchemaResponse(response: GetProviderSchemaResponse): Buffer {
  const fields = FIELDS.GetProviderSchema_Response;
  const out = new ProtoWriter().message(fields.provider, encodeSchema(response.provider));
  const entry = FIELDS.GetProviderSchema_Response_ResourceSchemasEntry;
  for (const [name, schema] of response.resourceSchemas) {
    out.message(fields.resourceSchemas, new ProtoWriter().string(entry.key, name).message(entry.value, encodeSchema(schema)));
  }
  const dataEntry = FIELDS.GetProviderSchema_Response_DataSourceSchemasEntry;
  for (const [name, schema] of response.dataSourceSchemas) {
    out.message(fields.dataSourceSchemas, new ProtoWriter().string(dataEntry.key, name).message(dataEntry.value, encodeSchema(schema)));
  }
  writeDiagnostics(out, fields.diagnostics, response.diagnostics);
  return out.message(fields.serverCapabilities, serverCapabilitiesMessage(response.serverCapabilities)).finish();
}

/** The content of a GetMetadata response: capabilities and the type names. */
export interface GetMetadataResponse {
  readonly serverCapabilities: ServerCapabilities;
  readonly diagnostics?: readonly Diagnostic[] | undefined;
  readonly dataSources: Iterable<string>;
  readonly resources: Iterable<string>;
}

/** tfplugin6 `GetMetadata.Response`. */
export function encodeGetMetadataResponse(response: GetMetadataResponse): Buffer {
  const fields = FIELDS.GetMetadata_Response;
  const out = new ProtoWriter().message(fields.serverCapabilities, serverCapabilitiesMessage(response.serverCapabilities));
  writeDiagnostics(out, fields.diagnostics, response.diagnostics);
  for (const name of response.dataSources) out.message(fields.dataSources, new ProtoWriter().string(FIELDS.GetMetadata_DataSourceMetadata.typeName, name));
  for (const name of response.resources) out.message(fields.resources, new ProtoWriter().string(FIELDS.GetMetadata_ResourceMetadata.typeName, name));
  return out.finish();
}

/** tfplugin6 `ValidateProviderConfig.Response` (its diagnostics are field 2, unlike the other Validate* responses). */
export function encodeValidateProviderConfigResponse(response: DiagnosticsResponse): Buffer {
  return writeDiagnostics(new ProtoWriter(), FIELDS.ValidateProviderConfig_Response.diagnostics, response.diagnostics).finish();
}

/** tfplugin6 `ConfigureProvider.Response`. */
export function encodeConfigureProviderResponse(response: DiagnosticsResponse): Buffer {
  return writeDiagnostics(new ProtoWriter(), FIELDS.ConfigureProvider_Response.diagnostics, response.diagnostics).finish();
}

/** tfplugin6 `ValidateResourceConfig.Response`. */
export function encodeValidateResourceConfigResponse(response: DiagnosticsResponse): Buffer {
  return writeDiagnostics(new ProtoWriter(), FIELDS.ValidateResourceConfig_Response.diagnostics, response.diagnostics).finish();
}

/** tfplugin6 `ValidateDataResourceConfig.Response`. */
export function encodeValidateDataResourceConfigResponse(response: DiagnosticsResponse): Buffer {
  return writeDiagnostics(new ProtoWriter(), FIELDS.ValidateDataResourceConfig_Response.diagnostics, response.diagnostics).finish();
}

/** tfplugin6 `UpgradeResourceState.Response`. */
export function encodeUpgradeResourceStateResponse(response: UpgradeResourceStateResponse): Buffer {
  const fields = FIELDS.UpgradeResourceState_Response;
  const out = new ProtoWriter().message(fields.upgradedState, dynamicValueMessage(response.upgradedState));
  return writeDiagnostics(out, fields.diagnostics, response.diagnostics).finish();
}

/** tfplugin6 `ReadResource.Response`. */
export function encodeReadResourceResponse(response: ReadResourceResponse): Buffer {
  const fields = FIELDS.ReadResource_Response;
  const out = new ProtoWriter().message(fields.newState, dynamicValueMessage(response.newState));
  return writeDiagnostics(out, fields.diagnostics, response.diagnostics).bytes(fields.private, response.private).finish();
}

/** tfplugin6 `PlanResourceChange.Response` (legacy_type_system stays false, as it must outside Terraform's own SDK). */
export function encodePlanResourceChangeResponse(response: PlanResourceChangeResponse): Buffer {
  const fields = FIELDS.PlanResourceChange_Response;
  const out = new ProtoWriter().message(fields.plannedState, dynamicValueMessage(response.plannedState));
  for (const path of response.requiresReplace) out.message(fields.requiresReplace, encodeAttributePath(path));
  out.bytes(fields.plannedPrivate, response.plannedPrivate);
  return writeDiagnostics(out, fields.diagnostics, response.diagnostics).finish();
}

/** tfplugin6 `ApplyResourceChange.Response`. */
export function encodeApplyResourceChangeResponse(response: ApplyResourceChangeResponse): Buffer {
  const fields = FIELDS.ApplyResourceChange_Response;
  const out = new ProtoWriter().message(fields.newState, dynamicValueMessage(response.newState)).bytes(fields.private, response.private);
  return writeDiagnostics(out, fields.diagnostics, response.diagnostics).finish();
}

/** tfplugin6 `ImportResourceState.Response`. */
export function encodeImportResourceStateResponse(response: ImportResourceStateResponse): Buffer {
  const fields = FIELDS.ImportResourceState_Response;
  const imported = FIELDS.ImportResourceState_ImportedResource;
  const out = new ProtoWriter();
  for (const resource of response.importedResources) {
    out.message(fields.importedResources, new ProtoWriter()
      .string(imported.typeName, resource.typeName)
      .message(imported.state, dynamicValueMessage(resource.state))
      .bytes(imported.private, resource.private));
  }
  return writeDiagnostics(out, fields.diagnostics, response.diagnostics).finish();
}

/** tfplugin6 `ReadDataSource.Response`. */
export function encodeReadDataSourceResponse(response: ReadDataSourceResponse): Buffer {
  const fields = FIELDS.ReadDataSource_Response;
  const out = new ProtoWriter().message(fields.state, dynamicValueMessage(response.state));
  return writeDiagnostics(out, fields.diagnostics, response.diagnostics).finish();
}

/** tfplugin6 `StopProvider.Response`. */
export function encodeStopProviderResponse(response: StopProviderResponse): Buffer {
  return new ProtoWriter().string(FIELDS.StopProvider_Response.error, response.error).finish();
}

/** grpc.health.v1 `HealthCheckResponse`. */
export function encodeHealthCheckResponse(response: HealthCheckResponse): Buffer {
  return new ProtoWriter().uint(FIELDS.HealthCheckResponse.status, ENUMS.HealthCheckResponse_ServingStatus[response.status]).finish();
}
