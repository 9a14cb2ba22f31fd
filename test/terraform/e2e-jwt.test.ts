import { startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { describeEachCliOnBackends } from './support/cli';
import { createWorkspace, stateAttributes, type Workspace } from './support/terraform';

// Intentions with JWT requirements through the real terraform CLI: validate names the attribute path of a provider
// without a name; apply writes Consul's JWT shape; a plan right after exits 0 (no perpetual diff); dropping the
// entry-level requirement clears it; a provider Consul does not know fails the apply with Consul's message.
jest.setTimeout(240_000);

const HEADER = `
terraform {
  required_providers {
    consulpeering = { source = "terraform.local/consul-peering/consulpeering" }
  }
}
variable "addr" { type = string }
provider "consulpeering" { address = var.addr }
`;

const intentions = (entryJwt: string, permissionProvider = 'local'): string => `${HEADER}
resource "consulpeering_service_intentions" "api" {
  name = "api"
  ${entryJwt}
  sources = [{
    name = "web"
    peer = "dc2"
    permissions = [{
      action = "allow"
      http   = { path_prefix = "/" }
      jwt    = { providers = [{ name = "${permissionProvider}", verify_claims = [{ path = ["perms", "role"], value = "admin" }] }] }
    }]
  }]
}
`;

const OKTA = 'jwt = { providers = [{ name = "okta", verify_claims = [{ path = ["aud"], value = "api" }] }] }';

async function consul(cluster: TestCluster, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const init: RequestInit = { method, signal: AbortSignal.timeout(10_000), ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
  const response = await fetch(`${cluster.address}${path}`, init);
  const text = await response.text();
  return { status: response.status, json: text.startsWith('{') || text.startsWith('[') || text === 'true' ? JSON.parse(text) as unknown : text };
}

describeEachCliOnBackends('terraform end to end: intentions with JWT requirements', (cli, backend) => {
  let env: TestClusters;
  let dc1: TestCluster;
  let workspace: Workspace;

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1']);
    dc1 = env.clusters[0] as TestCluster;
    for (const body of [
      { Kind: 'service-defaults', Name: 'api', Protocol: 'http' },
      { Kind: 'jwt-provider', Name: 'okta', JSONWebKeySet: { Remote: { URI: 'https://okta.example.com/keys' } } },
      { Kind: 'jwt-provider', Name: 'local', JSONWebKeySet: { Local: { Filename: '/etc/jwks.json' } } },
    ]) expect(await consul(dc1, 'PUT', '/v1/config', body)).toEqual({ status: 200, json: true });
    workspace = createWorkspace({ addr: dc1.address }, cli);
    workspace.write('main.tf', intentions('jwt = { providers = [{ name = "" }] }'));
    await workspace.ok(['init', '-input=false', '-no-color']);
  });
  afterAll(async () => {
    workspace?.remove();
    await env?.stop();
  });

  it('validate and plan name the path of a provider without a name', async () => {
    for (const args of [['validate', '-no-color'], ['plan', '-input=false', '-no-color']]) {
      const run = await workspace.terraform(args);
      expect(run.code).toBe(1);
      expect(run.output).toContain('Error: Invalid value for jwt.providers[0].name');
    }
    expect((await consul(dc1, 'GET', '/v1/config/service-intentions/api')).status).toBe(404);
  });

  it('applies JWT on the entry and on a permission; the next plan is empty; dropping the entry requirement clears it', async () => {
    workspace.write('main.tf', intentions(OKTA));
    await workspace.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    const entry = (await consul(dc1, 'GET', '/v1/config/service-intentions/api')).json as Record<string, unknown> & { Sources: { Permissions: { JWT: unknown }[] }[] };
    expect(entry['JWT']).toEqual({ Providers: [{ Name: 'okta', VerifyClaims: [{ Path: ['aud'], Value: 'api' }] }] });
    expect(entry.Sources[0]?.Permissions[0]?.JWT).toEqual({ Providers: [{ Name: 'local', VerifyClaims: [{ Path: ['perms', 'role'], Value: 'admin' }] }] });
    expect(stateAttributes(await workspace.state(), 'consulpeering_service_intentions.api')['jwt'])
      .toEqual({ providers: [{ name: 'okta', verify_claims: [{ path: ['aud'], value: 'api' }] }] });
    expect((await workspace.terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color'])).code).toBe(0);

    workspace.write('main.tf', intentions(''));
    const plan = await workspace.terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color']);
    expect(plan.code).toBe(2);
    expect(plan.output).toContain('jwt');
    await workspace.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(((await consul(dc1, 'GET', '/v1/config/service-intentions/api')).json as Record<string, unknown>)['JWT']).toBeUndefined();
    expect((await workspace.terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color'])).code).toBe(0);
  });

  it("a provider Consul does not know fails the apply with Consul's message; destroy removes the entry", async () => {
    workspace.write('main.tf', intentions(OKTA, 'missing'));
    const apply = await workspace.terraform(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(apply.code).toBe(1);
    expect(apply.output).toContain('Referenced JWT Provider does not exist. Provider Name: missing');
    workspace.write('main.tf', intentions(OKTA));
    await workspace.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect((await workspace.terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color'])).code).toBe(0);
    await workspace.ok(['destroy', '-auto-approve', '-input=false', '-no-color']);
    expect((await consul(dc1, 'GET', '/v1/config/service-intentions/api')).status).toBe(404);
  });
});
