import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createAclToken } from '../harness/consul-servers';
import { describeEachBackend, type TestCluster } from '../support/backends';
import { consulDelete, consulGet, waitFor, type PulumiWorld, type RunResult } from './engine';
import { startRecordingProxy } from '../terraform/support/recording-proxy';
import { outsideDeclarations, peerOutsidePulumi } from './native-outside';
import {
  compileNodeSdk, configureClusters, plainTextLeaks, startNativeSuite, statePeeringSecrets, TS_PROVIDERS, typescriptProject, type NativeSuite,
} from './native-support';

// The native provider plugin (bin/pulumi-resource-consulpeering, issue 18) under the real Pulumi CLI, found on PATH:
// one TypeScript program, written against the SDK that Pulumi's code generator makes from the package schema, peers
// two clusters through two explicit providers. Both backends, ACLs on, file backend. (Pulumi YAML: the example
// examples/pulumi-yaml, in native-examples.e2e.test.ts.)

interface PeeringView { State: string; ID: string }

/** The same objects, made outside Pulumi, adopted with the `import` resource option. */
const IMPORT_PROGRAM = `${TS_PROVIDERS}${outsideDeclarations(true)}`;
interface ExportsView { Services?: { Name: string; Consumers?: { Peer?: string }[] }[] }

const PROGRAM = `${TS_PROVIDERS}const token = new consulpeering.PeeringToken('token', { peerName: config.get('peerName') ?? 'dc2', rotationTrigger: config.get('rotation') }, { provider: dc1 });
const peering = new consulpeering.Peering('peering', { peerName: 'dc1', peeringToken: token.peeringToken }, { provider: dc2 });
const exported = new consulpeering.ExportedServices('exports', {
  services: [{ name: 'api', consumers: [{ peer: 'dc2' }] }],
}, { provider: dc1, dependsOn: [peering] });
new consulpeering.ServiceIntentions('api', {
  name: 'api', sources: [{ name: 'web', peer: 'dc2', action: 'allow' }],
}, { provider: dc1, dependsOn: [exported] });
export const state = peering.state;
export const remoteDatacenter = peering.remoteDatacenter;
// Asked once the peering exists (its state is known only after create): a preview does not call it.
const created = pulumi.all([peering.peerName, peering.state]).apply(([name]) => name);
export const seenByFunction = consulpeering.getPeeringOutput({ peerName: created }, { provider: dc2 }).state;
export const listedOnDc1 = consulpeering.getPeeringsOutput({ partition: token.partition }, { provider: dc1 }).peerings.apply((all) => all.map((p) => p.peerName));
`;

