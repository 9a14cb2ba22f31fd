import { formatPath, isUnknown, UNKNOWN, type FieldSpec, type FieldType, type Issue, type ResourceSchema } from '../core';
import type { CheckFailure } from './settings';

// Translation between what Pulumi's dynamic-provider server hands over (plain JSON with a sentinel string for values
// not known yet, `__provider` and `connection` beside the attributes) and what the core works with.

/** The text Pulumi passes for a value not known yet at preview (`@pulumi/pulumi/runtime/rpc` `unknownValue`). */
export const UNKNOWN_SENTINEL = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/** The reserved property holding the serialized provider. */
export const PROVIDER_KEY = '__provider';

/** The property holding a resource's own connection settings. */
export const CONNECTION_KEY = 'connection';
/** The hidden input with the program's permission-preflight answer (see preflight.ts); never part of a resource's state. */
export const PREFLIGHT_KEY = '__preflight';

/** A resource's properties as the adapter sees them: the core's attributes, the connection, the provider text. */
export interface SplitProps {
  /** Attributes for the core (Pulumi's unknowns translated to {@link UNKNOWN}). */
  readonly fields: Record<string, unknown>;
  /** The `connection` value as Pulumi sent it (undefined when the resource has none). */
  readonly connection: unknown;
  readonly provider: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Pulumi value → core value: the unknown sentinel becomes {@link UNKNOWN}, at any depth. */
export function fromPulumi(value: unknown): unknown {
  if (value === UNKNOWN_SENTINEL) return UNKNOWN;
  if (Array.isArray(value)) return value.map(fromPulumi);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromPulumi(item)]));
  return value;
}

/** Core value → Pulumi value: {@link UNKNOWN} becomes the sentinel; undefined entries are dropped (protobuf Structs reject them). */
export function toPulumi(value: unknown): unknown {
  if (isUnknown(value)) return UNKNOWN_SENTINEL;
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : toPulumi(item)));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined).map(([key, item]) => [key, toPulumi(item)]));
  }
  return value;
}

/** Splits Pulumi's properties (inputs or stored outputs) into the core's attributes, the connection and the provider text. */
export function splitProps(props: Readonly<Record<string, unknown>> | undefined): SplitProps {
  const { [PROVIDER_KEY]: provider, [CONNECTION_KEY]: connection, [PREFLIGHT_KEY]: _preflight, ...fields } = props ?? {};
  return { fields: fromPulumi(fields) as Record<string, unknown>, connection, provider };
}

/** The properties Pulumi stores: every attribute of the state (inputs repeated), plus the connection when the resource has one. */
export function outputsOf(state: object, connection: unknown): Record<string, unknown> {
  return toPulumi({ ...state, ...(connection === undefined || connection === null ? {} : { [CONNECTION_KEY]: connection }) }) as Record<string, unknown>;
}

/** The user-settable part of a value of `type` (computed attributes dropped at any depth). */
function inputPart(type: FieldType, value: unknown): unknown {
  if (type.kind === 'list' && Array.isArray(value)) return value.map((item) => inputPart(type.of, item));
  if (type.kind === 'object' && isObject(value)) return inputView(type.fields, value);
  return value;
}

/** The inputs a state corresponds to, per the schema (what `read` reports so later diffs compare against Consul's values). */
export function inputView(fields: Readonly<Record<string, FieldSpec>>, state: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    if (field.mode !== 'computed' && state[name] !== undefined) view[name] = inputPart(field.type, state[name]);
  }
  return view;
}

/** The inputs for Pulumi after a read: the input view of the state, plus the connection. */
export function inputsOf(schema: ResourceSchema, state: object, connection: unknown): Record<string, unknown> {
  return outputsOf(inputView(schema.fields, state as Record<string, unknown>), connection);
}

/** An empty value where a secret is required: what a StackReference yields for an output it could not decrypt. */
const isEmptySecret = (value: unknown): boolean => value === '' || (isObject(value) && Object.keys(value).length === 0);

/** Core issues → Pulumi check failures (property path + reason); an empty secret gets the StackReference explanation. */
export function issueFailures(schema: ResourceSchema, issues: readonly Issue[], fields: Readonly<Record<string, unknown>>): CheckFailure[] {
  return issues.map((issue) => {
    const name = issue.path[0];
    const field = typeof name === 'string' && issue.path.length === 1 ? schema.fields[name] : undefined;
    const hint = field?.sensitive === true && isEmptySecret(fields[name as string])
      ? ' (it is empty: a StackReference output that the referencing stack cannot decrypt arrives empty, '
        + 'so both stacks must use the same secrets provider or passphrase, and the referenced stack must have been deployed)'
      : '';
    return { property: formatPath(issue.path), reason: `${issue.message}${hint}` };
  });
}
