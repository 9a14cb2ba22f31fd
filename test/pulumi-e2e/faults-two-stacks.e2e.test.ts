import { describeEachBackend, startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { printConvergenceTable, recordConvergence, runsToConverge } from '../support/convergence-table';
import { eventually, leftovers, readPeering } from '../terraform/support/scenario';
import { PulumiWorld, pulumiBinDir } from './engine';

// Issue 20 with two Pulumi stacks (examples/pulumi/acceptor on dc1, examples/pulumi/dialer on dc2 through
// StackReference), under the real engine: the dialing cluster rebuilt empty converges with the acceptor's next
// `up --refresh` (a new token, in place) and then the dialer's next `up --refresh`: one run per operator; the accepting
// cluster rebuilt empty likewise (a token generated again; the dialer's old record replaced).
const RUN_MS = 240_000;

describeEachBackend('pulumi, two stacks: a rebuilt cluster converges in one run per stack', (backend) => {
  let clusters: TestClusters;
  let world: PulumiWorld;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let acceptor: string;
  let dialer: string;

  const noChanges = async (cwd: string, cluster: TestCluster): Promise<boolean> =>
    (await world.run(cwd, ['preview', '--expect-no-changes', '--refresh'], cluster, { timeoutMs: RUN_MS })).code === 0;

  beforeAll(async () => {
    const binDir = pulumiBinDir();
    clusters = await startClusters(backend, ['dc1', 'dc2'], { acl: true });
    [dc1, dc2] = clusters.clusters as [TestCluster, TestCluster];
    world = new PulumiWorld(binDir);
    // reissueAfter shortened, so the test need not wait the default 5 minutes.
    acceptor = world.project('acceptor', 'acceptor', (source) => source.replace("{ peerName }", "{ peerName, reissueAfter: '3s' }"));
    dialer = world.project('dialer');
    await world.ok(acceptor, ['stack', 'init', 'dev'], dc1);
    await world.ok(dialer, ['stack', 'init', 'dev'], dc2);
    await world.ok(acceptor, ['up', '--yes', '--skip-preview'], dc1, { timeoutMs: RUN_MS });
    await world.ok(dialer, ['up', '--yes', '--skip-preview'], dc2, { timeoutMs: RUN_MS });
  }, 600_000);

  afterAll(async () => {
    printConvergenceTable(`fault recovery, pulumi two stacks, ${backend}`);
    world?.dispose();
    await clusters?.stop();
  }, 60_000);

  it('the dialing cluster rebuilt empty: the acceptor\'s next up issues a token, the dialer\'s next up establishes; then no changes on either', async () => {
    await eventually('both sides ACTIVE', async () => (await readPeering(dc1, 'dialer'))?.State === 'ACTIVE' && (await readPeering(dc2, 'acceptor'))?.State === 'ACTIVE');
    const acceptorId = (await readPeering(dc1, 'dialer'))?.ID;
    await clusters.rebuildCluster('dc2');
    await eventually('the acceptor side FAILING', async () => (await readPeering(dc1, 'dialer'))?.State === 'FAILING');
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    // One round = the acceptor's operator runs up --refresh, then the dialer's; rounds until neither previews a change.
    const runs = await runsToConverge(async () => {
      await world.ok(acceptor, ['up', '--yes', '--refresh', '--skip-preview'], dc1, { timeoutMs: RUN_MS });
      // The new token waits, unused, for the dialer: the acceptor's preview issues no other.
      expect(await noChanges(acceptor, dc1)).toBe(true);
      await world.ok(dialer, ['up', '--yes', '--refresh', '--skip-preview'], dc2, { timeoutMs: RUN_MS });
    }, async () => await noChanges(acceptor, dc1) && await noChanges(dialer, dc2));
    recordConvergence({ fault: 'dialing cluster rebuilt empty', frontEnd: 'pulumi (two stacks)', backend, runs });
    expect(runs).toBe(1);
    await eventually('both sides ACTIVE again', async () => (await readPeering(dc1, 'dialer'))?.State === 'ACTIVE' && (await readPeering(dc2, 'acceptor'))?.State === 'ACTIVE');
    expect((await readPeering(dc1, 'dialer'))?.ID).toBe(acceptorId);
  }, 900_000);

  it('the accepting cluster rebuilt empty: the acceptor\'s next up generates a token, the dialer\'s next up establishes with it; then no changes on either', async () => {
    const dialerRecord = (await readPeering(dc2, 'acceptor'))?.ID;
    await clusters.rebuildCluster('dc1');
    const runs = await runsToConverge(async () => {
      await world.ok(acceptor, ['up', '--yes', '--refresh', '--skip-preview'], dc1, { timeoutMs: RUN_MS });
      await world.ok(dialer, ['up', '--yes', '--refresh', '--skip-preview'], dc2, { timeoutMs: RUN_MS });
    }, async () => await noChanges(acceptor, dc1) && await noChanges(dialer, dc2));
    recordConvergence({ fault: 'accepting cluster rebuilt empty', frontEnd: 'pulumi (two stacks)', backend, runs });
    expect(runs).toBe(1);
    await eventually('both sides ACTIVE again', async () => (await readPeering(dc1, 'dialer'))?.State === 'ACTIVE' && (await readPeering(dc2, 'acceptor'))?.State === 'ACTIVE');
    // The dialer's record of the lost acceptor peering was replaced, not established over.
    expect((await readPeering(dc2, 'acceptor'))?.ID).not.toBe(dialerRecord);
  }, 900_000);

  it('destroy (dialer, then acceptor) leaves nothing behind', async () => {
    await world.ok(dialer, ['destroy', '--yes', '--skip-preview'], dc2, { timeoutMs: RUN_MS });
    await world.ok(acceptor, ['destroy', '--yes', '--skip-preview'], dc1, { timeoutMs: RUN_MS });
    expect([...await leftovers(dc1), ...await leftovers(dc2)]).toEqual([]);
  }, 600_000);
});
