// Differential test of src/sim/config-entries against a real Consul dev server: every case is sent to
// real Consul (PUT /v1/config, then GET for successful writes) and checked through the emulator's module;
// statuses and texts must be identical, and the rendered entry must print exactly like Consul's GET body
// (Hash included).
import { startConsulServers, type ConsulServers } from '../harness/consul-servers';
import {
  checkConfigEntryDelete,
  checkConfigEntryWrite,
  configKindError,
  renderConfigEntry,
  sameConfigContent,
  toConsulJson,
  type SimConfigEntry,
} from '../../src/sim/config-entries';

/** A PUT /v1/config case: `setup` bodies are written first (they must succeed on both sides). */
interface WriteCase {
  readonly name: string;
  readonly setup?: readonly unknown[];
  readonly body: unknown;
  /** The answer lists errors whose order is random in Consul (Go map iteration): compare line sets. */
  readonly unordered?: boolean;
}

/** A DELETE case: after `setup`, delete kind/name and compare with checkConfigEntryDelete. */
interface DeleteCase {
  readonly name: string;
  readonly setup: readonly unknown[];
  readonly del: readonly [kind: string, name: string];
}

/** A stale-cas rewrite: Consul answers true only when the new content equals the stored one. */
interface CasCase {
  readonly name: string;
  readonly first: unknown;
  readonly second: unknown;
}

const ES = (services: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  Kind: 'exported-services',
  Name: 'default',
  Services: services,
  ...extra,
});
const IX = (name: string, sources: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  Kind: 'service-intentions',
  Name: name,
  Sources: sources,
  ...extra,
});
const SD = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ Kind: 'service-defaults', Name: name, ...extra });
const PD = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ Kind: 'proxy-defaults', Name: 'global', ...extra });
const peer = (p: string): Record<string, unknown> => ({ Peer: p });
const svc = (name: string, ...consumers: unknown[]): Record<string, unknown> => ({ Name: name, Consumers: consumers });
const L7 = (http: Record<string, unknown>, action = 'allow'): Record<string, unknown> => ({ Action: action, HTTP: http });
const manyMeta = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, `v${i}`]));
const HTTP_WEB = SD('web', { Protocol: 'http' });

