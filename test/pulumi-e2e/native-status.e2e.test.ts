import { describeEachBackend, type TestCluster } from '../support/backends';
import { registerService } from '../terraform/support/scenario';
import type { PulumiWorld } from './engine';
import { compileNodeSdk, configureClusters, startNativeSuite, TS_PROVIDERS, typescriptProject, type NativeSuite } from './native-support';

// The live status a Peering exposes, through the real Pulumi engine on each backend: once dc1 exports "web" (a
// registered service) to dc2, the dialer's Peering lists it in importedServices and the acceptor's side (read with
// getPeering through dc1's provider) in exportedServices, with a heartbeat; `up --refresh` brings the status into
// state, and a preview after it changes nothing.

const PROGRAM = `${TS_PROVIDERS}
const token = new consulpeering.PeeringToken('token', { peerName: 'dc2' }, { provider: dc1 });
const peering = new consulpeering.Peering('peering', { peerName: 'dc1', peeringToken: token.peeringToken }, { provider: dc2 });
const exported = new consulpeering.ExportedServices('exports', {
  services: [{ name: 'web', consumers: [{ peer: 'dc2' }] }],
}, { provider: dc1, dependsOn: [peering] });
export const dialerImported = peering.importedServices;
export const dialerHeartbeat = peering.lastHeartbeat;
export const acceptorExported = consulpeering.getPeeringOutput({ peerName: token.peerName }, { provider: dc1, dependsOn: [exported] }).exportedServices;
`;

interface StatusOutputs { dialerImported?: unknown; acceptorExported?: unknown; dialerHeartbeat?: unknown }

describeEachBackend('native provider: peering status (imported and exported services)', (backend) => {
  let suite: NativeSuite | undefined;
  let world: PulumiWorld;
  let dc1: TestCluster;
  let project: string;

  beforeAll(async () => {
    suite = await startNativeSuite(backend);
    ({ world, dc1 } = suite);
    await registerService(dc1, 'web');
    project = typescriptProject(world, 'status', PROGRAM);
    compileNodeSdk(suite.engine, world, project);
    await world.ok(project, ['stack', 'init', 'dev'], dc1);
    await configureClusters(world, project, dc1, suite.dc2);
  }, 300_000);

  afterAll(() => suite?.stop());

  it('importedServices on the dialer and getPeering().exportedServices on the acceptor list the exported service, with a heartbeat; then no changes', async () => {
    await world.ok(project, ['up', '--yes', '--skip-preview'], dc1, { timeoutMs: 240_000 });
    // Consul replicates the export and sends the first heartbeat 15 s after the stream opened: refresh until seen.
    let outputs: StatusOutputs = {};
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      await world.ok(project, ['up', '--yes', '--skip-preview', '--refresh'], dc1, { timeoutMs: 240_000 });
      outputs = JSON.parse((await world.ok(project, ['stack', 'output', '--json'], dc1)).stdout) as StatusOutputs;
      if (JSON.stringify(outputs.dialerImported) === '["web"]' && JSON.stringify(outputs.acceptorExported) === '["web"]' && outputs.dialerHeartbeat !== '') break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(outputs.dialerImported).toEqual(['web']);
    expect(outputs.acceptorExported).toEqual(['web']);
    expect(String(outputs.dialerHeartbeat)).toMatch(/^\d{4}-\d\d-\d\dT/);
    await world.ok(project, ['preview', '--expect-no-changes'], dc1, { timeoutMs: 240_000 });
    await world.ok(project, ['destroy', '--yes', '--skip-preview'], dc1, { timeoutMs: 240_000 });
  }, 600_000);
});
