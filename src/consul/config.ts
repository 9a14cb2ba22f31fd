import { readFileSync } from 'node:fs';
import { ConsulConfigError } from './errors';

/** Connection settings as users write them (Terraform provider block / Pulumi config), all optional. */
export interface ConsulSettings {
  /** `host:port`, `http(s)://host:port` or `unix:///path`; falls back to `CONSUL_HTTP_ADDR`, then `127.0.0.1:8500`. */
  readonly address?: string | undefined;
  /** ACL token sent as `X-Consul-Token`; falls back to `CONSUL_HTTP_TOKEN`, then `CONSUL_HTTP_TOKEN_FILE`. */
  readonly token?: string | undefined;
  /** File holding the ACL token; falls back to `CONSUL_HTTP_TOKEN_FILE`. */
  readonly tokenFile?: string | undefined;
  /** `http` or `https`; falls back to the address prefix, then `CONSUL_HTTP_SSL`. */
  readonly scheme?: string | undefined;
  /** PEM file of the CA that signed Consul's certificate; falls back to `CONSUL_CACERT`. */
  readonly caFile?: string | undefined;
  /** PEM text of the CA (instead of `caFile`). */
  readonly caPem?: string | undefined;
  /** Client certificate PEM file for mutual TLS; falls back to `CONSUL_CLIENT_CERT`. */
  readonly certFile?: string | undefined;
  /** Client key PEM file for mutual TLS; falls back to `CONSUL_CLIENT_KEY`. */
  readonly keyFile?: string | undefined;
  /** Skip TLS certificate verification; falls back to `CONSUL_HTTP_SSL_VERIFY=false`. */
  readonly insecureHttps?: boolean | undefined;
  /** Datacenter sent as `?dc=` where Consul honours it. */
  readonly datacenter?: string | undefined;
  /** Admin partition (Enterprise); falls back to `CONSUL_PARTITION`. */
  readonly partition?: string | undefined;
  /** Namespace (Enterprise); falls back to `CONSUL_NAMESPACE`. */
  readonly namespace?: string | undefined;
}

/** TLS material loaded from the settings. */
export interface ConsulTlsConfig {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly rejectUnauthorized: boolean;
}

