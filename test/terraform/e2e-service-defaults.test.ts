import { startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { describeEachCliOnBackends } from './support/cli';
import { consul } from './support/scenario';
import { createWorkspace, stateAttributes, type Workspace } from './support/terraform';

// Issue 22, point 2, through the real terraform and tofu CLIs: consulpeering_service_defaults sets a service's protocol
// (and mesh gateway mode) with an empty plan right after, also with an empty `mesh_gateway = {}` block (the official
// provider diffs forever on those); another owner's setting of the same entry is kept by apply and destroy. An L7
// intention on a destination that is not HTTP fails at plan, naming the reason (the protocol this plan sets, or Consul's
// entries, or Consul's default tcp); planned together with the ServiceDefaults that makes it http, it applies in one run.
jest.setTimeout(240_000);

const CONFIG = (defaults: string, intention = ''): string => `
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
resource "consulpeering_service_defaults" "api" {
  name = "api"
  ${defaults}
}
${intention}
`;

const L7_INTENTION = `resource "consulpeering_service_intentions" "api" {
  name       = "api"
  sources    = [{ name = "web", peer = "dc2", permissions = [{ action = "allow", http = { path_prefix = "/v1" } }] }]
  depends_on = [consulpeering_service_defaults.api]
}`;

describeEachCliOnBackends('terraform end to end: service defaults', (cli, backend) => {
  let env: TestClusters;
  let dc1: TestCluster;
  let workspace: Workspace;
  const plan = () => workspace.terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color']);
  const apply = () => workspace.ok(['apply', '-auto-approve', '-input=false', '-no-color']);

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1'], { acl: true });
    dc1 = env.clusters[0] as TestCluster;
    expect((await consul(dc1, 'PUT', '/v1/config', { Kind: 'service-defaults', Name: 'api', MaxInboundConnections: 10 })).body).toBe(true);
    workspace = createWorkspace({ addr: dc1.address, acl_token: dc1.token }, cli);
    workspace.write('main.tf', CONFIG('protocol = "tcp"\n  mesh_gateway = {}'));
    await workspace.ok(['init', '-input=false', '-no-color']);
  });
  afterAll(async () => {
    workspace?.remove();
    await env?.stop();
  });

  it('protocol round trip: applied, the next plan empty (an empty mesh_gateway block too); http and an L7 intention on it in one apply', async () => {
    await apply();
    expect((await consul(dc1, 'GET', '/v1/config/service-defaults/api')).body).toMatchObject({ Protocol: 'tcp', MaxInboundConnections: 10 });
    expect(stateAttributes(await workspace.state(), 'consulpeering_service_defaults.api')).toMatchObject({ protocol: 'tcp', mesh_gateway: { mode: null } });
    expect((await plan()).code).toBe(0);
    workspace.write('main.tf', CONFIG('protocol = "tcp"\n  mesh_gateway = { mode = "local" }', L7_INTENTION));
    const refused = await plan();
    expect(refused.code).toBe(1);
    expect(refused.output.replace(/\s+/g, ' ')).toContain('Consul refuses L7 permissions on "api": its protocol is "tcp" (from this plan)');
    expect(refused.output).toContain('sources[0].permissions');
    workspace.write('main.tf', CONFIG('protocol = "http"\n  mesh_gateway = { mode = "local" }', L7_INTENTION));
    expect((await plan()).code).toBe(2);
    await apply();
    expect((await consul(dc1, 'GET', '/v1/config/service-defaults/api')).body).toMatchObject({ MeshGateway: { Mode: 'local' } });
    expect((await plan()).code).toBe(0);
  });

  it('invalid values fail at plan naming the attribute; a protocol changed outside shows as drift and is restored', async () => {
    workspace.write('main.tf', CONFIG('protocol = "HTTP"\n  mesh_gateway = { mode = "bogus" }', L7_INTENTION));
    const invalid = await plan();
    expect(invalid.code).toBe(1);
    expect(invalid.output).toContain('protocol');
    expect(invalid.output).toContain('mesh_gateway.mode');
    workspace.write('main.tf', CONFIG('protocol = "http"\n  mesh_gateway = { mode = "local" }', L7_INTENTION));
    const current = (await consul(dc1, 'GET', '/v1/config/service-defaults/api')).body as Record<string, unknown>;
    expect((await consul(dc1, 'PUT', '/v1/config', { ...current, MeshGateway: { Mode: 'remote' } })).body).toBe(true);
    const drift = await plan();
    expect([drift.code, drift.output]).toEqual([2, expect.stringContaining('"remote" -> "local"')]);
    await apply();
    expect((await plan()).code).toBe(0);
  });

  it('an L7 intention on a service without service-defaults fails at plan (Consul\'s default tcp); nothing is written', async () => {
    workspace.write('main.tf', CONFIG('protocol = "http"\n  mesh_gateway = { mode = "local" }', `${L7_INTENTION}\n${L7_INTENTION.replace(/"api"/g, '"db"').replace('depends_on = [consulpeering_service_defaults.api]', '')}`));
    const refused = await plan();
    expect(refused.code).toBe(1);
    expect(refused.output.replace(/\s+/g, ' ')).toContain('Consul refuses L7 permissions on "db": its protocol is "tcp" (from Consul\'s default (no service-defaults sets one))');
    expect((await consul(dc1, 'GET', '/v1/config/service-intentions/db')).status).toBe(404);
    workspace.write('main.tf', CONFIG('protocol = "http"\n  mesh_gateway = { mode = "local" }', L7_INTENTION));
  });

  it('destroy removes only its own settings: the other owner\'s stays in the entry', async () => {
    await workspace.ok(['destroy', '-auto-approve', '-input=false', '-no-color']);
    const left = (await consul(dc1, 'GET', '/v1/config/service-defaults/api')).body as Record<string, unknown>;
    expect([left['Protocol'], left['MeshGateway'], left['MaxInboundConnections']]).toEqual(['', {}, 10]);
    expect((await consul(dc1, 'GET', '/v1/config/service-intentions/api')).status).toBe(404);
  });
});
