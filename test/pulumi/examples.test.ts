import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as pulumi from '@pulumi/pulumi';
import { isSerializedSecret, recordRegistrations, settle, valueOf } from './helpers';

// The Pulumi examples: project files, `tsc --noEmit -p examples/pulumi/<name>` (offline, against this repository),
// and the programs themselves under mocks (the dialer's StackReference plumbing, the single-program ClusterPeering).

jest.mock('consul-peering/pulumi', () => jest.requireActual('../../src/pulumi'), { virtual: true });

const root = join(__dirname, '../..');
const EXAMPLES = ['acceptor', 'dialer', 'cluster-peering'] as const;
const TOKEN = Buffer.from(JSON.stringify({ CA: null, ServerAddresses: ['127.0.0.1:8503'], PeerID: 'p1' })).toString('base64');

/** `tsc --noEmit -p examples/pulumi/<name>` from the repository root: 'ok' or the compiler's output. */
const typechecks = new Map<string, Promise<string>>();
function typecheck(name: string): Promise<string> {
  const started = typechecks.get(name) ?? promisify(execFile)(
    process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', join('examples', 'pulumi', name)], { cwd: root },
  ).then(() => 'ok', (error: { stdout?: string }) => error.stdout ?? String(error));
  typechecks.set(name, started);
  return started;
}
beforeAll(() => EXAMPLES.forEach((name) => void typecheck(name)));

describe.each(EXAMPLES)('examples/pulumi/%s', (name) => {
  const dir = join(root, 'examples', 'pulumi', name);

  it('is a Pulumi TypeScript project depending on this package and @pulumi/pulumi', () => {
    const project = readFileSync(join(dir, 'Pulumi.yaml'), 'utf8');
    expect(project).toMatch(new RegExp(`^name: ${name}$`, 'm'));
    expect(project).toMatch(/^runtime:\n {2}name: nodejs$/m);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(manifest.dependencies).toMatchObject({ 'consul-peering': 'file:../../..', '@pulumi/pulumi': expect.any(String) });
    expect(existsSync(join(dir, 'index.ts'))).toBe(true);
  });

  it(`type-checks: tsc --noEmit -p examples/pulumi/${name}`, async () => {
    expect(await typecheck(name)).toBe('ok');
  }, 300_000);
});

describe('example programs under mocks', () => {
  const reads: { type: string; inputs: Record<string, unknown> }[] = [];
  const state = (type: string, _name: string, inputs: Record<string, unknown>): Record<string, unknown> => {
    reads.push({ type, inputs });
    if (type === 'pulumi:pulumi:StackReference') return { name: inputs['name'], outputs: { peeringToken: TOKEN }, secretOutputNames: ['peeringToken'] };
    if (type.endsWith(':PeeringToken')) return { ...inputs, peeringToken: TOKEN, peeringId: 'acceptor-id', state: 'PENDING' };
    if (type.endsWith(':Peering')) return { ...inputs, state: 'ACTIVE', remoteDatacenter: 'dc1' };
    if (type.endsWith(':ClusterPeering')) return { state: 'ACTIVE', peeringId: 'acceptor-id', peeringToken: TOKEN };
    return inputs;
  };
  const program = (name: string): Record<string, unknown> => {
    let loaded: Record<string, unknown> = {};
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- jest.isolateModules loads the program synchronously, through Jest's registry
      loaded = require(join(root, 'examples', 'pulumi', name, 'index.ts')) as Record<string, unknown>;
    });
    return loaded;
  };
  beforeEach(() => {
    reads.length = 0;
    pulumi.runtime.setAllConfig({});
  });
  afterAll(() => pulumi.runtime.setAllConfig({}));

  it('acceptor: a PeeringToken for "dialer"; the token is the stack output', async () => {
    const registrations = await recordRegistrations(state, 'acceptor', 'dev');
    const outputs = program('acceptor');
    expect(await valueOf(outputs['peeringToken'] as pulumi.Output<string>)).toBe(TOKEN);
    await settle();
    expect(registrations.map((item) => [item.type, item.inputs['peerName']])).toEqual([['consulpeering:index:PeeringToken', 'dialer']]);
    expect(registrations[0]?.additionalSecretOutputs).toContain('peeringToken');
  });

  it('dialer: reads the token from organization/acceptor/<its stack> and passes it to the Peering as a secret', async () => {
    const registrations = await recordRegistrations(state, 'dialer', 'dev');
    const outputs = program('dialer');
    expect(await valueOf(outputs['state'] as pulumi.Output<string>)).toBe('ACTIVE');
    await settle();
    expect(reads.filter((item) => item.type === 'pulumi:pulumi:StackReference').map((item) => item.inputs['name'])).toEqual(['organization/acceptor/dev']);
    const peering = registrations.find((item) => item.type.endsWith(':Peering'));
    expect(peering?.inputs).toMatchObject({ peerName: 'acceptor', peeringToken: TOKEN });
    expect(isSerializedSecret(peering?.object['peeringToken'])).toBe(true);
  });

  it('dialer: config acceptorStack names another stack', async () => {
    await recordRegistrations(state, 'dialer', 'prod');
    pulumi.runtime.setConfig('dialer:acceptorStack', 'organization/acceptor/staging');
    const outputs = program('dialer');
    await valueOf(outputs['state'] as pulumi.Output<string>);
    expect(reads.filter((item) => item.type === 'pulumi:pulumi:StackReference').map((item) => item.inputs['name'])).toEqual(['organization/acceptor/staging']);
  });

  it('cluster-peering: one provider per cluster from config and one ClusterPeering (built by the plugin) naming them', async () => {
    const registrations = await recordRegistrations(state, 'cluster-peering', 'dev');
    pulumi.runtime.setAllConfig({ 'cluster-peering:dialerAddress': 'http://dc2:8500', 'cluster-peering:dialerToken': 'dc2-acl' }, ['cluster-peering:dialerToken']);
    const outputs = program('cluster-peering');
    expect(await valueOf(outputs['state'] as pulumi.Output<string>)).toBe('ACTIVE');
    await settle();
    expect(registrations.map((item) => [item.type, item.name])).toEqual([
      ['pulumi:providers:consulpeering', 'acceptor'], ['pulumi:providers:consulpeering', 'dialer'], ['consulpeering:index:ClusterPeering', 'dc1-dc2'],
    ]);
    const dialer = registrations[1];
    expect(dialer?.inputs).toMatchObject({ address: 'http://dc2:8500', token: 'dc2-acl' });
    expect(isSerializedSecret(dialer?.object['token'])).toBe(true);
    expect(registrations[2]?.inputs).toMatchObject({
      acceptor: { name: 'dc1', exports: [{ service: 'api', allowFrom: ['web'] }] },
      dialer: { name: 'dc2' },
    });
  });
});
