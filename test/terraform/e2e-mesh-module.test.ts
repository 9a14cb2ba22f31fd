import * as fs from 'node:fs';
import * as path from 'node:path';
import { startClusters, describeEachBackend, type TestCluster, type TestClusters } from '../support/backends';
import { consul, leftovers, readPeering } from './support/scenario';
import { createWorkspace, type TerraformRun, type Workspace } from './support/terraform';

// Issue 22, point 4: the HCL module modules/cluster-mesh, through its example (examples/terraform-mesh: 5 clusters,
// every provider slot used), with the real terraform CLI on each backend. Its structure checks at validate time; a
// plan of 10 tokens, 10 peerings, the exports and intentions on the right slots; ONE apply to ACTIVE on all 10 pairs
// (both sides); an empty plan after it; destroy leaving nothing on any cluster.
jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..', '..');
const MODULE_DIR = path.join(ROOT, 'modules', 'cluster-mesh');
const EXAMPLE_TF = path.join(ROOT, 'examples', 'terraform-mesh', 'main.tf');
const EXAMPLE_SOURCE = '"../../modules/cluster-mesh"';
const PASSPHRASE = 'e2e passphrase for the mesh module';
const NAMES = ['dc1', 'dc2', 'dc3', 'dc4', 'dc5'];
/** Every pair once, the earlier cluster (the acceptor) first. */
const PAIRS = NAMES.flatMap((acceptor, at) => NAMES.slice(at + 1).map((dialer) => [acceptor, dialer] as const));

/** The example's main.tf with its module source pointing from `dir` at modules/cluster-mesh. */
function exampleIn(dir: string): string {
  const text = fs.readFileSync(EXAMPLE_TF, 'utf8');
  if (!text.includes(EXAMPLE_SOURCE)) throw new Error(`${EXAMPLE_TF} no longer uses source = ${EXAMPLE_SOURCE}`);
  return text.replace(EXAMPLE_SOURCE, JSON.stringify(path.relative(dir, MODULE_DIR)));
}

/** An HCL object literal of one string per cluster (null values left out). */
const perCluster = (clusters: readonly TestCluster[], value: (cluster: TestCluster) => string | null): string => `{ ${clusters
  .filter((cluster) => value(cluster) !== null).map((cluster) => `${cluster.datacenter} = ${JSON.stringify(value(cluster))}`).join(', ')} }`;

