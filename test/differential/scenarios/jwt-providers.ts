// jwt-provider config entries (stored, listed, validated, deleted), service-intentions that reference them
// (entry-level JWT and permission JWT; a missing provider refused; a referenced provider cannot be deleted),
// and the kinds exported-services and service-intentions can reference that Consul CE refuses (sameness-group),
// next to a kind Consul does not know at all.
import { req, type AclTokenSpec, type BodyTemplate, type RequestStep, type Scenario } from '../runner';
import { captureModifyIndex } from './common';

const provider = (name: string, extra: Record<string, BodyTemplate>): BodyTemplate => ({ Kind: 'jwt-provider', Name: name, ...extra });
const local = { JSONWebKeySet: { Local: { Filename: '/etc/jwks.json' } } };
const remote = (Remote: Record<string, BodyTemplate>): Record<string, BodyTemplate> => ({ JSONWebKeySet: { Remote } });
const put = (label: string, body: BodyTemplate): RequestStep => req(label, 'a', 'PUT', '/v1/config', { body });

const invalidBodies: ReadonlyArray<[string, Record<string, BodyTemplate>]> = [
  ['no JSONWebKeySet', {}],
  ['empty JSONWebKeySet', { JSONWebKeySet: {} }],
  ['Local and Remote', { JSONWebKeySet: { Local: { Filename: '/f' }, Remote: { URI: 'https://x' } } }],
  ['empty Local', { JSONWebKeySet: { Local: {} } }],
  ['Local JWKS and Filename', { JSONWebKeySet: { Local: { JWKS: 'aGk=', Filename: '/f' } } }],
  ['JWKS without padding', { JSONWebKeySet: { Local: { JWKS: 'aGk' } } }],
  ['JWKS only padding', { JSONWebKeySet: { Local: { JWKS: '====' } } }],
  ['JWKS with a space', { JSONWebKeySet: { Local: { JWKS: 'aGVs bG8=' } } }],
  ['URI empty', remote({ URI: '' })],
  ['URI missing scheme', remote({ URI: '://x' })],
  ['URI bad port', remote({ URI: 'http://x:abc' })],
  ['URI two ports', remote({ URI: 'https://x:1:2' })],
  ['URI space in host', remote({ URI: 'http://a b' })],
  ['URI bad escape', remote({ URI: 'http://x/%zz' })],
  ['URI bad host escape', remote({ URI: 'http://x%2e/' })],
  ['URI unclosed IPv6', remote({ URI: 'http://[::1' })],
  ['URI bad userinfo', remote({ URI: 'http://a b@x/' })],
  ['URI relative', remote({ URI: 'relative/path' })],
  ['URI digit first', remote({ URI: '1http://x' })],
  ['URI control character', remote({ URI: 'http://x/\u0001' })],
  ['backoff max below base', remote({ URI: 'https://x', RetryPolicy: { RetryPolicyBackOff: { BaseInterval: '2s', MaxInterval: '1s' } } })],
  ['discovery type', remote({ URI: 'https://x', JWKSCluster: { DiscoveryType: 'nope' } })],
  ['empty TLSCertificates', remote({ URI: 'https://x', JWKSCluster: { TLSCertificates: {} } })],
  ['empty TrustedCA', remote({ URI: 'https://x', JWKSCluster: { TLSCertificates: { TrustedCA: {} } } })],
  ['TrustedCA twice', remote({ URI: 'https://x', JWKSCluster: { TLSCertificates: { TrustedCA: { InlineBytes: [104, 105], Filename: '/f' } } } })],
  ['provider instance and TrustedCA', remote({
    URI: 'https://x', JWKSCluster: { TLSCertificates: { TrustedCA: { InlineString: 'pem' }, CaCertificateProviderInstance: {} } },
  })],
  ['empty Forwarding', { ...local, Forwarding: {} }],
  ['locations', { ...local, Locations: [{ Header: { Name: 'a' }, Cookie: { Name: 'b' } }, { QueryParam: {} }, { Cookie: {} }, {}] }],
  ['one bad location', { ...local, Locations: [{ Header: {} }] }],
  ['duration word', remote({ URI: 'https://x', CacheDuration: 'abc' })],
  ['duration unit', remote({ URI: 'https://x', CacheDuration: '5q' })],
  ['duration without unit', remote({ URI: 'https://x', CacheDuration: '5' })],
  ['duration empty', remote({ URI: 'https://x', CacheDuration: '' })],
  ['duration with a space', remote({ URI: 'https://x', CacheDuration: '5 s' })],
  ['duration overflow', remote({ URI: 'https://x', CacheDuration: '9999999999h' })],
  ['duration object', remote({ URI: 'https://x', CacheDuration: {} })],
  // One unknown key per body: Consul lists several in Go's random map order.
  ['unknown key', { ...local, Bogus: 1 }],
  ['unknown key with jwt in it', { ...local, JwtThing: 2 }],
  ['Namespace on CE', { ...local, Namespace: 'ns' }],
  ['Partition on CE', { ...local, Partition: 'p' }],
  ['Meta too long', { ...local, Meta: { k: 'x'.repeat(513) } }],
  ['ClockSkewSeconds not a number', { ...local, ClockSkewSeconds: 'soon' }],
];

