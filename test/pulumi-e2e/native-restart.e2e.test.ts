import { describeEachBackend, type TestCluster } from '../support/backends';
import { printConvergenceTable, recordConvergence } from '../support/convergence-table';
import { restartWhen } from '../support/restart-timing';
import { consul, eventually, leftovers, readPeering } from '../terraform/support/scenario';
import type { PulumiWorld, RunResult } from './engine';
import { compileNodeSdk, configureClusters, startNativeSuite, TS_PROVIDERS, typescriptProject, type NativeSuite } from './native-support';

// Issue 20, point 2, through the real Pulumi engine (one program, two explicit providers, two owners of dc1's
// exported-services entry): a Consul server with a data directory is killed in the middle of an `up` and started
// again with its data. The up completes or fails with partial state saved; the ups that follow converge (a preview
// with no changes), with one peering on each side and both owners' services in the shared entry.

const PROGRAM = `${TS_PROVIDERS}
const token = new consulpeering.PeeringToken('token', { peerName: 'dc2' }, { provider: dc1 });
const peering = new consulpeering.Peering('peering', { peerName: 'dc1', peeringToken: token.peeringToken }, { provider: dc2 });
new consulpeering.ExportedServices('web-exports', { services: [{ name: 'web', consumers: [{ peer: 'dc2' }] }] }, { provider: dc1, dependsOn: [peering] });
new consulpeering.ExportedServices('api-exports', { services: [{ name: 'api', consumers: [{ peer: 'dc2' }] }] }, { provider: dc1, dependsOn: [peering] });
new consulpeering.ServiceIntentions('web', { name: 'web', sources: [{ name: 'frontend', peer: 'dc2', action: 'allow' }] }, { provider: dc1, dependsOn: [peering] });
export const state = peering.state;
`;

/** Ups are counted until the preview shows no changes; more than this fails the test. */
const MAX_RUNS = 4;
const LONG = { timeoutMs: 300_000 };