const writeCases: WriteCase[] = [
  // ---- exported-services: accepted ----
  { name: 'exports: one service to one peer', body: ES([svc('web', peer('peer-b'))]) },
  { name: 'exports: several services, partition and empty consumers', body: ES([svc('web', peer('p1'), peer('p2')), svc('db', { Partition: 'other' }), svc('cache', {})]) },
  { name: 'exports: service namespace dropped on CE', body: ES([{ Name: 'web', Namespace: 'ns1', Consumers: [peer('p')] }, { Name: 'api', Namespace: '*', Consumers: [peer('p')] }]) },
  { name: 'exports: lower-case keys everywhere', body: { kind: 'exported-services', name: 'default', services: [{ name: 'web', consumers: [{ peer: 'p' }] }] } },
  { name: 'exports: peer_name alias', body: ES([{ Name: 'web', Consumers: [{ peer_name: 'p' }] }]) },
  { name: 'exports: peer_name alias overridden by exact lower-case key', body: ES([{ Name: 'web', Consumers: [{ peer_name: 'p', peer: 'q' }] }]) },
  { name: 'exports: invalid peer name, duplicate service and wildcard service accepted', body: ES([svc('web', peer('Bad_Peer')), svc('web', peer('x')), svc('*', peer('x'))]) },
  { name: 'exports: 64 meta pairs, HTML characters escaped', body: ES([svc('web', peer('p'))], { Meta: { ...manyMeta(62), '9': 'nine', '10': '<a&b>' } }) },
  { name: 'exports: weakly typed scalars', body: ES([{ Name: 5, Consumers: [{ Peer: true }] }, { Name: 0.1, Consumers: [{ Peer: 1e21 }] }, { Name: 'x', Consumers: [{ Peer: -0 }] }]) },
  { name: 'exports: single objects where lists are expected', body: ES({ Name: 'web', Consumers: { Peer: 'p' } }) },
  { name: 'exports: single-element list where a string is expected', body: ES([{ Name: ['web'], Consumers: [peer('p')] }]) },
  { name: 'exports: null Services', body: ES(null) },
  { name: 'exports: Kind wins over kind; CreateIndex ignored', body: { Kind: 'exported-services', kind: 'service-intentions', Name: 'default', CreateIndex: 7, Services: [svc('a', peer('p'))] } },
  { name: 'exports: null service item', body: ES([null]) },
  // ---- exported-services: rejected ----
  { name: 'exports: wrong name', body: { ...ES([svc('web', peer('p'))]), Name: 'other' } },
  { name: 'exports: empty service name', body: ES([svc('', peer('p'))]) },
  { name: 'exports: no consumers', body: ES([svc('web')]) },
  { name: 'exports: consumers missing', body: ES([{ Name: 'web' }]) },
  { name: 'exports: peer and partition together', body: ES([svc('web', peer('p'), { Peer: 'p', Partition: 'x' })]) },
  { name: 'exports: wildcard peer', body: ES([svc('web', peer('*'))]) },
  { name: 'exports: wildcard partition', body: ES([svc('web', { Partition: '*' })]) },
  { name: 'exports: sameness group (alias)', body: ES([svc('web', { sameness_group: 'g' })]) },
  { name: 'exports: sameness group checked before empty names', body: ES([svc('', peer('p')), svc('db', { SamenessGroup: 'g' })]) },
  { name: 'exports: alias conflict leaves the lower-cased key unused', body: ES([{ Name: 'web', Consumers: [{ sameness_group: 'g', SamenessGroup: 'h' }] }]) },
  { name: 'exports: unknown consumer key', body: ES([svc('web', { Peer: 'p', Bogus: 'x' })]) },
  { name: 'exports: PeerName is not an alias', body: ES([svc('web', { PeerName: 'p' })]) },
  { name: 'exports: unknown keys at several levels', body: ES([{ Name: 'a', Consumers: [{ Peer: 'p', Bogus: 1 }], Foo: 1 }], { Bar: 2 }) },
  { name: 'exports: several unknown keys at one level', body: ES([svc('a', { Peer: 'p', Bogus: 1, Zed: 2, Alpha: 3 })]), unordered: true },
  { name: 'exports: top-level Partition (empty) is an unknown key', body: ES([svc('web', peer('p'))], { Partition: '' }) },
  { name: 'exports: top-level namespace keys', body: ES([svc('web', { Peer: 'p', Namespace: 'x' })], { Namespace: 'default' }) },
  { name: 'exports: keys ending in namespace and containing jwt', body: ES([svc('web', peer('p'))], { SourceNAMESPACE: 1, MyJwtThing: 2 }), unordered: true },
  { name: 'exports: 65 meta pairs', body: ES([svc('web', peer('p'))], { Meta: manyMeta(65) }) },
  { name: 'exports: meta key too long', body: ES([svc('web', peer('p'))], { Meta: { ['k'.repeat(129)]: 'v' } }) },
  { name: 'exports: meta value too long (bytes)', body: ES([svc('web', peer('p'))], { Meta: { k: 'é'.repeat(257) } }) },
  { name: 'exports: type errors', body: ES([{ Name: {}, Consumers: [{ Peer: [] }] }]) },
  { name: 'exports: Services is a string', body: ES('x') },
  { name: 'exports: meta is not a map', body: ES([svc('a', peer('p'))], { Meta: 'x' }) },
  { name: 'exports: Hash is not a number', body: ES([svc('a', peer('p'))], { Hash: 'abc' }) },
  // ---- body and kind ----
  { name: 'body: null', body: null },
  { name: 'body: array', body: [] },
  { name: 'body: string', body: 'x' },
  { name: 'body: number', body: 5 },
  { name: 'body: no kind', body: { Name: 'default' } },
  { name: 'body: KIND is not kind', body: { KIND: 'exported-services' } },
  { name: 'body: kind not a string', body: { Kind: 5 } },
  { name: 'body: kind null', body: { Kind: null } },
  { name: 'body: unknown kind', body: { kind: 'foo' } },
  { name: 'body: kind case matters', body: { Kind: 'Exported-Services' } },
  // ---- service-intentions: accepted ----
  { name: 'intentions: wildcard and peer sources ordered by precedence', body: IX('web', [{ Name: '*', Peer: 'peer-b', Action: 'deny' }, { Name: 'frontend', Peer: 'peer-b', Action: 'allow' }]) },
  { name: 'intentions: local and peer source of one name', body: IX('web', [{ Name: 'web', Action: 'allow' }, { Name: 'web', Peer: 'p', Action: 'deny' }]) },
  { name: 'intentions: wildcard destination precedences 6 and 5', body: IX('*', [{ Name: '*', Action: 'deny' }, { Name: 'a', Action: 'allow', Description: 'd' }]) },
  { name: 'intentions: all source fields, meta, user precedence ignored', body: IX('web', [{ Name: 'b', Action: 'allow', Precedence: 3, legacy_id: 'x', LegacyMeta: {}, type: 'consul', description: 'x<y>' }, { Name: '*', Action: 'deny', Peer: 'p' }], { Meta: { z: '1', a: '2' } }) },
  { name: 'intentions: weak precedence string and lower-case kind', body: { kind: 'service-intentions', name: 'web', sources: [{ name: 'a', action: 'allow', precedence: '0x10' }] } },
  { name: 'intentions: L7 with service-defaults http', setup: [HTTP_WEB], body: IX('web', [{ Name: 'a', Peer: 'p1', Permissions: [L7({ path_prefix: '/v1', Methods: ['get', 'Post'], Header: [{ Name: 'X', Exact: 'y', ignore_case: true, Invert: true }, { Name: 'Z', Present: true }] }), L7({ PathRegex: '.*' }, 'deny')] }]) },
  { name: 'intentions: L7 with proxy-defaults protocol http', setup: [PD({ Config: { Protocol: 'HTTP' } })], body: IX('web', [{ Name: 'a', Permissions: [L7({ PathExact: '/x' })] }]) },
  { name: 'intentions: L7 with service-defaults grpc', setup: [SD('web', { Protocol: 'GRPC' })], body: IX('web', [{ Name: 'a', Permissions: [L7({ Header: [{ Name: 'x', Contains: 'y' }] })] }]) },
  // ---- service-intentions: rejected ----
  { name: 'intentions: L7 on a tcp service', body: IX('web', [{ Name: 'a', Permissions: [L7({ PathExact: '/x' })] }]) },
  { name: 'intentions: L7 when service-defaults has no protocol despite proxy-defaults http', setup: [PD({ Config: { protocol: 'http' } }), SD('web')], body: IX('web', [{ Name: 'a', Permissions: [L7({ PathExact: '/x' })] }]) },
  { name: 'intentions: bad action', body: IX('web', [{ Name: 'frontend', Peer: 'p', Action: 'maybe' }]) },
  { name: 'intentions: missing action', body: IX('web', [{ Name: 'frontend' }]) },
  { name: 'intentions: wildcard peer', body: IX('web', [{ Name: 'frontend', Peer: '*', Action: 'allow' }]) },
  { name: 'intentions: duplicate peer source', body: IX('web', [{ Name: 'f', Peer: 'p', Action: 'allow' }, { Name: 'f', Peer: 'p', Action: 'deny' }]) },
  { name: 'intentions: duplicate local source', body: IX('web', [{ Name: 'f', Action: 'allow' }, { Name: 'g', Action: 'allow' }, { Name: 'f', Action: 'deny' }]) },
  { name: 'intentions: duplicate after precedence sort', body: IX('web', [{ Name: '*', Action: 'allow' }, { Name: 'f', Action: 'allow' }, { Name: 'f', Action: 'deny' }]) },
  { name: 'intentions: source Namespace', body: IX('web', [{ Name: 'a', Action: 'allow', Namespace: 'ns' }]) },
  { name: 'intentions: source Partition', body: IX('web', [{ Name: 'a', Action: 'allow', Partition: 'default' }]) },
  { name: 'intentions: source namespace and partition', body: IX('web', [{ Name: 'a', Action: 'allow', namespace: 'x', Partition: 'x' }]), unordered: true },
  { name: 'intentions: top-level namespace and Partition', body: IX('web', [{ Name: 'a', Action: 'allow' }], { namespace: '', Partition: '' }), unordered: true },
  { name: 'intentions: duplicate spelling of a field', body: IX('web', [{ Name: 'a', Action: 'allow', name: 'b' }]) },
  { name: 'intentions: unknown and jwt-like source keys', body: IX('web', [{ Name: 'a', Action: 'allow', JWTFoo: 1 }]) },
  { name: 'intentions: no sources', body: IX('web', []) },
  { name: 'intentions: sources missing', body: { Kind: 'service-intentions', Name: 'web' } },
  { name: 'intentions: source without name', body: IX('web', [{ Action: 'allow' }]) },
  { name: 'intentions: destination name missing', body: IX('', [{ Name: 'a', Action: 'allow' }]) },
  { name: 'intentions: partial wildcard source', body: IX('web', [{ Name: 'we*', Action: 'allow' }]) },
  { name: 'intentions: partial wildcard destination', body: IX('a*', [{ Name: 'a', Action: 'allow' }]) },
  { name: 'intentions: permissions on wildcard destination', body: IX('*', [{ Name: 'a', Permissions: [L7({ PathExact: '/' })] }]) },
  { name: 'intentions: sameness group source', body: IX('web', [{ Name: 'a', Action: 'allow', sameness_group: 'g' }]) },
  { name: 'intentions: description too long', body: IX('web', [{ Name: 'a', Action: 'allow', Description: 'd'.repeat(513) }]) },
  { name: 'intentions: bad type', body: IX('web', [{ Name: 'a', Action: 'allow', Type: 'foo' }]) },
  { name: 'intentions: legacy meta', body: IX('web', [{ Name: 'a', Action: 'allow', legacy_meta: { a: 'b' } }]) },
  { name: 'intentions: action with permissions', setup: [HTTP_WEB], body: IX('web', [{ Name: 'a', Action: 'allow', Permissions: [L7({ PathExact: '/x' })] }]) },
  { name: 'intentions: path prefix without slash', setup: [HTTP_WEB], body: IX('web', [{ Name: 'a', Permissions: [L7({ PathPrefix: 'v1' })] }]) },
  { name: 'intentions: path exact without slash', setup: [HTTP_WEB], body: IX('web', [{ Name: 'a', Permissions: [L7({ PathExact: 'x"y' })] }]) },
  { name: 'intentions: two path matchers', setup: [HTTP_WEB], body: IX('web', [{ Name: 'a', Permissions: [L7({ PathExact: '/x', PathRegex: 'y' })] }]) },
  { name: 'intentions: permission without HTTP', setup: [HTTP_WEB], body: IX('web', [{ Name: 'a', Permissions: [{ Action: 'allow' }] }]) },
  { name: 'intentions: empty HTTP', setup: [HTTP_WEB], body: IX('web', [{ Name: 'a', Permissions: [L7({})] }]) },
  { name: 'intentions: permission bad action', setup: [HTTP_WEB], body: IX('web', [{ Name: 'a', Permissions: [L7({ PathExact: '/x' }, 'permit')] }]) },
  { name: 'intentions: header without name', setup: [HTTP_WEB], body: IX('web', [{ Name: 'a', Permissions: [L7({ Header: [{ Exact: 'x' }] })] }]) },
  { name: 'intentions: header with two matchers', setup: [HTTP_WEB], body: IX('web', [{ Name: 'a', Permissions: [L7({ Header: [{ Name: 'h', Exact: 'x', Suffix: 'y' }] })] }]) },
  { name: 'intentions: header IgnoreCase with Present', setup: [HTTP_WEB], body: IX('web', [{ Name: 'a', Permissions: [L7({ Header: [{ Name: 'h', Present: 'true', IgnoreCase: 1 }] })] }]) },
  { name: 'intentions: invalid method', setup: [HTTP_WEB], body: IX('web', [{ Name: 'a', Permissions: [L7({ Methods: ['fetch'] })] }]) },
  { name: 'intentions: duplicate method after upper-casing', setup: [HTTP_WEB], body: IX('web', [{ Name: 'a', Permissions: [L7({ Methods: ['get', 'GET'] })] }]) },
  { name: 'intentions: missing JWT provider', body: IX('web', [{ Name: 'a', Action: 'allow' }], { JWT: { Providers: [{ Name: 'okta' }] } }) },
  { name: 'intentions: JWT provider without name', body: IX('web', [{ Name: 'a', Action: 'allow' }], { JWT: { Providers: [{ Name: '' }] } }) },
  { name: 'intentions: meta over the limit', body: IX('web', [{ Name: 'a', Action: 'allow' }], { Meta: manyMeta(65) }) },
  { name: 'intentions: decode errors in field order', body: IX('web', [{ Name: 'a', Action: 'allow', Precedence: 'abc', LegacyCreateTime: 'x', LegacyUpdateTime: '2020-01-01' }]) },
  { name: 'intentions: Sources is a string', body: IX('web', 'x') },
  { name: 'intentions: Action is an object', body: IX('web', [{ Name: 'a', Action: {} }]) },
  { name: 'intentions: bool field not a bool', setup: [HTTP_WEB], body: IX('web', [{ Name: 'a', Permissions: [L7({ Header: [{ Name: 'h', Present: 'yes' }] })] }]) },
  // ---- service-defaults / proxy-defaults ----
  { name: 'service-defaults: full render', body: SD('web', { Protocol: 'HTTP', Meta: { a: 'b' }, MaxRequestHeadersKB: 5, mode: 'transparent', MutualTLSMode: 'strict', ExternalSNI: 'x', transparent_proxy: { outbound_listener_port: 1 }, mesh_gateway: { mode: 'local' }, Expose: { Checks: true, Paths: [{ listener_port: 3, Path: '/x' }] }, Destination: { Addresses: ['a.com', '10.0.0.1'], Port: 80 }, balance_inbound_connections: 'exact_balance', LocalConnectTimeoutMs: '5' }) },
  { name: 'service-defaults: minimal', body: SD('api') },
  { name: 'service-defaults: empty upstream config', body: SD('api', { UpstreamConfig: {}, EnvoyExtensions: [] }) },
  { name: 'service-defaults: several problems', body: SD('web', { Destination: { Addresses: ['a..b', 'x', 'x', '*.a'], Port: 0 }, Protocol: 'foo', RateLimits: {}, balance_inbound_connections: 'x', Meta: { a: 'x'.repeat(513) } }) },
  { name: 'service-defaults: upstream config and destination', body: SD('web', { UpstreamConfig: {}, Destination: { Addresses: ['x'], Port: 1 }, Protocol: 'foo', MutualTLSMode: 'bad' }) },
  { name: 'service-defaults: bad mutual TLS mode wins', body: SD('web', { Protocol: 'foo', MutualTLSMode: 'bad' }) },
  { name: 'service-defaults: permissive mode needs mesh consent', body: SD('web', { MutualTLSMode: 'permissive' }) },
  { name: 'service-defaults: wildcard name', body: SD('*') },
  { name: 'service-defaults: no name', body: SD('') },
  { name: 'service-defaults: tcp while L7 intentions exist', setup: [HTTP_WEB, IX('web', [{ Name: 'a', Permissions: [L7({ PathExact: '/' })] }])], body: SD('web', { Protocol: 'tcp' }) },
  { name: 'proxy-defaults: config render, single-element lists unwrapped', body: PD({ Config: { protocol: ['http'], x: [[1]], y: [{ a: ['b'] }], z: [1, { a: null }], local_connect_timeout_ms: 1000 } }) },
  { name: 'proxy-defaults: empty name becomes global', body: { Kind: 'proxy-defaults', AccessLogs: { Enabled: true } } },
  { name: 'proxy-defaults: other name', body: PD({ Name: 'x' }) },
  { name: 'proxy-defaults: protocol not a string', body: PD({ Config: { protocol: [1, 2] } }) },
  { name: 'proxy-defaults: access logs path without file type', body: PD({ AccessLogs: { Path: '/x' } }) },
  { name: 'proxy-defaults: tcp while L7 intentions exist', setup: [PD({ Config: { protocol: 'http' } }), IX('api', [{ Name: 'a', Permissions: [L7({ PathExact: '/' })] }])], body: PD({ Config: { protocol: 'tcp' } }) },
];

