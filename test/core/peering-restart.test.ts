import { peering, peeringToken } from '../../src/core';
import { describeEachBackend, startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { closeCountingClients, countingClient } from '../support/counting-client';
import { startLinkProxy, type LinkProxy } from '../support/link-proxy';
import { restartWhen } from '../support/restart-timing';
import { consul, eventually, readPeering } from '../terraform/support/scenario';

// A dialing server killed while its establish request is in flight (its record PENDING: Consul 1.22.7 writes it before
// exchanging the token's secret with the acceptor) and started again with its data: the create settles the lost
// answer by reading the name back, deletes the half-written record and establishes once more with the same token.
// The token names a link made slow until the restart (a proxy holding each new connection 1.5 s), so that the
// PENDING moment lasts long enough to be seen under load and the kill lands before the acceptor exchanged the secret.
// (A kill after the exchange uses the token up, which Consul's API cannot tell apart: the establish then fails with
// token_rejected.)
afterAll(closeCountingClients);

describeEachBackend('Peering create with the dialing server restarted during the establish request', (backend) => {
  let env: TestClusters;
  let link: LinkProxy;
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2'], { acl: true, durable: true });
    link = await startLinkProxy((env.clusters[0] as TestCluster).peeringAddress);
  });
  afterAll(async () => {
    await link?.close();
    await env?.stop();
  });

  it('completes ACTIVE with one peering on each side; no PENDING record left behind', async () => {
    const [dc1, dc2] = env.clusters as [TestCluster, TestCluster];
    const token = (await peeringToken.create(countingClient(dc1).context, { peerName: 'dc2', serverExternalAddresses: [link.address] })).peeringToken;
    link.setConnectDelay(1_500);
    let running = true;
    const creating = peering.create(countingClient(dc2).context, peering.check({ peerName: 'dc1', peeringToken: token, activeTimeout: '60s' }).inputs)
      .finally(() => { running = false; });
    const restart = await restartWhen(env, 'dc2', async () => ((await readPeering(dc2, 'dc1'))?.State === 'PENDING' ? 'PENDING' : undefined), { running: () => running });
    link.setConnectDelay(undefined); // the link is fast again for the establish after the restart
    expect(restart).toEqual({ restarted: true, seen: 'PENDING' });
    const outcome = await creating.then((state) => state.state, (error: unknown) => (error as { code?: string }).code ?? String(error));
    process.stdout.write(`[${backend}] dialing server restarted mid-establish: ${outcome}\n`);
    expect(outcome).toBe('ACTIVE');
    const names = async (cluster: TestCluster): Promise<string[]> => ((await consul(cluster, 'GET', '/v1/peerings')).body as { Name: string; State: string }[])
      .map((found) => `${found.Name} ${found.State}`);
    await eventually('the acceptor side ACTIVE', async () => (await readPeering(dc1, 'dc2'))?.State === 'ACTIVE');
    expect([await names(dc1), await names(dc2)]).toEqual([['dc2 ACTIVE'], ['dc1 ACTIVE']]);
  }, 180_000);
});
