import { describeEachBackend, type TestCluster } from '../support/backends';
import { printConvergenceTable, recordConvergence } from '../support/convergence-table';
import { startLinkProxy, type LinkProxy } from '../support/link-proxy';
import { eventually, leftovers, readPeering } from '../terraform/support/scenario';
import type { PulumiWorld } from './engine';
import { compileNodeSdk, configureClusters, startNativeSuite, TS_PROVIDERS, typescriptProject, type NativeSuite } from './native-support';

// Issue 20, point 3, through the real Pulumi engine: the link between the clusters cut after establishment. The token
// advertises a TCP proxy in front of dc1's peering endpoint (serverExternalAddresses; real Consul: its gRPC-TLS port),
// so closing the proxy cuts the link on both backends. A refresh shows FAILING; while cut, nothing rotates; when the
// link returns, one `up --refresh` converges with the same peering ID and token fingerprint.

const program = (linkAddress: string): string => `${TS_PROVIDERS}
const token = new consulpeering.PeeringToken('token', { peerName: 'dc2', serverExternalAddresses: ['${linkAddress}'] }, { provider: dc1 });
const peering = new consulpeering.Peering('peering', { peerName: 'dc1', peeringToken: token.peeringToken }, { provider: dc2 });
export const state = peering.state;
`;
const LONG = { timeoutMs: 240_000 };

describeEachBackend('pulumi: the link between the clusters cut after establishment', (backend) => {
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
    let runs = 0;
    let converged = false;
    while (!converged && runs < 3) {
      runs += 1;
      await world.ok(project, ['up', '--yes', '--refresh', '--skip-preview'], dc1, LONG);
      converged = (await world.run(project, ['preview', '--expect-no-changes', '--refresh'], dc1, LONG)).code === 0;
    }
    expect(converged).toBe(true);
    expect(await outputs()).toEqual({ state: 'ACTIVE', identity: before.identity });
    recordConvergence({ fault: 'link cut after establishment', frontEnd: 'pulumi (one program)', backend, runs });
  }, 600_000);

  it('destroy leaves nothing behind on either cluster', async () => {
    await world.ok(project, ['destroy', '--yes', '--skip-preview'], dc1, LONG);
    expect([...await leftovers(dc1), ...await leftovers(dc2)]).toEqual([]);
  }, 300_000);
});
