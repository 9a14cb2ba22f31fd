// The harness's cluster faults on both backends: rebuildCluster (lost, back empty at the same addresses) and
// restartCluster (a transient outage that keeps the data), and what the other side of a peering sees.
import { call, pollUntil } from '../sim/http';
import { describeEachBackend, startClusters, type TestCluster, type TestClusters } from './backends';

interface StreamStatus {
  readonly LastHeartbeat: string | null;
  readonly LastReceive: string | null;
  readonly LastSend: string | null;
}
interface Peering {
  readonly ID: string;
  readonly State: string;
  readonly StreamStatus: StreamStatus;
}

const get = async <T>(cluster: TestCluster, path: string): Promise<{ status: number; body: T }> => {
  const answer = await call(cluster.address, 'GET', path, undefined, cluster.token);
  return { status: answer.status, body: (answer.status === 200 ? answer.json<T>() : answer.text) as T };
};
const put = async (cluster: TestCluster, method: string, path: string, body: unknown): Promise<unknown> => {
  const answer = await call(cluster.address, method, path, body, cluster.token);
  if (answer.status !== 200) throw new Error(`${method} ${path} on ${cluster.datacenter}: ${answer.status} ${answer.text}`);
  return answer.text === '' ? null : answer.json();
};
const peering = async (cluster: TestCluster, name: string): Promise<Peering | null> => {
  const read = await get<Peering>(cluster, `/v1/peering/${name}`);
  return read.status === 200 ? read.body : null;
};

/** dc1 accepts, dc2 dials (dc1's record is named "dc2", dc2's "dc1"); resolves once both sides read ACTIVE. */
async function peerDc2ToDc1(dc1: TestCluster, dc2: TestCluster): Promise<void> {
  const issued = (await put(dc1, 'POST', '/v1/peering/token', { PeerName: 'dc2' })) as { PeeringToken: string };
  await put(dc2, 'POST', '/v1/peering/establish', { PeerName: 'dc1', PeeringToken: issued.PeeringToken });
  for (const [cluster, name] of [[dc1, 'dc2'], [dc2, 'dc1']] as const) {
    const state = (await pollUntil(() => peering(cluster, name), (p) => p?.State === 'ACTIVE', 30_000))?.State;
    expect(`${cluster.datacenter}: ${String(state)}`).toBe(`${cluster.datacenter}: ACTIVE`);
  }
}

/** Writes something of every kind a rebuild must wipe: an exported-services entry, a service, an ACL policy. */
async function writeData(cluster: TestCluster): Promise<void> {
  await put(cluster, 'PUT', '/v1/config', { Kind: 'exported-services', Name: 'default', Services: [{ Name: 'api', Consumers: [{ Peer: 'dc1' }] }] });
  await put(cluster, 'PUT', '/v1/agent/service/register', { Name: 'api', Port: 8080 });
  await put(cluster, 'PUT', '/v1/acl/policy', { Name: 'harness-fault-policy', Rules: 'service_prefix "" { policy = "read" }' });
  expect((await get(cluster, '/v1/acl/policy/name/harness-fault-policy')).status).toBe(200);
}

/** The ports the agent reports (gRPC-TLS, gRPC, serf LAN/WAN, server RPC). */
async function reportedPorts(cluster: TestCluster): Promise<Record<string, unknown>> {
  const self = (await get<{ Member: { Tags: Record<string, string> }; xDS: { Ports: unknown } }>(cluster, '/v1/agent/self')).body;
  const tags = self.Member.Tags;
  return { xds: self.xDS.Ports, grpcTls: tags['grpc_tls_port'], grpc: tags['grpc_port'], wan: tags['wan_join_port'], server: tags['port'] };
}

