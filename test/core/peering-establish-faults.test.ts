import { peering, peeringToken } from '../../src/core';
import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';
import { closeCountingClients, countingClient, type CountingClient } from '../support/counting-client';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';

// A failed establish is settled by what Consul holds under the name, never by resending the POST (a token works once):
// on both backends, through a fault proxy in front of the dialing cluster.
afterAll(closeCountingClients);

describeEachBackend('Peering establish: an error answer is settled by reading the name back', (backend) => {
  let env: TestClusters;
  let proxy: FaultProxy;
  let dc1: CountingClient;
  let dc2: CountingClient;
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2']);
    proxy = await startFaultProxy(env.clusters[1]!.address);
    dc1 = countingClient(env.clusters[0]!);
    dc2 = countingClient({ ...env.clusters[1]!, address: proxy.address });
  });
  afterAll(async () => {
    await proxy?.close();
    await env?.stop();
  });
  const token = async (name: string): Promise<string> => (await peeringToken.create(dc1.context, { peerName: name })).peeringToken;
  const inputs = (name: string, tokenText: string) => peering.check({ peerName: name, peeringToken: tokenText }).inputs;
  const posts = (): number => dc2.calls().filter((call) => call === 'POST /v1/peering/establish').length;

  it('a 504 from a proxy after Consul established it: the peering is found with this token and waited for; the POST is sent once', async () => {
    proxy.inject({ method: 'POST', path: '/v1/peering/establish', status: 504, body: 'gateway timeout', afterForwarding: true, times: 1 });
    dc2.reset();
    const created = await peering.create(dc2.context, inputs('p1', await token('q1')));
    expect(created.state).toBe('ACTIVE');
    expect(posts()).toBe(1);
  });

  it('the state lost after an establish (a create with the token this record already used): 403, then adopted as it is', async () => {
    const used = await token('q2');
    const first = await peering.create(dc2.context, inputs('p2', used));
    dc2.reset();
    const again = await peering.create(dc2.context, inputs('p2', used));
    expect([again.state, again.peerId, again.tokenFingerprint]).toEqual(['ACTIVE', first.peerId, first.tokenFingerprint]);
    expect(dc2.methods()).not.toContain('DELETE');
  });

  it('a 503 before Consul saw it: the error stands (sent once, naming the cluster), nothing is left, and the token still works', async () => {
    const unused = await token('q3');
    proxy.inject({ method: 'POST', path: '/v1/peering/establish', status: 503, body: 'No cluster leader', times: 1 });
    dc2.reset();
    const failed = (await peering.create(dc2.context, inputs('p3', unused)).catch((error: unknown) => error)) as Error;
    expect(failed.message).toContain('503');
    expect(failed.message).toContain(new URL(proxy.address).host);
    expect(posts()).toBe(1);
    await expect(dc2.client.readPeering('p3')).rejects.toThrow(/404/);
    expect((await peering.create(dc2.context, inputs('p3', unused))).state).toBe('ACTIVE');
  });
});
