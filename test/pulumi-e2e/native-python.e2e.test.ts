import { describeEachBackend, type TestCluster } from '../support/backends';
import { consulGet, type PulumiWorld } from './engine';
import { configureClusters, startNativeSuite, type NativeSuite } from './native-support';

// The native provider plugin from a Python program (the Python language host, Pulumi's Python SDK from PyPI, and the
// pulumi_consulpeering wheel `npm run pulumi:sdk -- python` builds from the package schema): one program peers two clusters
// through two explicit providers and reads the peering back with get_peering and get_peerings. Both backends, ACLs on.

interface PeeringView { State: string }

const PROGRAM = `import pulumi
import pulumi_consulpeering as consulpeering

config = pulumi.Config()
dc1 = consulpeering.Provider("dc1", address=config.require("dc1Address"), token=config.require_secret("dc1Token"))
dc2 = consulpeering.Provider("dc2", address=config.require("dc2Address"), token=config.require_secret("dc2Token"))
token = consulpeering.PeeringToken("token", peer_name="dc2", opts=pulumi.ResourceOptions(provider=dc1))
peering = consulpeering.Peering("peering", peer_name="dc1", peering_token=token.peering_token, opts=pulumi.ResourceOptions(provider=dc2))
consulpeering.ExportedServices("exports", services=[{"name": "api", "consumers": [{"peer": "dc2"}]}],
                               opts=pulumi.ResourceOptions(provider=dc1, depends_on=[peering]))
created = pulumi.Output.all(peering.peer_name, peering.state).apply(lambda values: values[0])
pulumi.export("state", peering.state)
pulumi.export("seenByFunction", consulpeering.get_peering_output(peer_name=created, opts=pulumi.InvokeOutputOptions(provider=dc2)).state)
listed = consulpeering.get_peerings_output(partition=token.partition, opts=pulumi.InvokeOutputOptions(provider=dc1))
pulumi.export("listedOnDc1", listed.peerings.apply(lambda peerings: ",".join(p.peer_name for p in peerings)))
`;

describeEachBackend('native provider plugin from a Python program', (backend) => {
  let suite: NativeSuite;
  let world: PulumiWorld;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let project: string;

  beforeAll(async () => {
    suite = await startNativeSuite(backend, { python: true });
    ({ world, dc1, dc2 } = suite);
    project = world.programProject('native-python', { 'Pulumi.yaml': 'name: native-python\nruntime: python\n', '__main__.py': PROGRAM });
    await world.ok(project, ['stack', 'init', 'dev'], dc1);
    await configureClusters(world, project, dc1, dc2);
  }, 300_000);

  afterAll(async () => {
    await suite?.stop();
  }, 60_000);

  it('peers both clusters through two explicit providers, get_peering sees it ACTIVE and get_peerings lists it, a second up changes nothing, destroy leaves nothing', async () => {
    const up = await world.ok(project, ['up', '--yes', '--skip-preview'], dc1, { timeoutMs: 240_000 });
    expect(up.stdout).toMatch(/state\s*: "ACTIVE"/);
    expect(up.stdout).toMatch(/seenByFunction\s*: "ACTIVE"/);
    expect(up.stdout).toMatch(/listedOnDc1\s*: "dc2"/);
    expect((await consulGet<PeeringView>(dc1, '/v1/peering/dc2'))?.State).toBe('ACTIVE');
    await world.ok(project, ['up', '--yes', '--expect-no-changes'], dc1, { timeoutMs: 240_000 });
    await world.ok(project, ['destroy', '--yes'], dc1, { timeoutMs: 240_000 });
    expect(await consulGet(dc2, '/v1/peering/dc1')).toBeNull();
    expect(await consulGet(dc1, '/v1/config/exported-services/default')).toBeNull();
  }, 600_000);
});
