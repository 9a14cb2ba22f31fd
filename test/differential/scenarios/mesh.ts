// The mesh config entry (a singleton: GET/list/cas/DELETE, validation texts, snake_case aliases, ACLs) and
// Peering.PeerThroughMeshGateways: mesh-gateway registrations read back from the catalog, and the peering tokens
// that then carry the gateways' WAN addresses. Each scenario runs on clusters of its own (fresh per run), so the
// singleton cannot disturb other scenarios; each still ends by deleting the entry and deregistering its gateways.
import { req, type BodyTemplate, type Scenario } from '../runner';
import { captureModifyIndex } from './common';

const mesh = (extra: Record<string, BodyTemplate> = {}): BodyTemplate => ({ Kind: 'mesh', ...extra });
const put = (label: string, body: BodyTemplate, query = ''): ReturnType<typeof req> => req(label, 'a', 'PUT', `/v1/config${query}`, { body });
const tls = (incoming: Record<string, BodyTemplate>, outgoing?: Record<string, BodyTemplate>): BodyTemplate =>
  mesh({ TLS: { Incoming: incoming, ...(outgoing ? { Outgoing: outgoing } : {}) } });

export const meshEntry: Scenario = {
  name: 'mesh config entry',
  budgetMs: 30_000,
  steps: [
    req('read before any write', 'a', 'GET', '/v1/config/mesh/mesh'),
    req('list before any write', 'a', 'GET', '/v1/config/mesh'),
    put('create-only cas=0', mesh({ TransparentProxy: { MeshDestinationsOnly: true } }), '?cas=0'),
    req('read', 'a', 'GET', '/v1/config/mesh/mesh', { capture: captureModifyIndex('m1') }),
    req('read under another name', 'a', 'GET', '/v1/config/mesh/other'),
    put('cas=0 when present', mesh(), '?cas=0'),
    put('stale cas', mesh({ ValidateClusters: true }), '?cas={m1Stale}'),
    put('current cas', mesh({ ValidateClusters: true, HTTP: {}, TLS: {} }), '?cas={m1}'),
    req('read after cas write', 'a', 'GET', '/v1/config/mesh/mesh', { capture: captureModifyIndex('m2') }),
    put('identical content, stale cas (skipped)', mesh({ ValidateClusters: true, HTTP: {}, TLS: {} }), '?cas={m1}'),
    put('full entry', mesh({
      TransparentProxy: { MeshDestinationsOnly: false }, AllowEnablingPermissiveMutualTLS: true, ValidateClusters: true,
      TLS: {
        Incoming: { TLSMinVersion: 'TLSv1_2', TLSMaxVersion: 'TLSv1_3', CipherSuites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_256_CBC_SHA'] },
        Outgoing: { TLSMinVersion: 'TLS_AUTO' },
      },
      HTTP: {
        SanitizeXForwardedClientCert: true,
        Incoming: { RequestNormalization: { InsecureDisablePathNormalization: true, MergeSlashes: true, PathWithEscapedSlashesAction: 'REJECT_REQUEST', HeadersWithUnderscoresAction: 'ALLOW' } },
      },
      Peering: { PeerThroughMeshGateways: false },
      Meta: { team: 'mesh-{sfx}', 'consul-x': 'kept' },
    })),
    req('read full entry', 'a', 'GET', '/v1/config/mesh/mesh'),
    put('snake_case aliases', {
      kind: 'mesh', transparent_proxy: { mesh_destinations_only: true }, allow_enabling_permissive_mutual_tls: true, validate_clusters: true,
      TLS: { Incoming: { tls_min_version: 'TLSv1_1', tls_max_version: 'TLS_AUTO', cipher_suites: 'TLS_RSA_WITH_AES_128_CBC_SHA' }, Outgoing: {} },
      HTTP: {
        sanitize_x_forwarded_client_cert: true,
        Incoming: { request_normalization: { merge_slashes: true, path_with_escaped_slashes_action: 'KEEP_UNCHANGED', headers_with_underscores_action: 'DROP_HEADER' } },
      },
      Peering: { peer_through_mesh_gateways: false },
    }),
    req('read after snake_case write', 'a', 'GET', '/v1/config/mesh/mesh'),
    req('list', 'a', 'GET', '/v1/config/mesh'),
    put('Name key', mesh({ Name: 'mesh' })),
    // One unknown key per request: Consul lists several in Go map order (random from run to run).
    put('unknown key', mesh({ Foo: { x: 1 } })),
    put('unknown key inside TLS', mesh({ TLS: { Incoming: { TLSMinVersion: 'TLSv1_2', Bogus: true } } })),
    put('Namespace key', mesh({ Namespace: 'ns' })),
    put('wrong type', mesh({ TransparentProxy: { MeshDestinationsOnly: 'yes' } })),
    put('bad min TLS version', tls({ TLSMinVersion: 'TLSv1_9' })),
    put('bad max TLS version (outgoing)', tls({}, { TLSMaxVersion: 'tls12' })),
    put('max below min', tls({ TLSMinVersion: 'TLSv1_3', TLSMaxVersion: 'TLSv1_1' })),
    put('max TLS_AUTO with min TLSv1_3', tls({ TLSMinVersion: 'TLSv1_3', TLSMaxVersion: 'TLS_AUTO' })),
    put('unknown cipher suites', tls({ CipherSuites: ['NOPE', 'TLS_RSA_WITH_AES_128_CBC_SHA', 'ALSO_NOPE'] })),
    put('CipherSuites with TLSv1_3', tls({ TLSMinVersion: 'TLSv1_3', CipherSuites: ['NOPE'] })),
    put('incoming fine, outgoing bad', tls({ TLSMinVersion: 'TLSv1_2' }, { CipherSuites: ['NOPE'] })),
    put('bad PathWithEscapedSlashesAction', mesh({ HTTP: { Incoming: { RequestNormalization: { PathWithEscapedSlashesAction: 'bad' } } } })),
    put('bad HeadersWithUnderscoresAction', mesh({ HTTP: { Incoming: { RequestNormalization: { HeadersWithUnderscoresAction: 'bad' } } } })),
    put('Meta key too long', mesh({ Meta: { ['k'.repeat(129)]: 'v' } })),
    req('unchanged after refused writes', 'a', 'GET', '/v1/config/mesh/mesh', { capture: captureModifyIndex('m3') }),
    req('delete with stale cas', 'a', 'DELETE', '/v1/config/mesh/mesh?cas={m2}'),
    req('delete with current cas', 'a', 'DELETE', '/v1/config/mesh/mesh?cas={m3}'),
    req('gone', 'a', 'GET', '/v1/config/mesh/mesh'),
    req('list after delete', 'a', 'GET', '/v1/config/mesh'),
    put('null sections', mesh({ TLS: null, HTTP: null, Peering: null })),
    req('read null sections', 'a', 'GET', '/v1/config/mesh/mesh'),
    req('delete without cas', 'a', 'DELETE', '/v1/config/mesh/mesh'),
    req('delete missing', 'a', 'DELETE', '/v1/config/mesh/mesh'),
  ],
};

export const meshEntryAcl: Scenario = {
  name: 'mesh config entry ACLs',
  acl: true,
  budgetMs: 30_000,
  tokens: [
    { name: 'mesh-read', rules: 'mesh = "read"', clusters: ['a'] },
    { name: 'mesh-write', rules: 'mesh = "write"', clusters: ['a'] },
  ],
  steps: [
    req('write with mesh:read', 'a', 'PUT', '/v1/config', { body: mesh(), token: 'mesh-read' }),
    req('write anonymous', 'a', 'PUT', '/v1/config', { body: mesh(), token: 'anonymous' }),
    req('write with mesh:write', 'a', 'PUT', '/v1/config', { body: mesh({ ValidateClusters: true }), token: 'mesh-write' }),
    req('read anonymous', 'a', 'GET', '/v1/config/mesh/mesh', { token: 'anonymous' }),
    req('list anonymous', 'a', 'GET', '/v1/config/mesh', { token: 'anonymous' }),
    req('read with an unknown token', 'a', 'GET', '/v1/config/mesh/mesh', { token: 'unknown' }),
    req('list with an unknown token', 'a', 'GET', '/v1/config/mesh', { token: 'unknown' }),
    req('list exported-services with an unknown token', 'a', 'GET', '/v1/config/exported-services', { token: 'unknown' }),
    req('list proxy-defaults with an unknown token', 'a', 'GET', '/v1/config/proxy-defaults', { token: 'unknown' }),
    req('list with mesh:read', 'a', 'GET', '/v1/config/mesh', { token: 'mesh-read' }),
    req('write with an unknown token', 'a', 'PUT', '/v1/config', { body: mesh(), token: 'unknown' }),
    req('delete with mesh:read', 'a', 'DELETE', '/v1/config/mesh/mesh', { token: 'mesh-read' }),
    req('delete with mesh:write', 'a', 'DELETE', '/v1/config/mesh/mesh', { token: 'mesh-write' }),
    req('gone', 'a', 'GET', '/v1/config/mesh/mesh', { token: 'anonymous' }),
  ],
};
