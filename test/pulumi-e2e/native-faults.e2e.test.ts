import { describeEachBackend, type TestCluster } from '../support/backends';
import { printConvergenceTable, recordConvergence, runsToConverge } from '../support/convergence-table';
import { eventually, leftovers, readPeering } from '../terraform/support/scenario';
import type { PulumiWorld } from './engine';
import { compileNodeSdk, configureClusters, startNativeSuite, TS_PROVIDERS, typescriptProject, type NativeSuite } from './native-support';

// Issue 20 through the real Pulumi engine, both clusters in one program (two explicit providers): a cluster rebuilt
// empty at the same addresses converges in ONE `up --refresh`. Dialer rebuilt: the token reads as gone once its
// acceptor side has been FAILING and silent for reissueAfter (3 s here), and is generated again in place. Acceptor
// rebuilt: the token is gone, a new one is generated and the dialer re-establishes with it.

const PROGRAM = `${TS_PROVIDERS}
const token = new consulpeering.PeeringToken('token', { peerName: 'dc2', reissueAfter: '3s' }, { provider: dc1 });
const peering = new consulpeering.Peering('peering', { peerName: 'dc1', peeringToken: token.peeringToken }, { provider: dc2 });
new consulpeering.ExportedServices('exports', { services: [{ name: 'api', consumers: [{ peer: 'dc2' }] }] }, { provider: dc1, dependsOn: [peering] });
export const state = peering.state;
`;

describeEachBackend('pulumi: a cluster rebuilt empty converges in one up', (backend) => {
  let suite: NativeSuite | undefined;
  let world: PulumiWorld;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let project: string;

  const bothActive = async (): Promise<string> => {
    await eventually('both sides ACTIVE', async () => (await readPeering(dc1, 'dc2'))?.State === 'ACTIVE' && (await readPeering(dc2, 'dc1'))?.State === 'ACTIVE');
    return (await readPeering(dc1, 'dc2'))?.ID ?? '';
  };

  /** `up --refresh` until a refreshing preview shows no changes; returns the runs it took. */
  const converge = (): Promise<number> => runsToConverge(
    async () => { await world.ok(project, ['up', '--yes', '--refresh', '--skip-preview'], dc1, { timeoutMs: 240_000 }); },
    async () => (await world.run(project, ['preview', '--expect-no-changes', '--refresh'], dc1, { timeoutMs: 240_000 })).code === 0,
  );

  beforeAll(async () => {
    suite = await startNativeSuite(backend);
    ({ world, dc1, dc2 } = suite);
    project = typescriptProject(world, 'faults', PROGRAM);
    compileNodeSdk(suite.engine, world, project);
    await world.ok(project, ['stack', 'init', 'dev'], dc1);
    await configureClusters(world, project, dc1, dc2);
    await world.ok(project, ['up', '--yes', '--skip-preview'], dc1, { timeoutMs: 240_000 });
  }, 400_000);

  afterAll(async () => {
    printConvergenceTable(`fault recovery, pulumi, ${backend}`);
    await suite?.stop();
  });

  it('the dialing cluster rebuilt empty: one up --refresh generates a new token in place and establishes again; then no changes', async () => {
    const acceptorId = await bothActive();
    await suite!.clusters.rebuildCluster('dc2');
    await eventually('the acceptor side FAILING', async () => (await readPeering(dc1, 'dc2'))?.State === 'FAILING');
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const runs = await converge();
    recordConvergence({ fault: 'dialing cluster rebuilt empty', frontEnd: 'pulumi (one program)', backend, runs });
    expect(runs).toBe(1);
    expect(await bothActive()).toBe(acceptorId);
  }, 600_000);

  it('the accepting cluster rebuilt empty: one up --refresh generates a token and the dialer re-establishes; then no changes', async () => {
    await suite!.clusters.rebuildCluster('dc1');
    const runs = await converge();
    recordConvergence({ fault: 'accepting cluster rebuilt empty', frontEnd: 'pulumi (one program)', backend, runs });
    expect(runs).toBe(1);
    await bothActive();
  }, 600_000);

  it('destroy leaves nothing behind on either cluster', async () => {
    await world.ok(project, ['destroy', '--yes', '--skip-preview'], dc1, { timeoutMs: 240_000 });
    expect([...await leftovers(dc1), ...await leftovers(dc2)]).toEqual([]);
  }, 300_000);
});
