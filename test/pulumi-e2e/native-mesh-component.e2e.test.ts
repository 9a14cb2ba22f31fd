import { describeEachBackend, type TestCluster } from '../support/backends';
import { consul, leftovers, readPeering } from '../terraform/support/scenario';
import type { PulumiWorld } from './engine';
import { compileNodeSdk, startNativeSuite, typescriptProject, type NativeSuite } from './native-support';

// Issue 22, point 4, through the real Pulumi engine: the ClusterMesh component of the native provider (built by the
// plugin's Construct) peers five clusters, every pair, in ONE `up`: 10 tokens and 10 peerings, all ACTIVE on both sides
// when it returns, dc1's "web" exported to the four others and dc2's "frontend" allowed in; a preview after it changes
// nothing; destroy leaves nothing on any cluster.

const NAMES = ['dc1', 'dc2', 'dc3', 'dc4', 'dc5'];

const PROGRAM = `import * as pulumi from '@pulumi/pulumi';
import * as consulpeering from './sdk/bin';

const config = new pulumi.Config();
const provider = (name: string) => new consulpeering.Provider(name, { address: config.require(name + 'Address'), token: config.requireSecret(name + 'Token') });
const mesh = new consulpeering.ClusterMesh('mesh', {
  clusters: ${JSON.stringify(NAMES)}.map((name) => ({
    name, provider: provider(name),
    exports: name === 'dc1' ? [{ service: 'web', allowFrom: [{ cluster: 'dc2', service: 'frontend' }] }] : [],
  })),
});
export const states = mesh.states;
`;

describeEachBackend('native provider: ClusterMesh of five clusters', (backend) => {
  let suite: NativeSuite | undefined;
  let world: PulumiWorld;
  let clusters: TestCluster[];
  let project: string;

  beforeAll(async () => {
    suite = await startNativeSuite(backend, { names: NAMES });
    world = suite.world;
    clusters = suite.clusters.clusters as TestCluster[];
    project = typescriptProject(world, 'mesh5', PROGRAM);
    compileNodeSdk(suite.engine, world, project);
    const first = clusters[0] as TestCluster;
    await world.ok(project, ['stack', 'init', 'dev'], first);
    for (const [at, cluster] of clusters.entries()) {
      await world.ok(project, ['config', 'set', `${NAMES[at] ?? ''}Address`, cluster.address], first);
      await world.ok(project, ['config', 'set', '--secret', `${NAMES[at] ?? ''}Token`, cluster.token ?? 'no-acl'], first, { secretOutput: true });
    }
  }, 300_000);

  afterAll(() => suite?.stop());

  it('one up: all 10 pairs ACTIVE on both sides, exports and intentions on dc1; then no changes; destroy leaves nothing', async () => {
    const first = clusters[0] as TestCluster;
    // Room for all 10 peerings at once (each holds an engine slot until ACTIVE; the default is 4 per CPU).
    const up = await world.ok(project, ['up', '--yes', '--skip-preview', '--parallel', '20'], first, { timeoutMs: 420_000 });
    process.stdout.write(`[${backend}] ClusterMesh of 5 clusters (10 peerings): up ${(up.ms / 1000).toFixed(1)} s\n`);
    const outputs = JSON.parse((await world.ok(project, ['stack', 'output', '--json'], first)).stdout) as { states?: Record<string, string> };
    expect(Object.keys(outputs.states ?? {})).toHaveLength(10);
    expect(new Set(Object.values(outputs.states ?? {}))).toEqual(new Set(['ACTIVE']));
    for (const [i, acceptor] of clusters.entries()) {
      for (const [j, dialer] of clusters.entries()) {
        if (j <= i) continue;
        expect([`${NAMES[i] ?? ''}.${NAMES[j] ?? ''}`, (await readPeering(acceptor, NAMES[j] ?? ''))?.State, (await readPeering(dialer, NAMES[i] ?? ''))?.State])
          .toEqual([`${NAMES[i] ?? ''}.${NAMES[j] ?? ''}`, 'ACTIVE', 'ACTIVE']);
      }
    }
    const exported = (await consul(first, 'GET', '/v1/config/exported-services/default')).body as { Services: { Name: string; Consumers: { Peer: string }[] }[] };
    expect(exported.Services.map((service) => [service.Name, service.Consumers.map((consumer) => consumer.Peer)])).toEqual([['web', ['dc2', 'dc3', 'dc4', 'dc5']]]);
    const intentions = (await consul(first, 'GET', '/v1/config/service-intentions/web')).body as { Sources: { Name: string; Peer: string; Action: string }[] };
    expect(intentions.Sources.map(({ Name, Peer, Action }) => `${Name}@${Peer}:${Action}`)).toEqual(['frontend@dc2:allow']);
    await world.ok(project, ['preview', '--expect-no-changes'], first, { timeoutMs: 300_000 });
    await world.ok(project, ['destroy', '--yes', '--skip-preview'], first, { timeoutMs: 300_000 });
    for (const cluster of clusters) expect(await leftovers(cluster)).toEqual([]);
  }, 900_000);
});
