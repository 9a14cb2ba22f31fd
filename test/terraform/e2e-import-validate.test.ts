import { tokenFacts } from '../../src/core';
import { describeEachBackend, startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { startRecordingProxy, type RecordingProxy } from './support/recording-proxy';
import { exampleVars, exampleWorkspace, IMPORT_TF, INVALID_TF, leftovers, readPeering } from './support/scenario';
import { createWorkspace, stateAttributes, type Workspace } from './support/terraform';
import { describeEachCli } from './support/cli';

// Invalid values fail at validate and plan with attribute paths before any write (a recording proxy sits in
// front of each cluster); `terraform import` of each type into a second configuration, then plans.
jest.setTimeout(240_000);

describeEachCli('terraform end to end: invalid values and import', (cli) => describeEachBackend(`${cli.name}`, (backend) => {
  let env: TestClusters;
  let dc1: TestCluster;
  let dc2: TestCluster;
  const workspaces: Workspace[] = [];
  const proxies: RecordingProxy[] = [];

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2'], { acl: true });
    [dc1, dc2] = [env.clusters[0] as TestCluster, env.clusters[1] as TestCluster];
  });
  afterAll(async () => {
    workspaces.forEach((workspace) => workspace.remove());
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await env?.stop();
  });

  it('bad peer name, two consumer kinds, action "maybe", port 99999: validate and plan fail on each attribute path, with no write', async () => {
    const [proxy1, proxy2] = [await startRecordingProxy(dc1.address), await startRecordingProxy(dc2.address)];
    proxies.push(proxy1, proxy2);
    const workspace = createWorkspace({ ...exampleVars(dc1, dc2), dc1_addr: proxy1.address, dc2_addr: proxy2.address }, cli);
    workspaces.push(workspace);
    workspace.write('main.tf', INVALID_TF);
    await workspace.ok(['init', '-input=false', '-no-color']);
    const validate = await workspace.terraform(['validate', '-no-color']);
    const plan = await workspace.terraform(['plan', '-input=false', '-no-color']);
    for (const run of [validate, plan]) {
      expect(run.code).toBe(1);
      const errors = run.output.split('\n').filter((line) => line.startsWith('Error: '));
      expect(errors.sort()).toEqual([
        'Error: Invalid value for peer_name',
        'Error: Invalid value for server_external_addresses[0]',
        'Error: Invalid value for services[0].consumers[0]',
        'Error: Invalid value for sources[0].action',
      ]);
      expect(run.output).toContain('peer_name: must be a peer name');
      expect(run.output).toContain('services[0].consumers[0]: must set exactly one of peer, partition or');
      expect(run.output).toContain('sources[0].action: must be "allow" or "deny", got "maybe"');
      expect(run.output).toContain('with consulpeering_exported_services.bad');
    }
    expect([...proxy1.requests, ...proxy2.requests].filter((request) => !request.startsWith('GET '))).toEqual([]);
    expect(await leftovers(dc1)).toEqual([]);
    expect(await leftovers(dc2)).toEqual([]);
  });

  it('import of each resource type into a second configuration, then a plan with no changes', async () => {
    const original = await exampleWorkspace(dc1, dc2, {}, cli);
    workspaces.push(original);
    // Without a passphrase the token is stored as Consul gave it, and both plan and apply say so.
    const applied = await original.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
    expect(applied.output).toContain('Warning: peering_token will be stored in plain text in the Terraform state');
    const token = String(stateAttributes(await original.state(), 'consulpeering_peering_token.dc2')['peering_token']);
    const peeringId = (await readPeering(dc2, 'dc1'))?.ID;

    const workspace = createWorkspace({ ...exampleVars(dc1, dc2), peering_token: token }, cli);
    workspaces.push(workspace);
    workspace.write('main.tf', IMPORT_TF);
    await workspace.ok(['init', '-input=false', '-no-color']);
    const imports: [string, string][] = [
      ['consulpeering_peering_token.dc2', 'dc2'],
      ['consulpeering_peering.dc1', 'dc1'],
      ['consulpeering_exported_services.to_dc2', 'default'],
      ['consulpeering_service_intentions.web', 'web'],
    ];
    for (const [address, id] of imports) {
      const run = await workspace.ok(['import', '-input=false', '-no-color', address, id]);
      expect(run.output).toContain('Import successful!');
      // Consul never returns a generated token: the imported PeeringToken says so; nothing else warns.
      expect(run.output.includes('Warning: peering_token cannot be read from Consul')).toBe(address === 'consulpeering_peering_token.dc2');
    }
    const missing = await workspace.terraform(['import', '-input=false', '-no-color', 'consulpeering_peering.dc1', 'default/nope/extra']);
    expect(missing.code).toBe(1);

    // The dialer's token is write-only and the fingerprint Consul keeps in its meta matches the configured token: no changes.
    const plan = await workspace.terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color']);
    expect([plan.code, plan.output]).toEqual([0, expect.stringContaining('No changes.')]);
    expect(stateAttributes(await workspace.state(), 'consulpeering_peering.dc1')).toMatchObject({ peering_token: null, token_fingerprint: tokenFacts(token)?.fingerprint });
    const peering = await readPeering(dc2, 'dc1');
    expect([peering?.ID, peering?.State]).toEqual([peeringId, 'ACTIVE']);
    expect(stateAttributes(await workspace.state(), 'consulpeering_exported_services.to_dc2')).toMatchObject({
      services: [{ name: 'web', namespace: null, consumers: [{ peer: 'dc2', partition: null, sameness_group: null }] }],
      meta: { 'managed-by': 'consul-peering-example' },
    });

    await original.ok(['destroy', '-auto-approve', '-input=false', '-no-color']);
    expect(await leftovers(dc1)).toEqual([]);
    expect(await leftovers(dc2)).toEqual([]);
  });
}));
