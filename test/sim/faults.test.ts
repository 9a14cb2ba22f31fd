import { startSimulator, type Simulator } from '../../src/sim';
import { call, pollUntil } from './http';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ clusters: ['dc1', 'dc2'] });
});
afterAll(() => sim.stop());

describe('emulator fault injection', () => {
  it('answers a chosen route with an injected status a limited number of times', async () => {
    const dc1 = sim.cluster('dc1');
    const remove = dc1.faults.add({ method: 'GET', path: '/v1/peerings', status: 503, body: 'No cluster leader', times: 2 });
    expect([(await call(dc1.address, 'GET', '/v1/peerings')).status, (await call(dc1.address, 'GET', '/v1/peerings')).text]).toEqual([503, 'No cluster leader']);
    expect((await call(dc1.address, 'GET', '/v1/peerings')).status).toBe(200);
    remove();
  });

  it('adds latency and drops connections', async () => {
    const dc1 = sim.cluster('dc1');
    dc1.faults.add({ path: /^\/v1\/peering\//, delayMs: 300, times: 1 });
    const started = Date.now();
    expect((await call(dc1.address, 'GET', '/v1/peering/none')).status).toBe(404);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    dc1.faults.add({ path: '/v1/peerings', drop: true, times: 1 });
    await expect(call(dc1.address, 'GET', '/v1/peerings')).rejects.toThrow();
    dc1.faults.clear();
  });

  it('breaks and restores the link between two clusters: ACTIVE → FAILING → ACTIVE', async () => {
    const [dc1, dc2] = [sim.cluster('dc1'), sim.cluster('dc2')];
    const token = (await call(dc1.address, 'POST', '/v1/peering/token', { PeerName: 'dc2' })).json<{ PeeringToken: string }>().PeeringToken;
    await call(dc2.address, 'POST', '/v1/peering/establish', { PeerName: 'dc1', PeeringToken: token });
    const state = async (address: string, name: string) => (await call(address, 'GET', `/v1/peering/${name}`)).json<{ State: string }>().State;
    expect(await pollUntil(() => state(dc2.address, 'dc1'), (s) => s === 'ACTIVE')).toBe('ACTIVE');
    dc1.setLinkBroken(true);
    expect(await pollUntil(() => state(dc2.address, 'dc1'), (s) => s === 'FAILING', 5_000)).toBe('FAILING');
    expect(await pollUntil(() => state(dc1.address, 'dc2'), (s) => s === 'FAILING', 5_000)).toBe('FAILING');
    dc1.setLinkBroken(false);
    expect(await pollUntil(() => state(dc2.address, 'dc1'), (s) => s === 'ACTIVE', 5_000)).toBe('ACTIVE');
    expect(await pollUntil(() => state(dc1.address, 'dc2'), (s) => s === 'ACTIVE', 5_000)).toBe('ACTIVE');
  });
});

describe('emulator: slowed deletion shows Consul\'s asynchronous DELETE (§3.3)', () => {
  it('reads DELETING with DeletedAt until the record is gone, then 404', async () => {
    const slow = await startSimulator({ clusters: ['dc1'], timing: { deleteDelayMs: 400 } });
    try {
      const { address } = slow.cluster('dc1');
      await call(address, 'POST', '/v1/peering/token', { PeerName: 'p' });
      expect((await call(address, 'DELETE', '/v1/peering/p')).status).toBe(200);
      const deleting = (await call(address, 'GET', '/v1/peering/p')).json<{ State: string; DeletedAt?: string }>();
      expect(deleting.State).toBe('DELETING');
      expect(deleting.DeletedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/);
      const establish = await call(address, 'POST', '/v1/peering/token', { PeerName: 'p' });
      expect(establish.status).toBe(200);
      expect((await pollUntil(() => call(address, 'GET', '/v1/peering/p'), (answer) => answer.status === 404)).status).toBe(404);
    } finally {
      await slow.stop();
    }
  });
});
