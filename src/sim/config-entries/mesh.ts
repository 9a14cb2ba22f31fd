// The mesh config entry (a singleton named "mesh"; the Go struct has no Name field, so a body "Name" key is an
// unknown key): TLS version and cipher-suite checks, HTTP request-normalization enums, Meta limits.
// Peering.PeerThroughMeshGateways changes peering-token generation (see ../peering/gateways.ts).
import { multiError } from './go-text';
import { metaProblems } from './meta';
import { bool, enterpriseMeta, f, hashField, ptr, raftIndexField, slice, str, stringMap, struct } from './schema';
import type { GoStruct, KindSpec } from './types';

const directionalTls = struct('MeshDirectionalTLSConfig', [
  f('TLSMinVersion', str('types.TLSVersion'), 'omitempty', { aliases: ['tls_min_version'] }),
  f('TLSMaxVersion', str('types.TLSVersion'), 'omitempty', { aliases: ['tls_max_version'] }),
  f('CipherSuites', slice(str('types.TLSCipherSuite')), 'omitempty', { aliases: ['cipher_suites'] }),
]);

const requestNormalization = struct('RequestNormalizationMeshConfig', [
  f('InsecureDisablePathNormalization', bool, 'always', { aliases: ['insecure_disable_path_normalization'] }),
  f('MergeSlashes', bool, 'always', { aliases: ['merge_slashes'] }),
  f('PathWithEscapedSlashesAction', str('structs.PathWithEscapedSlashesAction'), 'always', { aliases: ['path_with_escaped_slashes_action'] }),
  f('HeadersWithUnderscoresAction', str('structs.HeadersWithUnderscoresAction'), 'always', { aliases: ['headers_with_underscores_action'] }),
]);

const meshEntry = struct('MeshConfigEntry', [
  f('TransparentProxy', struct('TransparentProxyMeshConfig', [
    f('MeshDestinationsOnly', bool, 'always', { aliases: ['mesh_destinations_only'] }),
  ]), 'always', { aliases: ['transparent_proxy'] }),
  f('AllowEnablingPermissiveMutualTLS', bool, 'omitempty', { aliases: ['allow_enabling_permissive_mutual_tls'] }),
  f('ValidateClusters', bool, 'omitempty', { aliases: ['validate_clusters'] }),
  f('TLS', ptr(struct('MeshTLSConfig', [f('Incoming', ptr(directionalTls), 'omitempty'), f('Outgoing', ptr(directionalTls), 'omitempty')])), 'omitempty'),
  f('HTTP', ptr(struct('MeshHTTPConfig', [
    f('SanitizeXForwardedClientCert', bool, 'always', { aliases: ['sanitize_x_forwarded_client_cert'] }),
    f('Incoming', ptr(struct('MeshDirectionalHTTPConfig', [
      f('RequestNormalization', ptr(requestNormalization), 'omitempty', { aliases: ['request_normalization'] }),
    ])), 'omitempty'),
  ])), 'omitempty'),
  f('Peering', ptr(struct('PeeringMeshConfig', [
    f('PeerThroughMeshGateways', bool, 'always', { aliases: ['peer_through_mesh_gateways'] }),
  ])), 'omitempty'),
  f('Meta', stringMap, 'omitempty'),
  hashField,
  enterpriseMeta,
  raftIndexField,
]);

/** types.tlsVersions, sorted as types.TLSVersions() prints them. */
const TLS_VERSIONS = ['TLS_AUTO', 'TLSv1_0', 'TLSv1_1', 'TLSv1_2', 'TLSv1_3'];
/** types.tlsVersionComparison: only concrete versions compare. */
const TLS_ORDER: Readonly<Record<string, number>> = { TLSv1_0: 1, TLSv1_1: 2, TLSv1_2: 3, TLSv1_3: 4 };
/** types.TLSVersionsWithConfigurableCipherSuites. */
const CIPHER_CONFIGURABLE = new Set(['', 'TLS_AUTO', 'TLSv1_0', 'TLSv1_1', 'TLSv1_2']);
/** The keys of types.envoyTLSCipherSuiteStrings. */
const ENVOY_CIPHER_SUITES = new Set([
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_AES_256_GCM_SHA384', 'TLS_RSA_WITH_AES_256_CBC_SHA',
]);
const PATH_ACTIONS = ['IMPLEMENTATION_SPECIFIC_DEFAULT', 'KEEP_UNCHANGED', 'REJECT_REQUEST', 'UNESCAPE_AND_REDIRECT', 'UNESCAPE_AND_FORWARD'];
const HEADER_ACTIONS = ['ALLOW', 'REJECT_REQUEST', 'DROP_HEADER'];