const withJwt = (jwt: BodyTemplate, permissionJwt?: BodyTemplate): BodyTemplate => ({
  Kind: 'service-intentions',
  Name: 'api-{sfx}',
  JWT: jwt,
  Sources: [
    { Name: 'web', Peer: 'peer-{sfx}', Permissions: [{ Action: 'allow', HTTP: { PathPrefix: '/' }, ...(permissionJwt === undefined ? {} : { JWT: permissionJwt }) }] },
    { Name: 'db', Action: 'deny' },
  ],
});

export const jwtProviders: Scenario = {
  name: 'jwt-provider entries and the kinds intentions reference',
  budgetMs: 40_000,
  steps: [
    req('providers: none yet', 'a', 'GET', '/v1/config/jwt-provider'),
    req('provider: missing', 'a', 'GET', '/v1/config/jwt-provider/okta-{sfx}'),
    put('provider: remote with every common field', provider('okta-{sfx}', {
      ...remote({ URI: 'https://example.com/.well-known/jwks.json', CacheDuration: '10m', FetchAsynchronously: true }),
      Issuer: 'https://example.com', Audiences: ['a', 'b'],
      Locations: [{ Header: { Name: 'Authorization', ValuePrefix: 'Bearer ', Forward: true } }],
      Forwarding: { HeaderName: 'x-jwt' },
    })),
    req('provider: read remote', 'a', 'GET', '/v1/config/jwt-provider/okta-{sfx}', { capture: captureModifyIndex('p1') }),
    put('provider: local with snake_case keys', {
      kind: 'jwt-provider', name: 'local-{sfx}', json_web_key_set: { local: { jwks: 'eyJrZXlzIjpbXX0=' } },
      clock_skew_seconds: 0, cache_config: { size: 2 }, meta: { team: 'auth' },
    }),
    req('provider: read local', 'a', 'GET', '/v1/config/jwt-provider/local-{sfx}'),
    put('provider: remote cluster, retries, numbers and strings', provider('cluster-{sfx}', {
      ...remote({
        URI: 'https://x:99/p?q=1', CacheDuration: 1.5e9, RequestTimeoutMs: '300', UseSNI: true,
        RetryPolicy: { NumRetries: 3, RetryPolicyBackOff: { BaseInterval: '1s', MaxInterval: '1m30.5s' } },
        JWKSCluster: { DiscoveryType: 'STATIC', ConnectTimeout: '5s', TLSCertificates: { TrustedCA: { InlineBytes: 'hello' } } },
      }),
      Locations: [{ QueryParam: { Name: 't' } }, { Cookie: { Name: 'c' } }], ClockSkewSeconds: -1,
    })),
    req('provider: read cluster', 'a', 'GET', '/v1/config/jwt-provider/cluster-{sfx}'),
    put('provider: bytes as numbers, provider instance, µs', provider('bytes-{sfx}', remote({
      URI: '/relative-to-host', CacheDuration: '1.5µs', RetryPolicy: { RetryPolicyBackOff: { BaseInterval: '-1s' } },
      JWKSCluster: { DiscoveryType: 'EDS', ConnectTimeout: 2500, TLSCertificates: { CaCertificateProviderInstance: { InstanceName: 'i', certificate_name: 'ROOTCA' } } },
    }))),
    req('provider: read bytes', 'a', 'GET', '/v1/config/jwt-provider/bytes-{sfx}'),
    put('provider: JWKS with a newline', provider('newline-{sfx}', { JSONWebKeySet: { Local: { JWKS: 'aGVs\nbG8=' } } })),
    put('provider: URI *', provider('star-{sfx}', remote({ URI: '*', JWKSCluster: { TLSCertificates: { TrustedCA: { InlineBytes: [1, 2, 300] } } } }))),
    put('provider: URI opaque', provider('opaque-{sfx}', remote({ URI: 'mailto:a@b' }))),
    put('provider: same content again', provider('okta-{sfx}', {
      ...remote({ URI: 'https://example.com/.well-known/jwks.json', CacheDuration: '600s', FetchAsynchronously: true }),
      Issuer: 'https://example.com', Audiences: ['a', 'b'],
      Locations: [{ Header: { Name: 'Authorization', ValuePrefix: 'Bearer ', Forward: true } }],
      Forwarding: { HeaderName: 'x-jwt' }, ClockSkewSeconds: 30,
    })),
    req('provider: unchanged', 'a', 'GET', '/v1/config/jwt-provider/okta-{sfx}', {
      facts: (reply, vars) => ({ 'ModifyIndex unchanged': String((reply.json as Record<string, unknown>)['ModifyIndex']) === vars['p1'] }),
    }),
    req('providers: list', 'a', 'GET', '/v1/config/jwt-provider'),
    ...invalidBodies.map(([label, extra]) => put(`provider invalid: ${label}`, provider('bad-{sfx}', extra))),
    put('provider invalid: empty name', provider('', local)),
    put('provider invalid: a location that is a string', provider('bad-{sfx}', { ...local, Locations: ['x'] })),

    put('service-defaults: http', { Kind: 'service-defaults', Name: 'api-{sfx}', Protocol: 'http' }),
    put('intentions: entry JWT names a missing provider', withJwt({ Providers: [{ Name: 'nope-{sfx}' }] })),
    put('intentions: permission JWT names a missing provider', withJwt(null, { Providers: [{ Name: 'okta-{sfx}' }, { Name: 'gone-{sfx}' }] })),
    put('intentions: provider without a name', withJwt({ Providers: [{ Name: '' }] })),
    put('intentions: permission provider without a name', withJwt(null, { Providers: [{ VerifyClaims: [{ Path: 'x' }] }] })),
    put('intentions: both JWTs', withJwt(
      { Providers: [{ Name: 'okta-{sfx}', VerifyClaims: [{ Path: ['aud'], Value: 'api' }] }] },
      { Providers: [{ Name: 'local-{sfx}', verify_claims: [{ Path: ['perms', 'role'], Value: 'admin' }, { Path: 'single' }] }] },
    )),
    req('intentions: read', 'a', 'GET', '/v1/config/service-intentions/api-{sfx}'),
    req('provider delete: referenced by the entry', 'a', 'DELETE', '/v1/config/jwt-provider/okta-{sfx}'),
    req('provider delete: referenced by a permission', 'a', 'DELETE', '/v1/config/jwt-provider/local-{sfx}?cas=1'),
    req('provider delete: referenced, stale cas', 'a', 'DELETE', '/v1/config/jwt-provider/local-{sfx}?cas=1'),
    req('provider: still there', 'a', 'GET', '/v1/config/jwt-provider/okta-{sfx}'),
    put('intentions: only the permission JWT', withJwt(null, { Providers: [{ Name: 'local-{sfx}' }] })),
    req('provider delete: no longer referenced', 'a', 'DELETE', '/v1/config/jwt-provider/okta-{sfx}'),
    req('provider: gone', 'a', 'GET', '/v1/config/jwt-provider/okta-{sfx}'),
    req('intentions: delete', 'a', 'DELETE', '/v1/config/service-intentions/api-{sfx}'),
    req('provider: read for cas', 'a', 'GET', '/v1/config/jwt-provider/local-{sfx}', { capture: captureModifyIndex('l1') }),
    req('provider delete: stale cas', 'a', 'DELETE', '/v1/config/jwt-provider/local-{sfx}?cas={l1Stale}'),
    req('provider delete: current cas', 'a', 'DELETE', '/v1/config/jwt-provider/local-{sfx}?cas={l1}'),
    req('provider delete: missing', 'a', 'DELETE', '/v1/config/jwt-provider/local-{sfx}'),
    req('providers: list after deletes', 'a', 'GET', '/v1/config/jwt-provider'),

    put('sameness-group: write on CE', { Kind: 'sameness-group', Name: 'sg-{sfx}', Members: [{ Peer: 'peer-{sfx}' }] }),
    put('sameness-group: decoding before the CE refusal', { Kind: 'sameness-group', Name: 'sg-{sfx}', Members: 'x', Bogus: true }),
    req('sameness-group: list', 'a', 'GET', '/v1/config/sameness-group'),
    req('sameness-group: read', 'a', 'GET', '/v1/config/sameness-group/sg-{sfx}'),
    req('sameness-group: delete', 'a', 'DELETE', '/v1/config/sameness-group/sg-{sfx}'),
    put('exports: consumer sameness group', {
      Kind: 'exported-services', Name: 'default', Services: [{ Name: 'web', Consumers: [{ SamenessGroup: 'sg-{sfx}' }] }],
    }),
    put('intentions: source sameness group', {
      Kind: 'service-intentions', Name: 'api-{sfx}', Sources: [{ Name: 'web', SamenessGroup: 'sg-{sfx}', Action: 'allow' }],
    }),
    put('unknown kind: write', { Kind: 'jwt-providers', Name: 'x' }),
    req('unknown kind: list', 'a', 'GET', '/v1/config/jwt-providers'),
    req('unknown kind: read', 'a', 'GET', '/v1/config/jwt-providers/x'),
    req('unknown kind: delete', 'a', 'DELETE', '/v1/config/jwt-providers/x'),
  ],
};

