// Self-check of the real-Consul test harness: two dev servers peer with each other, ACLs deny by
// default, and stopping leaves no process behind.
import { ensureConsulBinary } from './consul-binary';
import { createAclToken, startConsulServers, type ConsulServer, type ConsulServers } from './consul-servers';

interface ApiResult {
  readonly status: number;
  readonly body: unknown;
}

async function api(
  server: ConsulServer,
  method: 'GET' | 'POST',
  urlPath: string,
  options: { token?: string | null; body?: unknown; timeoutMs?: number } = {},
): Promise<ApiResult> {
  const headers: Record<string, string> = {};
  if (options.token) headers['X-Consul-Token'] = options.token;
  const init: RequestInit = { method, headers, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) };
  if (options.body !== undefined) init.body = JSON.stringify(options.body);
  const response = await fetch(`${server.address}${urlPath}`, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (error messages are plain text)
  }
  return { status: response.status, body };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function peeringState(server: ConsulServer, peer: string): Promise<string> {
  const result = await api(server, 'GET', `/v1/peering/${peer}`, { token: server.token });
  if (result.status !== 200) return `HTTP ${result.status}`;
  return String((result.body as { State?: unknown }).State);
}

let binary = '';
let cluster: ConsulServers | undefined;

beforeAll(async () => {
  binary = await ensureConsulBinary(); // the first build takes minutes
}, 20 * 60_000);

afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
}, 30_000);

test('two dev servers peer with each other and stop cleanly', async () => {
  cluster = await startConsulServers({ datacenters: ['dc1', 'dc2'], binary });
  const dc1 = cluster.byDatacenter('dc1');
  const dc2 = cluster.byDatacenter('dc2');
  expect(cluster.servers.map((s) => s.datacenter)).toEqual(['dc1', 'dc2']);

  for (const server of cluster.servers) {
    const leader = await api(server, 'GET', '/v1/status/leader');
    expect(leader.status).toBe(200);
    expect(leader.body).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(server.token).toBeNull();
    expect(server.address).toBe(`http://127.0.0.1:${server.ports.http}`);
    const self = await api(server, 'GET', '/v1/agent/self');
    expect((self.body as { Config: { Datacenter: string } }).Config.Datacenter).toBe(server.datacenter);
  }
  const allPorts = cluster.servers.flatMap((s) => Object.values(s.ports));
  expect(allPorts).toHaveLength(14);
  expect(new Set(allPorts).size).toBe(14);
  expect(dc1.nodeName).not.toBe(dc2.nodeName);

  const generated = await api(dc1, 'POST', '/v1/peering/token', { body: { PeerName: 'dc2' } });
  expect(generated.status).toBe(200);
  const peeringToken = (generated.body as { PeeringToken: string }).PeeringToken;
  expect(typeof peeringToken).toBe('string');
  const established = await api(dc2, 'POST', '/v1/peering/establish', {
    body: { PeerName: 'dc1', PeeringToken: peeringToken },
  });
  expect(established.status).toBe(200);

  const deadline = Date.now() + 20_000;
  let states: string[] = [];
  for (;;) {
    states = [await peeringState(dc1, 'dc2'), await peeringState(dc2, 'dc1')];
    if (states.every((s) => s === 'ACTIVE') || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(states).toEqual(['ACTIVE', 'ACTIVE']);

  const pids = cluster.servers.map((s) => s.pid);
  expect(pids.every(isAlive)).toBe(true);
  await cluster.stop();
  expect(cluster.servers.map((s) => s.isRunning())).toEqual([false, false]);
  expect(pids.filter(isAlive)).toEqual([]);
}, 60_000);

test('ACLs: default deny, management token, scoped read-only peering token', async () => {
  cluster = await startConsulServers({ datacenters: ['acl-dc1'], acl: true, binary });
  const server = cluster.byDatacenter('acl-dc1');
  expect(server.token).toMatch(/^[0-9a-f-]{36}$/);
  expect(server.clientEnv).toEqual({ CONSUL_HTTP_ADDR: server.address, CONSUL_HTTP_TOKEN: server.token });

  // A denied peering read answers 403 only after ~11-13 s (the agent retries it internally): run it meanwhile.
  const anonymous = api(server, 'GET', '/v1/peerings', { timeoutMs: 30_000 });
  anonymous.catch(() => undefined); // awaited below; do not report it twice if an assertion fails first
  const managed = await api(server, 'GET', '/v1/peerings', { token: server.token });
  expect(managed.status).toBe(200);
  expect(managed.body).toEqual([]);

  const reader = await createAclToken(server, 'peering = "read"', 'harness self-check: peering read');
  expect(reader.secretId).toMatch(/^[0-9a-f-]{36}$/);
  expect(reader.accessorId).not.toBe(reader.secretId);
  expect((await api(server, 'GET', '/v1/peerings', { token: reader.secretId })).status).toBe(200);
  const denied = await api(server, 'POST', '/v1/peering/token', { token: reader.secretId, body: { PeerName: 'other' } });
  expect(denied.status).toBe(403);
  expect(String(denied.body)).toMatch(/Permission denied/i);

  expect((await anonymous).status).toBe(403);

  const pid = server.pid;
  await cluster.stop();
  expect(isAlive(pid)).toBe(false);
}, 60_000);
