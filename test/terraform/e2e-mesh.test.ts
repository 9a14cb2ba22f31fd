import { startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { describeEachCliOnBackends } from './support/cli';
import { consul } from './support/scenario';
import { createWorkspace, stateAttributes, type Workspace } from './support/terraform';

// Issue 22, point 1, through the real terraform and tofu CLIs: the mesh entry set to peer through mesh gateways, with a mesh
// gateway registered (as a platform team's would be), makes the next peering token carry the gateway's WAN address
// instead of the servers'; the plan after apply is empty; destroy removes only the settings this configuration owns
// (another owner's setting and the gateway stay). Establishing through the gateway needs a running Envoy, which this
// machine has not: the control-plane contract is what is tested.
jest.setTimeout(240_000);

const GATEWAY_WAN = { Address: '198.51.100.7', Port: 443 };

const CONFIG = (withToken: boolean, extra = ''): string => `
terraform {
  required_providers {
    consulpeering = { source = "terraform.local/consul-peering/consulpeering" }
  }
}
variable "addr" { type = string }
variable "acl_token" {
  type      = string
  sensitive = true
}
provider "consulpeering" {
  address = var.addr
  token   = var.acl_token
}
resource "consulpeering_mesh" "peering" {
  peering = { peer_through_mesh_gateways = true }
  ${extra}
}
${withToken ? `resource "consulpeering_peering_token" "dc2" {
  peer_name  = "dc2"
  depends_on = [consulpeering_mesh.peering]
}` : ''}
`;

describeEachCliOnBackends('terraform end to end: the mesh entry and peering through mesh gateways', (cli, backend) => {
  let env: TestClusters;
  let dc1: TestCluster;
  let workspace: Workspace;
  const plan = () => workspace.terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color']);

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1'], { acl: true });
    dc1 = env.clusters[0] as TestCluster;
    // Another owner's setting of the same entry, written before this configuration exists.
    expect(await consul(dc1, 'PUT', '/v1/config', { Kind: 'mesh', HTTP: { SanitizeXForwardedClientCert: true } })).toEqual({ status: 200, body: true });
    workspace = createWorkspace({ addr: dc1.address, acl_token: dc1.token }, cli);
    workspace.write('main.tf', CONFIG(true));
    await workspace.ok(['init', '-input=false', '-no-color']);
  });
  afterAll(async () => {
    workspace?.remove();
    await env?.stop();
  });

  it('without a registered mesh gateway the token cannot be generated: Consul\'s reason, the mesh setting applied', async () => {
    workspace.write('main.tf', CONFIG(true));
    const apply = await workspace.terraform(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(apply.code).toBe(1);
    expect(apply.output).toContain('no mesh gateway instances are registered');
    expect((await consul(dc1, 'GET', '/v1/config/mesh/mesh')).body).toMatchObject({ Peering: { PeerThroughMeshGateways: true } });
  });

  it('with a gateway: the token carries its WAN address; the next plan is empty; destroy keeps the other owner\'s setting', async () => {
    expect((await consul(dc1, 'PUT', '/v1/agent/service/register', {
      Kind: 'mesh-gateway', Name: 'mesh-gateway', Port: 8443, Address: '10.0.0.5',
      TaggedAddresses: { wan: GATEWAY_WAN, lan: { Address: '10.0.0.5', Port: 8443 } },
    })).status).toBe(200);
    workspace.write('main.tf', CONFIG(true, 'transparent_proxy = { mesh_destinations_only = false }'));
    await workspace.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    const token = String(stateAttributes(await workspace.state(), 'consulpeering_peering_token.dc2')['peering_token']);
    const decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { ServerAddresses: string[] };
    expect(decoded.ServerAddresses).toEqual([`${GATEWAY_WAN.Address}:${GATEWAY_WAN.Port}`]);
    expect(stateAttributes(await workspace.state(), 'consulpeering_mesh.peering')).toMatchObject({
      partition: 'default', peering: { peer_through_mesh_gateways: true }, transparent_proxy: { mesh_destinations_only: false },
    });
    expect((await plan()).code).toBe(0);

    await workspace.ok(['destroy', '-auto-approve', '-input=false', '-no-color']);
    const left = (await consul(dc1, 'GET', '/v1/config/mesh/mesh')).body as Record<string, unknown>;
    expect([left['Peering'], left['HTTP']]).toEqual([undefined, { SanitizeXForwardedClientCert: true }]);
    const gateways = (await consul(dc1, 'GET', '/v1/catalog/service/mesh-gateway')).body as unknown[];
    expect(gateways).toHaveLength(1);
  });

  it('import by partition adopts every setting in the entry; an invalid setting fails at plan naming its path', async () => {
    workspace.write('main.tf', CONFIG(false, 'http = { sanitize_x_forwarded_client_cert = true }'));
    await workspace.ok(['import', '-input=false', '-no-color', 'consulpeering_mesh.peering', 'default']);
    expect(stateAttributes(await workspace.state(), 'consulpeering_mesh.peering')).toMatchObject({ http: { sanitize_x_forwarded_client_cert: true }, peering: null });
    const adopt = await plan();
    expect([adopt.code, adopt.output]).toEqual([2, expect.stringContaining('peer_through_mesh_gateways')]);
    workspace.write('main.tf', CONFIG(false, 'tls = { incoming = { tls_min_version = "TLSv1_3", cipher_suites = ["TLS_RSA_WITH_AES_128_CBC_SHA"] } }'));
    const invalid = await plan();
    expect(invalid.code).toBe(1);
    expect(invalid.output).toContain('tls.incoming.cipher_suites');
    workspace.write('main.tf', CONFIG(false, 'http = { sanitize_x_forwarded_client_cert = true }'));
    await workspace.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect((await plan()).code).toBe(0);
    await workspace.ok(['destroy', '-auto-approve', '-input=false', '-no-color']);
    expect((await consul(dc1, 'GET', '/v1/config/mesh/mesh')).status).toBe(404);
  });
});
