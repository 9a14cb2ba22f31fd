import { describeEachBackend, type TestCluster } from '../support/backends';
import { printConvergenceTable, recordConvergence } from '../support/convergence-table';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { consul, eventually, leftovers, readPeering, type WirePeering } from '../terraform/support/scenario';
import type { PulumiWorld, RunResult } from './engine';
import { compileNodeSdk, startNativeSuite, TS_PROVIDERS, typescriptProject, type NativeSuite } from './native-support';

// Issue 20, point 4, through the real Pulumi engine, both clusters in one program: each provider talks to its cluster
// through a fault proxy (the same one on both backends) that answers chosen routes with 429/5xx or stops listening.
// Errors name the cluster's address; idempotent requests are retried, the establish POST never; once the fault is
// gone, one `up --refresh` converges with nothing duplicated.

const PROGRAM = `${TS_PROVIDERS}
const token = new consulpeering.PeeringToken('token', { peerName: 'dc2' }, { provider: dc1 });
const peering = new consulpeering.Peering('peering', { peerName: 'dc1', peeringToken: token.peeringToken }, { provider: dc2 });
new consulpeering.ExportedServices('exports', { services: [{ name: 'api', consumers: [{ peer: 'dc2' }] }] }, { provider: dc1, dependsOn: [peering] });
export const state = peering.state;
`;
const LONG = { timeoutMs: 240_000 };