const tokens: readonly AclTokenSpec[] = [
  { name: 'none', rules: 'key_prefix "unrelated/" { policy = "read" }', clusters: ['a'] },
  { name: 'mesh-read', rules: 'mesh = "read"', clusters: ['a'] },
  { name: 'mesh-write', rules: 'mesh = "write"', clusters: ['a'] },
  { name: 'service-write', rules: 'service "api-{sfx}" { policy = "write" }', clusters: ['a'] },
  { name: 'service-read', rules: 'service_prefix "" { policy = "read" }', clusters: ['a'] },
];

/** Who may read and write jwt-provider entries. */
export const jwtProviderAcl: Scenario = {
  name: 'jwt-provider ACLs',
  acl: true,
  tokens,
  budgetMs: 40_000,
  steps: [
    req('write: mesh:read', 'a', 'PUT', '/v1/config', { body: provider('p-{sfx}', local), token: 'mesh-read' }),
    req('write: anonymous', 'a', 'PUT', '/v1/config', { body: provider('p-{sfx}', local), token: 'anonymous' }),
    req('write: mesh:write', 'a', 'PUT', '/v1/config', { body: provider('p-{sfx}', local), token: 'mesh-write' }),
    req('read: none', 'a', 'GET', '/v1/config/jwt-provider/p-{sfx}', { token: 'none' }),
    req('read: mesh:read', 'a', 'GET', '/v1/config/jwt-provider/p-{sfx}', { token: 'mesh-read' }),
    req('read: service:write on one service', 'a', 'GET', '/v1/config/jwt-provider/p-{sfx}', { token: 'service-write' }),
    req('read: service:read on all', 'a', 'GET', '/v1/config/jwt-provider/p-{sfx}', { token: 'service-read' }),
    req('list: none', 'a', 'GET', '/v1/config/jwt-provider', { token: 'none' }),
    req('list: service:write on one service', 'a', 'GET', '/v1/config/jwt-provider', { token: 'service-write' }),
    req('delete: mesh:read', 'a', 'DELETE', '/v1/config/jwt-provider/p-{sfx}', { token: 'mesh-read' }),
    req('delete: mesh:write', 'a', 'DELETE', '/v1/config/jwt-provider/p-{sfx}', { token: 'mesh-write' }),
    req('sameness-group write: mesh:read', 'a', 'PUT', '/v1/config', { body: { Kind: 'sameness-group', Name: 'sg' }, token: 'mesh-read' }),
    req('sameness-group write: mesh:write', 'a', 'PUT', '/v1/config', { body: { Kind: 'sameness-group', Name: 'sg' }, token: 'mesh-write' }),
    req('sameness-group list: none', 'a', 'GET', '/v1/config/sameness-group', { token: 'none' }),
  ],
};
