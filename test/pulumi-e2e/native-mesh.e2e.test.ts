import { describeEachBackend, type TestCluster } from '../support/backends';
import { consul } from '../terraform/support/scenario';
import type { PulumiWorld } from './engine';
import { compileNodeSdk, configureClusters, startNativeSuite, TS_PROVIDERS, typescriptProject, type NativeSuite } from './native-support';

// Issue 22, point 1, through the real Pulumi engine and the native provider: Mesh set to peer through mesh gateways,
// a mesh gateway registered on dc1, and the PeeringToken generated after it carries the gateway's WAN address; a
// preview after `up` changes nothing; destroy removes only the stack's own setting (another owner's setting and the
// gateway stay). No Envoy here: the control-plane contract is what is tested.

const PROGRAM = `${TS_PROVIDERS}
const mesh = new consulpeering.Mesh('mesh', { peering: { peerThroughMeshGateways: true } }, { provider: dc1 });
const token = new consulpeering.PeeringToken('token', { peerName: 'dc2' }, { provider: dc1, dependsOn: [mesh] });
export const serverAddresses = token.peeringToken.apply((value) => JSON.parse(Buffer.from(value, 'base64').toString('utf8')).ServerAddresses as string[]);
`;

describeEachBackend('native provider: Mesh and peering through mesh gateways', (backend) => {
  let suite: NativeSuite | undefined;
  let world: PulumiWorld;
  let dc1: TestCluster;
  let project: string;

  beforeAll(async () => {
    suite = await startNativeSuite(backend);
    ({ world, dc1 } = suite);
    expect((await consul(dc1, 'PUT', '/v1/config', { Kind: 'mesh', HTTP: { SanitizeXForwardedClientCert: true } })).status).toBe(200);
    expect((await consul(dc1, 'PUT', '/v1/agent/service/register', {
      Kind: 'mesh-gateway', Name: 'mesh-gateway', Port: 8443, Address: '10.0.0.5',
      TaggedAddresses: { wan: { Address: '198.51.100.7', Port: 443 }, lan: { Address: '10.0.0.5', Port: 8443 } },
    })).status).toBe(200);
    project = typescriptProject(world, 'mesh', PROGRAM);
    compileNodeSdk(suite.engine, world, project);
    await world.ok(project, ['stack', 'init', 'dev'], dc1);
    await configureClusters(world, project, dc1, suite.dc2);
  }, 300_000);

  afterAll(() => suite?.stop());

  it('up: the token carries the gateway\'s WAN address; then no changes; destroy keeps the other owner\'s setting and the gateway', async () => {
    await world.ok(project, ['up', '--yes', '--skip-preview'], dc1, { timeoutMs: 240_000 });
    const outputs = JSON.parse((await world.ok(project, ['stack', 'output', '--json', '--show-secrets'], dc1, { secretOutput: true })).stdout) as { serverAddresses?: unknown };
    expect(outputs.serverAddresses).toEqual(['198.51.100.7:443']);
    expect((await consul(dc1, 'GET', '/v1/config/mesh/mesh')).body).toMatchObject({ Peering: { PeerThroughMeshGateways: true }, HTTP: { SanitizeXForwardedClientCert: true } });
    await world.ok(project, ['preview', '--expect-no-changes'], dc1, { timeoutMs: 240_000 });
    await world.ok(project, ['destroy', '--yes', '--skip-preview'], dc1, { timeoutMs: 240_000 });
    const left = (await consul(dc1, 'GET', '/v1/config/mesh/mesh')).body as Record<string, unknown>;
    expect([left['Peering'], left['HTTP']]).toEqual([undefined, { SanitizeXForwardedClientCert: true }]);
    expect((await consul(dc1, 'GET', '/v1/catalog/service/mesh-gateway')).body).toHaveLength(1);
  }, 600_000);
});
