import { ConsulConfigError, resolveConsulConfig, type ConsulSettings } from '../consul';
import { camelCase, CONNECTION_SETTING_NAMES, containsUnknown, PROVIDER_SETTINGS } from '../core';

/** Stack-config namespace of the provider settings: `pulumi config set consul-peering:address ...`. */
export const CONFIG_NAMESPACE = 'consul-peering';

/** Every connection setting of the core's provider settings, in the camelCase Pulumi uses (Terraform: the snake_case). */
export const SETTING_NAMES = CONNECTION_SETTING_NAMES;

const isBoolSetting = (name: string): boolean => PROVIDER_SETTINGS[name as keyof typeof PROVIDER_SETTINGS]?.type.kind === 'bool';

/** A problem with one property, as Pulumi's `check` reports it. */
export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

/** What a dynamic provider's `configure` receives: the whole stack configuration. */
export interface StackConfig {
  get(key: string): string | undefined;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Go-style boolean text (as Pulumi config stores booleans) → boolean; anything else → undefined. */
export function parseBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  return undefined;
}

/** Settings from a plain object (a resource's `connection`, or values read from config); empty values are left unset. */
export function toSettings(source: Readonly<Record<string, unknown>>): ConsulSettings {
  const settings: Writable<ConsulSettings> = {};
  for (const name of SETTING_NAMES) {
    const value = source[name];
    if (value === undefined || value === null || value === '') continue;
    if (name === 'insecureHttps') {
      const flag = parseBool(value);
      if (flag !== undefined) settings[name] = flag;
    } else if (typeof value === 'string') {
      settings[name] = value;
    }
  }
  return settings;
}

/** The provider settings of the stack config: the connection settings and the token passphrase (a secret). */
export interface ProviderConfig extends ConsulSettings {
  readonly peeringTokenPassphrase?: string | undefined;
}

/** The provider settings held in stack config under `consul-peering:` (read by the provider's `configure`). */
export function settingsFromConfig(config: StackConfig): ProviderConfig {
  const values: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) values[name] = config.get(`${CONFIG_NAMESPACE}:${name}`);
  const passphrase = config.get(`${CONFIG_NAMESPACE}:${PASSPHRASE_SETTING}`);
  return { ...toSettings(values), ...(passphrase === undefined || passphrase === '' ? {} : { peeringTokenPassphrase: passphrase }) };
}

/** The provider setting holding the token passphrase (stack config `consul-peering:peeringTokenPassphrase`). */
export const PASSPHRASE_SETTING = 'peeringTokenPassphrase' satisfies keyof typeof PROVIDER_SETTINGS;

/** The settings one operation uses: the resource's own `connection` when given, else the configured ones (then the environment). */
export function settingsFor(connection: unknown, configured: ProviderConfig | undefined): ConsulSettings {
  if (isObject(connection)) return toSettings(connection);
  const { peeringTokenPassphrase: _passphrase, ...settings } = configured ?? {};
  return settings;
}

/**
 * Problems with the connection settings a resource will use, found without any request: unknown setting names,
 * wrong types, and whatever the client's own resolution rejects (address, scheme, PEM files, environment values).
 */
export function connectionFailures(connection: unknown, configured: ConsulSettings | undefined): CheckFailure[] {
  if (containsUnknown(connection)) return [];
  const failures: CheckFailure[] = [];
  if (connection !== undefined && connection !== null) {
    if (!isObject(connection)) return [{ property: 'connection', reason: 'must be an object of connection settings (address, token, ...)' }];
    for (const [key, value] of Object.entries(connection)) {
      if (value === undefined || value === null) continue;
      if (!(SETTING_NAMES as readonly string[]).includes(key)) {
        failures.push({ property: `connection.${key}`, reason: `is not a connection setting; use one of ${SETTING_NAMES.join(', ')}` });
      } else if (isBoolSetting(key) ? parseBool(value) === undefined : typeof value !== 'string') {
        failures.push({ property: `connection.${key}`, reason: isBoolSetting(key) ? 'must be true or false' : `must be a string, got ${typeof value}` });
      }
    }
  }
  if (failures.length > 0) return failures;
  try {
    resolveConsulConfig(settingsFor(connection, configured));
  } catch (error) {
    if (!(error instanceof ConsulConfigError)) throw error;
    const property = isObject(connection) ? `connection.${camelCase(error.setting)}` : 'connection';
    failures.push({ property, reason: error.message });
  }
  return failures;
}
