import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeEachBackend, type TestCluster } from '../support/backends';
import { consulGet, tokenSecrets, type PulumiWorld } from './engine';
import {
  compileNodeSdk, configureClusters, runTsc, startNativeSuite, TS_PROVIDERS, typescriptProject,
  type NativeSuite,
} from './native-support';
import { OUTSIDE_OBJECTS, outsideDeclarations, peerOutsidePulumi } from './native-outside';

// Brownfield with the native provider (issue 18): objects made outside Pulumi, read with the SDK's static `get` and
// adopted with `pulumi import`, always through explicit providers, the engine's environment pointing elsewhere.

interface PeeringView { State: string }
interface StateResource { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }

/** Reads what exists through explicit providers only; the program's environment names dc1 without a token. */
const GET_PROGRAM = `${TS_PROVIDERS}
const read = consulpeering.Peering.get('read', 'dc1', undefined, { provider: dc2 });
export const state = read.state;
export const peerName = read.peerName;
const exported = consulpeering.ExportedServices.get('exported', 'default', undefined, { provider: dc1 });
export const exportedTo = exported.services.apply((services) => services.map((service) => \`\${service.name}->\${(service.consumers ?? []).map((consumer) => consumer.peer).join(',')}\`).join(';'));
`;

describeEachBackend('native provider: get and pulumi import of objects made outside Pulumi', (backend) => {
  let suite: NativeSuite | undefined;
  let world: PulumiWorld;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let outsideToken: string;
  /** The first project, holding the compiled SDK the others link to. */
  let getProject: string;

  /** The CLI's environment: dc1's address, no token (a read that fell back to it would find no "dc1" peering, and be refused). */
  const environment = () => ({ address: dc1.address, token: null });

  beforeAll(async () => {
    suite = await startNativeSuite(backend);
    ({ world, dc1, dc2 } = suite);
    outsideToken = await peerOutsidePulumi(dc1, dc2);
    getProject = typescriptProject(world, 'native-get', GET_PROGRAM);
    compileNodeSdk(suite.engine, world, getProject);
    expect((await consulGet<PeeringView>(dc2, '/v1/peering/dc1'))?.State).toBe('ACTIVE');
  }, 300_000);

  afterAll(() => suite?.stop());

  it('Peering.get and ExportedServices.get read through explicit providers, not the environment\'s cluster', async () => {
    await world.ok(getProject, ['stack', 'init', 'dev'], environment());
    await configureClusters(world, getProject, dc1, dc2);
    // The usual call shape, get(name, id, state, options), type-checks against the SDK generated from the schema.
    runTsc('-p', join(getProject, 'tsconfig.json'), '--noEmit');
    const up = await world.ok(getProject, ['up', '--yes'], environment(), { timeoutMs: 240_000 });
    expect(up.stdout).toMatch(/state\s*: "ACTIVE"/);
    expect(up.stdout).toMatch(/peerName\s*: "dc1"/);
    expect(up.stdout).toMatch(/exportedTo\s*: "api->dc2"/);
    await world.ok(getProject, ['preview', '--expect-no-changes'], environment(), { timeoutMs: 240_000 });
    await world.ok(getProject, ['destroy', '--yes'], environment(), { timeoutMs: 240_000 });
    // Read resources are forgotten on destroy, never deleted.
    expect((await consulGet<PeeringView>(dc2, '/v1/peering/dc1'))?.State).toBe('ACTIVE');
    expect(await consulGet(dc1, '/v1/config/exported-services/default')).not.toBeNull();
  }, 600_000);

  it('pulumi import (arguments and an import file) adopts the four through explicit providers; declared in the program they preview no changes; no secret in plain text', async () => {
    const project = typescriptProject(world, 'native-cli-import', TS_PROVIDERS);
    symlinkSync(join(getProject, 'sdk'), join(project, 'sdk'));
    await world.ok(project, ['stack', 'init', 'dev'], environment());
    await configureClusters(world, project, dc1, dc2);
    await world.ok(project, ['config', 'set', '--secret', 'peeringToken', outsideToken], environment(), { secretOutput: true });
    await world.ok(project, ['up', '--yes', '--skip-preview'], environment(), { timeoutMs: 240_000 });
    const providerUrn = (name: string) => `urn:pulumi:dev::native-cli-import::pulumi:providers:consulpeering::${name}`;
    // No code generation: the Node.js language host (sdk v3.68.0) has no GenerateProgram; the program is written below.
    const [byArguments, byFile] = [OUTSIDE_OBJECTS.slice(0, 2), OUTSIDE_OBJECTS.slice(2)];
    for (const object of byArguments) {
      const imported = await world.ok(project, [
        'import', `consulpeering:index:${object.type}`, object.name, object.id, '--provider', `${object.provider}=${providerUrn(object.provider)}`, '--yes', '--protect=false', '--generate-code=false',
      ], environment(), { timeoutMs: 240_000 });
      expect(imported.stdout).toMatch(/1 imported/);
    }
    writeFileSync(join(project, 'import.json'), JSON.stringify({
      nameTable: Object.fromEntries(byFile.map((object) => [object.provider, providerUrn(object.provider)])),
      resources: byFile.map((object) => ({ type: `consulpeering:index:${object.type}`, name: object.name, id: object.id, provider: object.provider })),
    }));
    const fromFile = await world.ok(project, ['import', '-f', 'import.json', '--yes', '--protect=false', '--generate-code=false'], environment(), { timeoutMs: 240_000 });
    expect(fromFile.stdout).toMatch(/2 imported/);

    // The Peering's token cannot be read back: its state keeps an empty secret, and the program gives the token it was
    // made with, which Diff matches by fingerprint (as with the import option).
    writeFileSync(join(project, 'index.ts'), `${TS_PROVIDERS}${outsideDeclarations(false)}`);
    await world.ok(project, ['preview', '--expect-no-changes'], environment(), { timeoutMs: 240_000 });
    const exported = JSON.parse((await world.ok(project, ['stack', 'export'], environment())).stdout) as { deployment: { resources?: StateResource[] } };
    const peeringState = exported.deployment.resources?.find((resource) => resource.type === 'consulpeering:index:Peering');
    expect(peeringState?.inputs?.['peeringToken']).toEqual(expect.objectContaining({ ciphertext: expect.any(String) }));
    expect(peeringState?.outputs?.['state']).toBe('ACTIVE');
    const secrets = [...tokenSecrets(outsideToken), ...[dc1.token, dc2.token].filter((value): value is string => value !== null)];
    const everything = `${world.backendText()}\n${world.worldText()}\n${world.transcript.join('\n')}`;
    for (const secret of secrets) expect(everything.includes(secret)).toBe(false);

    await world.ok(project, ['destroy', '--yes'], environment(), { timeoutMs: 240_000 });
    expect(await consulGet(dc2, '/v1/peering/dc1')).toBeNull();
    expect(await consulGet(dc1, '/v1/config/exported-services/default')).toBeNull();
    expect(await consulGet(dc1, '/v1/config/service-intentions/api')).toBeNull();
  }, 600_000);
});