/** Settings after environment fallback, parsing and file loading: ready to open connections. */
export interface ConsulConnectionConfig {
  /** `http://host:port` or `https://host:port` (for a unix socket: `http://localhost`). */
  readonly baseUrl: string;
  /** Path of a unix socket when the address was `unix://…`. */
  readonly socketPath?: string;
  readonly token?: string;
  readonly tls: ConsulTlsConfig;
  readonly datacenter?: string;
  readonly partition?: string;
  readonly namespace?: string;
  /** Where `partition` came from: the `partition` setting or `CONSUL_PARTITION` (named in messages). */
  readonly partitionSource?: string;
  /** Where `namespace` came from: the `namespace` setting or `CONSUL_NAMESPACE`. */
  readonly namespaceSource?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** A value and the name of the place it came from (setting or environment variable). */
interface Sourced<T> {
  readonly value: T;
  readonly source: string;
}

/** Resolves settings with Consul's environment variables as fallback; throws {@link ConsulConfigError} naming the setting. */
export function resolveConsulConfig(settings: ConsulSettings = {}, env: Env = process.env): ConsulConnectionConfig {
  const pick = (setting: string, value: string | undefined, envName: string): Sourced<string> | undefined => {
    if (value !== undefined && value !== '') return { value, source: setting };
    const fromEnv = env[envName];
    return fromEnv !== undefined && fromEnv !== '' ? { value: fromEnv, source: envName } : undefined;
  };

  const address = pick('address', settings.address, 'CONSUL_HTTP_ADDR') ?? { value: '127.0.0.1:8500', source: 'address' };
  const ssl = envBool(env, 'CONSUL_HTTP_SSL', 'scheme');
  const scheme = settings.scheme === undefined || settings.scheme === '' ? undefined : settings.scheme;
  const target = parseAddress(address, scheme ?? (ssl === true ? 'https' : undefined));

  const verify = envBool(env, 'CONSUL_HTTP_SSL_VERIFY', 'insecure_https');
  const insecure = settings.insecureHttps ?? (verify === undefined ? false : !verify);
  const ca = settings.caPem !== undefined && settings.caPem !== ''
    ? checkPem({ value: settings.caPem, source: 'ca_pem' }, 'ca_pem', 'CERTIFICATE')
    : readPem(pick('ca_file', settings.caFile, 'CONSUL_CACERT'), 'ca_file', 'CERTIFICATE');
  const cert = readPem(pick('cert_file', settings.certFile, 'CONSUL_CLIENT_CERT'), 'cert_file', 'CERTIFICATE');
  const key = readPem(pick('key_file', settings.keyFile, 'CONSUL_CLIENT_KEY'), 'key_file', 'PRIVATE KEY');
  if ((cert === undefined) !== (key === undefined)) {
    const missing = cert === undefined ? 'cert_file' : 'key_file';
    throw new ConsulConfigError(missing, undefined, 'a client certificate needs both cert_file and key_file; only one is set');
  }

  const token = pick('token', settings.token, 'CONSUL_HTTP_TOKEN')?.value
    ?? readToken(pick('token_file', settings.tokenFile, 'CONSUL_HTTP_TOKEN_FILE'));
  const partition = pick('partition', settings.partition, 'CONSUL_PARTITION');
  const namespace = pick('namespace', settings.namespace, 'CONSUL_NAMESPACE');
  const datacenter = settings.datacenter === '' ? undefined : settings.datacenter;

  return {
    baseUrl: target.baseUrl,
    ...(target.socketPath === undefined ? {} : { socketPath: target.socketPath }),
    ...(token === undefined ? {} : { token }),
    tls: {
      rejectUnauthorized: !insecure,
      ...(ca === undefined ? {} : { ca }),
      ...(cert === undefined ? {} : { cert }),
      ...(key === undefined ? {} : { key }),
    },
    ...(datacenter === undefined ? {} : { datacenter }),
    ...(partition === undefined ? {} : { partition: partition.value, partitionSource: partition.source }),
    ...(namespace === undefined ? {} : { namespace: namespace.value, namespaceSource: namespace.source }),
  };
}

function parseAddress(address: Sourced<string>, scheme: string | undefined): { baseUrl: string; socketPath?: string } {
  const raw = address.value.trim();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    throw new ConsulConfigError('scheme', undefined, `must be "http" or "https", got "${scheme}"`);
  }
  if (raw.startsWith('unix://')) {
    const socketPath = raw.slice('unix://'.length);
    if (socketPath === '') throw new ConsulConfigError('address', address.source, `"${raw}" names no socket path`);
    return { baseUrl: 'http://localhost', socketPath };
  }
  const prefixed = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw);
  let url: URL;
  try {
    url = new URL(prefixed ? raw : `${scheme ?? 'http'}://${raw}`);
  } catch {
    throw invalidAddress(address, raw);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidAddress(address, raw);
  if (url.hostname === '' || (url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.username !== '') {
    throw invalidAddress(address, raw);
  }
  const protocol = prefixed ? url.protocol : `${scheme ?? 'http'}:`;
  return { baseUrl: `${protocol}//${url.host}` };
}

function invalidAddress(address: Sourced<string>, raw: string): ConsulConfigError {
  return new ConsulConfigError('address', address.source,
    `"${raw}" is not a Consul address; expected host:port, http://host:port, https://host:port or unix:///path/to/socket`);
}

function readPem(file: Sourced<string> | undefined, setting: string, label: string): string | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file.value, 'utf8');
  } catch (error) {
    throw new ConsulConfigError(setting, file.source, `cannot read file "${file.value}": ${fsReason(error)}`);
  }
  return checkPem({ value: text, source: file.source }, setting, label, file.value);
}

function checkPem(pem: Sourced<string>, setting: string, label: string, file?: string): string {
  if (!pem.value.includes('-----BEGIN ') || !pem.value.includes(label)) {
    const what = file === undefined ? 'the value' : `file "${file}"`;
    throw new ConsulConfigError(setting, pem.source, `${what} holds no PEM ${label.toLowerCase()}`);
  }
  return pem.value;
}

function readToken(file: Sourced<string> | undefined): string | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file.value, 'utf8').trim();
  } catch (error) {
    throw new ConsulConfigError('token_file', file.source, `cannot read token file "${file.value}": ${fsReason(error)}`);
  }
  if (text === '') throw new ConsulConfigError('token_file', file.source, `token file "${file.value}" is empty`);
  return text;
}

function fsReason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}

/** Go's strconv.ParseBool, which Consul uses for its boolean environment variables. */
function envBool(env: Env, name: string, setting: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  throw new ConsulConfigError(setting, name, `must be true or false, got "${raw}"`);
}
