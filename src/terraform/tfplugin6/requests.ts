// Decoders of the tfplugin6 requests the provider serves: bytes in, a typed plain object out (with the messages they
// embed: DynamicValue, RawState, ClientCapabilities). Embedded messages are decoded at once; absent message fields
// are undefined, absent scalars proto3's defaults ('' / 0 / false). Field numbers come from fields.ts.
import { ProtoMessage } from '../protobuf';
import { FIELDS } from './fields';

/** tfplugin6 DynamicValue: a value as msgpack (what Terraform sends, and what the provider writes) or as JSON. */
export interface DynamicValue {
  readonly msgpack?: Buffer | undefined;
  readonly json?: Buffer | undefined;
}

/** tfplugin6 RawState: a stored state before upgrade, as JSON (the legacy flatmap form is never read). */
export interface RawState {
  readonly json?: Buffer | undefined;
}

/** tfplugin6 ClientCapabilities: protocol features the calling Terraform supports. */
export interface ClientCapabilities {
  readonly deferralAllowed: boolean;
  readonly writeOnlyAttributesAllowed: boolean;
}

/** tfplugin6 `ValidateProviderConfig.Request`. */
export interface ValidateProviderConfigRequest {
  readonly config?: DynamicValue | undefined;
}

/** tfplugin6 `ConfigureProvider.Request`. */
export interface ConfigureProviderRequest {
  readonly terraformVersion: string;
  readonly config?: DynamicValue | undefined;
  readonly clientCapabilities?: ClientCapabilities | undefined;
}

/** tfplugin6 `ValidateResourceConfig.Request`. */
export interface ValidateResourceConfigRequest {
  readonly typeName: string;
  readonly config?: DynamicValue | undefined;
  readonly clientCapabilities?: ClientCapabilities | undefined;
}

/** tfplugin6 `ValidateDataResourceConfig.Request`. */
export interface ValidateDataResourceConfigRequest {
  readonly typeName: string;
  readonly config?: DynamicValue | undefined;
}

/** tfplugin6 `UpgradeResourceState.Request`: `version` is the schema version recorded in the state. */
export interface UpgradeResourceStateRequest {
  readonly typeName: string;
  readonly version: number;
  readonly rawState?: RawState | undefined;
}

/** tfplugin6 `ReadResource.Request`. */
export interface ReadResourceRequest {
  readonly typeName: string;
  readonly currentState?: DynamicValue | undefined;
  readonly private?: Buffer | undefined;
  readonly providerMeta?: DynamicValue | undefined;
  readonly clientCapabilities?: ClientCapabilities | undefined;
}

/** tfplugin6 `PlanResourceChange.Request`. */
export interface PlanResourceChangeRequest {
  readonly typeName: string;
  readonly priorState?: DynamicValue | undefined;
  readonly proposedNewState?: DynamicValue | undefined;
  readonly config?: DynamicValue | undefined;
  readonly priorPrivate?: Buffer | undefined;
  readonly providerMeta?: DynamicValue | undefined;
  readonly clientCapabilities?: ClientCapabilities | undefined;
}

/** tfplugin6 `ApplyResourceChange.Request`. */
export interface ApplyResourceChangeRequest {
  readonly typeName: string;
  readonly priorState?: DynamicValue | undefined;
  readonly plannedState?: DynamicValue | undefined;
  readonly config?: DynamicValue | undefined;
  readonly plannedPrivate?: Buffer | undefined;
  readonly providerMeta?: DynamicValue | undefined;
}

/** tfplugin6 `ImportResourceState.Request`. */
export interface ImportResourceStateRequest {
  readonly typeName: string;
  readonly id: string;
  readonly clientCapabilities?: ClientCapabilities | undefined;
}

/** tfplugin6 `ReadDataSource.Request`. */
export interface ReadDataSourceRequest {
  readonly typeName: string;
  readonly config?: DynamicValue | undefined;
  readonly providerMeta?: DynamicValue | undefined;
  readonly clientCapabilities?: ClientCapabilities | undefined;
}

/** Reads an embedded DynamicValue (undefined when the field is absent). */
function readDynamicValue(message: ProtoMessage | undefined): DynamicValue | undefined {
  if (message === undefined) return undefined;
  const fields = FIELDS.DynamicValue;
  return { msgpack: message.bytes(fields.msgpack), json: message.bytes(fields.json) };
}

/** Reads an embedded RawState (undefined when the field is absent). */
function readRawState(message: ProtoMessage | undefined): RawState | undefined {
  return message === undefined ? undefined : { json: message.bytes(FIELDS.RawState.json) };
}

/** Reads an embedded ClientCapabilities (undefined when the field is absent). */
function readClientCapabilities(message: ProtoMessage | undefined): ClientCapabilities | undefined {
  if (message === undefined) return undefined;
  const fields = FIELDS.ClientCapabilities;
  return { deferralAllowed: message.bool(fields.deferralAllowed), writeOnlyAttributesAllowed: message.bool(fields.writeOnlyAttributesAllowed) };
}

