import { startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { printConvergenceTable, recordConvergence } from '../support/convergence-table';
import { restartWhen } from '../support/restart-timing';
import { describeEachCliOnBackends } from './support/cli';
import { consul, eventually, exampleWorkspace, leftovers, readPeering } from './support/scenario';
import type { TerraformRun, Workspace } from './support/terraform';

// Issue 20, point 2, through the real terraform CLI (examples/terraform, one configuration, plus a second owner of dc1's
// exported-services entry): a Consul server with a data directory is killed in the middle of an apply and started
// again with its data. The apply completes or fails with partial state saved; the applies that follow converge (a plan
// with no changes), with one peering on each side and both owners' services in the shared entry.
jest.setTimeout(600_000);

/** A second owner of dc1's exported-services entry: its check-and-set writes race the example's own. */
const SECOND_OWNER_TF = `
resource "consulpeering_exported_services" "api_to_dc2" {
  provider   = consulpeering.dc1
  services   = [{ name = "api", consumers = [{ peer = consulpeering_peering_token.dc2.peer_name }] }]
  depends_on = [consulpeering_peering.dc1]
}
`;

/** Applies are counted until the plan is empty; more than this fails the test. */
const MAX_RUNS = 4;

describeEachCliOnBackends('terraform: a server restarted mid-apply converges', (cli, backend) => {
  let env: TestClusters;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let workspace: Workspace;

  const run = (args: string[]): Promise<TerraformRun> => workspace.terraform([...args, '-no-color', '-input=false'], { timeoutMs: 240_000 });

  /** Applies (the first one already ran, with the fault) until `plan -detailed-exitcode` exits 0: the applies needed. */
  const runsUntilConverged = async (): Promise<number> => {
    // The restarted server's streams reconnect for a moment after it is back (the dialer reads FAILING, then ACTIVE):
    // a refresh in that moment shows the peering_state output changing, which is Consul's truth, not drift. The next
    // plan is made once the fault is over, as an operator's would be.
    await eventually('both sides ACTIVE after the restart', async () => (await readPeering(dc1, 'dc2'))?.State === 'ACTIVE' && (await readPeering(dc2, 'dc1'))?.State === 'ACTIVE');
    for (let runs = 1; ; runs += 1) {
      const plan = await run(['plan', '-detailed-exitcode']);
      if (plan.code === 0) return runs;
      // What the plan after run N still wanted, for the log (resource actions only; sensitive values are never shown).
      process.stdout.write(`[${cli.name}] [${backend}] plan after ${runs} apply(s): ${plan.output.split('\n').filter((line) => /# \S+ .*(will|must) be|Plan:|Changes to Outputs|^\s+[~+-] \w+\s+=|Error:/.test(line)).join(' | ')}\n`);
      if (runs >= MAX_RUNS) throw new Error(`not converged after ${runs} applies; last plan:\n${plan.output}`);
      const apply = await run(['apply', '-auto-approve']);
      if (apply.code !== 0) process.stdout.write(`[${cli.name}] [${backend}] apply ${runs + 1} failed: ${apply.output.slice(apply.output.indexOf('Error:'), apply.output.indexOf('Error:') + 800)}\n`);
    }
  };

  /** The configuration's objects, each once, on both clusters; the shared entry holds both owners' services. */
  const expectConverged = async (): Promise<void> => {
    await eventually('both sides ACTIVE', async () => (await readPeering(dc1, 'dc2'))?.State === 'ACTIVE' && (await readPeering(dc2, 'dc1'))?.State === 'ACTIVE');
    const names = async (cluster: TestCluster): Promise<string[]> => ((await consul(cluster, 'GET', '/v1/peerings')).body as { Name: string }[]).map((peering) => peering.Name);
    expect([await names(dc1), await names(dc2)]).toEqual([['dc2'], ['dc1']]);
    const exported = (await consul(dc1, 'GET', '/v1/config/exported-services/default')).body as { Services?: { Name: string }[] };
    expect(exported.Services?.map((service) => service.Name).sort()).toEqual(['api', 'web']);
    const intentions = (await consul(dc1, 'GET', '/v1/config/service-intentions/web')).body as { Sources?: { Name: string; Peer?: string }[] };
    expect(intentions.Sources?.map((source) => `${source.Name}@${source.Peer ?? ''}`)).toEqual(['frontend@dc2']);
    const state = await workspace.state();
    expect(state.resources.map((resource) => `${resource.type}.${resource.name}:${resource.instances.length}`).sort()).toEqual([
      'consulpeering_exported_services.api_to_dc2:1', 'consulpeering_exported_services.to_dc2:1', 'consulpeering_peering.dc1:1',
      'consulpeering_peering_token.dc2:1', 'consulpeering_service_intentions.web:1',
    ]);
  };

  const destroyClean = async (): Promise<void> => {
    await workspace.ok(['destroy', '-auto-approve', '-no-color', '-input=false'], { timeoutMs: 240_000 });
    expect([...await leftovers(dc1), ...await leftovers(dc2)]).toEqual([]);
  };

  /** Starts an apply, restarts `datacenter` at `moment`, and returns the apply's outcome and what the restart saw. */
  const applyWithRestart = async (datacenter: string, moment: () => Promise<string | undefined>): Promise<{ apply: TerraformRun; seen: string }> => {
    let running = true;
    const applying = run(['apply', '-auto-approve']).finally(() => { running = false; });
    const restart = await restartWhen(env, datacenter, moment, { running: () => running });
    const apply = await applying;
    expect([restart.restarted, restart.seen]).toEqual([true, expect.any(String)]);
    process.stdout.write(`[${cli.name}] [${backend}] restarted ${datacenter} at: ${restart.seen}; the apply exited ${String(apply.code)}${
      apply.code === 0 ? '' : `: ${apply.output.slice(apply.output.indexOf('Error:'), apply.output.indexOf('Error:') + 1_500)}`}\n`);
    return { apply, seen: restart.seen };
  };

  // Each test starts from nothing, whatever the one before left.
  beforeEach(async () => {
    await workspace.ok(['destroy', '-auto-approve', '-no-color', '-input=false'], { timeoutMs: 240_000 });
    expect([...await leftovers(dc1), ...await leftovers(dc2)]).toEqual([]);
  });

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2'], { acl: true, durable: true });
    [dc1, dc2] = [env.clusters[0] as TestCluster, env.clusters[1] as TestCluster];
    workspace = await exampleWorkspace(dc1, dc2, {}, cli);
    workspace.write('second_owner.tf', SECOND_OWNER_TF);
  });
  afterAll(async () => {
    printConvergenceTable(`server restarted mid-apply, ${cli.name}, ${backend}`);
    workspace?.remove();
    await env?.stop();
  });

  it('the dialing server restarted during the ACTIVE wait of the peering create: the next applies converge, nothing orphaned or duplicated', async () => {
    const { apply, seen } = await applyWithRestart('dc2', async () => {
      const peering = await readPeering(dc2, 'dc1');
      // After the establish POST answered (the dialer's record is PENDING while it is in flight): the ACTIVE wait.
      return peering?.State === 'ESTABLISHING' ? `the dialer's peering ${peering.State}` : undefined;
    });
    expect(seen).toBe("the dialer's peering ESTABLISHING");
    // Completed, or failed with the peering kept in the state (never orphaned in Consul).
    if (apply.code !== 0) expect((await workspace.state()).resources.map((resource) => resource.type)).toContain('consulpeering_peering');
    const runs = await runsUntilConverged();
    // The run the server was restarted in completes, or fails with partial state and the next run converges.
    expect(runs).toBeLessThanOrEqual(2);
    await expectConverged();
    recordConvergence({ fault: 'dialing server restarted in the ACTIVE wait', frontEnd: `${cli.name} (one configuration)`, backend, runs });
    await destroyClean();
  });

  it('the accepting server restarted at the first write of the shared exported-services entry: no lost update, the next applies converge', async () => {
    const { apply } = await applyWithRestart('dc1', async () => {
      const { status, body } = await consul(dc1, 'GET', '/v1/config/exported-services/default');
      return status === 200 ? `the shared entry holding ${JSON.stringify((body as { Services?: { Name: string }[] }).Services?.map((service) => service.Name))}` : undefined;
    });
    if (apply.code !== 0) expect(apply.output).toMatch(/dc1|127\.0\.0\.1/);
    const runs = await runsUntilConverged();
    // The run the server was restarted in completes, or fails with partial state and the next run converges.
    expect(runs).toBeLessThanOrEqual(2);
    await expectConverged();
    recordConvergence({ fault: 'accepting server restarted in a check-and-set write', frontEnd: `${cli.name} (one configuration)`, backend, runs });
    await destroyClean();
  });
});
