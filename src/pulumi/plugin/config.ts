// The provider's configuration: the core's provider settings, from an explicit `pulumi:providers:consulpeering`
// (typed inputs) or the stack config `consulpeering:<name>` of the default provider (strings). CheckConfig reports a
// bad setting by name before anything runs; each setting falls back to Consul's CONSUL_* variables.
import { resolveConsulConfig, type ConsulSettings } from '../../consul/config';
import { ConsulConfigError } from '../../consul/errors';
import { camelCase, CONNECTION_SETTING_NAMES, PASSPHRASE_ENV, passphraseProblem, PROVIDER_SETTINGS, sameValue, type ProviderSettingName } from '../../core';
import { fieldsFromEngine } from './properties';
import { PACKAGE_NAME } from '../package-schema';

/** The settings a configured provider works with. */
export interface PluginSettings {
  readonly connection: ConsulSettings;
  /** Opens sealed tokens (and seals generated ones); from the setting, then CONSUL_PEERING_TOKEN_PASSPHRASE. */
  readonly passphrase?: string | undefined;
}

/** A problem with one property, as CheckConfig and Check report it. */
export interface PropertyFailure {
  readonly property: string;
  readonly reason: string;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Go-style boolean text (as Pulumi config stores booleans) → boolean; anything else → undefined. */
export function parseBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  return undefined;
}

/** Connection settings from provider inputs (typed values or stack-config text); empty values are left unset. */
export function toSettings(source: Readonly<Record<string, unknown>>): ConsulSettings {
  const settings: Writable<ConsulSettings> = {};
  for (const name of CONNECTION_SETTING_NAMES) {
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

/** Keys the engine adds to provider inputs that are not settings. */
const ENGINE_KEYS = new Set(['version', 'pluginDownloadURL']);

const isSetting = (name: string): name is ProviderSettingName => Object.hasOwn(PROVIDER_SETTINGS, name);

/** Every problem with the provider's inputs, each named by its setting; none means Configure will accept them. */
export function checkSettings(props: Readonly<Record<string, unknown>> | undefined): PropertyFailure[] {
  const values = fieldsFromEngine(props as Record<string, unknown>);
  const failures: PropertyFailure[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (ENGINE_KEYS.has(name) || name.startsWith('__') || value === undefined) continue;
    if (!isSetting(name)) {
      failures.push({ property: name, reason: `is not a setting of the ${PACKAGE_NAME} provider; use one of ${Object.keys(PROVIDER_SETTINGS).join(', ')}` });
    } else if (PROVIDER_SETTINGS[name].type.kind === 'bool' ? parseBool(value) === undefined : typeof value !== 'string') {
      failures.push({ property: name, reason: PROVIDER_SETTINGS[name].type.kind === 'bool' ? 'must be true or false' : `must be a string, got ${typeof value}` });
    }
  }
  if (failures.length > 0) return failures;
  const settings = settingsOf(values);
  const weak = settings.passphrase === undefined ? undefined : passphraseProblem(settings.passphrase);
  if (weak !== undefined) failures.push({ property: 'peeringTokenPassphrase', reason: weak });
  try {
    resolveConsulConfig(settings.connection);
  } catch (error) {
    if (!(error instanceof ConsulConfigError)) throw error;
    failures.push({ property: camelCase(error.setting), reason: error.message });
  }
  return failures;
}

/** Whether new provider inputs change what the provider does (no setting ever replaces the provider's resources). */
export function settingsChanged(olds: Readonly<Record<string, unknown>> | undefined, news: Readonly<Record<string, unknown>> | undefined): boolean {
  const relevant = (props: Readonly<Record<string, unknown>> | undefined) => Object.fromEntries(
    Object.entries(fieldsFromEngine(props as Record<string, unknown>)).filter(([name]) => isSetting(name)),
  );
  return !sameValue(relevant(olds), relevant(news));
}

/** The settings of checked provider inputs (typed values or stack-config text); empty values are left unset. */
export function settingsOf(values: Readonly<Record<string, unknown>>): PluginSettings {
  const passphrase = values['peeringTokenPassphrase'];
  return {
    connection: toSettings(values),
    passphrase: typeof passphrase === 'string' && passphrase !== '' ? passphrase : process.env[PASSPHRASE_ENV] || undefined,
  };
}

/** Provider inputs from Configure's `variables` (`consulpeering:address` → `address`), for engines that send no args. */
export function valuesFromVariables(variables: ReadonlyMap<string, string> | Iterable<[string, string]>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of variables) {
    const prefix = [`${PACKAGE_NAME}:config:`, `${PACKAGE_NAME}:`].find((candidate) => key.startsWith(candidate)) ?? '';
    const name = key.slice(prefix.length);
    values[name] = value;
  }
  return values;
}
