// The mesh config entry through the emulator's config-entry module, against a real Consul dev server: every
// write's status and text must match, and an accepted entry must print exactly like Consul's GET (the Hash
// included: the entry has a fixed name, so nothing is normalised away).
import { startConsulServers, type ConsulServers } from '../harness/consul-servers';
import { checkConfigEntryWrite, configEntryPermission, renderConfigEntry, toConsulJson } from '../../src/sim/config-entries';

let servers: ConsulServers | undefined;
let address = '';

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const init: RequestInit = { method, signal: AbortSignal.timeout(10_000) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`${address}${path}`, init);
  return { status: response.status, text: await response.text() };
}

const none = (): undefined => undefined;
const mesh = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ Kind: 'mesh', ...extra });
const tls = (incoming: Record<string, unknown>, outgoing?: Record<string, unknown>): Record<string, unknown> =>
  mesh({ TLS: { Incoming: incoming, ...(outgoing ? { Outgoing: outgoing } : {}) } });

const cases: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ['empty entry', mesh()],
  ['lower-case kind', { kind: 'mesh' }],
  ['empty sections', mesh({ TLS: {}, HTTP: {}, Peering: {} })],
  ['null sections', mesh({ TLS: null, HTTP: null, Peering: null, Meta: null })],
  ['full entry', mesh({
    TransparentProxy: { MeshDestinationsOnly: true }, AllowEnablingPermissiveMutualTLS: true, ValidateClusters: true,
    TLS: { Incoming: { TLSMinVersion: 'TLSv1_0', TLSMaxVersion: 'TLSv1_2', CipherSuites: ['TLS_RSA_WITH_AES_128_GCM_SHA256'] }, Outgoing: { TLSMaxVersion: 'TLS_AUTO' } },
    HTTP: { SanitizeXForwardedClientCert: true, Incoming: { RequestNormalization: { MergeSlashes: true, PathWithEscapedSlashesAction: 'UNESCAPE_AND_FORWARD', HeadersWithUnderscoresAction: 'REJECT_REQUEST' } } },
    Peering: { PeerThroughMeshGateways: true }, Meta: { b: '2', a: '1' },
  })],
  ['snake_case aliases', {
    Kind: 'mesh', transparent_proxy: { mesh_destinations_only: true }, allow_enabling_permissive_mutual_tls: true, validate_clusters: true,
    TLS: { Outgoing: { tls_min_version: 'TLSv1_2', tls_max_version: 'TLSv1_3', cipher_suites: ['TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA'] } },
    HTTP: { sanitize_x_forwarded_client_cert: true, Incoming: { request_normalization: { insecure_disable_path_normalization: true, headers_with_underscores_action: 'ALLOW' } } },
    Peering: { peer_through_mesh_gateways: true },
  }],
  ['a single cipher suite as a string', tls({ CipherSuites: 'TLS_RSA_WITH_AES_256_CBC_SHA' })],
  ['Name key', mesh({ Name: 'mesh' })],
  ['Partition key', mesh({ Partition: 'default' })],
  ['unknown keys (listed in Go map order: compared as sorted lines)', mesh({ Zed: 1, Alpha: 2, Namespace: 'x' })],
  ['bool field given a string', mesh({ Peering: { PeerThroughMeshGateways: 'sure' } })],
  ['TLS given a list', mesh({ TLS: [1] })],
  ['bad min version', tls({ TLSMinVersion: 'TLSv1_9' })],
  ['bad max version, outgoing', tls({ TLSMinVersion: 'TLSv1_2' }, { TLSMaxVersion: 'tls13' })],
  ['max below min', tls({ TLSMinVersion: 'TLSv1_2', TLSMaxVersion: 'TLSv1_0' })],
  ['cipher suites with TLSv1_3', tls({ TLSMinVersion: 'TLSv1_3', CipherSuites: ['TLS_RSA_WITH_AES_128_CBC_SHA'] })],
  ['unknown cipher suites, listed together', tls({ CipherSuites: ['NOPE', 'TLS_RSA_WITH_AES_128_CBC_SHA', 'X'] })],
  ['agent-only check not applied: envoy suite accepted', tls({ TLSMinVersion: 'TLSv1_1', CipherSuites: ['TLS_RSA_WITH_AES_128_CBC_SHA'] })],
  ['incoming checked before outgoing', tls({ TLSMinVersion: 'bad-in' }, { TLSMinVersion: 'bad-out' })],
  ['bad path action', mesh({ HTTP: { Incoming: { RequestNormalization: { PathWithEscapedSlashesAction: 'keep_unchanged' } } } })],
  ['bad headers action', mesh({ HTTP: { Incoming: { RequestNormalization: { HeadersWithUnderscoresAction: 'DROP' } } } })],
  ['meta checked before TLS', mesh({ Meta: { ['k'.repeat(129)]: 'v' }, TLS: { Incoming: { TLSMinVersion: 'bad' } } })],
];

beforeAll(async () => {
  servers = await startConsulServers({ datacenters: ['dc1'] });
  address = servers.byDatacenter('dc1').address;
}, 120_000);

afterAll(async () => {
  await servers?.stop();
});

afterEach(async () => {
  if (address) await call('DELETE', '/v1/config/mesh/mesh');
});

describe('mesh config entry: real Consul and the emulator module agree', () => {
  it.each(cases.map(([name, body]) => [name, body] as const))('%s', async (name, body) => {
    const model = checkConfigEntryWrite(JSON.parse(JSON.stringify(body)) as unknown, none);
    const real = await call('PUT', '/v1/config', body);
    const lines = (text: string): string => (name.includes('Go map order') ? text.split('\n').sort().join('\n') : text);
    const answer = model.ok ? { status: 200, text: 'true' } : { status: model.status, text: model.message };
    expect({ ...answer, text: lines(answer.text) }).toEqual({ ...real, text: lines(real.text) });
    if (!model.ok) return;
    expect(model.entry.Name).toBe('mesh');
    const read = await call('GET', '/v1/config/mesh/mesh');
    const createIndex = Number(/"CreateIndex": (\d+)/.exec(read.text)?.[1]);
    const modifyIndex = Number(/"ModifyIndex": (\d+)/.exec(read.text)?.[1]);
    expect(toConsulJson(renderConfigEntry(model.entry, { createIndex, modifyIndex }))).toBe(read.text);
    const listed = await call('GET', '/v1/config/mesh');
    expect(listed.text).toContain('"Kind": "mesh"');
  });
});

describe('mesh config entry ACLs', () => {
  it('needs mesh:write to write and nothing to read', () => {
    expect(configEntryPermission('mesh', 'mesh', 'write')).toEqual({ permission: 'mesh:write' });
    expect(configEntryPermission('mesh', 'mesh', 'read')).toEqual({ permission: '' });
  });
});