describeEachBackend('harness cluster faults: rebuildCluster', (backend) => {
  let env: TestClusters;
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2'], { acl: true });
  }, 120_000);
  afterAll(() => env?.stop(), 30_000);

  it('a rebuilt dialer is empty at the same address with the same token; the acceptor reads FAILING at once, LastReceive frozen', async () => {
    const [dc1, dc2] = env.clusters as [TestCluster, TestCluster];
    await writeData(dc2);
    await peerDc2ToDc1(dc1, dc2);
    const portsBefore = await reportedPorts(dc2);
    const before = await peering(dc1, 'dc2');
    expect(before?.State).toBe('ACTIVE');

    const rebuildStarted = Date.now();
    let failingAfterMs = Number.NaN;
    const watch = pollUntil(() => peering(dc1, 'dc2'), (p) => p?.State === 'FAILING', 60_000).then((p) => {
      failingAfterMs = Date.now() - rebuildStarted;
      return p;
    });
    await env.rebuildCluster('dc2');
    const rebuiltMs = Date.now() - rebuildStarted;
    const failing = await watch;
    expect(failing?.State).toBe('FAILING');
    process.stdout.write(`[${backend}] rebuildCluster took ${rebuiltMs} ms; the acceptor read FAILING ${failingAfterMs} ms after the kill\n`);
    // "At once": well within the rebuild itself on real Consul, well within the emulator's 1 s link timeout.
    expect(failingAfterMs).toBeLessThan(backend === 'consul' ? rebuiltMs + 1_000 : 900);

    // Same address and token (it answers the management token), same ports, nothing else.
    expect(env.clusters[1]).toEqual(dc2);
    expect((await get(dc2, '/v1/acl/token/self')).status).toBe(200);
    expect(await reportedPorts(dc2)).toEqual(portsBefore);
    expect((await get<unknown[]>(dc2, '/v1/peerings')).body).toEqual([]);
    expect((await get<unknown[]>(dc2, '/v1/config/exported-services')).body).toEqual([]);
    expect(Object.keys((await get<Record<string, unknown>>(dc2, '/v1/catalog/services')).body)).toEqual(['consul']);
    expect((await get(dc2, '/v1/acl/policy/name/harness-fault-policy')).status).not.toBe(200);
    expect((await get(dc2, '/v1/acl/policy/name/global-management')).status).toBe(200);

    // The acceptor's stream times stay where the last message left them.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const later = await peering(dc1, 'dc2');
    expect(later?.State).toBe('FAILING');
    expect(later?.ID).toBe(before?.ID);
    expect(later?.StreamStatus.LastReceive).toBe(failing?.StreamStatus.LastReceive);
    expect(later?.StreamStatus.LastHeartbeat).toBe(before?.StreamStatus.LastHeartbeat);
    expect(Date.parse(String(later?.StreamStatus.LastReceive))).toBeLessThanOrEqual(rebuildStarted + 50);
    expect(Date.parse(String(later?.StreamStatus.LastReceive))).toBeGreaterThanOrEqual(Date.parse(String(before?.StreamStatus.LastReceive)));
  }, 120_000);

  it('a rebuilt acceptor is empty; the dialer reads FAILING', async () => {
    const [dc1, dc2] = env.clusters as [TestCluster, TestCluster];
    await put(dc2, 'DELETE', '/v1/peering/dc1', undefined);
    await peerDc2ToDc1(dc1, dc2);
    await env.rebuildCluster('dc1');
    expect((await get<unknown[]>(dc1, '/v1/peerings')).body).toEqual([]);
    const dialer = await pollUntil(() => peering(dc2, 'dc1'), (p) => p?.State === 'FAILING', 30_000);
    expect(dialer?.State).toBe('FAILING');
  }, 120_000);

  it('restartCluster needs clusters started with durable: true', async () => {
    await expect(env.restartCluster('dc1')).rejects.toThrow(/durable: true/);
  });
});

describeEachBackend('harness cluster faults: restartCluster (durable servers)', (backend) => {
  let env: TestClusters;
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2'], { acl: true, durable: true });
  }, 120_000);
  afterAll(() => env?.stop(), 30_000);

  it.each([['dc2', 'the dialer'], ['dc1', 'the acceptor']])('restarting %s (%s) keeps its data; both sides come back ACTIVE', async (restarted) => {
    const [dc1, dc2] = env.clusters as [TestCluster, TestCluster];
    if ((await peering(dc2, 'dc1')) === null) {
      await writeData(dc2);
      await peerDc2ToDc1(dc1, dc2);
    }
    const ids = [(await peering(dc1, 'dc2'))?.ID, (await peering(dc2, 'dc1'))?.ID];
    const started = Date.now();
    await env.restartCluster(restarted, { downMs: 500 });
    const restartMs = Date.now() - started;
    for (const [cluster, name] of [[dc1, 'dc2'], [dc2, 'dc1']] as const) {
      const back = await pollUntil(() => peering(cluster, name), (p) => p?.State === 'ACTIVE', 90_000);
      expect(`${cluster.datacenter}: ${String(back?.State)}`).toBe(`${cluster.datacenter}: ACTIVE`);
    }
    process.stdout.write(`[${backend}] restartCluster(${restarted}) took ${restartMs} ms; both ACTIVE ${Date.now() - started} ms after the kill\n`);
    expect([(await peering(dc1, 'dc2'))?.ID, (await peering(dc2, 'dc1'))?.ID]).toEqual(ids);
    expect((await get<unknown[]>(dc2, '/v1/config/exported-services')).body).toHaveLength(1);
    expect(Object.keys((await get<Record<string, unknown>>(dc2, '/v1/catalog/services')).body)).toContain('api');
    expect((await get(dc2, '/v1/acl/policy/name/harness-fault-policy')).status).toBe(200);
  }, 180_000);
});