describeEachBackend('native provider plugin under the real Pulumi CLI', (backend) => {
  let suite: NativeSuite | undefined;
  let world: PulumiWorld;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let project: string;

  beforeAll(async () => {
    // The engine, its Node.js language host and the plugin, in one folder first on PATH.
    suite = await startNativeSuite(backend);
    ({ world, dc1, dc2 } = suite);
    project = typescriptProject(world, 'native', PROGRAM);
    // The TypeScript SDK, generated from the package schema by Pulumi's code generator and compiled.
    compileNodeSdk(suite.engine, world, project);
    await world.ok(project, ['stack', 'init', 'dev'], dc1);
    await configureClusters(world, project, dc1, dc2);
  }, 300_000);

  afterAll(() => suite?.stop());

  it('peers both clusters through two explicit providers; a second up changes nothing; no secret in plain text; destroy leaves nothing', async () => {
    const up = await world.ok(project, ['up', '--yes', '--skip-preview'], dc1, { timeoutMs: 240_000 });
    expect(up.stdout).toMatch(/state\s*: "ACTIVE"/);
    expect(up.stdout).toMatch(/seenByFunction\s*: "ACTIVE"/);
    expect(up.stdout).toMatch(/listedOnDc1\s*: \[\s*\[0\]: "dc2"\s*\]/);
    expect((await consulGet<PeeringView>(dc1, '/v1/peering/dc2'))?.State).toBe('ACTIVE');
    expect((await consulGet<PeeringView>(dc2, '/v1/peering/dc1'))?.State).toBe('ACTIVE');
    expect((await consulGet<ExportsView>(dc1, '/v1/config/exported-services/default'))?.Services?.map((service) => service.Name)).toEqual(['api']);
    expect(await consulGet(dc1, '/v1/config/service-intentions/api')).not.toBeNull();

    await world.ok(project, ['up', '--yes', '--expect-no-changes'], dc1, { timeoutMs: 240_000 });

    const secrets = await statePeeringSecrets(world, project, dc1);
    expect(secrets.length).toBeGreaterThan(0);
    expect(plainTextLeaks(world, [...secrets, ...[dc1.token, dc2.token].filter((value): value is string => value !== null)])).toEqual([]);

    await world.ok(project, ['destroy', '--yes'], dc1, { timeoutMs: 240_000 });
    expect(await consulGet(dc1, '/v1/peering/dc2')).toBeNull();
    expect(await consulGet(dc2, '/v1/peering/dc1')).toBeNull();
    expect(await consulGet(dc1, '/v1/config/exported-services/default')).toBeNull();
    expect(await consulGet(dc1, '/v1/config/service-intentions/api')).toBeNull();
  }, 600_000);

  it('drift on either side: refresh reports a peering deleted outside Pulumi, one up --refresh heals it; a rotation is one in-place up', async () => {
    await world.ok(project, ['up', '--yes', '--skip-preview'], dc1, { timeoutMs: 240_000 });
    await consulDelete(dc2, '/v1/peering/dc1');
    await waitFor(() => consulGet(dc2, '/v1/peering/dc1'), (found) => found === null);
    // Real Consul tells the acceptor a moment later (its side becomes TERMINATED): plan once it knows, as a user would.
    await waitFor(() => consulGet<PeeringView>(dc1, '/v1/peering/dc2'), (found) => found === null || found.State === 'TERMINATED');
    const refreshed = await world.ok(project, ['refresh', '--yes'], dc1, { timeoutMs: 240_000 });
    expect(refreshed.stdout).toMatch(/consulpeering:index:Peering\s+peering\s+deleted/);
    await world.ok(project, ['up', '--yes', '--refresh'], dc1, { timeoutMs: 240_000 });
    expect((await consulGet<PeeringView>(dc2, '/v1/peering/dc1'))?.State).toBe('ACTIVE');
    const acceptorId = (await waitFor(() => consulGet<PeeringView>(dc1, '/v1/peering/dc2'), (found) => found?.State === 'ACTIVE'))?.ID;

    await world.ok(project, ['config', 'set', 'rotation', 'r2'], dc1);
    const rotated = await world.ok(project, ['up', '--yes', '--skip-preview'], dc1, { timeoutMs: 240_000 });
    await world.ok(project, ['config', 'rm', 'rotation'], dc1);
    expect(rotated.stdout).toMatch(/consulpeering:index:PeeringToken\s+token\s+updated/);
    expect(rotated.stdout).not.toMatch(/replaced/);
    expect((await consulGet<PeeringView>(dc1, '/v1/peering/dc2'))?.ID).toBe(acceptorId);
    expect((await consulGet<PeeringView>(dc2, '/v1/peering/dc1'))?.State).toBe('ACTIVE');

    // The other side: the acceptor's peering deleted outside Pulumi (the dialer's side then ends as well).
    await consulDelete(dc1, '/v1/peering/dc2');
    await waitFor(() => consulGet(dc1, '/v1/peering/dc2'), (found) => found === null);
    await waitFor(() => consulGet<PeeringView>(dc2, '/v1/peering/dc1'), (found) => found === null || found.State !== 'ACTIVE');
    const refreshedAcceptor = await world.ok(project, ['refresh', '--yes'], dc1, { timeoutMs: 240_000 });
    expect(refreshedAcceptor.stdout).toMatch(/consulpeering:index:PeeringToken\s+token\s+deleted/);
    await world.ok(project, ['up', '--yes', '--refresh'], dc1, { timeoutMs: 240_000 });
    expect((await consulGet<PeeringView>(dc2, '/v1/peering/dc1'))?.State).toBe('ACTIVE');
    expect((await waitFor(() => consulGet<PeeringView>(dc1, '/v1/peering/dc2'), (found) => found?.State === 'ACTIVE'))?.State).toBe('ACTIVE');
    await world.ok(project, ['preview', '--expect-no-changes'], dc1, { timeoutMs: 240_000 });
    await world.ok(project, ['destroy', '--yes'], dc1, { timeoutMs: 240_000 });
  }, 600_000);

  it('imports the four resources made outside Pulumi (import option), then preview shows no changes', async () => {
    const made = await peerOutsidePulumi(dc1, dc2);
    const imports = typescriptProject(world, 'imports', IMPORT_PROGRAM);
    symlinkSync(join(project, 'sdk'), join(imports, 'sdk'));
    await world.ok(imports, ['stack', 'init', 'dev'], dc1);
    await configureClusters(world, imports, dc1, dc2);
    await world.ok(imports, ['config', 'set', '--secret', 'peeringToken', made], dc1, { secretOutput: true });
    const adopted = await world.ok(imports, ['up', '--yes', '--skip-preview'], dc1, { timeoutMs: 240_000 });
    expect(adopted.stdout).toMatch(/4 imported/);
    await world.ok(imports, ['preview', '--expect-no-changes'], dc1, { timeoutMs: 240_000 });
    expect((await consulGet<PeeringView>(dc2, '/v1/peering/dc1'))?.State).toBe('ACTIVE');
    await world.ok(imports, ['destroy', '--yes'], dc1, { timeoutMs: 240_000 });
    expect(await consulGet(dc2, '/v1/peering/dc1')).toBeNull();
    expect(await consulGet(dc1, '/v1/config/exported-services/default')).toBeNull();
  }, 600_000);

  it('bad input fails the preview at check, naming the property, before anything is written', async () => {
    await world.ok(project, ['config', 'set', 'peerName', 'Bad_Name'], dc1);
    const preview = await world.run(project, ['preview'], dc1, { timeoutMs: 180_000 });
    await world.ok(project, ['config', 'rm', 'peerName'], dc1);
    expect(preview.code).not.toBe(0);
    expect(`${preview.stdout}${preview.stderr}`).toMatch(/property peerName value \{Bad_Name\} has a problem: must be a peer name/);
    expect(await consulGet(dc1, '/v1/peering/Bad_Name')).toBeNull();
  }, 300_000);

  it('the permission preflight runs through an explicit provider: a token without peering:write fails the preview after one authorize request, before anything is written', async () => {
    const reader = await createAclToken(dc1, 'peering = "read"\nmesh = "read"', 'consul-peering native preflight');
    const proxy = await startRecordingProxy(dc1.address); // counts what the dc1 provider asks
    let preview: RunResult;
    try {
      await world.ok(project, ['config', 'set', 'dc1Address', proxy.address], dc1);
      await world.ok(project, ['config', 'set', '--secret', 'dc1Token', reader.secretId], dc1, { secretOutput: true });
      preview = await world.run(project, ['preview'], dc1, { timeoutMs: 180_000 });
    } finally {
      await world.ok(project, ['config', 'set', 'dc1Address', dc1.address], dc1);
      await world.ok(project, ['config', 'set', '--secret', 'dc1Token', dc1.token ?? 'no-acl'], dc1, { secretOutput: true });
      await proxy.close();
    }
    expect(preview.code).not.toBe(0);
    expect(proxy.requests.filter((request) => request === 'POST /v1/internal/acl/authorize')).toHaveLength(1);
    expect(proxy.requests.filter((request) => !request.startsWith('GET ') && request !== 'POST /v1/internal/acl/authorize')).toEqual([]);
    expect(`${preview.stdout}${preview.stderr}`).toContain("lacks permission 'peering:write', needed by PeeringToken \"token\"");
    expect(`${preview.stdout}${preview.stderr}`).not.toContain(reader.secretId);
    expect(await consulGet(dc1, '/v1/peering/dc2')).toBeNull();
  }, 300_000);
});