describeEachBackend('pulumi: a server restarted mid-up converges', (backend) => {
  let suite: NativeSuite | undefined;
  let world: PulumiWorld;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let project: string;

  /** Ups (the first one already ran, with the fault) until `preview --expect-no-changes --refresh` passes: the ups needed. */
  const runsUntilConverged = async (): Promise<number> => {
    // The restarted server's streams reconnect for a moment after it is back; the next preview is made once the fault
    // is over, as an operator's would be.
    await eventually('both sides ACTIVE after the restart', async () => (await readPeering(dc1, 'dc2'))?.State === 'ACTIVE' && (await readPeering(dc2, 'dc1'))?.State === 'ACTIVE');
    for (let runs = 1; ; runs += 1) {
      const preview = await world.run(project, ['preview', '--expect-no-changes', '--refresh'], dc1, LONG);
      if (preview.code === 0) return runs;
      if (runs >= MAX_RUNS) throw new Error(`not converged after ${runs} ups; last preview:\n${preview.stdout}\n${preview.stderr}`);
      const up = await world.run(project, ['up', '--yes', '--refresh', '--skip-preview'], dc1, LONG);
      if (up.code !== 0) process.stdout.write(`[${backend}] up ${runs + 1} failed: ${(up.stdout + up.stderr).slice(-1_200)}\n`);
    }
  };

  /** The program's objects, each once, in Consul and in the stack; the shared entry holds both owners' services. */
  const expectConverged = async (): Promise<void> => {
    await eventually('both sides ACTIVE', async () => (await readPeering(dc1, 'dc2'))?.State === 'ACTIVE' && (await readPeering(dc2, 'dc1'))?.State === 'ACTIVE');
    const names = async (cluster: TestCluster): Promise<string[]> => ((await consul(cluster, 'GET', '/v1/peerings')).body as { Name: string }[]).map((peering) => peering.Name);
    expect([await names(dc1), await names(dc2)]).toEqual([['dc2'], ['dc1']]);
    const exported = (await consul(dc1, 'GET', '/v1/config/exported-services/default')).body as { Services?: { Name: string }[] };
    expect(exported.Services?.map((service) => service.Name).sort()).toEqual(['api', 'web']);
    const intentions = (await consul(dc1, 'GET', '/v1/config/service-intentions/web')).body as { Sources?: { Name: string; Peer?: string }[] };
    expect(intentions.Sources?.map((source) => `${source.Name}@${source.Peer ?? ''}`)).toEqual(['frontend@dc2']);
    const stack = await world.ok(project, ['stack', 'export'], dc1, { secretOutput: true });
    const resources = (JSON.parse(stack.stdout) as { deployment: { resources?: { type: string; urn: string }[] } }).deployment.resources ?? [];
    expect(resources.filter((resource) => resource.type.startsWith('consulpeering:index:') && resource.type !== 'pulumi:providers:consulpeering')
      .map((resource) => resource.urn.split('::').pop()).sort()).toEqual(['api-exports', 'peering', 'token', 'web', 'web-exports']);
  };

  const destroyClean = async (): Promise<void> => {
    await world.ok(project, ['destroy', '--yes', '--skip-preview'], dc1, LONG);
    expect([...await leftovers(dc1), ...await leftovers(dc2)]).toEqual([]);
  };

  /** Starts an up, restarts `datacenter` at `moment`, and returns the up's outcome and what the restart saw. */
  const upWithRestart = async (datacenter: string, moment: () => Promise<string | undefined>): Promise<{ up: RunResult; seen: string }> => {
    let running = true;
    const upping = world.run(project, ['up', '--yes', '--skip-preview'], dc1, LONG).finally(() => { running = false; });
    const restart = await restartWhen(suite!.clusters, datacenter, moment, { running: () => running, timeoutMs: 240_000 });
    const up = await upping;
    expect([restart.restarted, restart.seen]).toEqual([true, expect.any(String)]);
    process.stdout.write(`[${backend}] restarted ${datacenter} at: ${restart.seen}; the up exited ${String(up.code)}\n`);
    return { up, seen: restart.seen };
  };

  beforeAll(async () => {
    suite = await startNativeSuite(backend, { durable: true });
    ({ world, dc1, dc2 } = suite);
    project = typescriptProject(world, 'restart', PROGRAM);
    compileNodeSdk(suite.engine, world, project);
    await world.ok(project, ['stack', 'init', 'dev'], dc1);
    await configureClusters(world, project, dc1, dc2);
  }, 400_000);

  // Each test starts from nothing, whatever the one before left.
  beforeEach(async () => {
    await world.ok(project, ['destroy', '--yes', '--skip-preview'], dc1, LONG);
    expect([...await leftovers(dc1), ...await leftovers(dc2)]).toEqual([]);
  }, 300_000);

  afterAll(async () => {
    printConvergenceTable(`server restarted mid-up, pulumi, ${backend}`);
    await suite?.stop();
  });

  it('the dialing server restarted during the ACTIVE wait of the peering create: the next ups converge, nothing orphaned or duplicated', async () => {
    const { up, seen } = await upWithRestart('dc2', async () => {
      const peering = await readPeering(dc2, 'dc1');
      // After the establish POST answered (the dialer's record is PENDING while it is in flight): the ACTIVE wait.
      return peering?.State === 'ESTABLISHING' ? `the dialer's peering ${peering.State}` : undefined;
    });
    expect(seen).toBe("the dialer's peering ESTABLISHING");
    if (up.code !== 0) expect(up.stdout + up.stderr).toMatch(/dc1|peering/);
    const runs = await runsUntilConverged();
    // The run the server was restarted in completes, or fails with partial state and the next run converges.
    expect(runs).toBeLessThanOrEqual(2);
    await expectConverged();
    recordConvergence({ fault: 'dialing server restarted in the ACTIVE wait', frontEnd: 'pulumi (one program)', backend, runs });
    await destroyClean();
  }, 900_000);

  it('the accepting server restarted at the first write of the shared exported-services entry: no lost update, the next ups converge', async () => {
    await upWithRestart('dc1', async () => {
      const { status, body } = await consul(dc1, 'GET', '/v1/config/exported-services/default');
      return status === 200 ? `the shared entry holding ${JSON.stringify((body as { Services?: { Name: string }[] }).Services?.map((service) => service.Name))}` : undefined;
    });
    const runs = await runsUntilConverged();
    // The run the server was restarted in completes, or fails with partial state and the next run converges.
    expect(runs).toBeLessThanOrEqual(2);
    await expectConverged();
    recordConvergence({ fault: 'accepting server restarted in a check-and-set write', frontEnd: 'pulumi (one program)', backend, runs });
    await destroyClean();
  }, 900_000);
});