describeEachBackend('terraform end to end: the cluster-mesh module (5 clusters)', (backend) => {
  let env: TestClusters;
  let clusters: TestCluster[];
  let workspace: Workspace;
  const workspaces: Workspace[] = [];
  const cluster = (name: string): TestCluster => clusters.find((each) => each.datacenter === name) as TestCluster;

  const terraform = (args: string[]): Promise<TerraformRun> => workspace.terraform([...args, '-no-color', '-input=false'], { timeoutMs: 120_000 });
  const ok = async (args: string[]): Promise<TerraformRun> => {
    const run = await terraform(args);
    if (run.code !== 0) throw new Error(`terraform ${args.join(' ')} exited ${String(run.code)}:\n${run.output}`);
    return run;
  };
  const moduleWorkspace = async (edit: (text: string) => string = (text) => text): Promise<Workspace> => {
    const created = createWorkspace({
      addresses: perCluster(clusters, (each) => each.address), tokens: perCluster(clusters, (each) => each.token), token_passphrase: PASSPHRASE,
    });
    workspaces.push(created);
    created.write('main.tf', edit(exampleIn(created.dir)));
    await created.ok(['init', '-input=false', '-no-color'], { timeoutMs: 60_000 });
    return created;
  };

  beforeAll(async () => {
    env = await startClusters(backend, NAMES, { acl: true });
    clusters = env.clusters.slice();
    workspace = await moduleWorkspace();
  });
  afterAll(async () => {
    workspaces.forEach((created) => created.remove());
    await env?.stop();
  });

  it('validate accepts the example and rejects a mesh of 1, a duplicate name, an export to itself, a caller it does not reach', async () => {
    expect((await workspace.terraform(['validate', '-no-color'])).code).toBe(0);
    const bad = await moduleWorkspace((text) => text
      .replace('{ name = "dc2" }', '{ name = "dc1" }')
      .replace('to = ["dc2"]', 'to = ["dc3"]'));
    const run = await bad.terraform(['validate', '-no-color']);
    const text = run.output.replace(/\s+/g, ' ');
    expect(run.code).toBe(1);
    expect(text).toContain('clusters[*].name must be unique, got ["dc1","dc1","dc3","dc4","dc5"].');
    expect(text).toContain('clusters[*].exports[*].to must name other clusters of the mesh (a cluster does not export to itself).');
    expect(text).toContain('clusters[*].exports[*].allow_from[*].cluster must name another cluster of the mesh that the service is exported to.');
    bad.write('main.tf', exampleIn(bad.dir).replace(/clusters = \[[\s\S]*?\n {2}\]/, 'clusters = [{ name = "dc1" }]'));
    const one = await bad.terraform(['validate', '-no-color']);
    expect([one.code, one.output.replace(/\s+/g, ' ')]).toEqual([1, expect.stringContaining('clusters must hold 2 to 5 clusters')]);
  });

  it('plan: 10 tokens on the earlier cluster of each pair, 10 peerings on the later, 2 exports, 2 intentions; nothing written', async () => {
    const plan = await ok(['plan']);
    const created = [...plan.output.matchAll(/# module\.mesh\.(\S+) will be created/g)].map((match) => match[1]).sort();
    const slot = (name: string): string => `c${NAMES.indexOf(name) + 1}`;
    expect(created).toEqual([
      'consulpeering_exported_services.c1[0]', 'consulpeering_exported_services.c3[0]',
      ...PAIRS.map(([acceptor, dialer]) => `consulpeering_peering.${slot(dialer)}["${acceptor}.${dialer}"]`),
      ...PAIRS.map(([acceptor, dialer]) => `consulpeering_peering_token.${slot(acceptor)}["${acceptor}.${dialer}"]`),
      'consulpeering_service_intentions.c1["web"]', 'consulpeering_service_intentions.c3["db"]',
    ].sort());
    expect(plan.output).toContain('Plan: 24 to add, 0 to change, 0 to destroy.');
    expect(plan.output).not.toContain('will be stored in plain text');
    expect(await Promise.all(clusters.map(leftovers))).toEqual(NAMES.map(() => []));
  });

  it('one apply: all 10 pairs ACTIVE on both sides, the exports to their consumers, the intentions from their callers', async () => {
    const apply = await ok(['apply', '-auto-approve']);
    expect(apply.output).toContain('Apply complete! Resources: 24 added, 0 changed, 0 destroyed.');
    for (const [acceptor, dialer] of PAIRS) {
      const states = [(await readPeering(cluster(acceptor), dialer))?.State, (await readPeering(cluster(dialer), acceptor))?.State];
      expect([acceptor, dialer, states]).toEqual([acceptor, dialer, ['ACTIVE', 'ACTIVE']]);
    }
    const outputs = JSON.parse((await workspace.ok(['output', '-json'])).stdout) as Record<string, { value: unknown }>;
    expect(outputs['states']?.value).toEqual(Object.fromEntries(PAIRS.map(([acceptor, dialer]) => [`${acceptor}.${dialer}`, 'ACTIVE'])));
    const exported = async (name: string): Promise<unknown> => ((await consul(cluster(name), 'GET', '/v1/config/exported-services/default')).body as { Services?: unknown }).Services;
    const sources = async (name: string, service: string): Promise<unknown> => ((await consul(cluster(name), 'GET', `/v1/config/service-intentions/${service}`)).body as
      { Sources?: Record<string, unknown>[] }).Sources?.map(({ Name, Peer, Action }) => ({ Name, Peer, Action }));
    expect(await exported('dc1')).toEqual([{ Name: 'web', Consumers: [{ Peer: 'dc2' }, { Peer: 'dc3' }, { Peer: 'dc4' }, { Peer: 'dc5' }] }]);
    expect(await exported('dc3')).toEqual([{ Name: 'db', Consumers: [{ Peer: 'dc2' }] }]);
    expect(await sources('dc1', 'web')).toEqual([{ Name: 'frontend', Peer: 'dc2', Action: 'allow' }]);
    expect(await sources('dc3', 'db')).toEqual([{ Name: 'api', Peer: 'dc2', Action: 'allow' }]);
  });

  it('a second plan -detailed-exitcode exits 0: no changes', async () => {
    const plan = await terraform(['plan', '-detailed-exitcode']);
    expect([plan.code, plan.output]).toEqual([0, expect.stringContaining('No changes.')]);
  });

  it('destroy leaves no peering, exported services or intentions on any of the 5 clusters', async () => {
    const destroy = await ok(['destroy', '-auto-approve']);
    expect(destroy.output).toContain('Destroy complete! Resources: 24 destroyed.');
    expect(await Promise.all(clusters.map(leftovers))).toEqual(NAMES.map(() => []));
  });
});
