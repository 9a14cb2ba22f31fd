// The jwt-provider config entry (CE): a JSON Web Key Set (local or remote), where the token is found, how it is
// forwarded, and claim checks' defaults. Intentions reference providers by name (see graph.ts).
import { goParseRequestUriError } from './go-url';
import { goQuote, multiError } from './go-text';
import { metaProblems } from './meta';
import { bool, bytes, duration, enterpriseMeta, f, hashField, int, ptr, raftIndexField, slice, str, stringMap, struct } from './schema';
import type { GoStruct, KindSpec } from './types';

const retryBackOff = struct('RetryPolicyBackOff', [
  f('BaseInterval', duration, 'omitempty', { aliases: ['base_interval'] }),
  f('MaxInterval', duration, 'omitempty', { aliases: ['max_interval'] }),
]);

const retryPolicy = struct('JWKSRetryPolicy', [
  f('NumRetries', int, 'omitempty', { aliases: ['num_retries'] }),
  f('RetryPolicyBackOff', ptr(retryBackOff), 'omitempty', { aliases: ['retry_policy_back_off'] }),
]);

const providerInstance = struct('JWKSTLSCertProviderInstance', [
  f('InstanceName', str(), 'omitempty', { aliases: ['instance_name'] }),
  f('CertificateName', str(), 'omitempty', { aliases: ['certificate_name'] }),
]);

const trustedCa = struct('JWKSTLSCertTrustedCA', [
  f('Filename', str(), 'omitempty', { aliases: ['filename'] }),
  f('EnvironmentVariable', str(), 'omitempty', { aliases: ['environment_variable'] }),
  f('InlineString', str(), 'omitempty', { aliases: ['inline_string'] }),
  f('InlineBytes', bytes, 'omitempty', { aliases: ['inline_bytes'] }),
]);

const tlsCertificates = struct('JWKSTLSCertificate', [
  f('CaCertificateProviderInstance', ptr(providerInstance), 'omitempty', { aliases: ['ca_certificate_provider_instance'] }),
  f('TrustedCA', ptr(trustedCa), 'omitempty', { aliases: ['trusted_ca'] }),
]);

const jwksCluster = struct('JWKSCluster', [
  f('DiscoveryType', str('structs.ClusterDiscoveryType'), 'omitempty', { aliases: ['discovery_type'] }),
  f('TLSCertificates', ptr(tlsCertificates), 'omitempty', { aliases: ['tls_certificates'] }),
  f('ConnectTimeout', duration, 'omitempty', { aliases: ['connect_timeout'] }),
]);

const remoteJwks = struct('RemoteJWKS', [
  f('URI', str(), 'omitempty'),
  f('RequestTimeoutMs', int, 'omitempty', { aliases: ['request_timeout_ms'] }),
  f('CacheDuration', duration, 'omitempty', { aliases: ['cache_duration'] }),
  f('FetchAsynchronously', bool, 'omitempty', { aliases: ['fetch_asynchronously'] }),
  f('UseSNI', bool, 'omitempty', { aliases: ['use_sni'] }),
  f('RetryPolicy', ptr(retryPolicy), 'omitempty', { aliases: ['retry_policy'] }),
  f('JWKSCluster', ptr(jwksCluster), 'omitempty', { aliases: ['jwks_cluster'] }),
]);

const localJwks = struct('LocalJWKS', [f('JWKS', str(), 'omitempty'), f('Filename', str(), 'omitempty')]);

const keySet = struct('JSONWebKeySet', [f('Local', ptr(localJwks), 'omitempty'), f('Remote', ptr(remoteJwks), 'omitempty')]);

const named = (goName: string): ReturnType<typeof struct> => struct(goName, [f('Name', str(), 'omitempty')]);

const location = struct('JWTLocation', [
  f('Header', ptr(struct('JWTLocationHeader', [
    f('Name', str(), 'omitempty'),
    f('ValuePrefix', str(), 'omitempty', { aliases: ['value_prefix'] }),
    f('Forward', bool, 'omitempty'),
  ])), 'omitempty'),
  f('QueryParam', ptr(named('JWTLocationQueryParam')), 'omitempty', { aliases: ['query_param'] }),
  f('Cookie', ptr(named('JWTLocationCookie')), 'omitempty'),
]);

const forwarding = struct('JWTForwardingConfig', [
  f('HeaderName', str(), 'omitempty', { aliases: ['header_name'] }),
  f('PadForwardPayloadHeader', bool, 'always', { aliases: ['pad_forward_payload_header'] }),
]);

const jwtProviderEntry = struct('JWTProviderConfigEntry', [
  f('Kind', str(), 'omitempty'),
  f('Name', str(), 'omitempty'),
  f('JSONWebKeySet', ptr(keySet), 'omitempty', { aliases: ['json_web_key_set'] }),
  f('Issuer', str(), 'omitempty'),
  f('Audiences', slice(str()), 'omitempty'),
  f('Locations', slice(ptr(location)), 'omitempty'),
  f('Forwarding', ptr(forwarding), 'omitempty'),
  f('ClockSkewSeconds', int, 'omitempty', { aliases: ['clock_skew_seconds'] }),
  f('CacheConfig', ptr(struct('JWTCacheConfig', [f('Size', int, 'omitempty')])), 'omitempty', { aliases: ['cache_config'] }),
  f('Meta', stringMap, 'omitempty'),
  hashField,
  enterpriseMeta,
  raftIndexField,
]);