const deleteCases: DeleteCase[] = [
  { name: 'delete: service-defaults that L7 intentions rely on', setup: [HTTP_WEB, IX('web', [{ Name: 'a', Permissions: [L7({ PathExact: '/' })] }])], del: ['service-defaults', 'web'] },
  { name: 'delete: proxy-defaults that L7 intentions rely on', setup: [PD({ Config: { protocol: 'http' } }), IX('web', [{ Name: 'a', Permissions: [L7({ PathExact: '/' })] }])], del: ['proxy-defaults', 'global'] },
  { name: 'delete: proxy-defaults when service-defaults decides', setup: [PD({ Config: { protocol: 'http' } }), HTTP_WEB, IX('web', [{ Name: 'a', Permissions: [L7({ PathExact: '/' })] }])], del: ['proxy-defaults', 'global'] },
  { name: 'delete: intentions', setup: [IX('web', [{ Name: 'a', Action: 'allow' }])], del: ['service-intentions', 'web'] },
];

const casCases: CasCase[] = [
  { name: 'cas: same content in other spelling', first: ES([svc('web', peer('p'))]), second: { kind: 'exported-services', name: 'default', services: { name: 'web', consumers: { peer_name: 'p' } } } },
  { name: 'cas: same intentions in other order', first: IX('web', [{ Name: '*', Action: 'deny' }, { Name: 'a', Action: 'allow' }]), second: IX('web', [{ Name: 'a', Action: 'allow', Type: 'consul' }, { Name: '*', Action: 'deny', Precedence: 1 }]) },
  { name: 'cas: different content', first: ES([svc('web', peer('p'))]), second: ES([svc('web', peer('q'))]) },
  { name: 'cas: empty meta is not absent meta', first: ES([svc('web', peer('p'))]), second: ES([svc('web', peer('p'))], { Meta: {} }) },
];