function versionProblem(version: string): string | null {
  return TLS_VERSIONS.includes(version) ? null
    : `no matching TLS version found for ${version}, please specify one of [${TLS_VERSIONS.join(', ')}]`;
}

/** structs.validateTLSConfig, in its order. */
function tlsProblem(cfg: GoStruct): string | null {
  const min = cfg['TLSMinVersion'] as string;
  const max = cfg['TLSMaxVersion'] as string;
  const ciphers = Array.isArray(cfg['CipherSuites']) ? (cfg['CipherSuites'] as string[]) : [];
  if (min !== '') {
    const problem = versionProblem(min);
    if (problem) return problem;
  }
  if (max !== '') {
    const problem = versionProblem(max);
    if (problem) return problem;
    const [a, b] = [TLS_ORDER[max], TLS_ORDER[min]];
    if (a !== undefined && b !== undefined && a < b) return `configuring max version ${max} less than the configured min version ${min} is invalid`;
  }
  if (ciphers.length > 0) {
    if (!CIPHER_CONFIGURABLE.has(min)) {
      return `configuring CipherSuites is only applicable to connections negotiated with TLS 1.2 or earlier, TLSMinVersion is set to ${min}`;
    }
    const unmatched = ciphers.filter((c) => !ENVOY_CIPHER_SUITES.has(c));
    if (unmatched.length > 0) return `no matching Envoy TLS cipher suite found for ${unmatched.join(',')}`;
  }
  return null;
}

function normalizationProblem(http: GoStruct | null): string | null {
  const rn = ((http?.['Incoming'] as GoStruct | null | undefined)?.['RequestNormalization'] ?? null) as GoStruct | null;
  if (rn === null) return null;
  const path = rn['PathWithEscapedSlashesAction'] as string;
  if (path !== '' && !PATH_ACTIONS.includes(path)) {
    return `no matching PathWithEscapedSlashesAction value found for ${path}, please specify one of [${PATH_ACTIONS.join(', ')}]`;
  }
  const headers = rn['HeadersWithUnderscoresAction'] as string;
  if (headers !== '' && !HEADER_ACTIONS.includes(headers)) {
    return `no matching HeadersWithUnderscoresAction value found for ${headers}, please specify one of [${HEADER_ACTIONS.join(', ')}]`;
  }
  return null;
}

/** mesh: decoding schema (no Name field: stored under the fixed name "mesh") and MeshConfigEntry.Validate. */
export const meshSpec: KindSpec = {
  kind: 'mesh',
  type: meshEntry,
  kindFirst: true,
  fixedName: 'mesh',
  normalize: () => null,
  validate(entry) {
    const meta = metaProblems(entry['Meta']);
    if (meta.length > 0) return multiError(meta);
    const tls = entry['TLS'] as GoStruct | null;
    for (const direction of ['Incoming', 'Outgoing'] as const) {
      const cfg = (tls?.[direction] ?? null) as GoStruct | null;
      const problem = cfg === null ? null : tlsProblem(cfg);
      if (problem) return `error in ${direction.toLowerCase()} TLS configuration: ${problem}`;
    }
    const normalization = normalizationProblem(entry['HTTP'] as GoStruct | null);
    return normalization === null ? null : `error in HTTP incoming request normalization configuration: ${normalization}`;
  },
};

/** Whether a stored mesh entry turns on Peering.PeerThroughMeshGateways (MeshConfigEntry.PeerThroughMeshGateways). */
export function peerThroughMeshGateways(entry: { readonly [key: string]: unknown } | undefined): boolean {
  const peering = entry?.['Peering'] as GoStruct | null | undefined;
  return peering?.['PeerThroughMeshGateways'] === true;
}