const DISCOVERY_TYPES = new Set(['STRICT_DNS', 'STATIC', 'LOGICAL_DNS', 'EDS', 'ORIGINAL_DST']);

type Maybe = GoStruct | null;
const exactlyOne = (...present: boolean[]): boolean => present.filter(Boolean).length === 1;

/** Go's base64.StdEncoding.DecodeString accepts it (padding required, CR/LF ignored). */
function isStdBase64(text: string): boolean {
  return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text.replace(/[\r\n]/g, ''));
}

function validateLocal(local: GoStruct): string | null {
  const jwks = local['JWKS'] as string;
  if (!exactlyOne(local['Filename'] !== '', jwks !== '')) return 'must specify exactly one of String or filename for local keyset';
  if (jwks !== '' && !isStdBase64(jwks)) return 'JWKS must be valid base64 encoded string';
  return null;
}

function validateCluster(cluster: GoStruct): string | null {
  const discovery = cluster['DiscoveryType'] as string;
  if (discovery !== '' && !DISCOVERY_TYPES.has(discovery)) return `unsupported jwks cluster discovery type: ${goQuote(discovery)}`;
  const tls = cluster['TLSCertificates'] as Maybe;
  if (!tls) return null;
  const trusted = tls['TrustedCA'] as Maybe;
  if (!exactlyOne(tls['CaCertificateProviderInstance'] !== null, trusted !== null)) {
    return "must specify exactly one of: CaCertificateProviderInstance or TrustedCA for JKWS' TLSCertificates";
  }
  if (trusted) {
    const inline = trusted['InlineBytes'];
    const set = [trusted['Filename'] !== '', trusted['EnvironmentVariable'] !== '', trusted['InlineString'] !== '', Array.isArray(inline) && inline.length > 0];
    if (!exactlyOne(...set)) return "must specify exactly one of: Filename, EnvironmentVariable, InlineString or InlineBytes for JWKS' TrustedCA";
  }
  return null;
}

function validateRemote(remote: GoStruct): string | null {
  const uri = remote['URI'] as string;
  if (uri === '') return 'Remote JWKS URI is required';
  const parseError = goParseRequestUriError(uri);
  if (parseError) return `Remote JWKS URI is invalid: ${parseError}, uri: ${uri}`;
  const backOff = (remote['RetryPolicy'] as Maybe)?.['RetryPolicyBackOff'] as Maybe | undefined;
  if (backOff) {
    const [base, max] = [backOff['BaseInterval'] as number, backOff['MaxInterval'] as number];
    if (max !== 0 && base > max) return "retry policy backoff's MaxInterval should be greater or equal to BaseInterval";
  }
  const cluster = remote['JWKSCluster'] as Maybe;
  return cluster ? validateCluster(cluster) : null;
}

function validateLocation(loc: GoStruct): string | null {
  const [header, query, cookie] = [loc['Header'] as Maybe, loc['QueryParam'] as Maybe, loc['Cookie'] as Maybe];
  if (!exactlyOne(header !== null, query !== null, cookie !== null)) return 'must set exactly one of: JWT location header, query param or cookie';
  if (header) return header['Name'] === '' ? 'JWT location header name must be specified' : null;
  if (cookie) return cookie['Name'] === '' ? 'JWT location cookie name must be specified' : null;
  return (query as GoStruct)['Name'] === '' ? 'JWT location query param name must be specified' : null;
}

function locations(entry: GoStruct): Maybe[] {
  return Array.isArray(entry['Locations']) ? (entry['Locations'] as Maybe[]) : [];
}

/** jwt-provider: decoding schema, normalisation (ClockSkewSeconds defaults to 30) and validation. */
export const jwtProviderSpec: KindSpec = {
  kind: 'jwt-provider',
  type: jwtProviderEntry,
  kindFirst: false,
  unsupported(entry) {
    const at = locations(entry).findIndex((loc) => loc === null);
    return at < 0 ? null : `emulator: Locations[${at}] is null (real Consul drops the connection without an answer)`;
  },
  normalize(entry) {
    entry['Kind'] = 'jwt-provider';
    if (entry['ClockSkewSeconds'] === 0) entry['ClockSkewSeconds'] = 30;
    return null;
  },
  validate(entry) {
    if (entry['Name'] === '') return 'Name is required';
    const meta = metaProblems(entry['Meta']);
    if (meta.length > 0) return multiError(meta);
    const keys = entry['JSONWebKeySet'] as Maybe;
    if (!keys) return 'JSONWebKeySet is required';
    const [local, remote] = [keys['Local'] as Maybe, keys['Remote'] as Maybe];
    if (!exactlyOne(local !== null, remote !== null)) return 'must specify exactly one of Local or Remote JSON Web key set';
    const keyProblem = remote ? validateRemote(remote) : validateLocal(local as GoStruct);
    if (keyProblem) return keyProblem;
    const locationProblems = locations(entry).map((loc) => validateLocation(loc as GoStruct)).filter((p): p is string => p !== null);
    if (locationProblems.length > 0) return multiError(locationProblems);
    const forward = entry['Forwarding'] as Maybe;
    if (forward && forward['HeaderName'] === '') return 'Header name required for forwarding config';
    return null;
  },
};
