import { startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { printConvergenceTable, recordConvergence, runsToConverge } from '../support/convergence-table';
import { startLinkProxy, type LinkProxy } from '../support/link-proxy';
import { describeEachCliOnBackends } from './support/cli';
import { eventually, exampleWorkspace, leftovers, readPeering } from './support/scenario';
import { stateAttributes, type TerraformRun, type Workspace } from './support/terraform';

// Issue 20, point 3, through the real terraform CLI: the link between the clusters cut after establishment, and
// during it. The token
// advertises a TCP proxy in front of dc1's peering endpoint (server_external_addresses; real Consul: its gRPC-TLS
// port), so closing the proxy cuts the link on both backends. A refresh shows FAILING; while cut, nothing rotates;
// when the link returns, one apply converges with the same peering ID and token fingerprint. Cut during establishment:
// the apply fails naming the address it cannot reach, leaves no dialer record, and one apply converges once restored.
jest.setTimeout(300_000);

describeEachCliOnBackends('terraform: the link between the clusters cut', (cli, backend) => {
  let env: TestClusters;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let link: LinkProxy;
  let workspace: Workspace;

  const run = (args: string[]): Promise<TerraformRun> => workspace.terraform([args[0] ?? '', '-no-color', '-input=false', ...args.slice(1)]);
  const identity = async (): Promise<unknown[]> => {
    const state = await workspace.state();
    const [token, peering] = [stateAttributes(state, 'consulpeering_peering_token.dc2'), stateAttributes(state, 'consulpeering_peering.dc1')];
    return [token['peering_id'], peering['token_fingerprint'], peering['peer_id']];
  };
  /** Applies until a plan shows no changes: the applies it took. */
  const converge = (): Promise<number> => runsToConverge(
    async () => { await workspace.ok(['apply', '-auto-approve', '-no-color', '-input=false']); },
    async () => (await run(['plan', '-detailed-exitcode'])).code === 0,
  );
  const bothInState = (state: string) => async (): Promise<boolean> =>
    (await readPeering(dc1, 'dc2'))?.State === state && (await readPeering(dc2, 'dc1'))?.State === state;

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2'], { acl: true });
    [dc1, dc2] = [env.clusters[0] as TestCluster, env.clusters[1] as TestCluster];
    link = await startLinkProxy(dc1.peeringAddress);
    workspace = await exampleWorkspace(dc1, dc2, {}, cli);
    workspace.write('link_override.tf', `resource "consulpeering_peering_token" "dc2" {\n  server_external_addresses = ["${link.address}"]\n}\n`);
    await workspace.ok(['apply', '-auto-approve', '-no-color', '-input=false']);
  });
  afterAll(async () => {
    printConvergenceTable(`link faults, ${cli.name}, ${backend}`);
    workspace?.remove();
    await link?.close();
    await env?.stop();
  });

  it('cut: a refresh shows FAILING and the plan rotates nothing; restored: one apply converges, same peering ID and fingerprint', async () => {
    await eventually('both sides ACTIVE', bothInState('ACTIVE'));
    // Both backends report the acceptor's own server address here, not the external address the dialer dials.
    expect((await readPeering(dc2, 'dc1'))?.PeerServerAddresses).toEqual([dc1.peeringAddress]);
    const before = await identity();

    await link.setCut(true);
    await eventually('both sides FAILING', bothInState('FAILING'), 60_000);
    await workspace.ok(['apply', '-refresh-only', '-auto-approve', '-no-color', '-input=false']);
    expect(stateAttributes(await workspace.state(), 'consulpeering_peering.dc1')['state']).toBe('FAILING');
    const planWhileCut = await run(['plan', '-detailed-exitcode']);
    expect([planWhileCut.code, planWhileCut.output]).toEqual([0, expect.stringContaining('No changes.')]);

    await link.setCut(false);
    const restored = Date.now();
    await eventually('both sides ACTIVE again', bothInState('ACTIVE'), 120_000);
    process.stdout.write(`[${cli.name}] [${backend}] link restored: both sides ACTIVE after ${Date.now() - restored} ms\n`);
    // The first apply also reads ACTIVE back into the state.
    const runs = await converge();
    expect(runs).toBe(1);
    expect(stateAttributes(await workspace.state(), 'consulpeering_peering.dc1')['state']).toBe('ACTIVE');
    expect(await identity()).toEqual(before);
    recordConvergence({ fault: 'link cut after establishment', frontEnd: `${cli.name} (one configuration)`, backend, runs });
  });

  it('cut during establishment: the apply fails naming the unreachable address and leaves no dialer record; restored: one apply converges with the same token', async () => {
    await workspace.ok(['destroy', '-auto-approve', '-no-color', '-input=false']);
    await link.setCut(true);
    const failed = await run(['apply', '-auto-approve']);
    expect(failed.code).not.toBe(0);
    expect(failed.output.replace(/\s+/g, ' ')).toContain(`could not reach the accepting cluster's servers (${link.address})`);
    expect(failed.output).toContain('server_external_addresses');
    expect(await readPeering(dc2, 'dc1')).toBeUndefined();
    const tokenId = stateAttributes(await workspace.state(), 'consulpeering_peering_token.dc2')['peering_id'];

    await link.setCut(false);
    const runs = await converge();
    expect(runs).toBe(1);
    await eventually('both sides ACTIVE', bothInState('ACTIVE'));
    // The token generated in the failed apply was used as it was: not rotated.
    expect(stateAttributes(await workspace.state(), 'consulpeering_peering_token.dc2')['peering_id']).toBe(tokenId);
    recordConvergence({ fault: 'link cut during establishment', frontEnd: `${cli.name} (one configuration)`, backend, runs });
  });

  it('destroy leaves nothing behind on either cluster', async () => {
    await workspace.ok(['destroy', '-auto-approve', '-no-color', '-input=false']);
    expect([...await leftovers(dc1), ...await leftovers(dc2)]).toEqual([]);
  });
});
