import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describeEachBackend, type TestCluster } from '../support/backends';
import { ROOT, type PulumiWorld } from './engine';
import { configureClusters, exampleProject, plainTextLeaks, startNativeSuite, statePeeringSecrets, type NativeSuite } from './native-support';
import { expectApiExportedTo, expectDialerWaitsForAcceptor, expectNothingLeft, expectPeeringActive } from './peering-checks';

// examples/pulumi-python (acceptor and dialer, two stacks through a StackReference) and examples/pulumi-yaml (one
// program, two explicit providers) as they are, under the real Pulumi CLI and its Python and YAML language hosts, with
// the native provider plugin and the pulumi_consulpeering SDK generated from the package schema. Both backends, ACLs on.

const UP_MS = 240_000;
/** Where CONSUL_HTTP_ADDR points when a project must find its cluster through its own config: nothing listens there. */
const NOWHERE = { address: 'http://127.0.0.1:9', token: null };
/** Prints each requirement of the requirements.txt given as argument that the running Python does not satisfy. */
const UNMET_REQUIREMENTS = `import sys
from importlib.metadata import PackageNotFoundError, version
from packaging.requirements import Requirement
for line in open(sys.argv[1]).read().splitlines():
    if line.strip() and not line.startswith("#"):
        need = Requirement(line)
        try:
            ok = need.specifier.contains(version(need.name), prereleases=True)
        except PackageNotFoundError:
            ok = False
        if not ok:
            print(need)
`;

describeEachBackend('examples/pulumi-python and examples/pulumi-yaml under the real Pulumi CLI', (backend) => {
  let suite: NativeSuite;
  let world: PulumiWorld;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let acceptor: string;
  let dialer: string;
  const revealed: string[] = [];

  beforeAll(async () => {
    suite = await startNativeSuite(backend, { python: true });
    ({ world, dc1, dc2 } = suite);
    acceptor = exampleProject(world, 'pulumi-python/acceptor', 'acceptor');
    dialer = exampleProject(world, 'pulumi-python/dialer', 'dialer');
    // The acceptor reaches dc1 through CONSUL_HTTP_ADDR / CONSUL_HTTP_TOKEN; the dialer dc2 through its stack config.
    await world.ok(acceptor, ['stack', 'init', 'dev'], dc1);
    await world.ok(acceptor, ['config', 'set', 'exportedServices', '["api"]'], dc1);
    await world.ok(acceptor, ['config', 'set', 'allowedCallers', '["web"]'], dc1);
    await world.ok(dialer, ['stack', 'init', 'dev'], NOWHERE);
    await world.ok(dialer, ['config', 'set', 'consulpeering:address', dc2.address], NOWHERE);
    await world.ok(dialer, ['config', 'set', '--secret', 'consulpeering:token', dc2.token ?? 'no-acl'], NOWHERE, { secretOutput: true });
  }, 300_000);

  afterAll(async () => {
    await suite?.stop();
  }, 60_000);

  it('Python: both projects\' requirements.txt (pulumi, pulumi_consulpeering) are what the programs run with', () => {
    for (const project of [acceptor, dialer]) {
      const unmet = execFileSync(join(suite.python ?? '', 'python3'), ['-c', UNMET_REQUIREMENTS, join(project, 'requirements.txt')],
        { encoding: 'utf8', timeout: 30_000, env: { ...process.env } });
      expect({ project, unmet }).toEqual({ project, unmet: '' });
    }
  });

  it('Python: the dialer previews before the acceptor stack has been deployed without a check failure; its up stops saying to deploy the acceptor', async () => {
    await expectDialerWaitsForAcceptor(world, dialer, NOWHERE, dc2, UP_MS);
  }, 2 * UP_MS);

  it('Python: acceptor up, then dialer up (StackReference): ACTIVE on both clusters, exports and intentions written', async () => {
    await world.ok(acceptor, ['up', '--yes'], dc1, { timeoutMs: UP_MS });
    const up = await world.ok(dialer, ['up', '--yes'], NOWHERE, { timeoutMs: UP_MS });
    expect(up.stdout).toMatch(/state\s*: "ACTIVE"/);
    expect(up.stdout).toMatch(/remoteDatacenter\s*: "dc1"/);
    await expectPeeringActive(dc1, 'dialer', dc2, 'acceptor');
    await expectApiExportedTo(dc1, 'dialer');
    for (const [project, cluster] of [[acceptor, dc1], [dialer, NOWHERE]] as const) revealed.push(...await statePeeringSecrets(world, project, cluster));
    expect(revealed.length).toBeGreaterThan(0);
  }, 2 * UP_MS);

  it('Python: a second up of both stacks changes nothing', async () => {
    await world.ok(acceptor, ['up', '--yes', '--expect-no-changes'], dc1, { timeoutMs: UP_MS });
    await world.ok(dialer, ['up', '--yes', '--expect-no-changes'], NOWHERE, { timeoutMs: UP_MS });
  }, 2 * UP_MS);

  it('Python: destroy (dialer, then acceptor) leaves no peering, exports or intentions', async () => {
    await world.ok(dialer, ['destroy', '--yes', '--skip-preview'], NOWHERE, { timeoutMs: UP_MS });
    await world.ok(acceptor, ['destroy', '--yes', '--skip-preview'], dc1, { timeoutMs: UP_MS });
    await expectNothingLeft(dc1, 'dialer', dc2, 'acceptor');
  }, 2 * UP_MS);

  it('YAML: one program, two explicit providers (plugin from plugins.providers): ACTIVE, getPeering agrees, a second up changes nothing, destroy leaves nothing', async () => {
    const yaml = exampleProject(world, 'pulumi-yaml', 'yaml', (file, text) => (file === 'Pulumi.yaml' ? text.replace('path: ../../bin', `path: ${join(ROOT, 'bin')}`) : text));
    await world.ok(yaml, ['stack', 'init', 'dev'], NOWHERE);
    await configureClusters(world, yaml, dc1, dc2);
    const up = await world.ok(yaml, ['up', '--yes'], NOWHERE, { timeoutMs: UP_MS });
    expect(up.stdout).toMatch(/state\s*: "ACTIVE"/);
    expect(up.stdout).toMatch(/seenByFunction\s*: "ACTIVE"/);
    expect(`${up.stdout}${up.stderr}`).not.toContain('pulumi-resource-consulpeering from $PATH');
    await expectPeeringActive(dc1, 'dc2', dc2, 'dc1');
    await expectApiExportedTo(dc1, 'dc2');
    revealed.push(...await statePeeringSecrets(world, yaml, NOWHERE));
    await world.ok(yaml, ['up', '--yes', '--expect-no-changes'], NOWHERE, { timeoutMs: UP_MS });
    await world.ok(yaml, ['destroy', '--yes', '--skip-preview'], NOWHERE, { timeoutMs: UP_MS });
    await expectNothingLeft(dc1, 'dc2', dc2, 'dc1');
  }, 3 * UP_MS);

  it('no peering token and no ACL token in plain text in the backend folder (state, backups, history), stack config, PULUMI_HOME or CLI output', () => {
    expect(revealed.length).toBeGreaterThan(1);
    expect(world.backendFiles().some((file) => file.includes('backups'))).toBe(true);
    expect(world.backendFiles().some((file) => file.includes('history'))).toBe(true);
    const aclTokens = [dc1.token, dc2.token].filter((token): token is string => token !== null);
    expect(plainTextLeaks(world, [...revealed, ...aclTokens])).toEqual([]);
  });
});
