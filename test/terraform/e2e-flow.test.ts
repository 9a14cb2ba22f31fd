import { isSealedToken, openToken, tokenFacts } from '../../src/core';
import { providerSchemaJson } from '../../src/terraform/schema-json';
import { describeEachBackend, startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { consul, DATA_SOURCES_TF, eventually, exampleWorkspace, leftovers, readPeering } from './support/scenario';
import { stateAttributes, type TerraformRun, type Workspace } from './support/terraform';
import { describeEachCli } from './support/cli';

// The HCL example of DESIGN.md (examples/terraform) applied with the real terraform CLI, on each backend:
// apply, the empty plan after it, drift on either side, token rotation, destroy. ACLs are on: the provider
// blocks carry management tokens, which (like the peering token) must appear in no output and no log line.
jest.setTimeout(240_000);

const PASSPHRASE = 'e2e passphrase for sealing tokens';

/** The state file as text, and the peering token it holds opened: what must never appear in it or in any output. */
async function tokenInState(workspace: Workspace): Promise<{ text: string; sealed: string; raw: string; secret: string }> {
  const text = workspace.read('terraform.tfstate');
  const sealed = String(stateAttributes(JSON.parse(text) as never, 'consulpeering_peering_token.dc2')['peering_token']);
  const raw = await openToken(sealed, PASSPHRASE, 'test');
  const secret = String((JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as { EstablishmentSecret: unknown }).EstablishmentSecret);
  return { text, sealed, raw, secret };
}

describeEachCli('terraform end to end: the two-cluster example', (cli) => describeEachBackend(`${cli.name}`, (backend) => {
  let env: TestClusters;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let workspace: Workspace;
  const runs: TerraformRun[] = [];
  const secrets: string[] = [];

  const terraform = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<TerraformRun> => {
    const interactive = ['apply', 'plan', 'destroy', 'import'].includes(args[0] ?? '');
    const run = await workspace.terraform([...args, '-no-color', ...(interactive ? ['-input=false'] : [])], { env: extraEnv });
    runs.push(run);
    return run;
  };
  const ok = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<TerraformRun> => {
    const run = await terraform(args, extraEnv);
    if (run.code !== 0) throw new Error(`terraform ${args.join(' ')} exited ${String(run.code)}:\n${run.output}`);
    return run;
  };
  const planExitCode = async (): Promise<{ code: number | null; output: string }> => terraform(['plan', '-detailed-exitcode']);
  const expectNoChanges = async (): Promise<void> => {
    const plan = await planExitCode();
    expect([plan.code, plan.output]).toEqual([0, expect.stringContaining('No changes.')]);
  };
  const bothActive = async (): Promise<{ acceptor: string; dialer: string }> => {
    const [acceptor, dialer] = [await readPeering(dc1, 'dc2'), await readPeering(dc2, 'dc1')];
    expect([acceptor?.State, dialer?.State]).toEqual(['ACTIVE', 'ACTIVE']);
    return { acceptor: acceptor?.ID ?? '', dialer: dialer?.ID ?? '' };
  };

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2'], { acl: true });
    [dc1, dc2] = [env.clusters[0] as TestCluster, env.clusters[1] as TestCluster];
    secrets.push(...[dc1.token, dc2.token].filter((token): token is string => token !== null));
    workspace = await exampleWorkspace(dc1, dc2, { token_passphrase: PASSPHRASE }, cli);
    workspace.write('data_sources.tf', DATA_SOURCES_TF);
  });
  afterAll(async () => {
    workspace?.remove();
    await env?.stop();
  });

  it('validates (variables unknown in the validate walk), then apply peers the clusters: ACTIVE, exported, allowed', async () => {
    expect((await ok(['validate'])).output).toContain('The configuration is valid');
    const apply = await ok(['apply', '-auto-approve']);
    expect(apply.output).toMatch(/peering_state = "ACTIVE"/);
    expect(apply.output).toContain('Apply complete! Resources: 4 added, 0 changed, 0 destroyed.');
    await bothActive();
    const exported = (await consul(dc1, 'GET', '/v1/config/exported-services/default')).body as { Services: unknown };
    expect(exported.Services).toEqual([{ Name: 'web', Consumers: [{ Peer: 'dc2' }] }]);
    const intentions = (await consul(dc1, 'GET', '/v1/config/service-intentions/web')).body as { Sources: Record<string, unknown>[] };
    expect(intentions.Sources.map(({ Name, Peer, Action }) => ({ Name, Peer, Action }))).toEqual([{ Name: 'frontend', Peer: 'dc2', Action: 'allow' }]);
    const outputs = JSON.parse((await ok(['output', '-json'])).stdout) as Record<string, { value: unknown }>;
    expect(outputs['acceptor_view_remote_datacenter']?.value).toBe('dc2');
    expect(outputs['dialer_peer_names']?.value).toEqual(['dc1']);
    const state = await workspace.state();
    // The state holds the token only sealed (acceptor) or not at all (dialer: write-only, a fingerprint instead).
    const { text, sealed, raw, secret } = await tokenInState(workspace);
    secrets.push(raw, secret);
    expect(isSealedToken(sealed)).toBe(true);
    expect([text.includes(raw), text.includes(secret)]).toEqual([false, false]);
    expect(stateAttributes(state, 'consulpeering_peering.dc1')['peering_token']).toBeNull();
    expect(stateAttributes(state, 'consulpeering_peering.dc1')['token_fingerprint']).toBe(tokenFacts(raw)?.fingerprint);
    expect(apply.output).not.toContain('will be stored in plain text');
    expect(stateAttributes(state, 'consulpeering_service_intentions.web')['sources']).toEqual([
      expect.objectContaining({ name: 'frontend', peer: 'dc2', action: 'allow', precedence: expect.any(Number) }),
    ]);
    // The plan inside the apply showed the token hidden: sensitive on the acceptor, write-only on the dialer.
    expect(apply.output.match(/peering_token\s+= \(sensitive value\)/g)?.length).toBe(1);
    expect(apply.output.match(/peering_token\s+= \(write-only attribute\)/g)?.length).toBe(1);
  });

  it('an immediate plan -detailed-exitcode reports no changes; provider logs (TF_LOG=TRACE) carry requests but no secret', async () => {
    const plan = await terraform(['plan', '-detailed-exitcode'], { TF_LOG: 'TRACE' });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes.');
    const providerLines = plan.stderr.split('\n').filter((line) => line.includes('consulpeering: '));
    expect(providerLines.some((line) => /\[DEBUG\] consulpeering: consul GET \/v1\/peering\/dc1 → 200/.test(line))).toBe(true);
    expect(providerLines.some((line) => /\[TRACE\] provider\.terraform-provider-consulpeering_v[\d.]+: \[TRACE\] consulpeering: ReadResource/.test(line))).toBe(true);
    for (const secret of secrets) expect(providerLines.join('\n')).not.toContain(secret);
    expect((await ok(['show'])).output).toMatch(/peering_token\s+= \(sensitive value\)/);
  });

  it('drift on the dialing side (peering deleted in dc2): plan proposes re-creating it, one apply restores ACTIVE', async () => {
    expect((await consul(dc2, 'DELETE', '/v1/peering/dc1')).status).toBe(200);
    await eventually('the dialer side is gone', async () => (await readPeering(dc2, 'dc1')) === undefined);
    // Real Consul tells the acceptor 0.6–5 s later (docs/consul-facts.md); until then its token looks usable and
    // nothing can know it was consumed. Plan once the deletion has reached dc1, as a user's next run would.
    await eventually('the acceptor has seen the deletion', async () => (await readPeering(dc1, 'dc2'))?.State === 'TERMINATED');
    // The acceptor keeps a TERMINATED record: its token is replaced (the record deleted, a new token generated).
    const plan = await planExitCode();
    expect(plan.code).toBe(2);
    expect(plan.output).toContain('consulpeering_peering.dc1 will be created');
    expect(plan.output).toContain('consulpeering_peering_token.dc2 must be replaced');
    // Terraform: `state = "TERMINATED" -> (known after apply) # forces replacement`; OpenTofu marks both sides.
    expect(plan.output).toMatch(/state\s+= "TERMINATED"( # forces replacement)? -> \(known after apply\) # forces replacement/);
    expect(plan.output).toContain('Plan: 2 to add, 0 to change, 1 to destroy.');
    await ok(['apply', '-auto-approve']);
    await bothActive();
    await expectNoChanges();
  });

  it('drift on the accepting side (peering deleted in dc1): plan proposes a new token, one apply restores ACTIVE', async () => {
    expect((await consul(dc1, 'DELETE', '/v1/peering/dc2')).status).toBe(200);
    await eventually('the acceptor side is gone', async () => (await readPeering(dc1, 'dc2')) === undefined);
    await eventually('the dialer has seen it', async () => (await readPeering(dc2, 'dc1'))?.State === 'TERMINATED');
    // The dialer keeps a TERMINATED record: it is replaced (deleted, then established with the new token).
    const plan = await planExitCode();
    expect(plan.code).toBe(2);
    expect(plan.output).toContain('consulpeering_peering_token.dc2 will be created');
    expect(plan.output).toContain('consulpeering_peering.dc1 must be replaced');
    expect(plan.output).toContain('Plan: 2 to add, 0 to change, 1 to destroy.');
    await ok(['apply', '-auto-approve']);
    await bothActive();
    const healed = await tokenInState(workspace);
    expect([healed.text.includes(healed.raw), healed.text.includes(healed.secret)]).toEqual([false, false]);
    secrets.push(healed.raw, healed.secret);
    await expectNoChanges();
  });

  it('rotation: setting server_external_addresses regenerates the token in place; the dialer re-establishes the same peering', async () => {
    const before = await bothActive();
    const tokenBefore = stateAttributes(await workspace.state(), 'consulpeering_peering_token.dc2')['peering_token'];
    const address = (await readPeering(dc2, 'dc1'))?.PeerServerAddresses?.[0];
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    const main = workspace.read('main.tf');
    workspace.write('main.tf', main.replace('  peer_name = "dc2"\n', `  peer_name = "dc2"\n  server_external_addresses = ["${String(address)}"]\n`));
    const plan = await planExitCode();
    expect(plan.code).toBe(2);
    expect(plan.output).toContain('Plan: 0 to add, 2 to change, 0 to destroy.');
    expect(plan.output).toContain('consulpeering_peering_token.dc2 will be updated in-place');
    expect(plan.output).toContain('consulpeering_peering.dc1 will be updated in-place');
    const apply = await ok(['apply', '-auto-approve']);
    expect(apply.output).toContain('Apply complete! Resources: 0 added, 2 changed, 0 destroyed.');
    expect(await bothActive()).toEqual(before);
    const after = await tokenInState(workspace);
    expect(after.sealed).not.toBe(tokenBefore);
    expect([after.text.includes(after.raw), after.text.includes(after.secret)]).toEqual([false, false]);
    expect(stateAttributes(await workspace.state(), 'consulpeering_peering.dc1')['token_fingerprint']).toBe(tokenFacts(after.raw)?.fingerprint);
    secrets.push(after.raw, after.secret);
    await expectNoChanges();
  });

  it('`terraform providers schema -json` shows exactly the schema `consul-peering-terraform schema` prints', async () => {
    const sorted = (value: unknown): unknown => (Array.isArray(value) ? value.map(sorted) : typeof value === 'object' && value !== null
      ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])])) : value);
    const fromTerraform = JSON.parse((await ok(['providers', 'schema', '-json'])).stdout) as unknown;
    const ours = providerSchemaJson() as Record<string, unknown>;
    expect(sorted(fromTerraform)).toEqual(sorted({ format_version: ours['format_version'], provider_schemas: ours['provider_schemas'] }));
  });

  it('destroy leaves both clusters without peerings or entries; no output ever showed a secret', async () => {
    const destroy = await ok(['destroy', '-auto-approve']);
    expect(destroy.output).toContain('Destroy complete! Resources: 4 destroyed.');
    expect(await leftovers(dc1)).toEqual([]);
    expect(await leftovers(dc2)).toEqual([]);
    for (const run of runs) for (const secret of secrets) expect(run.stdout).not.toContain(secret);
  });
}));