// ---------------------------------------------------------------------------------------------

let servers: ConsulServers;
let address = '';
const CLEANUP_ORDER = ['service-intentions', 'service-defaults', 'proxy-defaults', 'exported-services'];

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
}

async function call(method: string, path: string, body?: unknown): Promise<Answer> {
  const init: RequestInit = { method, signal: AbortSignal.timeout(10_000) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`${address}${path}`, init);
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

/** The emulator side: entries stored by successful writes, keyed kind/name. */
class ModelStore {
  readonly entries = new Map<string, SimConfigEntry>();
  readonly lookup = (kind: string, name: string): SimConfigEntry | undefined => this.entries.get(`${kind}/${name}`);
  readonly list = (kind: string): SimConfigEntry[] => [...this.entries.values()].filter((e) => e.Kind === kind);
  put(entry: SimConfigEntry): void {
    this.entries.set(`${entry.Kind}/${entry.Name}`, entry);
  }
}

async function cleanup(): Promise<void> {
  for (const kind of CLEANUP_ORDER) {
    const listed = await call('GET', `/v1/config/${kind}`);
    const names = (JSON.parse(listed.text) as Array<{ Name: string }>).map((e) => e.Name);
    for (const name of names) {
      const deleted = await call('DELETE', `/v1/config/${kind}/${encodeURIComponent(name)}`);
      if (deleted.status !== 200) throw new Error(`cleanup DELETE ${kind}/${name}: ${deleted.status} ${deleted.text}`);
    }
  }
}

async function applySetup(store: ModelStore, setup: readonly unknown[]): Promise<void> {
  for (const body of setup) {
    const real = await call('PUT', '/v1/config', body);
    expect(`${real.status} ${real.text}`).toBe('200 true');
    const model = checkConfigEntryWrite(wire(body), store.lookup, store.list);
    if (!model.ok) throw new Error(`setup write refused by the module: ${model.message}`);
    store.put(model.entry);
  }
}

/** The body as the emulator's HTTP server would see it: parsed from the text sent to Consul. */
function wire(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body)) as unknown;
}

