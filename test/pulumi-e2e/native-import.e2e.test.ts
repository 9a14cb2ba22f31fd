import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describeEachBackend, startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { consulGet, PulumiWorld, pulumiBinDir, ROOT } from './engine';
import { compileNodeSdk, configureClusters, nativeBinDir, peerOutsidePulumi, TS_PROVIDERS, typescriptProject } from './native-support';

// Brownfield with the native provider (issue 18): objects made outside Pulumi, read with the SDK's static `get` and
// adopted with `pulumi import`, always through explicit providers, the engine's environment pointing elsewhere.

interface PeeringView { State: string }

/** Reads what exists through explicit providers only; the program's environment names dc1 without a token. */
const GET_PROGRAM = `${TS_PROVIDERS}
const read = consulpeering.Peering.get('read', 'dc1', undefined, { provider: dc2 });
export const state = read.state;
export const peerName = read.peerName;
const exported = consulpeering.ExportedServices.get('exported', 'default', undefined, { provider: dc1 });
export const exportedTo = exported.services.apply((services) => services.map((service) => \`\${service.name}->\${(service.consumers ?? []).map((consumer) => consumer.peer).join(',')}\`).join(';'));
`;

describeEachBackend('native provider: get and pulumi import of objects made outside Pulumi', (backend) => {
  let clusters: TestClusters;
  let world: PulumiWorld;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let engine: string;
  let bin: string | undefined;

  beforeAll(async () => {
    engine = pulumiBinDir();
    clusters = await startClusters(backend, ['dc1', 'dc2'], { acl: true });
    [dc1, dc2] = clusters.clusters as [TestCluster, TestCluster];
    bin = nativeBinDir(engine);
    world = new PulumiWorld(bin);
    await peerOutsidePulumi(dc1, dc2);
    expect((await consulGet<PeeringView>(dc2, '/v1/peering/dc1'))?.State).toBe('ACTIVE');
  }, 300_000);

  afterAll(async () => {
    world?.dispose();
    if (bin !== undefined) rmSync(bin, { recursive: true, force: true });
    await clusters?.stop();
  });

  it('Peering.get and ExportedServices.get read through explicit providers, not the environment\'s cluster', async () => {
    const project = typescriptProject(world, 'native-get', GET_PROGRAM);
    compileNodeSdk(engine, world, project);
    // The environment: dc1's address, no token (a read that fell back to it would find no "dc1" peering, and be refused).
    const environment = { address: dc1.address, token: null };
    await world.ok(project, ['stack', 'init', 'dev'], environment);
    await configureClusters(world, project, dc1, dc2);
    // The usual call shape, get(name, id, state, options), type-checks against the SDK generated from the schema.
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(project, 'tsconfig.json'), '--noEmit'], { timeout: 120_000 });
    const up = await world.ok(project, ['up', '--yes'], environment, { timeoutMs: 240_000 });
    expect(up.stdout).toMatch(/state\s*: "ACTIVE"/);
    expect(up.stdout).toMatch(/peerName\s*: "dc1"/);
    expect(up.stdout).toMatch(/exportedTo\s*: "api->dc2"/);
    await world.ok(project, ['preview', '--expect-no-changes'], environment, { timeoutMs: 240_000 });
    await world.ok(project, ['destroy', '--yes'], environment, { timeoutMs: 240_000 });
    // Read resources are forgotten on destroy, never deleted.
    expect((await consulGet<PeeringView>(dc2, '/v1/peering/dc1'))?.State).toBe('ACTIVE');
    expect(await consulGet(dc1, '/v1/config/exported-services/default')).not.toBeNull();
  }, 600_000);
});
