import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';
import { call, pollUntil } from './http';

interface PeeringBody { State: string; StreamStatus: { ImportedServices: string[] | null; ExportedServices: string[] | null } }

// The whole peering flow using nothing but HTTP requests, on real Consul and on the emulator alike.
describeEachBackend('peering flow over plain HTTP', (backend) => {
  let env: TestClusters;
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2']);
  });
  afterAll(() => env?.stop());

  it('token on dc1 → establish on dc2 → both ACTIVE → export from dc1 → imported on dc2 → delete on dc1 → dc2 TERMINATED', async () => {
    const [dc1, dc2] = env.clusters.map((cluster) => cluster.address) as [string, string];
    const generated = await call(dc1, 'POST', '/v1/peering/token', { PeerName: 'dc2' });
    expect(generated.status).toBe(200);
    const token = generated.json<{ PeeringToken: string }>().PeeringToken;

    const established = await call(dc2, 'POST', '/v1/peering/establish', { PeerName: 'dc1', PeeringToken: token });
    expect([established.status, established.text]).toEqual([200, '{}']);
    const read = (address: string, name: string) => async () => (await call(address, 'GET', `/v1/peering/${name}`)).json<PeeringBody>();
    expect((await pollUntil(read(dc2, 'dc1'), (p) => p.State === 'ACTIVE')).State).toBe('ACTIVE');
    expect((await pollUntil(read(dc1, 'dc2'), (p) => p.State === 'ACTIVE')).State).toBe('ACTIVE');

    expect((await call(dc1, 'PUT', '/v1/agent/service/register', { Name: 'web', Port: 8080 })).status).toBe(200);
    const exported = await call(dc1, 'PUT', '/v1/config', { Kind: 'exported-services', Name: 'default', Services: [{ Name: 'web', Consumers: [{ Peer: 'dc2' }] }] });
    expect([exported.status, exported.text]).toEqual([200, 'true']);
    const dialer = await pollUntil(read(dc2, 'dc1'), (p) => (p.StreamStatus.ImportedServices ?? []).includes('web'));
    expect(dialer.StreamStatus.ImportedServices).toEqual(['web']);
    const acceptor = await pollUntil(read(dc1, 'dc2'), (p) => (p.StreamStatus.ExportedServices ?? []).includes('web'));
    expect(acceptor.StreamStatus.ExportedServices).toEqual(['web']);

    const deleted = await call(dc1, 'DELETE', '/v1/peering/dc2');
    // fetch accepts gzip, and Consul's gzip wrapper then labels the empty answer with a charset.
    expect([deleted.status, deleted.text, deleted.contentType]).toEqual([200, '', 'application/json; charset=utf-8']);
    const gone = await pollUntil(() => call(dc1, 'GET', '/v1/peering/dc2'), (answer) => answer.status === 404);
    expect([gone.status, gone.text]).toEqual([404, 'Peering not found for "dc2"']);
    expect((await pollUntil(read(dc2, 'dc1'), (p) => p.State === 'TERMINATED')).State).toBe('TERMINATED');
  });
});
