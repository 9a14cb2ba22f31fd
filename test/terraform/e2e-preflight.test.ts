import { createAclToken } from '../harness/consul-servers';
import { describeEachBackend, startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { startRecordingProxy, type RecordingProxy } from './support/recording-proxy';
import { leftovers } from './support/scenario';
import { createWorkspace, type Workspace } from './support/terraform';
import { describeEachCli } from './support/cli';

// Issue 13 with the real terraform CLI: the plan asks the cluster once (POST /v1/internal/acl/authorize, counted
// by a recording proxy) whether the configured token may make the planned writes, and fails naming what is missing
// before anything is written.
jest.setTimeout(240_000);

/** One cluster: a peering token, exported services and an intention, all planned together (no dependencies). */
const CONFIG_TF = `
terraform {
  required_providers {
    consulpeering = { source = "terraform.local/consul-peering/consulpeering" }
  }
}
variable "addr" { type = string }
variable "acl_token" {
  type      = string
  default   = null
  sensitive = true
}
provider "consulpeering" {
  address                  = var.addr
  token                    = var.acl_token
  peering_token_passphrase = "a passphrase for this test"
}
resource "consulpeering_peering_token" "dc2" {
  peer_name = "dc2"
}
resource "consulpeering_exported_services" "api" {
  services = [{ name = "api", consumers = [{ peer = "dc2" }] }]
}
resource "consulpeering_service_intentions" "api" {
  name    = "api"
  sources = [{ name = "web", peer = "dc2", action = "allow" }]
}
`;

const AUTHORIZE = 'POST /v1/internal/acl/authorize';

describeEachCli('terraform plan: permission preflight', (cli) => describeEachBackend(`${cli.name}`, (backend) => {
  let acl: TestClusters;
  let open: TestClusters;
  const proxies: RecordingProxy[] = [];
  const workspaces: Workspace[] = [];

  beforeAll(async () => {
    [acl, open] = await Promise.all([startClusters(backend, ['dc1'], { acl: true }), startClusters(backend, ['dc1'])]);
  });
  afterAll(async () => {
    workspaces.forEach((workspace) => workspace.remove());
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await Promise.all([acl?.stop(), open?.stop()]);
  });

  async function workspaceFor(cluster: TestCluster, aclToken: string | null): Promise<{ workspace: Workspace; proxy: RecordingProxy }> {
    const proxy = await startRecordingProxy(cluster.address);
    proxies.push(proxy);
    const workspace = createWorkspace({ addr: proxy.address, acl_token: aclToken }, cli);
    workspaces.push(workspace);
    workspace.write('main.tf', CONFIG_TF);
    await workspace.ok(['init', '-input=false', '-no-color']);
    proxy.requests.length = 0;
    return { workspace, proxy };
  }

  it('a token with only peering = "write": plan fails naming mesh:write and intention:write with the rules; apply creates nothing', async () => {
    const dc1 = acl.clusters[0] as TestCluster;
    const limited = await createAclToken(dc1, 'peering = "write"');
    const { workspace, proxy } = await workspaceFor(dc1, limited.secretId);

    const plan = await workspace.terraform(['plan', '-input=false', '-no-color']);
    expect(plan.code).toBe(1);
    expect(plan.output.split('\n').filter((line) => line.startsWith('Error: ')).sort()).toEqual([
      'Error: Missing ACL permission intention:write', 'Error: Missing ACL permission mesh:write',
    ]);
    const text = plan.output.replace(/\s+/g, ' '); // Terraform wraps diagnostic details
    expect(text).toContain(`cluster ${proxy.address}: the ACL token lacks permission 'mesh:write', needed by consulpeering_exported_services; add \`mesh = "write"\``);
    expect(text).toContain('lacks permission \'intention:write\' on "api", needed by consulpeering_service_intentions; add `service "api" { policy = "read" intentions = "write" }`');
    expect(plan.output).toContain('with consulpeering_exported_services.api');
    expect(plan.output).toContain('with consulpeering_service_intentions.api');
    expect(plan.output).not.toContain(limited.secretId);
    expect(proxy.requests).toEqual([AUTHORIZE]); // one request for the cluster, for the whole plan

    proxy.requests.length = 0;
    const apply = await workspace.terraform(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(apply.code).toBe(1);
    expect(apply.output).toContain('Missing ACL permission mesh:write');
    expect(proxy.requests.filter((request) => request !== AUTHORIZE && !request.startsWith('GET '))).toEqual([]);
    expect(await leftovers(dc1)).toEqual([]);
  });

  it('a sufficient scoped token: the plan asks once and passes, apply and destroy work', async () => {
    const dc1 = acl.clusters[0] as TestCluster;
    const enough = await createAclToken(dc1, 'peering = "write"\nmesh = "write"\nservice "api" { policy = "read" intentions = "write" }');
    const { workspace, proxy } = await workspaceFor(dc1, enough.secretId);
    const plan = await workspace.ok(['plan', '-input=false', '-no-color']);
    expect(plan.output).toContain('Plan: 3 to add, 0 to change, 0 to destroy.');
    expect(proxy.requests).toEqual([AUTHORIZE]);
    await workspace.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    proxy.requests.length = 0;
    const again = await workspace.ok(['plan', '-detailed-exitcode', '-input=false', '-no-color']);
    expect(again.output).toContain('No changes.');
    expect(proxy.requests.filter((request) => request === AUTHORIZE)).toEqual([]); // nothing to write, nothing to ask
    await workspace.ok(['destroy', '-auto-approve', '-input=false', '-no-color']);
    expect(await leftovers(dc1)).toEqual([]);
  });

  it('ACLs off (no token): the plan makes no preflight request', async () => {
    const dc1 = open.clusters[0] as TestCluster;
    const { workspace, proxy } = await workspaceFor(dc1, null);
    const plan = await workspace.ok(['plan', '-input=false', '-no-color']);
    expect(plan.output).toContain('Plan: 3 to add, 0 to change, 0 to destroy.');
    expect(proxy.requests).toEqual([]);
  });
}));
