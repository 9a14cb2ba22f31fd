// Pulumi property values (as google.protobuf.Struct JSON, with the engine's secret and unknown markers) ⇄ the core's
// plain values. Secrets arrive wrapped (the plugin accepts secrets) and leave wrapped where the schema says so; the
// unknown marker becomes the core's UNKNOWN and back; undefined entries are dropped (protobuf Structs reject them).
import { formatPath, isUnknown, UNKNOWN, type FieldType, type Fields, type Issue } from '../../core';

/** The text Pulumi passes for a value not known yet at preview (`@pulumi/pulumi/runtime/rpc` `unknownValue`). */
export const UNKNOWN_SENTINEL = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/** The key that marks a special value, and its value for a secret. */
const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

type Props = Record<string, unknown>;
const isObject = (value: unknown): value is Props => typeof value === 'object' && value !== null && !Array.isArray(value);

/** True when `value` is a wrapped secret. */
export function isSecret(value: unknown): value is { readonly value: unknown } {
  return isObject(value) && value[SIG_KEY] === SECRET_SIG;
}

/** `value` as a secret. */
export function secret(value: unknown): Props {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** Engine value → core value: secrets unwrapped, the unknown marker as the core's UNKNOWN, nulls dropped, at any depth. */
export function fromEngine(value: unknown): unknown {
  if (value === UNKNOWN_SENTINEL) return UNKNOWN;
  if (isSecret(value)) return fromEngine(value.value);
  if (Array.isArray(value)) return value.map(fromEngine);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null).map(([key, item]) => [key, fromEngine(item)]));
  return value;
}

/** Engine properties → core fields. */
export function fieldsFromEngine(props: Props | undefined): Props {
  return (fromEngine(props ?? {}) ?? {}) as Props;
}

/** Core fields → engine properties, the schema's sensitive attributes wrapped as secrets. */
export function propertiesToEngine(fields: Fields, values: object): Props {
  const out = toPulumi(values) as Props;
  for (const [name, field] of Object.entries(fields)) {
    if (field.sensitive === true && out[name] !== undefined && out[name] !== null) out[name] = secret(out[name]);
  }
  return out;
}

/** Core value → engine value: {@link UNKNOWN} becomes the sentinel; undefined entries are dropped, at any depth. */
export function toPulumi(value: unknown): unknown {
  if (isUnknown(value)) return UNKNOWN_SENTINEL;
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : toPulumi(item)));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined).map(([key, item]) => [key, toPulumi(item)]));
  }
  return value;
}

/** The user-settable part of a value of `type` (computed attributes dropped at any depth). */
function inputPart(type: FieldType, value: unknown): unknown {
  if (type.kind === 'list' && Array.isArray(value)) return value.map((item) => inputPart(type.of, item));
  if (type.kind === 'object' && isObject(value)) return inputView(type.fields, value);
  return value;
}

/** The inputs a state corresponds to, per the schema (what Read reports so later diffs compare against Consul's values). */
export function inputView(fields: Fields, state: Readonly<Props>): Props {
  const view: Props = {};
  for (const [name, field] of Object.entries(fields)) {
    if (field.mode !== 'computed' && state[name] !== undefined) view[name] = inputPart(field.type, state[name]);
  }
  return view;
}

/** An empty value where a secret is required: what a StackReference yields for an output it could not decrypt. */
const isEmptySecret = (value: unknown): boolean => value === '' || (isObject(value) && Object.keys(value).length === 0);

/** Core issues → check failures (property path + reason); an empty secret gets the StackReference explanation. */
export function issueFailures(fields: Fields, issues: readonly Issue[], values: Readonly<Props>): { property: string; reason: string }[] {
  return issues.map((issue) => {
    const name = issue.path[0];
    const field = typeof name === 'string' && issue.path.length === 1 ? fields[name] : undefined;
    const hint = field?.sensitive === true && isEmptySecret(values[name as string])
      ? ' (it is empty: a StackReference output that the referencing stack cannot decrypt arrives empty, '
        + 'so both stacks must use the same secrets provider or passphrase, and the referenced stack must have been deployed)'
      : '';
    return { property: formatPath(issue.path), reason: `${issue.message}${hint}` };
  });
}
