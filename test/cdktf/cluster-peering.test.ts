import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { ClusterPeering, provider } from '../../src/cdktf';
import { isSealedToken } from '../../src/core';
import { createAclToken } from '../harness/consul-servers';
import { describeEachBackend, startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { consul, leftovers, readPeering } from '../terraform/support/scenario';
import { createWorkspace, type Workspace } from '../terraform/support/terraform';

// Issue 21, point 4: the ClusterPeering construct of `consul-peering/cdktf`, synthesized by the cdktf library in this
// process, then applied by the real terraform CLI on each backend: token → peering → exports → intentions (the
// core's plan), ACTIVE on both sides, an empty plan after it, destroy leaving nothing; a scoped ACL token is told at
// plan time what it lacks.
jest.setTimeout(180_000);

const PASSPHRASE = 'cdktf construct passphrase';

/** Synthesizes one stack with two aliased providers and a ClusterPeering (dc1 accepts and exports web); returns its cdk.tf.json. */
function synthesize(outdir: string, dc1Address: string, dc2Address: string): Record<string, Record<string, Record<string, Record<string, unknown>>>> {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'cluster');
  const variable = (name: string): string => new TerraformVariable(stack, name, { type: 'string', sensitive: true, default: '' }).stringValue;
  const passphrase = variable('passphrase');
  const dc1 = new provider.ConsulpeeringProvider(stack, 'dc1', { alias: 'dc1', address: dc1Address, token: variable('dc1_token'), peeringTokenPassphrase: passphrase });
  const dc2 = new provider.ConsulpeeringProvider(stack, 'dc2', { alias: 'dc2', address: dc2Address, token: variable('dc2_token'), peeringTokenPassphrase: passphrase });
  const peering = new ClusterPeering(stack, 'peering', {
    acceptor: { provider: dc1, name: 'dc1', exports: [{ service: 'web', allowFrom: ['frontend'] }] },
    dialer: { provider: dc2, name: 'dc2' },
  });
  new TerraformOutput(stack, 'state', { value: peering.state });
  app.synth();
  return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'cluster', 'cdk.tf.json'), 'utf8')) as never;
}

describe('ClusterPeering (cdktf): what it synthesizes', () => {
  it('the core plan in order, each resource on its side\'s provider, the token handed over by reference', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-peering-cdktf-construct-'));
    try {
      const resources = synthesize(out, 'http://127.0.0.1:1', 'http://127.0.0.1:2')['resource'] ?? {};
      const one = (type: string): Record<string, unknown> => Object.values(resources[type] ?? {})[0] ?? {};
      const address = (type: string): string => `${type}.${Object.keys(resources[type] ?? {})[0] ?? ''}`;
      expect(Object.keys(resources).sort()).toEqual(['consulpeering_exported_services', 'consulpeering_peering', 'consulpeering_peering_token', 'consulpeering_service_intentions']);
      expect(one('consulpeering_peering_token')).toMatchObject({ peer_name: 'dc2', provider: 'consulpeering.dc1' });
      expect(one('consulpeering_peering')).toMatchObject({
        peer_name: 'dc1', provider: 'consulpeering.dc2', depends_on: [address('consulpeering_peering_token')],
        peering_token: `\${${address('consulpeering_peering_token')}.peering_token}`,
      });
      expect(one('consulpeering_exported_services')).toMatchObject({
        provider: 'consulpeering.dc1', depends_on: [address('consulpeering_peering')], services: [{ name: 'web', consumers: [{ peer: 'dc2' }] }],
      });
      expect(one('consulpeering_service_intentions')).toMatchObject({
        provider: 'consulpeering.dc1', depends_on: [address('consulpeering_exported_services')], name: 'web',
        sources: [{ name: 'frontend', peer: 'dc2', action: 'allow' }],
      });
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

describeEachBackend('ClusterPeering (cdktf) applied by terraform', (backend) => {
  let env: TestClusters;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let workspace: Workspace;
  const run = (args: string[], vars: Record<string, string> = {}) => workspace.terraform([...args, '-no-color', '-input=false'], {
    env: Object.fromEntries(Object.entries(vars).map(([name, value]) => [`TF_VAR_${name}`, value])),
  });

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2'], { acl: true });
    [dc1, dc2] = [env.clusters[0] as TestCluster, env.clusters[1] as TestCluster];
    workspace = createWorkspace({ dc1_token: dc1.token, dc2_token: dc2.token, passphrase: PASSPHRASE });
    workspace.write('cdk.tf.json', JSON.stringify(synthesize(path.join(workspace.dir, '..', 'synth'), dc1.address, dc2.address)));
    await workspace.ok(['init', '-no-color', '-input=false'], { timeoutMs: 60_000 });
  });
  afterAll(async () => {
    workspace?.remove();
    await env?.stop();
  });

  it('a dc1 token without intention:write is told so at plan time, nothing written', async () => {
    const scoped = await createAclToken(dc1, 'peering = "write"\nmesh = "write"');
    const plan = await run(['plan'], { dc1_token: scoped.secretId });
    expect(plan.code).toBe(1);
    expect(plan.output).toContain('Missing ACL permission intention:write');
    expect([...await leftovers(dc1), ...await leftovers(dc2)]).toEqual([]);
  });

  it('apply: ACTIVE on both sides, web exported to dc2 and frontend@dc2 allowed; the token sealed in state; then no changes; destroy leaves nothing', async () => {
    const apply = await run(['apply', '-auto-approve']);
    expect([apply.code, apply.output]).toEqual([0, expect.stringContaining('Apply complete! Resources: 4 added')]);
    expect([(await readPeering(dc1, 'dc2'))?.State, (await readPeering(dc2, 'dc1'))?.State]).toEqual(['ACTIVE', 'ACTIVE']);
    const exported = (await consul(dc1, 'GET', '/v1/config/exported-services/default')).body as { Services?: { Name: string; Consumers: { Peer: string }[] }[] };
    expect(exported.Services?.map((service) => `${service.Name}->${service.Consumers.map((consumer) => consumer.Peer).join(',')}`)).toEqual(['web->dc2']);
    const intentions = (await consul(dc1, 'GET', '/v1/config/service-intentions/web')).body as { Sources?: { Name: string; Peer: string; Action: string }[] };
    expect(intentions.Sources?.map((source) => `${source.Name}@${source.Peer}:${source.Action}`)).toEqual(['frontend@dc2:allow']);
    const state = await workspace.state();
    const attributes = (type: string): Record<string, unknown> => state.resources.find((resource) => resource.type === type)?.instances[0]?.attributes ?? {};
    expect(isSealedToken(String(attributes('consulpeering_peering_token')['peering_token']))).toBe(true);
    expect(attributes('consulpeering_peering')['peering_token']).toBeNull();
    const plan = await run(['plan', '-detailed-exitcode']);
    expect([plan.code, plan.output]).toEqual([0, expect.stringContaining('No changes.')]);
    expect((await run(['destroy', '-auto-approve'])).code).toBe(0);
    expect([...await leftovers(dc1), ...await leftovers(dc2)]).toEqual([]);
  });
});
