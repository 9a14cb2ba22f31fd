// Pulumi property values (as google.protobuf.Struct JSON, with the engine's secret and unknown markers) ⇄ the core's
// plain values. Secrets arrive wrapped (the plugin accepts secrets) and leave wrapped where the schema says so; the
// unknown marker and undefined entries are translated as for every Pulumi value (../wire.ts).
import { UNKNOWN, type Fields } from '../../core';
import { toPulumi, UNKNOWN_SENTINEL } from '../wire';

export { inputView } from '../wire';

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
