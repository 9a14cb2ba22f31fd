// The provider settings, declared once: the Terraform `provider "consulpeering"` block, the Pulumi provider
// configuration and the docs are derived from this list. The client (src/consul/config.ts) resolves them, with the
// same environment fallbacks.
import type { ConsulSettings } from '../consul';
import type { FieldSpec } from './schema';

/** One provider setting: its type, whether it is a secret, the environment variables it falls back to, its doc. */
export interface SettingSpec {
  readonly type: { readonly kind: 'string' } | { readonly kind: 'bool' };
  readonly description: string;
  /** A secret: sensitive in Terraform, a secret in Pulumi config and state. */
  readonly secret?: boolean;
  /** Environment variables read when the setting is unset, in order. */
  readonly env: readonly string[];
}

const string = (description: string, env: readonly string[], secret = false): SettingSpec => ({ type: { kind: 'string' }, description, env, ...(secret ? { secret } : {}) });

/** Every provider setting by camelCase name (Terraform uses the snake_case of the same names). */
export const PROVIDER_SETTINGS = {
  address: string('Consul HTTP API address: `host:port`, `http(s)://host:port` or `unix:///path`. Default: `CONSUL_HTTP_ADDR`, then `127.0.0.1:8500`.', ['CONSUL_HTTP_ADDR']),
  token: string('ACL token. Default: `CONSUL_HTTP_TOKEN`, then the file named by `token_file` or `CONSUL_HTTP_TOKEN_FILE`.', ['CONSUL_HTTP_TOKEN'], true),
  tokenFile: string('File holding the ACL token (used when `token` is unset). Default: `CONSUL_HTTP_TOKEN_FILE`.', ['CONSUL_HTTP_TOKEN_FILE']),
  scheme: string('`http` or `https`. Default: the address prefix, then `CONSUL_HTTP_SSL`.', ['CONSUL_HTTP_SSL']),
  caFile: string('PEM file of the CA that signed Consul\'s certificate. Default: `CONSUL_CACERT`.', ['CONSUL_CACERT']),
  caPem: string('PEM text of that CA (instead of `ca_file`).', []),
  certFile: string('Client certificate PEM file for mutual TLS. Default: `CONSUL_CLIENT_CERT`.', ['CONSUL_CLIENT_CERT']),
  keyFile: string('Client key PEM file for mutual TLS. Default: `CONSUL_CLIENT_KEY`.', ['CONSUL_CLIENT_KEY']),
  insecureHttps: { type: { kind: 'bool' }, description: 'Skip TLS certificate verification. Default: `CONSUL_HTTP_SSL_VERIFY=false`.', env: ['CONSUL_HTTP_SSL_VERIFY'] },
  datacenter: string('Datacenter for the requests where Consul honours it.', []),
  partition: string('Admin partition (Consul Enterprise). Default: `CONSUL_PARTITION`.', ['CONSUL_PARTITION']),
  namespace: string('Namespace (Consul Enterprise). Default: `CONSUL_NAMESPACE`.', ['CONSUL_NAMESPACE']),
  peeringTokenPassphrase: string('Passphrase (16 characters or more) that seals the peering tokens this provider generates, so that state, plans and '
    + 'remote-state outputs hold them only encrypted, and opens sealed tokens given to a peering. Give both sides the same one. '
    + 'Default: `CONSUL_PEERING_TOKEN_PASSPHRASE`.', ['CONSUL_PEERING_TOKEN_PASSPHRASE'], true),
} as const satisfies { readonly [K in keyof Required<ConsulSettings>]: SettingSpec } & { readonly peeringTokenPassphrase: SettingSpec };

/** The name of a provider setting (camelCase). */
export type ProviderSettingName = keyof typeof PROVIDER_SETTINGS;

/** The connection settings the Consul client takes (every setting but the token passphrase). */
export const CONNECTION_SETTING_NAMES = (Object.keys(PROVIDER_SETTINGS) as ProviderSettingName[])
  .filter((name): name is Exclude<ProviderSettingName, 'peeringTokenPassphrase'> => name !== 'peeringTokenPassphrase');

/** The settings as optional attributes (for adapters that describe them with the resource field vocabulary). */
export function settingFields(): Readonly<Record<ProviderSettingName, FieldSpec>> {
  return Object.fromEntries(Object.entries(PROVIDER_SETTINGS).map(([name, setting]) => [name, {
    type: setting.type, mode: 'optional', description: setting.description, ...('secret' in setting && setting.secret ? { sensitive: true } : {}),
  } satisfies FieldSpec])) as Record<ProviderSettingName, FieldSpec>;
}
