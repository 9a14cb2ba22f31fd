import * as fs from 'node:fs';
import * as path from 'node:path';
import { startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { printConvergenceTable, recordConvergence, runsToConverge } from '../support/convergence-table';
import { describeEachCliOnBackends } from './support/cli';
import { eventually, leftovers, readPeering } from './support/scenario';
import { createWorkspace, type Workspace } from './support/terraform';

// Issue 20 with two Terraform stacks (demo/acceptor on dc1, demo/dialer on dc2 reading the token through
// terraform_remote_state), through the real CLI: the dialing cluster rebuilt empty converges with the acceptor's next
// apply (a new token, in place) and then the dialer's next apply (established with it): one run per operator. The
// accepting cluster rebuilt empty: its next apply generates a token again, the dialer's next apply establishes with it.
jest.setTimeout(300_000);

const DEMO = path.resolve(__dirname, '..', '..', 'demo');
const PASSPHRASE = 'two stacks share this passphrase';

/** reissue_after shortened, so the test need not wait the default 5 minutes. */
const OVERRIDE_TF = `
resource "consulpeering_peering_token" "peer" {
  reissue_after = "3s"
}
`;

describeEachCliOnBackends('terraform, two stacks: a rebuilt cluster converges in one run per stack', (cli, backend) => {
  let env: TestClusters;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let acceptor: Workspace;
  let dialer: Workspace;
  const apply = (workspace: Workspace) => workspace.terraform(['apply', '-auto-approve', '-no-color', '-input=false']);
  const planCode = async (workspace: Workspace): Promise<number | null> => (await workspace.terraform(['plan', '-detailed-exitcode', '-no-color', '-input=false'])).code;

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2'], { acl: true });
    [dc1, dc2] = [env.clusters[0] as TestCluster, env.clusters[1] as TestCluster];
    acceptor = createWorkspace({ consul_addr: dc1.address, consul_token: dc1.token, token_passphrase: PASSPHRASE }, cli);
    acceptor.write('main.tf', fs.readFileSync(path.join(DEMO, 'acceptor', 'main.tf'), 'utf8'));
    acceptor.write('faults_override.tf', OVERRIDE_TF);
    dialer = createWorkspace({
      consul_addr: dc2.address, consul_token: dc2.token, token_passphrase: PASSPHRASE, acceptor_state: path.join(acceptor.dir, 'terraform.tfstate'),
    }, cli);
    dialer.write('main.tf', fs.readFileSync(path.join(DEMO, 'dialer', 'main.tf'), 'utf8'));
    for (const workspace of [acceptor, dialer]) await workspace.ok(['init', '-input=false', '-no-color'], { timeoutMs: 60_000 });
    for (const workspace of [acceptor, dialer]) expect((await apply(workspace)).code).toBe(0);
  });
  afterAll(async () => {
    printConvergenceTable(`fault recovery, ${cli.name} two stacks, ${backend}`);
    acceptor?.remove();
    dialer?.remove();
    await env?.stop();
  });

  it('the dialing cluster rebuilt empty: the acceptor\'s next apply issues a token, the dialer\'s next apply establishes; then both plans are empty', async () => {
    await eventually('both sides ACTIVE', async () => (await readPeering(dc1, 'dc2'))?.State === 'ACTIVE' && (await readPeering(dc2, 'dc1'))?.State === 'ACTIVE');
    const acceptorId = (await readPeering(dc1, 'dc2'))?.ID;
    await env.rebuildCluster('dc2');
    await eventually('the acceptor side FAILING', async () => (await readPeering(dc1, 'dc2'))?.State === 'FAILING');
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const outputs: string[] = [];
    // One round = the acceptor's operator runs apply, then the dialer's; rounds until both plans are empty.
    const runs = await runsToConverge(async () => {
      const acceptorRun = await apply(acceptor);
      outputs.push(acceptorRun.output.replace(/\s+/g, ' '));
      // A second acceptor plan before the dialer ran does not issue yet another token: the new one waits, unused.
      expect(await planCode(acceptor)).toBe(0);
      expect((await apply(dialer)).code).toBe(0);
    }, async () => (await planCode(acceptor)) === 0 && (await planCode(dialer)) === 0);
    recordConvergence({ fault: 'dialing cluster rebuilt empty', frontEnd: `${cli.name} (two stacks)`, backend, runs });
    expect(runs).toBe(1);
    expect(outputs[0]).toContain('a new token will be generated in place');
    await eventually('both sides ACTIVE again', async () => (await readPeering(dc1, 'dc2'))?.State === 'ACTIVE' && (await readPeering(dc2, 'dc1'))?.State === 'ACTIVE');
    expect((await readPeering(dc1, 'dc2'))?.ID).toBe(acceptorId);
  });

  it('the accepting cluster rebuilt empty: the acceptor\'s next apply generates a token, the dialer\'s next apply establishes with it; then both plans are empty', async () => {
    const dialerRecord = (await readPeering(dc2, 'dc1'))?.ID;
    await env.rebuildCluster('dc1');
    const runs = await runsToConverge(async () => {
      expect((await apply(acceptor)).code).toBe(0);
      expect((await apply(dialer)).code).toBe(0);
    }, async () => (await planCode(acceptor)) === 0 && (await planCode(dialer)) === 0);
    recordConvergence({ fault: 'accepting cluster rebuilt empty', frontEnd: `${cli.name} (two stacks)`, backend, runs });
    expect(runs).toBe(1);
    await eventually('both sides ACTIVE again', async () => (await readPeering(dc1, 'dc2'))?.State === 'ACTIVE' && (await readPeering(dc2, 'dc1'))?.State === 'ACTIVE');
    // The dialer's record of the lost acceptor peering was replaced, not established over.
    expect((await readPeering(dc2, 'dc1'))?.ID).not.toBe(dialerRecord);
  });

  it('destroy (dialer, then acceptor) leaves nothing behind', async () => {
    for (const workspace of [dialer, acceptor]) await workspace.ok(['destroy', '-auto-approve', '-no-color', '-input=false']);
    expect([...await leftovers(dc1), ...await leftovers(dc2)]).toEqual([]);
  });
});
