import { join } from 'node:path';
import { describeEachBackend, type TestCluster } from '../support/backends';
import { consulGet, ROOT, waitFor, type PulumiWorld } from './engine';
import { configureClusters, startNativeSuite, type NativeSuite } from './native-support';

// The ClusterPeering component from languages other than TypeScript: the engine asks the plugin to build it
// (Construct), which registers its children on the two providers the program passes, one per side. A Python program
// (the generated SDK's remote component class) and a Pulumi YAML program (no SDK at all). Both backends, ACLs on.

interface PeeringView { State: string }
interface ExportsView { Services?: { Name: string; Consumers?: { Peer?: string }[] }[] }
interface IntentionsView { Sources?: { Name: string; Peer?: string; Action?: string }[] }

const PYTHON_PROGRAM = `import pulumi
import pulumi_consulpeering as consulpeering

config = pulumi.Config()
dc1 = consulpeering.Provider("dc1", address=config.require("dc1Address"), token=config.require_secret("dc1Token"))
dc2 = consulpeering.Provider("dc2", address=config.require("dc2Address"), token=config.require_secret("dc2Token"))
peering = consulpeering.ClusterPeering(
    "dc1-dc2",
    acceptor=consulpeering.ClusterPeeringSideArgs(
        name="dc1", provider=dc1, exports=[consulpeering.ClusterPeeringSideExportsArgs(service="api", allow_from=["web"])]),
    dialer=consulpeering.ClusterPeeringSideArgs(name="dc2", provider=dc2))
pulumi.export("state", peering.state)
pulumi.export("peeringToken", peering.peering_token)
`;

const YAML_PROGRAM = `name: native-component-yaml
runtime: yaml
plugins:
  providers:
    - name: consulpeering
      path: \${PLUGIN_DIR}
config:
  dc1Address: { type: string }
  dc2Address: { type: string }
  dc1Token: { type: string, secret: true }
  dc2Token: { type: string, secret: true }
resources:
  dc1:
    type: pulumi:providers:consulpeering
    properties: { address: "\${dc1Address}", token: "\${dc1Token}" }
  dc2:
    type: pulumi:providers:consulpeering
    properties: { address: "\${dc2Address}", token: "\${dc2Token}" }
  dc1-dc2:
    type: consulpeering:index:ClusterPeering
    properties:
      acceptor:
        name: dc1
        provider: \${dc1}
        exports:
          - service: api
            allowFrom: [web]
      dialer:
        name: dc2
        provider: \${dc2}
outputs:
  state: \${dc1-dc2.state}
  peeringToken: \${dc1-dc2.peeringToken}
`;

describeEachBackend('ClusterPeering built by the plugin (Construct) from Python and YAML', (backend) => {
  let suite: NativeSuite | undefined;
  let world: PulumiWorld;
  let dc1: TestCluster;
  let dc2: TestCluster;

  beforeAll(async () => {
    suite = await startNativeSuite(backend, { python: true });
    ({ world, dc1, dc2 } = suite);
  }, 300_000);

  afterAll(async () => {
    await suite?.stop();
  }, 60_000);

  /** up → both sides ACTIVE, api exported to dc2 and web of dc2 allowed; a second up changes nothing; destroy leaves nothing. */
  const peerThroughComponent = async (project: string): Promise<void> => {
    await world.ok(project, ['stack', 'init', 'dev'], dc1);
    await configureClusters(world, project, dc1, dc2);
    const preview = await world.ok(project, ['preview'], dc1, { timeoutMs: 240_000 });
    expect(preview.stdout).toMatch(/consulpeering:index:ClusterPeering/);
    const up = await world.ok(project, ['up', '--yes', '--skip-preview'], dc1, { timeoutMs: 240_000 });
    expect(up.stdout).toMatch(/state\s*: "ACTIVE"/);
    expect(up.stdout).toMatch(/peeringToken\s*: \[secret\]/);
    for (const type of ['PeeringToken', 'Peering', 'ExportedServices', 'ServiceIntentions']) expect(up.stdout).toContain(`consulpeering:index:${type}`);
    expect((await consulGet<PeeringView>(dc2, '/v1/peering/dc1'))?.State).toBe('ACTIVE');
    expect((await waitFor(() => consulGet<PeeringView>(dc1, '/v1/peering/dc2'), (view) => view?.State === 'ACTIVE'))?.State).toBe('ACTIVE');
    const exported = await consulGet<ExportsView>(dc1, '/v1/config/exported-services/default');
    expect(exported?.Services).toEqual([expect.objectContaining({ Name: 'api', Consumers: [expect.objectContaining({ Peer: 'dc2' })] })]);
    const intentions = await consulGet<IntentionsView>(dc1, '/v1/config/service-intentions/api');
    expect(intentions?.Sources).toEqual([expect.objectContaining({ Name: 'web', Peer: 'dc2', Action: 'allow' })]);
    await world.ok(project, ['up', '--yes', '--expect-no-changes'], dc1, { timeoutMs: 240_000 });
    await world.ok(project, ['destroy', '--yes', '--skip-preview'], dc1, { timeoutMs: 240_000 });
    expect(await consulGet(dc1, '/v1/config/service-intentions/api')).toBeNull();
    expect(await consulGet(dc1, '/v1/config/exported-services/default')).toBeNull();
    expect(await waitFor(() => consulGet(dc2, '/v1/peering/dc1'), (view) => view === null)).toBeNull();
    expect(await waitFor(() => consulGet(dc1, '/v1/peering/dc2'), (view) => view === null)).toBeNull();
  };

  it('Python: ClusterPeering over two explicit providers peers, exports and allows; no changes on a second up; destroy leaves nothing', async () => {
    await peerThroughComponent(world.programProject('component-python', { 'Pulumi.yaml': 'name: component-python\nruntime: python\n', '__main__.py': PYTHON_PROGRAM }));
  }, 900_000);

  it('YAML: the same component with no SDK', async () => {
    const pluginDir = join(ROOT, 'bin');
    await peerThroughComponent(world.programProject('component-yaml', { 'Pulumi.yaml': YAML_PROGRAM.replace('${PLUGIN_DIR}', pluginDir) }));
  }, 900_000);

  it('the ACL tokens and the peering token never reach the CLI output in plain text', () => {
    const secrets = [dc1.token, dc2.token].filter((value): value is string => typeof value === 'string' && value.length > 0);
    for (const secret of secrets) expect(world.transcript.join('\n').includes(secret)).toBe(false);
    expect(world.transcript.join('\n')).not.toMatch(/eyJ[A-Za-z0-9+/=]{40,}/); // a peering token is base64 JSON
  });
});