function comparable(text: string, unordered: boolean | undefined): string {
  return unordered ? text.split('\n').sort().join('\n') : text;
}

function withoutVolatile(value: Record<string, unknown>): Record<string, unknown> {
  const { Hash: _h, CreateIndex: _c, ModifyIndex: _m, ...rest } = value;
  return rest;
}

/** Checks that the module renders the stored entry exactly like Consul's GET. */
async function compareRead(entry: SimConfigEntry): Promise<void> {
  const real = await call('GET', `/v1/config/${entry.Kind}/${encodeURIComponent(entry.Name)}`);
  expect(real.status).toBe(200);
  expect(real.contentType).toBe('application/json');
  const createIndex = Number(/"CreateIndex": (\d+)/.exec(real.text)?.[1]);
  const modifyIndex = Number(/"ModifyIndex": (\d+)/.exec(real.text)?.[1]);
  const rendered = renderConfigEntry(entry, { createIndex, modifyIndex });
  expect(withoutVolatile(JSON.parse(JSON.stringify(rendered, (_k, v: unknown) => (typeof v === 'bigint' ? 0 : v))) as Record<string, unknown>)).toEqual(
    withoutVolatile(JSON.parse(real.text) as Record<string, unknown>),
  );
  expect(toConsulJson(rendered)).toBe(real.text);
}