/** Decodes a `ValidateProviderConfig.Request`. */
export function decodeValidateProviderConfigRequest(bytes: Buffer): ValidateProviderConfigRequest {
  const message = ProtoMessage.decode(bytes);
  return { config: readDynamicValue(message.message(FIELDS.ValidateProviderConfig_Request.config)) };
}

/** Decodes a `ConfigureProvider.Request`. */
export function decodeConfigureProviderRequest(bytes: Buffer): ConfigureProviderRequest {
  const message = ProtoMessage.decode(bytes);
  const fields = FIELDS.ConfigureProvider_Request;
  return {
    terraformVersion: message.string(fields.terraformVersion),
    config: readDynamicValue(message.message(fields.config)),
    clientCapabilities: readClientCapabilities(message.message(fields.clientCapabilities)),
  };
}

/** Decodes a `ValidateResourceConfig.Request`. */
export function decodeValidateResourceConfigRequest(bytes: Buffer): ValidateResourceConfigRequest {
  const message = ProtoMessage.decode(bytes);
  const fields = FIELDS.ValidateResourceConfig_Request;
  return {
    typeName: message.string(fields.typeName),
    config: readDynamicValue(message.message(fields.config)),
    clientCapabilities: readClientCapabilities(message.message(fields.clientCapabilities)),
  };
}

/** Decodes a `ValidateDataResourceConfig.Request`. */
export function decodeValidateDataResourceConfigRequest(bytes: Buffer): ValidateDataResourceConfigRequest {
  const message = ProtoMessage.decode(bytes);
  const fields = FIELDS.ValidateDataResourceConfig_Request;
  return { typeName: message.string(fields.typeName), config: readDynamicValue(message.message(fields.config)) };
}

/** Decodes an `UpgradeResourceState.Request` (the int64 version read as two's complement). */
export function decodeUpgradeResourceStateRequest(bytes: Buffer): UpgradeResourceStateRequest {
  const message = ProtoMessage.decode(bytes);
  const fields = FIELDS.UpgradeResourceState_Request;
  return {
    typeName: message.string(fields.typeName),
    version: Number(BigInt.asIntN(64, message.uint(fields.version))),
    rawState: readRawState(message.message(fields.rawState)),
  };
}

/** Decodes a `ReadResource.Request`. */
export function decodeReadResourceRequest(bytes: Buffer): ReadResourceRequest {
  const message = ProtoMessage.decode(bytes);
  const fields = FIELDS.ReadResource_Request;
  return {
    typeName: message.string(fields.typeName),
    currentState: readDynamicValue(message.message(fields.currentState)),
    private: message.bytes(fields.private),
    providerMeta: readDynamicValue(message.message(fields.providerMeta)),
    clientCapabilities: readClientCapabilities(message.message(fields.clientCapabilities)),
  };
}

/** Decodes a `PlanResourceChange.Request`. */
export function decodePlanResourceChangeRequest(bytes: Buffer): PlanResourceChangeRequest {
  const message = ProtoMessage.decode(bytes);
  const fields = FIELDS.PlanResourceChange_Request;
  return {
    typeName: message.string(fields.typeName),
    priorState: readDynamicValue(message.message(fields.priorState)),
    proposedNewState: readDynamicValue(message.message(fields.proposedNewState)),
    config: readDynamicValue(message.message(fields.config)),
    priorPrivate: message.bytes(fields.priorPrivate),
    providerMeta: readDynamicValue(message.message(fields.providerMeta)),
    clientCapabilities: readClientCapabilities(message.message(fields.clientCapabilities)),
  };
}

/** Decodes an `ApplyResourceChange.Request`. */
export function decodeApplyResourceChangeRequest(bytes: Buffer): ApplyResourceChangeRequest {
  const message = ProtoMessage.decode(bytes);
  const fields = FIELDS.ApplyResourceChange_Request;
  return {
    typeName: message.string(fields.typeName),
    priorState: readDynamicValue(message.message(fields.priorState)),
    plannedState: readDynamicValue(message.message(fields.plannedState)),
    config: readDynamicValue(message.message(fields.config)),
    plannedPrivate: message.bytes(fields.plannedPrivate),
    providerMeta: readDynamicValue(message.message(fields.providerMeta)),
  };
}

/** Decodes an `ImportResourceState.Request`. */
export function decodeImportResourceStateRequest(bytes: Buffer): ImportResourceStateRequest {
  const message = ProtoMessage.decode(bytes);
  const fields = FIELDS.ImportResourceState_Request;
  return {
    typeName: message.string(fields.typeName),
    id: message.string(fields.id),
    clientCapabilities: readClientCapabilities(message.message(fields.clientCapabilities)),
  };
}

/** Decodes a `ReadDataSource.Request`. */
export function decodeReadDataSourceRequest(bytes: Buffer): ReadDataSourceRequest {
  const message = ProtoMessage.decode(bytes);
  const fields = FIELDS.ReadDataSource_Request;
  return {
    typeName: message.string(fields.typeName),
    config: readDynamicValue(message.message(fields.config)),
    providerMeta: readDynamicValue(message.message(fields.providerMeta)),
    clientCapabilities: readClientCapabilities(message.message(fields.clientCapabilities)),
  };
}
