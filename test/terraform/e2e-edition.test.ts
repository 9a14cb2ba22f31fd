import { startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { describeEachCliOnBackends } from './support/cli';
import { startRecordingProxy, type RecordingProxy } from './support/recording-proxy';
import { consul, leftovers } from './support/scenario';
import { createWorkspace, type Workspace } from './support/terraform';

// Issue 19 with the real terraform CLI against Consul CE (real 1.22.7 and the emulator): `default` partitions and
// namespaces plan, apply and stay planned as they are; any other partition or namespace and any sameness group fail
// the plan naming the attribute ("needs Consul Enterprise") before anything is written, and so does CONSUL_PARTITION.
jest.setTimeout(240_000);

const HEADER = `
terraform {
  required_providers {
    consulpeering = { source = "terraform.local/consul-peering/consulpeering" }
  }
}
variable "addr" { type = string }
provider "consulpeering" {
  address                  = var.addr
  peering_token_passphrase = "a passphrase for this test"
}
`;

/** Every resource with its partition and namespaces spelled `default`, as an Enterprise user would write them. */
const DEFAULTS_TF = `${HEADER}
resource "consulpeering_peering_token" "dc2" {
  peer_name = "dc2"
  partition = "default"
}
resource "consulpeering_exported_services" "api" {
  partition = "default"
  services  = [{ name = "api", namespace = "default", consumers = [{ peer = "dc2" }] }]
}
resource "consulpeering_service_intentions" "api" {
  name      = "api"
  partition = "default"
  namespace = "default"
  sources   = [{ name = "web", peer = "dc2", namespace = "default", action = "allow" }]
}
`;

/** Enterprise-only values: a namespace, sameness groups, a partition. */
const ENTERPRISE_TF = `${HEADER}
resource "consulpeering_peering_token" "dc2" {
  peer_name = "dc2"
  partition = "team"
}
resource "consulpeering_exported_services" "api" {
  services = [{ name = "api", namespace = "team-a", consumers = [{ peer = "dc2" }] }, { name = "db", consumers = [{ sameness_group = "all" }] }]
}
resource "consulpeering_service_intentions" "api" {
  name    = "api"
  sources = [{ name = "web", sameness_group = "all", action = "allow" }]
}
`;

const WRITES = /^(POST|PUT|DELETE) /;

describeEachCliOnBackends('terraform on Consul CE: edition awareness', (cli, backend) => {
  let env: TestClusters;
  let dc1: TestCluster;
  const proxies: RecordingProxy[] = [];
  const workspaces: Workspace[] = [];

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1']);
    dc1 = env.clusters[0] as TestCluster;
  });
  afterAll(async () => {
    workspaces.forEach((workspace) => workspace.remove());
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await env?.stop();
  });

  async function workspaceWith(config: string): Promise<{ workspace: Workspace; proxy: RecordingProxy }> {
    const proxy = await startRecordingProxy(dc1.address);
    proxies.push(proxy);
    const workspace = createWorkspace({ addr: proxy.address }, cli);
    workspaces.push(workspace);
    workspace.write('main.tf', config);
    await workspace.ok(['init', '-input=false', '-no-color']);
    proxy.requests.length = 0;
    return { workspace, proxy };
  }

  it('partition and namespaces "default": plan and apply succeed, the next plan is empty, destroy leaves nothing', async () => {
    const { workspace, proxy } = await workspaceWith(DEFAULTS_TF);
    const plan = await workspace.ok(['plan', '-input=false', '-no-color']);
    expect(plan.output).toContain('Plan: 3 to add, 0 to change, 0 to destroy.');
    expect(proxy.requests.filter((request) => WRITES.test(request))).toEqual([]);
    await workspace.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(proxy.requests.filter((request) => request === 'GET /v1/agent/version')).toEqual(['GET /v1/agent/version']); // once per process at most
    const again = await workspace.terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color']);
    expect([again.code, again.output.includes('No changes.')]).toEqual([0, true]);
    const exports = (await consul(dc1, 'GET', '/v1/config/exported-services/default')).body as { Services: unknown[] };
    expect(exports.Services).toEqual([{ Name: 'api', Consumers: [{ Peer: 'dc2' }] }]);
    await workspace.ok(['destroy', '-auto-approve', '-input=false', '-no-color']);
    expect(await leftovers(dc1)).toEqual([]);
  });

  it('a namespace, sameness groups and a partition: the plan fails naming each attribute, apply writes nothing', async () => {
    const { workspace, proxy } = await workspaceWith(ENTERPRISE_TF);
    const plan = await workspace.terraform(['plan', '-input=false', '-no-color']);
    expect(plan.code).toBe(1);
    const text = plan.output.replace(/\s+/g, ' '); // Terraform wraps diagnostic details
    for (const where of ['partition: "team"', 'services[0].namespace: "team-a"', 'services[1].consumers[0].sameness_group: "all"', 'sources[0].sameness_group: "all"']) {
      expect(text).toContain(`${where} needs Consul Enterprise: the cluster at ${proxy.address} runs Consul CE 1.22.7`);
    }
    expect(plan.output.split('\n').filter((line) => line.startsWith('Error: ')).sort()).toEqual([
      'Error: Invalid value for partition', 'Error: Invalid value for services[0].namespace',
      'Error: Invalid value for services[1].consumers[0].sameness_group', 'Error: Invalid value for sources[0].sameness_group',
    ]);
    expect(proxy.requests).toEqual(['GET /v1/agent/version']); // one edition request for the plan, nothing else
    const apply = await workspace.terraform(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(apply.code).toBe(1);
    expect(apply.output).toContain('needs Consul Enterprise');
    expect(proxy.requests.filter((request) => WRITES.test(request))).toEqual([]);
    expect(await leftovers(dc1)).toEqual([]);
  });

  it('CONSUL_PARTITION=team in the environment: the plan fails naming the variable, before any read or write', async () => {
    const { workspace, proxy } = await workspaceWith(DEFAULTS_TF);
    const plan = await workspace.terraform(['plan', '-input=false', '-no-color'], { env: { CONSUL_PARTITION: 'team' } });
    expect(plan.code).toBe(1);
    expect(plan.output).toContain('Error: CONSUL_PARTITION needs Consul Enterprise');
    expect(plan.output.replace(/\s+/g, ' ')).toContain('CONSUL_PARTITION (the provider\'s partition) is "team", which needs Consul Enterprise: '
      + `the cluster at ${proxy.address} runs Consul CE 1.22.7`);
    expect(proxy.requests).toEqual(['GET /v1/agent/version']);
    const fine = await workspace.ok(['plan', '-input=false', '-no-color'], { env: { CONSUL_PARTITION: 'default' } });
    expect(fine.output).toContain('Plan: 3 to add, 0 to change, 0 to destroy.');
    expect(await leftovers(dc1)).toEqual([]);
  });
});