beforeAll(async () => {
  servers = await startConsulServers({ datacenters: ['dc1'] });
  address = servers.byDatacenter('dc1').address;
}, 120_000);

afterAll(async () => {
  await servers?.stop();
});

afterEach(async () => {
  if (address) await cleanup();
});

describe('PUT /v1/config: real Consul and the emulator module agree', () => {
  it.each(writeCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const store = new ModelStore();
    await applySetup(store, c.setup ?? []);
    const real = await call('PUT', '/v1/config', c.body);
    const model = checkConfigEntryWrite(wire(c.body), store.lookup, store.list);
    const modelStatus = model.ok ? 200 : model.status;
    const modelText = model.ok ? 'true' : model.message;
    expect({ status: modelStatus, text: comparable(modelText, c.unordered) }).toEqual({ status: real.status, text: comparable(real.text, c.unordered) });
    expect(real.contentType).toBe(real.status === 200 ? 'application/json' : 'text/plain; charset=utf-8');
    if (model.ok) await compareRead(model.entry);
  });
});

describe('DELETE /v1/config/:kind/:name graph checks', () => {
  it.each(deleteCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const store = new ModelStore();
    await applySetup(store, c.setup);
    const [kind, name] = c.del;
    const problem = checkConfigEntryDelete(kind, name, store.lookup, store.list);
    const real = await call('DELETE', `/v1/config/${kind}/${name}`);
    expect(problem === null ? { status: 200, text: '{}' } : { status: 500, text: problem }).toEqual({ status: real.status, text: real.text });
  });
});

describe('writes with a stale cas: skipped (true) only for identical content', () => {
  it.each(casCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const store = new ModelStore();
    await applySetup(store, [c.first]);
    const stored = store.list(String((c.first as { Kind: string }).Kind))[0];
    const second = checkConfigEntryWrite(wire(c.second), store.lookup, store.list);
    if (!second.ok || !stored) throw new Error('the second write must be valid');
    const real = await call('PUT', '/v1/config?cas=1', c.second);
    expect(real.status).toBe(200);
    expect(sameConfigContent(stored, second.entry) ? 'true' : 'false').toBe(real.text);
  });
});

describe('configKindError', () => {
  it('matches GET /v1/config/:kind/:name on real Consul', async () => {
    for (const kind of ['exported-services', 'service-intentions', 'mesh', 'jwt-provider', 'bogus', 'Service-Defaults']) {
      const real = await call('GET', `/v1/config/${kind}/x`);
      const error = configKindError(kind);
      if (error === null) expect(real.status).toBe(404);
      else expect({ status: real.status, text: real.text }).toEqual({ status: 500, text: error });
    }
  });
});
