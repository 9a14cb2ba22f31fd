import { startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { printConvergenceTable, recordConvergence } from '../support/convergence-table';
import { startFaultProxy, unreachableAddress, type FaultProxy } from '../support/fault-proxy';
import { describeEachCliOnBackends } from './support/cli';
import { consul, eventually, exampleWorkspace, leftovers, readPeering, type WirePeering } from './support/scenario';
import type { TerraformRun, Workspace } from './support/terraform';

// Issue 20, point 4, through the real terraform CLI on the example configuration (both clusters, two provider
// aliases): each provider talks to its cluster through a fault proxy (the same one on both backends) that answers
// chosen routes with 429/5xx, or stops listening. Errors name the cluster's address; idempotent requests are retried,
// the establish POST never; and once the fault is gone, one apply converges with nothing duplicated.
jest.setTimeout(300_000);

describeEachCliOnBackends('terraform: Consul unreachable, 429 and 5xx at plan and at apply', (cli, backend) => {
  let env: TestClusters;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let proxy1: FaultProxy;
  let proxy2: FaultProxy;
  let workspace: Workspace;

  const run = (args: string[], vars: Record<string, string> = {}): Promise<TerraformRun> => workspace.terraform([args[0] ?? '', '-no-color', '-input=false', ...args.slice(1)], {
    env: Object.fromEntries(Object.entries(vars).map(([name, value]) => [`TF_VAR_${name}`, value])),
  });
  const hostOf = (address: string): string => new URL(address).host;
  const count = (proxy: FaultProxy, request: string): number => proxy.requests.filter((seen) => seen === request).length;
  /** Applies until a plan shows no changes; the number of applies it took. */
  const applyUntilConverged = async (): Promise<number> => {
    let last = '';
    for (let runs = 1; runs <= 3; runs += 1) {
      const apply = await run(['apply', '-auto-approve']);
      const plan = await run(['plan', '-detailed-exitcode']);
      if (apply.code === 0 && plan.code === 0) return runs;
      last = `${apply.output}\n${plan.output}`;
    }
    throw new Error(`no convergence within 3 applies:\n${last}`);
  };
  /** Exactly one peering on each side, both ACTIVE, and "web" exported once. */
  const expectSingleActivePeering = async (): Promise<void> => {
    await eventually('both sides ACTIVE', async () => (await readPeering(dc1, 'dc2'))?.State === 'ACTIVE' && (await readPeering(dc2, 'dc1'))?.State === 'ACTIVE');
    const names = async (cluster: TestCluster): Promise<string[]> => ((await consul(cluster, 'GET', '/v1/peerings')).body as WirePeering[]).map((peering) => peering.Name);
    expect([await names(dc1), await names(dc2)]).toEqual([['dc2'], ['dc1']]);
    const exported = (await consul(dc1, 'GET', '/v1/config/exported-services/default')).body as { Services?: { Name: string }[] };
    expect(exported.Services?.map((service) => service.Name)).toEqual(['web']);
  };
  const deleteExportsBehindItsBack = async (): Promise<void> => {
    expect((await consul(dc1, 'DELETE', '/v1/config/exported-services/default')).status).toBe(200);
  };
  const converge = async (fault: string): Promise<void> => {
    const runs = await applyUntilConverged();
    await expectSingleActivePeering();
    recordConvergence({ fault, frontEnd: `${cli.name} (one configuration)`, backend, runs });
  };

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2'], { acl: true });
    [dc1, dc2] = [env.clusters[0] as TestCluster, env.clusters[1] as TestCluster];
    [proxy1, proxy2] = [await startFaultProxy(dc1.address), await startFaultProxy(dc2.address)];
    workspace = await exampleWorkspace(dc1, dc2, { dc1_addr: proxy1.address, dc2_addr: proxy2.address }, cli);
  });
  afterAll(async () => {
    printConvergenceTable(`HTTP faults, ${cli.name}, ${backend}`);
    workspace?.remove();
    await proxy1?.close();
    await proxy2?.close();
    await env?.stop();
  });

  it('503 on the establish POST at apply: sent once (never retried), the error names dc2, the next apply converges', async () => {
    proxy2.inject({ method: 'POST', path: '/v1/peering/establish', status: 503, body: 'No cluster leader' });
    const apply = await run(['apply', '-auto-approve']);
    expect(apply.code).toBe(1);
    expect(apply.output).toContain(hostOf(proxy2.address));
    expect(apply.output).toContain('503');
    expect(count(proxy2, 'POST /v1/peering/establish')).toBe(1);
    expect(await readPeering(dc2, 'dc1')).toBeUndefined();
    proxy2.clear();
    await converge('503 on establish at apply');
    expect(count(proxy2, 'POST /v1/peering/establish')).toBe(2);
  });

  it('429 on reads at plan: retried, the plan succeeds; a lasting 429 fails naming dc2; the next apply converges', async () => {
    const before = count(proxy2, 'GET /v1/peering/dc1');
    proxy2.inject({ method: 'GET', path: '/v1/peering/dc1', status: 429, body: 'Too many requests', times: 2 });
    const plan = await run(['plan', '-detailed-exitcode']);
    expect([plan.code, plan.output]).toEqual([0, expect.stringContaining('No changes.')]);
    expect(count(proxy2, 'GET /v1/peering/dc1') - before).toBeGreaterThanOrEqual(3);
    proxy2.inject({ method: 'GET', path: '/v1/peering/dc1', status: 429, body: 'Too many requests' });
    const failed = await run(['plan']);
    expect(failed.code).toBe(1);
    expect(failed.output).toContain(hostOf(proxy2.address));
    expect(failed.output).toContain('429');
    proxy2.clear();
    await converge('429 on reads at plan');
  });

  it('503 on the config write at apply: retried (idempotent) and applied; a lasting 500 fails naming dc1; the next apply converges', async () => {
    await deleteExportsBehindItsBack();
    expect((await run(['plan', '-out=tfplan'])).code).toBe(0);
    const before = count(proxy1, 'PUT /v1/config');
    proxy1.inject({ method: 'PUT', path: '/v1/config', status: 503, body: 'No cluster leader', times: 2 });
    const applied = await run(['apply', 'tfplan']);
    expect([applied.code, applied.output]).toEqual([0, expect.stringContaining('Apply complete!')]);
    expect(count(proxy1, 'PUT /v1/config') - before).toBe(3);
    await expectSingleActivePeering();

    await deleteExportsBehindItsBack();
    expect((await run(['plan', '-out=tfplan'])).code).toBe(0);
    proxy1.inject({ method: 'PUT', path: '/v1/config', status: 500, body: 'No cluster leader' });
    const failed = await run(['apply', 'tfplan']);
    expect(failed.code).toBe(1);
    expect(failed.output).toContain(hostOf(proxy1.address));
    expect(failed.output).toContain('500');
    proxy1.clear();
    await converge('5xx on a config write at apply');
  });

  it('dc1 unreachable at apply (after the plan): the error names its address; the next apply converges', async () => {
    await deleteExportsBehindItsBack();
    expect((await run(['plan', '-out=tfplan'])).code).toBe(0);
    await proxy1.setReachable(false);
    const failed = await run(['apply', 'tfplan']);
    await proxy1.setReachable(true);
    expect(failed.code).toBe(1);
    expect(failed.output).toContain(hostOf(proxy1.address));
    await converge('Consul unreachable at apply');
  });

  it('dc1 unreachable at plan (nothing listens at its address): the error names the address; nothing changes', async () => {
    const nowhere = await unreachableAddress();
    const failed = await run(['plan'], { dc1_addr: nowhere });
    expect(failed.code).toBe(1);
    expect(failed.output).toContain(hostOf(nowhere));
    await converge('Consul unreachable at plan');
  });

  it('504 from a proxy after Consul established the peering: the same apply completes (read back, never resent); the plan is then empty', async () => {
    await workspace.ok(['destroy', '-auto-approve', '-no-color', '-input=false']);
    const before = count(proxy2, 'POST /v1/peering/establish');
    proxy2.inject({ method: 'POST', path: '/v1/peering/establish', status: 504, body: 'gateway timeout', afterForwarding: true, times: 1 });
    const apply = await run(['apply', '-auto-approve']);
    expect([apply.code, apply.output]).toEqual([0, expect.stringContaining('Apply complete!')]);
    expect(count(proxy2, 'POST /v1/peering/establish') - before).toBe(1);
    expect((await run(['plan', '-detailed-exitcode'])).code).toBe(0);
    await expectSingleActivePeering();
    recordConvergence({ fault: 'establish answered 504 after commit', frontEnd: `${cli.name} (one configuration)`, backend, runs: 1 });
  });

  it('destroy leaves nothing behind on either cluster', async () => {
    await workspace.ok(['destroy', '-auto-approve', '-no-color', '-input=false']);
    expect([...await leftovers(dc1), ...await leftovers(dc2)]).toEqual([]);
  });
});
