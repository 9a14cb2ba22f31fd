// jwt-provider entries and intentions with JWT requirements, checked through the emulator's config-entry module
// against a real Consul dev server with fixed names, so that the stored Hash is compared too (the differential
// suite normalises hashes away because its names carry a random suffix).
import { startConsulServers, type ConsulServers } from '../harness/consul-servers';
import { checkConfigEntryDelete, checkConfigEntryWrite, renderConfigEntry, toConsulJson, type SimConfigEntry } from '../../src/sim/config-entries';

let servers: ConsulServers | undefined;
let address = '';

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const init: RequestInit = { method, signal: AbortSignal.timeout(10_000) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`${address}${path}`, init);
  return { status: response.status, text: await response.text() };
}

const stored = new Map<string, SimConfigEntry>();
const lookup = (kind: string, name: string): SimConfigEntry | undefined => stored.get(`${kind}/${name}`);
const list = (kind: string): SimConfigEntry[] => [...stored.values()].filter((entry) => entry.Kind === kind);

/** Writes on both sides, expects both to accept, and compares Consul's GET body with the module's rendering. */
async function writeAndCompare(body: Record<string, unknown>): Promise<void> {
  const model = checkConfigEntryWrite(JSON.parse(JSON.stringify(body)) as unknown, lookup, list);
  const real = await call('PUT', '/v1/config', body);
  expect({ status: real.status, text: real.text }).toEqual({ status: 200, text: 'true' });
  if (!model.ok) throw new Error(`the module refused what Consul stored: ${model.message}`);
  stored.set(`${model.entry.Kind}/${model.entry.Name}`, model.entry);
  const read = await call('GET', `/v1/config/${model.entry.Kind}/${model.entry.Name}`);
  const createIndex = Number(/"CreateIndex": (\d+)/.exec(read.text)?.[1]);
  const modifyIndex = Number(/"ModifyIndex": (\d+)/.exec(read.text)?.[1]);
  expect(toConsulJson(renderConfigEntry(model.entry, { createIndex, modifyIndex }))).toBe(read.text);
}

beforeAll(async () => {
  servers = await startConsulServers({ datacenters: ['dc1'] });
  address = servers.byDatacenter('dc1').address;
}, 120_000);

afterAll(async () => {
  await servers?.stop();
});

describe('jwt-provider entries: stored and printed like Consul, Hash included', () => {
  it('a remote provider with every common field', async () => {
    await writeAndCompare({
      Kind: 'jwt-provider', Name: 'okta',
      JSONWebKeySet: { Remote: { URI: 'https://example.com/.well-known/jwks.json', CacheDuration: '10m', FetchAsynchronously: true } },
      Issuer: 'https://example.com', Audiences: ['a', 'b'],
      Locations: [{ Header: { Name: 'Authorization', ValuePrefix: 'Bearer ', Forward: true } }], Forwarding: { HeaderName: 'x-jwt' },
    });
  });

  it('a remote provider with a cluster, retries, durations as numbers and strings, bytes from a string', async () => {
    await writeAndCompare({
      Kind: 'jwt-provider', Name: 'cluster',
      JSONWebKeySet: { Remote: {
        URI: 'https://x:99/p?q=1', CacheDuration: 1.5e9, RequestTimeoutMs: '300', UseSNI: true,
        RetryPolicy: { NumRetries: 3, RetryPolicyBackOff: { BaseInterval: '1s', MaxInterval: '1m30.5s' } },
        JWKSCluster: { DiscoveryType: 'STATIC', ConnectTimeout: '5s', TLSCertificates: { TrustedCA: { InlineBytes: 'hello' } } },
      } },
      Locations: [{ QueryParam: { Name: 't' } }, { Cookie: { Name: 'c' } }], ClockSkewSeconds: -1, CacheConfig: { Size: 10 }, Meta: { k: 'v' },
    });
  });

  it('a local provider in snake_case, bytes from numbers, a provider instance', async () => {
    await writeAndCompare({ kind: 'jwt-provider', name: 'local', json_web_key_set: { local: { jwks: 'eyJrZXlzIjpbXX0=' } }, clock_skew_seconds: 5 });
    await writeAndCompare({
      Kind: 'jwt-provider', Name: 'bytes',
      JSONWebKeySet: { Remote: { URI: '*', CacheDuration: '1.5µs', JWKSCluster: { TLSCertificates: { TrustedCA: { InlineBytes: [1, 2, 300] } } } } },
    });
    await writeAndCompare({
      Kind: 'jwt-provider', Name: 'instance',
      JSONWebKeySet: { Remote: { URI: '/jwks', JWKSCluster: { ConnectTimeout: 2500, TLSCertificates: { CaCertificateProviderInstance: { InstanceName: 'i' } } } } },
    });
  });

  it('intentions with JWT on the entry and on a permission, then the referenced providers cannot be deleted', async () => {
    await writeAndCompare({ Kind: 'service-defaults', Name: 'api', Protocol: 'http' });
    await writeAndCompare({
      Kind: 'service-intentions', Name: 'api',
      JWT: { Providers: [{ Name: 'okta', VerifyClaims: [{ Path: ['aud'], Value: 'api' }] }] },
      Sources: [{ Name: 'web', Peer: 'p1', Permissions: [{ Action: 'allow', HTTP: { PathPrefix: '/' }, JWT: { Providers: [{ Name: 'local', VerifyClaims: [{ Path: ['role'], Value: 'admin' }] }] } }] }],
    });
    for (const name of ['okta', 'local', 'cluster']) {
      const problem = checkConfigEntryDelete('jwt-provider', name, lookup, list);
      const real = await call('DELETE', `/v1/config/jwt-provider/${name}`);
      expect(problem === null ? { status: 200, text: '{}' } : { status: 500, text: problem }).toEqual(real);
    }
    expect(checkConfigEntryDelete('jwt-provider', 'okta', lookup, list)).toContain('referenced by an intention');
  });
});
