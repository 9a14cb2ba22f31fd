import { startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { printConvergenceTable, recordConvergence, runsToConverge } from '../support/convergence-table';
import { describeEachCliOnBackends } from './support/cli';
import { consul, eventually, exampleWorkspace, leftovers, readPeering } from './support/scenario';
import type { TerraformRun, Workspace } from './support/terraform';

// Issue 20 through the real terraform CLI, both clusters in one configuration (examples/terraform): a cluster rebuilt
// empty at the same addresses converges in ONE apply. Dialer rebuilt: its acceptor side is FAILING and silent, so the
// plan reports the token gone (after reissue_after, 3 s here) and generates a new one in place that the dialer
// establishes with. Acceptor rebuilt: the token is gone, a new one is generated and the dialer re-establishes with it.
jest.setTimeout(300_000);

/** reissue_after shortened, so the test need not wait the default 5 minutes. */
const OVERRIDE_TF = `
resource "consulpeering_peering_token" "dc2" {
  reissue_after = "3s"
}
`;

describeEachCliOnBackends('terraform: a cluster rebuilt empty converges in one apply', (cli, backend) => {
  let env: TestClusters;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let workspace: Workspace;

  const run = (args: string[]): Promise<TerraformRun> => workspace.terraform([...args, '-no-color', '-input=false']);
  const noChanges = async (): Promise<boolean> => (await run(['plan', '-detailed-exitcode'])).code === 0;
  /** Applies until the plan is empty; the first apply's output is kept for its messages. */
  const converge = async (): Promise<{ runs: number; first: TerraformRun | undefined }> => {
    let first: TerraformRun | undefined;
    const runs = await runsToConverge(async () => {
      const apply = await run(['apply', '-auto-approve']);
      first ??= apply;
    }, noChanges);
    return { runs, first };
  };
  const bothActive = async (): Promise<string> => {
    await eventually('both sides ACTIVE', async () => (await readPeering(dc1, 'dc2'))?.State === 'ACTIVE' && (await readPeering(dc2, 'dc1'))?.State === 'ACTIVE');
    return (await readPeering(dc1, 'dc2'))?.ID ?? '';
  };

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2'], { acl: true });
    [dc1, dc2] = [env.clusters[0] as TestCluster, env.clusters[1] as TestCluster];
    workspace = await exampleWorkspace(dc1, dc2, {}, cli);
    workspace.write('faults_override.tf', OVERRIDE_TF);
    await workspace.ok(['apply', '-auto-approve', '-no-color', '-input=false']);
  });
  afterAll(async () => {
    printConvergenceTable(`fault recovery, ${cli.name}, ${backend}`);
    workspace?.remove();
    await env?.stop();
  });

  it('the dialing cluster rebuilt empty: one apply generates a new token in place and establishes again; then no changes', async () => {
    const acceptorId = await bothActive();
    await env.rebuildCluster('dc2');
    expect(await readPeering(dc2, 'dc1')).toBeUndefined();
    // The acceptor notices at once (FAILING); its last message from the peer then ages past reissue_after.
    await eventually('the acceptor side FAILING', async () => (await readPeering(dc1, 'dc2'))?.State === 'FAILING');
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const { runs, first } = await converge();
    recordConvergence({ fault: 'dialing cluster rebuilt empty', frontEnd: `${cli.name} (one configuration)`, backend, runs });
    // The plan says why (Terraform wraps warning text: compare it unwrapped).
    expect([first?.code, first?.output.replace(/\s+/g, ' ')]).toEqual([0, expect.stringContaining('has been FAILING with no message from its peer')]);
    expect(runs).toBe(1);
    expect(await bothActive()).toBe(acceptorId); // the token was generated in place
  });

  it('the accepting cluster rebuilt empty: one apply generates a token and the dialer re-establishes with it; then no changes', async () => {
    await env.rebuildCluster('dc1');
    expect(await readPeering(dc1, 'dc2')).toBeUndefined();
    const { runs, first } = await converge();
    recordConvergence({ fault: 'accepting cluster rebuilt empty', frontEnd: `${cli.name} (one configuration)`, backend, runs });
    expect([first?.code, first?.output]).toEqual([0, expect.stringContaining('Apply complete!')]);
    expect(runs).toBe(1);
    await bothActive();
    const exported = (await consul(dc1, 'GET', '/v1/config/exported-services/default')).body as { Services?: { Name: string }[] };
    expect(exported.Services?.map((service) => service.Name)).toEqual(['web']);
  });

  it('destroy leaves nothing behind on either cluster', async () => {
    await workspace.ok(['destroy', '-auto-approve', '-no-color', '-input=false']);
    expect([...await leftovers(dc1), ...await leftovers(dc2)]).toEqual([]);
  });
});
