import * as fs from 'node:fs';
import * as path from 'node:path';
import { isSealedToken, openToken, tokenFacts } from '../../src/core';
import { createAclToken } from '../harness/consul-servers';
import { startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { describeEachCliOnBackends } from './support/cli';
import { consul, exampleVars, leftovers, readPeering } from './support/scenario';
import { createWorkspace, type TerraformRun, type Workspace } from './support/terraform';

// Issue 21: the HCL module modules/cluster-peering, through its example (examples/terraform-module), with the real
// terraform CLI on each backend. Its variable validation at validate time; a scoped ACL token told at plan time what
// it lacks; apply in the component's order (token → peering → exports → intentions) to ACTIVE on both sides; the
// token only sealed in state; an empty plan after it; destroy leaving nothing.
jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..');
const MODULE_DIR = path.join(ROOT, 'modules', 'cluster-peering');
const EXAMPLE_TF = path.join(ROOT, 'examples', 'terraform-module', 'main.tf');
const EXAMPLE_SOURCE = '"../../modules/cluster-peering"';
const PASSPHRASE = 'e2e passphrase for the module';

/** The example's main.tf with its module source pointing from `dir` at modules/cluster-peering (a relative path, as Terraform wants). */
function exampleIn(dir: string): string {
  const text = fs.readFileSync(EXAMPLE_TF, 'utf8');
  if (!text.includes(EXAMPLE_SOURCE)) throw new Error(`${EXAMPLE_TF} no longer uses source = ${EXAMPLE_SOURCE}`);
  return text.replace(EXAMPLE_SOURCE, JSON.stringify(path.relative(dir, MODULE_DIR)));
}

/** A resource instance of a pulled state, found by its module, type and name. */
function instanceAttributes(state: unknown, module: string, type: string, name: string): Record<string, unknown> {
  const { resources } = state as { resources: { module?: string; type: string; name: string; instances: { attributes: Record<string, unknown> }[] }[] };
  const attributes = resources.find((entry) => entry.module === module && entry.type === type && entry.name === name)?.instances[0]?.attributes;
  if (attributes === undefined) throw new Error(`${module}.${type}.${name} is not in the state`);
  return attributes;
}

/** Where a module resource's progress line (`ADDRESS: Creating...`) is in a command's output; fails when it is missing. */
function position(output: string, line: string): number {
  const index = output.indexOf(`module.peering.${line}`);
  expect([line, index >= 0]).toEqual([line, true]);
  return index;
}

/** The exported services and the intention sources of one service, read back from a cluster. */
async function entriesOf(cluster: TestCluster, service: string): Promise<{ exported: unknown; sources: unknown }> {
  const exported = ((await consul(cluster, 'GET', '/v1/config/exported-services/default')).body as { Services?: unknown }).Services;
  const intentions = (await consul(cluster, 'GET', `/v1/config/service-intentions/${service}`)).body as { Sources?: Record<string, unknown>[] };
  return { exported, sources: intentions.Sources?.map(({ Name, Peer, Action }) => ({ Name, Peer, Action })) };
}

describeEachCliOnBackends('terraform end to end: the cluster-peering module', (cli, backend) => {
  let env: TestClusters;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let workspace: Workspace;
  const workspaces: Workspace[] = [];
  const runs: TerraformRun[] = [];
  const secrets: string[] = [];

  const terraform = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<TerraformRun> => {
    const interactive = ['apply', 'plan', 'destroy'].includes(args[0] ?? '');
    const run = await workspace.terraform([...args, '-no-color', ...(interactive ? ['-input=false'] : [])], { env: extraEnv, timeoutMs: 60_000 });
    runs.push(run);
    return run;
  };
  const ok = async (args: string[]): Promise<TerraformRun> => {
    const run = await terraform(args);
    if (run.code !== 0) throw new Error(`${cli.name} ${args.join(' ')} exited ${String(run.code)}:\n${run.output}`);
    return run;
  };
  const moduleWorkspace = async (edit: (text: string) => string = (text) => text): Promise<Workspace> => {
    const created = createWorkspace({ ...exampleVars(dc1, dc2), token_passphrase: PASSPHRASE }, cli);
    workspaces.push(created);
    created.write('main.tf', edit(exampleIn(created.dir)));
    await created.ok(['init', '-input=false', '-no-color'], { timeoutMs: 60_000 });
    return created;
  };

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2'], { acl: true });
    [dc1, dc2] = [env.clusters[0] as TestCluster, env.clusters[1] as TestCluster];
    secrets.push(...[dc1.token, dc2.token].filter((token): token is string => token !== null));
    workspace = await moduleWorkspace();
  });
  afterAll(async () => {
    workspaces.forEach((created) => created.remove());
    await env?.stop();
  });

  it('validate rejects bad peer names, duplicate exports and callers, partial wildcards, each with the module\'s message', async () => {
    const exportsOf = (exports: string) => (text: string): string => text.replace('[{ service = "web", allow_from = ["frontend"] }]', exports);
    const bad = await moduleWorkspace((text) => exportsOf('[{ service = "web", allow_from = ["frontend", "frontend"] }, { service = "web" }, { service = "we*", allow_from = ["a*", ""] }]')(text
      .replace('name    = "dc1"', 'name    = "DC_1"')
      .replace('name    = "dc2"', 'name    = "-dc2"')));
    const run = await bad.terraform(['validate', '-no-color']);
    expect(run.code).toBe(1);
    const text = run.output.replace(/\s+/g, ' '); // Terraform wraps diagnostics
    const names = [
      'acceptor.name must be a peer name (a DNS label: 1-63 lower-case letters, digits or \'-\', starting and ending with a letter or digit), got "DC_1".',
      'dialer.name must be a peer name (a DNS label: 1-63 lower-case letters, digits or \'-\', starting and ending with a letter or digit), got "-dc2".',
    ];
    /** The acceptor's other four rules, each with the exports that break it alone. */
    const exportRules: [exports: string, message: string][] = [
      ['[{ service = "web", allow_from = ["frontend"] }, { service = "web" }]', 'acceptor.exports lists a service more than once (list it once, with all its callers in allow_from): ["web"].'],
      ['[{ service = "we*", allow_from = ["frontend"] }]', 'acceptor.exports[*].service must be a service name or "*" (every service), not empty and not partly a wildcard; got ["we*"].'],
      ['[{ service = "web", allow_from = ["a*", ""] }]', 'acceptor.exports[*].allow_from must hold service names of the dialer or "*" (every service), not empty and not partly a wildcard; got ["a*",""].'],
      ['[{ service = "web", allow_from = ["frontend", "frontend"] }]', 'acceptor.exports[*].allow_from names a caller twice, for ["web"].'],
    ];
    // Terraform reports every failing validation rule of a variable; OpenTofu only the first failing one of each
    // variable (in declaration order: the name rules here), so each export rule is also checked alone below.
    const reported = cli.name === 'terraform' ? [...names, ...exportRules.map(([, message]) => message)] : names;
    expect(run.output.match(/Error: Invalid value for variable/g)?.length).toBe(reported.length);
    for (const message of reported) expect(text).toContain(message);
    for (const [exports, message] of exportRules) {
      bad.write('main.tf', exportsOf(exports)(exampleIn(bad.dir)));
      const alone = await bad.terraform(['validate', '-no-color']);
      expect([alone.code, alone.output.match(/Error: Invalid value for variable/g)?.length]).toEqual([1, 1]);
      expect(alone.output.replace(/\s+/g, ' ')).toContain(message);
    }
  });

  it('peer_through_mesh_gateways plans a consulpeering_mesh on each side (the token and the peering wait for them)', async () => {
    const through = await moduleWorkspace((text) => text.replace('module "peering" {', 'module "peering" {\n  peer_through_mesh_gateways = true'));
    const plan = await through.terraform(['plan', '-no-color', '-input=false']);
    expect(plan.code).toBe(0);
    expect(plan.output).toContain('module.peering.consulpeering_mesh.acceptor[0] will be created');
    expect(plan.output).toContain('module.peering.consulpeering_mesh.dialer[0] will be created');
    expect(plan.output).toContain('Plan: 8 to add, 0 to change, 0 to destroy.');
    expect([await leftovers(dc1), await leftovers(dc2)]).toEqual([[], []]);
  });

  it('a dc1 token without intention:write is told at plan time, naming the permission, the service and the rule; nothing is written', async () => {
    const scoped = await createAclToken(dc1, 'peering = "write"\nmesh = "write"');
    secrets.push(scoped.secretId);
    const plan = await terraform(['plan'], { TF_VAR_dc1_token: scoped.secretId });
    expect(plan.code).toBe(1);
    expect(plan.output.split('\n').filter((line) => line.startsWith('Error: '))).toEqual(['Error: Missing ACL permission intention:write']);
    expect(plan.output).toContain('with module.peering.consulpeering_service_intentions.acceptor["web"]');
    expect(plan.output.replace(/\s+/g, ' ')).toContain(`cluster ${dc1.address}: the ACL token lacks permission 'intention:write' on "web", `
      + 'needed by consulpeering_service_intentions; add `service "web" { policy = "read" intentions = "write" }`');
    expect([await leftovers(dc1), await leftovers(dc2)]).toEqual([[], []]);
  });

  it('apply runs token → peering → exports → intentions: ACTIVE on both sides, exports and intentions written on each', async () => {
    const apply = await ok(['apply', '-auto-approve']);
    expect(apply.output).toContain('Apply complete! Resources: 6 added, 0 changed, 0 destroyed.');
    expect(apply.output).toContain('peering_state = "ACTIVE"');
    expect(apply.output).not.toContain('will be stored in plain text');
    const at = (line: string): number => position(apply.output, line);
    expect(at('consulpeering_peering_token.this: Creation complete')).toBeLessThan(at('consulpeering_peering.this: Creating...'));
    for (const side of ['acceptor', 'dialer']) {
      expect(at('consulpeering_peering.this: Creation complete')).toBeLessThan(at(`consulpeering_exported_services.${side}[0]: Creating...`));
    }
    expect(at('consulpeering_exported_services.acceptor[0]: Creation complete')).toBeLessThan(at('consulpeering_service_intentions.acceptor["web"]: Creating...'));
    expect(at('consulpeering_exported_services.dialer[0]: Creation complete')).toBeLessThan(at('consulpeering_service_intentions.dialer["payments"]: Creating...'));

    const [acceptor, dialer] = [await readPeering(dc1, 'dc2'), await readPeering(dc2, 'dc1')];
    expect([acceptor?.State, dialer?.State]).toEqual(['ACTIVE', 'ACTIVE']);
    const outputs = JSON.parse((await ok(['output', '-json'])).stdout) as Record<string, { value: unknown }>;
    expect([outputs['peering_state']?.value, outputs['peering_id']?.value]).toEqual(['ACTIVE', acceptor?.ID]);
    expect(await entriesOf(dc1, 'web')).toEqual({
      exported: [{ Name: 'web', Consumers: [{ Peer: 'dc2' }] }], sources: [{ Name: 'frontend', Peer: 'dc2', Action: 'allow' }],
    });
    expect(await entriesOf(dc2, 'payments')).toEqual({
      exported: [{ Name: 'payments', Consumers: [{ Peer: 'dc1' }] }], sources: [{ Name: 'web', Peer: 'dc1', Action: 'allow' }],
    });
  });

  it('the pulled state holds the token only sealed (acceptor) or not at all (dialer: write-only, a fingerprint instead)', async () => {
    const text = (await ok(['state', 'pull'])).stdout;
    const state = JSON.parse(text) as unknown;
    const sealed = String(instanceAttributes(state, 'module.peering', 'consulpeering_peering_token', 'this')['peering_token']);
    expect(isSealedToken(sealed)).toBe(true);
    const raw = await openToken(sealed, PASSPHRASE, 'test');
    const secret = String((JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as { EstablishmentSecret: unknown }).EstablishmentSecret);
    secrets.push(raw, secret);
    expect([text.includes(raw), text.includes(secret), text.includes('PeeringToken'), text.includes('EstablishmentSecret')]).toEqual([false, false, false, false]);
    const peering = instanceAttributes(state, 'module.peering', 'consulpeering_peering', 'this');
    expect([peering['peering_token'], peering['token_fingerprint']]).toEqual([null, tokenFacts(raw)?.fingerprint]);
  });

  it('a second plan -detailed-exitcode exits 0: no changes', async () => {
    const plan = await terraform(['plan', '-detailed-exitcode']);
    expect([plan.code, plan.output]).toEqual([0, expect.stringContaining('No changes.')]);
  });

  it('destroy runs in the reverse order and leaves both clusters without peerings or entries; no output ever showed a secret', async () => {
    const destroy = await ok(['destroy', '-auto-approve']);
    expect(destroy.output).toContain('Destroy complete! Resources: 6 destroyed.');
    const at = (line: string): number => position(destroy.output, line);
    expect(at('consulpeering_service_intentions.acceptor["web"]: Destruction complete')).toBeLessThan(at('consulpeering_exported_services.acceptor[0]: Destroying...'));
    for (const side of ['acceptor', 'dialer']) {
      expect(at(`consulpeering_exported_services.${side}[0]: Destruction complete`)).toBeLessThan(at('consulpeering_peering.this: Destroying...'));
    }
    expect(at('consulpeering_peering.this: Destruction complete')).toBeLessThan(at('consulpeering_peering_token.this: Destroying...'));
    expect([await leftovers(dc1), await leftovers(dc2)]).toEqual([[], []]);
    for (const run of runs) for (const secret of secrets) expect(run.stdout).not.toContain(secret);
  });
});
