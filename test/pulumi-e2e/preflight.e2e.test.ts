import { createAclToken } from '../harness/consul-servers';
import { describeEachBackend, startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { startRecordingProxy, type RecordingProxy } from '../terraform/support/recording-proxy';
import { PulumiWorld, pulumiBinDir } from './engine';

// Issue 13 under the real Pulumi CLI, through the native provider's default provider: `pulumi preview` of a peering
// token, exported services and an intention with a token holding only `peering = "write"` fails naming mesh:write
// and intention:write (and the rules to add) after one authorize request (counted by a recording proxy), before
// anything is written; with a sufficient token it passes.
const RUN_MS = 240_000;
const AUTHORIZE = 'POST /v1/internal/acl/authorize';

describeEachBackend('pulumi preview: permission preflight', (backend) => {
  let clusters: TestClusters;
  let world: PulumiWorld;
  let dc1: TestCluster;
  let proxy: RecordingProxy;
  let project: string;

  beforeAll(async () => {
    const binDir = pulumiBinDir();
    clusters = await startClusters(backend, ['dc1'], { acl: true });
    dc1 = clusters.clusters[0] as TestCluster;
    proxy = await startRecordingProxy(dc1.address);
    world = new PulumiWorld(binDir);
    // The acceptor example plus an intention, every resource planned together (no dependsOn).
    project = world.project('acceptor', 'preflight', (source) => `${source
      .replace("import { ExportedServices, PeeringToken } from 'consul-peering/pulumi';", "import { ExportedServices, PeeringToken, ServiceIntentions } from 'consul-peering/pulumi';")
      .replace(', { dependsOn: [token] });', ');')}
new ServiceIntentions('api', { name: 'api', sources: [{ name: 'web', peer: peerName, action: 'allow' }] });
`);
    await world.ok(project, ['stack', 'init', 'dev'], dc1);
    await world.ok(project, ['config', 'set', 'exportedServices', '["api"]'], dc1);
  }, 300_000);

  afterAll(async () => {
    world?.dispose();
    await proxy?.close();
    await clusters?.stop();
  }, 60_000);

  it('a token with only peering = "write": preview fails naming mesh:write and intention:write, after one request', async () => {
    const limited = await createAclToken(dc1, 'peering = "write"');
    proxy.requests.length = 0;
    const preview = await world.run(project, ['preview'], { address: proxy.address, token: limited.secretId }, { timeoutMs: RUN_MS });
    const output = `${preview.stdout}\n${preview.stderr}`.replace(/\s+/g, ' ');
    expect(preview.code).not.toBe(0);
    // The writes of one preview are authorized together, so every missing permission is named at once.
    const reasons = [
      `cluster ${proxy.address}: the ACL token lacks permission 'mesh:write', needed by ExportedServices "exports"; add \`mesh = "write"\``,
      `cluster ${proxy.address}: the ACL token lacks permission 'intention:write' on "api", needed by ServiceIntentions "api"; add \`service "api" { policy = "read" intentions = "write" }\``,
    ];
    expect(reasons.filter((reason) => !output.includes(reason))).toEqual([]);
    expect(output).not.toContain("'peering:write'");
    expect(output).not.toContain(limited.secretId);
    expect(proxy.requests.filter((request) => request === AUTHORIZE)).toEqual([AUTHORIZE]);
    expect(proxy.requests.filter((request) => !request.startsWith('GET ') && request !== AUTHORIZE)).toEqual([]);
  }, RUN_MS);

  it('a sufficient scoped token: preview passes with one authorize request; up and destroy work', async () => {
    const enough = await createAclToken(dc1, 'peering = "write"\nmesh = "write"\nservice "api" { policy = "read" intentions = "write" }');
    const cluster = { address: proxy.address, token: enough.secretId };
    proxy.requests.length = 0;
    const preview = await world.ok(project, ['preview'], cluster, { timeoutMs: RUN_MS });
    expect(preview.stdout).toMatch(/\+ *\d+ to create/);
    expect(proxy.requests.filter((request) => request === AUTHORIZE)).toEqual([AUTHORIZE]);
    await world.ok(project, ['up', '--yes', '--skip-preview'], cluster, { timeoutMs: RUN_MS });
    await world.ok(project, ['destroy', '--yes', '--skip-preview'], cluster, { timeoutMs: RUN_MS });
  }, 3 * RUN_MS);

  it('ACLs off (no token): preview makes no preflight request', async () => {
    const open = await startClusters(backend, ['dc1']);
    const openProxy = await startRecordingProxy((open.clusters[0] as TestCluster).address);
    try {
      await world.ok(project, ['preview'], { address: openProxy.address, token: null }, { timeoutMs: RUN_MS });
      expect(openProxy.requests).toEqual([]);
    } finally {
      await openProxy.close();
      await open.stop();
    }
  }, RUN_MS);
});