describeEachBackend('pulumi: Consul unreachable, 429 and 5xx at preview and at up', (backend) => {
  let suite: NativeSuite | undefined;
  let world: PulumiWorld;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let proxy1: FaultProxy | undefined;
  let proxy2: FaultProxy | undefined;
  let project: string;

  const pulumi = (args: string[]): Promise<RunResult> => world.run(project, args, dc1, LONG);
  const output = (result: RunResult): string => `${result.stdout}\n${result.stderr}`;
  const hostOf = (proxy: FaultProxy | undefined): string => new URL(proxy!.address).host;
  const count = (proxy: FaultProxy | undefined, request: string): number => proxy!.requests.filter((seen) => seen === request).length;
  /** Runs `up --refresh` until a refreshed preview expects no changes; the number of ups it took. */
  const upUntilConverged = async (): Promise<number> => {
    let last = '';
    for (let runs = 1; runs <= 3; runs += 1) {
      const up = await pulumi(['up', '--yes', '--refresh', '--skip-preview']);
      const preview = await pulumi(['preview', '--expect-no-changes', '--refresh']);
      if (up.code === 0 && preview.code === 0) return runs;
      last = `${output(up)}\n${output(preview)}`;
    }
    throw new Error(`no convergence within 3 runs:\n${last.slice(-6000)}`);
  };
  /** Exactly one peering on each side, both ACTIVE, and "api" exported once. */
  const expectSingleActivePeering = async (): Promise<void> => {
    await eventually('both sides ACTIVE', async () => (await readPeering(dc1, 'dc2'))?.State === 'ACTIVE' && (await readPeering(dc2, 'dc1'))?.State === 'ACTIVE');
    const names = async (cluster: TestCluster): Promise<string[]> => ((await consul(cluster, 'GET', '/v1/peerings')).body as WirePeering[]).map((peering) => peering.Name);
    expect([await names(dc1), await names(dc2)]).toEqual([['dc2'], ['dc1']]);
    const exported = (await consul(dc1, 'GET', '/v1/config/exported-services/default')).body as { Services?: { Name: string }[] };
    expect(exported.Services?.map((service) => service.Name)).toEqual(['api']);
  };
  const deleteExportsBehindItsBack = async (): Promise<void> => {
    expect((await consul(dc1, 'DELETE', '/v1/config/exported-services/default')).status).toBe(200);
  };
  const converge = async (fault: string): Promise<void> => {
    const runs = await upUntilConverged();
    await expectSingleActivePeering();
    recordConvergence({ fault, frontEnd: 'pulumi (one program)', backend, runs });
  };

  beforeAll(async () => {
    suite = await startNativeSuite(backend);
    ({ world, dc1, dc2 } = suite);
    [proxy1, proxy2] = [await startFaultProxy(dc1.address), await startFaultProxy(dc2.address)];
    project = typescriptProject(world, 'httpfaults', PROGRAM);
    compileNodeSdk(suite.engine, world, project);
    await world.ok(project, ['stack', 'init', 'dev'], dc1);
    for (const [key, value] of [['dc1Address', proxy1.address], ['dc2Address', proxy2.address]] as const) await world.ok(project, ['config', 'set', key, value], dc1);
    for (const [key, cluster] of [['dc1Token', dc1], ['dc2Token', dc2]] as const) {
      await world.ok(project, ['config', 'set', '--secret', key, cluster.token ?? 'no-acl'], dc1, { secretOutput: true });
    }
  }, 400_000);

  afterAll(async () => {
    printConvergenceTable(`HTTP faults, pulumi, ${backend}`);
    await proxy1?.close();
    await proxy2?.close();
    await suite?.stop();
  });

  it('503 on the establish POST at up: sent once (never retried), the error names dc2, the next up converges', async () => {
    proxy2!.inject({ method: 'POST', path: '/v1/peering/establish', status: 503, body: 'No cluster leader' });
    const up = await pulumi(['up', '--yes', '--skip-preview']);
    expect(up.code).not.toBe(0);
    expect(output(up)).toContain(`POST /v1/peering/establish at ${proxy2!.address}`);
    expect(output(up)).toContain('503');
    expect(count(proxy2, 'POST /v1/peering/establish')).toBe(1);
    expect(await readPeering(dc2, 'dc1')).toBeUndefined();
    proxy2!.clear();
    await converge('503 on establish at up');
    expect(count(proxy2, 'POST /v1/peering/establish')).toBe(2);
  }, 600_000);

  it('429 on reads at a refreshed preview: retried, no changes; a lasting 429 fails naming dc2; the next up converges', async () => {
    const before = count(proxy2, 'GET /v1/peering/dc1');
    proxy2!.inject({ method: 'GET', path: '/v1/peering/dc1', status: 429, body: 'Too many requests', times: 2 });
    await world.ok(project, ['preview', '--expect-no-changes', '--refresh'], dc1, LONG);
    expect(count(proxy2, 'GET /v1/peering/dc1') - before).toBeGreaterThanOrEqual(3);
    proxy2!.inject({ method: 'GET', path: '/v1/peering/dc1', status: 429, body: 'Too many requests' });
    const failed = await pulumi(['preview', '--refresh']);
    expect(failed.code).not.toBe(0);
    expect(output(failed)).toContain(`GET /v1/peering/dc1 at ${proxy2!.address}`);
    expect(output(failed)).toContain('429');
    proxy2!.clear();
    await converge('429 on reads at preview');
  }, 600_000);

  it('503 on the config write at up: retried (idempotent) and applied; a lasting 500 fails naming dc1; the next up converges', async () => {
    await deleteExportsBehindItsBack();
    const before = count(proxy1, 'PUT /v1/config');
    proxy1!.inject({ method: 'PUT', path: '/v1/config', status: 503, body: 'No cluster leader', times: 2 });
    await world.ok(project, ['up', '--yes', '--refresh', '--skip-preview'], dc1, LONG);
    expect(count(proxy1, 'PUT /v1/config') - before).toBe(3);
    await expectSingleActivePeering();

    await deleteExportsBehindItsBack();
    proxy1!.inject({ method: 'PUT', path: '/v1/config', status: 500, body: 'No cluster leader' });
    const failed = await pulumi(['up', '--yes', '--refresh', '--skip-preview']);
    expect(failed.code).not.toBe(0);
    expect(output(failed)).toContain(`PUT /v1/config at ${proxy1!.address}`);
    expect(output(failed)).toContain('500');
    proxy1!.clear();
    await converge('5xx on a config write at up');
  }, 600_000);

  it('dc1 unreachable at up and at preview: the errors name its address; the next up converges', async () => {
    await deleteExportsBehindItsBack();
    await proxy1!.setReachable(false);
    const up = await pulumi(['up', '--yes', '--refresh', '--skip-preview']);
    const preview = await pulumi(['preview', '--refresh']);
    await proxy1!.setReachable(true);
    expect([up.code === 0, preview.code === 0]).toEqual([false, false]);
    expect(output(up)).toContain(hostOf(proxy1));
    expect(output(preview)).toContain(hostOf(proxy1));
    await converge('Consul unreachable at up and preview');
  }, 600_000);

  it('504 from a proxy after Consul established the peering: the same up completes (read back, never resent); then no changes', async () => {
    await world.ok(project, ['destroy', '--yes', '--skip-preview'], dc1, LONG);
    const before = count(proxy2, 'POST /v1/peering/establish');
    proxy2!.inject({ method: 'POST', path: '/v1/peering/establish', status: 504, body: 'gateway timeout', afterForwarding: true, times: 1 });
    await world.ok(project, ['up', '--yes', '--skip-preview'], dc1, LONG);
    expect(count(proxy2, 'POST /v1/peering/establish') - before).toBe(1);
    await world.ok(project, ['preview', '--expect-no-changes', '--refresh'], dc1, LONG);
    await expectSingleActivePeering();
    recordConvergence({ fault: 'establish answered 504 after commit', frontEnd: 'pulumi (one program)', backend, runs: 1 });
  }, 600_000);

  it('destroy leaves nothing behind on either cluster', async () => {
    await world.ok(project, ['destroy', '--yes', '--skip-preview'], dc1, LONG);
    expect([...await leftovers(dc1), ...await leftovers(dc2)]).toEqual([]);
  }, 300_000);
});
