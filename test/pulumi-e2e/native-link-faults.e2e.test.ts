import { describeEachBackend, type TestCluster } from '../support/backends';
import { printConvergenceTable, recordConvergence, runsToConverge } from '../support/convergence-table';
import { startLinkProxy, type LinkProxy } from '../support/link-proxy';
import { eventually, leftovers, readPeering } from '../terraform/support/scenario';
import type { PulumiWorld } from './engine';
import { compileNodeSdk, configureClusters, startNativeSuite, TS_PROVIDERS, typescriptProject, type NativeSuite } from './native-support';

// Issue 20, point 3, through the real Pulumi engine: the link between the clusters cut after establishment, and during
// it. The token
// advertises a TCP proxy in front of dc1's peering endpoint (serverExternalAddresses; real Consul: its gRPC-TLS port),
// so closing the proxy cuts the link on both backends. A refresh shows FAILING; while cut, nothing rotates; when the
// link returns, one `up --refresh` converges with the same peering ID and token fingerprint. Cut during establishment:
// the up fails naming the address it cannot reach, leaves no dialer record, and one up converges once restored.

const program = (linkAddress: string): string => `${TS_PROVIDERS}
const token = new consulpeering.PeeringToken('token', { peerName: 'dc2', serverExternalAddresses: ['${linkAddress}'] }, { provider: dc1 });
const peering = new consulpeering.Peering('peering', { peerName: 'dc1', peeringToken: token.peeringToken }, { provider: dc2 });
export const state = peering.state;
`;
const LONG = { timeoutMs: 240_000 };

describeEachBackend('pulumi: the link between the clusters cut', (backend) => {
  let suite: NativeSuite | undefined;
  let world: PulumiWorld;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let link: LinkProxy | undefined;
  let project: string;

  /** From the stack's state (a refresh updates resources, not stack outputs): the peering's state and identity. */
  const outputs = async (): Promise<{ state: unknown; identity: unknown[] }> => {
    const exported = JSON.parse((await world.ok(project, ['stack', 'export'], dc1)).stdout) as
      { deployment: { resources?: { type: string; outputs?: Record<string, unknown> }[] } };
    const find = (type: string): Record<string, unknown> => exported.deployment.resources?.find((resource) => resource.type === type)?.outputs ?? {};
    const [token, peering] = [find('consulpeering:index:PeeringToken'), find('consulpeering:index:Peering')];
    return { state: peering['state'], identity: [token['peeringId'], peering['tokenFingerprint'], peering['peerId']] };
  };
  /** `up --refresh` until a refreshing preview shows no changes: the runs it took. */
  const converge = (): Promise<number> => runsToConverge(
    async () => { await world.ok(project, ['up', '--yes', '--refresh', '--skip-preview'], dc1, LONG); },
    async () => (await world.run(project, ['preview', '--expect-no-changes', '--refresh'], dc1, LONG)).code === 0,
  );
  const bothInState = (state: string) => async (): Promise<boolean> =>
    (await readPeering(dc1, 'dc2'))?.State === state && (await readPeering(dc2, 'dc1'))?.State === state;

  beforeAll(async () => {
    suite = await startNativeSuite(backend);
    ({ world, dc1, dc2 } = suite);
    link = await startLinkProxy(dc1.peeringAddress);
    project = typescriptProject(world, 'linkfaults', program(link.address));
    compileNodeSdk(suite.engine, world, project);
    await world.ok(project, ['stack', 'init', 'dev'], dc1);
    await configureClusters(world, project, dc1, dc2);
    await world.ok(project, ['up', '--yes', '--skip-preview'], dc1, LONG);
  }, 400_000);

  afterAll(async () => {
    printConvergenceTable(`link faults, pulumi, ${backend}`);
    await link?.close();
    await suite?.stop();
  });

  it('cut: a refresh shows FAILING and a preview rotates nothing; restored: one up converges, same peering ID and fingerprint', async () => {
    await eventually('both sides ACTIVE', bothInState('ACTIVE'));
    const before = await outputs();
    expect(before.state).toBe('ACTIVE');
    expect(before.identity.every((part) => typeof part === 'string' && part !== '')).toBe(true);

    await link!.setCut(true);
    await eventually('both sides FAILING', bothInState('FAILING'), 60_000);
    await world.ok(project, ['refresh', '--yes', '--skip-preview'], dc1, LONG);
    expect((await outputs()).state).toBe('FAILING');
    await world.ok(project, ['preview', '--expect-no-changes', '--refresh'], dc1, LONG);

    await link!.setCut(false);
    await eventually('both sides ACTIVE again', bothInState('ACTIVE'), 120_000);
    const runs = await converge();
    expect(runs).toBe(1);
    expect(await outputs()).toEqual({ state: 'ACTIVE', identity: before.identity });
    recordConvergence({ fault: 'link cut after establishment', frontEnd: 'pulumi (one program)', backend, runs });
  }, 600_000);

  it('cut during establishment: the up fails naming the unreachable address and leaves no dialer record; restored: one up converges with the same token', async () => {
    await world.ok(project, ['destroy', '--yes', '--skip-preview'], dc1, LONG);
    await link!.setCut(true);
    const failed = await world.run(project, ['up', '--yes', '--skip-preview'], dc1, LONG);
    expect(failed.code).not.toBe(0);
    expect(failed.stdout.replace(/\s+/g, ' ')).toContain(`could not reach the accepting cluster's servers (${link!.address})`);
    expect(failed.stdout).toContain('serverExternalAddresses');
    expect(await readPeering(dc2, 'dc1')).toBeUndefined();
    const tokenId = (await outputs()).identity[0];
    expect(typeof tokenId === 'string' && tokenId !== '').toBe(true);

    await link!.setCut(false);
    const runs = await converge();
    expect(runs).toBe(1);
    await eventually('both sides ACTIVE', bothInState('ACTIVE'));
    // The token generated in the failed up was used as it was: not rotated.
    expect((await outputs()).identity[0]).toBe(tokenId);
    recordConvergence({ fault: 'link cut during establishment', frontEnd: 'pulumi (one program)', backend, runs });
  }, 600_000);

  it('destroy leaves nothing behind on either cluster', async () => {
    await world.ok(project, ['destroy', '--yes', '--skip-preview'], dc1, LONG);
    expect([...await leftovers(dc1), ...await leftovers(dc2)]).toEqual([]);
  }, 300_000);
});
