import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsulClient } from '../../src/consul';
import { exportedServices, peering, peeringToken, serviceIntentions } from '../../src/core';
import { packageSchema } from '../../src/pulumi/package-schema';
import { toolCacheDir } from '../support/cache';
import { PulumiWorld, pulumiBinDir, ROOT } from './engine';
import { startClusters, type BackendName, type TestCluster, type TestClusters } from '../support/backends';

// What the native provider's end-to-end suites share: one folder first on PATH with the engine, its language hosts
// and the plugin; the SDKs generated from the package schema by Pulumi's code generators (tools/pulumi/gensdk).

/** The SDK generator pulumi:install built from tools/pulumi/gensdk (named after its source). */
export function gensdkPath(engine: string): string {
  return join(engine, `gensdk-${createHash('sha256').update(readFileSync(join(ROOT, 'tools', 'pulumi', 'gensdk', 'main.go'))).digest('hex').slice(0, 12)}`);
}

/** A temporary folder holding the engine, the Node.js, YAML and Python language hosts and the plugin (on PATH: ambient). */
export function nativeBinDir(engine: string): string {
  const bin = mkdtempSync(join(tmpdir(), 'consul-peering-native-bin-'));
  for (const file of ['pulumi', 'pulumi-language-nodejs', 'pulumi-language-python', 'pulumi-language-python-exec']) symlinkSync(join(engine, file), join(bin, file));
  const yamlHost = readdirSync(engine).find((file) => file.startsWith('pulumi-language-yaml-'));
  if (yamlHost === undefined) throw new Error(`${engine} has no YAML language host: run npm run pulumi:install`);
  symlinkSync(join(engine, yamlHost), join(bin, 'pulumi-language-yaml'));
  symlinkSync(join(ROOT, 'bin', 'pulumi-resource-consulpeering'), join(bin, 'pulumi-resource-consulpeering'));
  return bin;
}

/** What a native suite runs against: two clusters (ACLs on), the engine's folder, and a world with the plugin on PATH. */
export interface NativeSuite {
  readonly clusters: TestClusters;
  readonly dc1: TestCluster;
  readonly dc2: TestCluster;
  readonly engine: string;
  readonly bin: string;
  readonly world: PulumiWorld;
}

/** Starts clusters dc1 and dc2 of `backend` with ACLs and a world whose PATH has {@link nativeBinDir}, then `pathDirs`. */
export async function startNativeSuite(backend: BackendName, pathDirs: readonly string[] = []): Promise<NativeSuite> {
  const engine = pulumiBinDir();
  const clusters = await startClusters(backend, ['dc1', 'dc2'], { acl: true });
  try {
    const [dc1, dc2] = clusters.clusters as [TestCluster, TestCluster];
    const bin = nativeBinDir(engine);
    return { clusters, dc1, dc2, engine, bin, world: new PulumiWorld(bin, pathDirs) };
  } catch (error) {
    await clusters.stop();
    throw error;
  }
}

/** Stops what {@link startNativeSuite} started: the world's processes and files, the bin folder, the clusters. */
export async function stopNativeSuite(suite: NativeSuite | undefined): Promise<void> {
  if (suite === undefined) return;
  suite.world.dispose();
  rmSync(suite.bin, { recursive: true, force: true });
  await suite.clusters.stop();
}

/** Writes the package schema into `dir` and generates the SDK of `language` into `dir`/gen/`language`; returns that folder. */
export function generateSdk(engine: string, dir: string, language: 'nodejs' | 'python'): string {
  writeFileSync(join(dir, 'schema.json'), JSON.stringify(packageSchema('0.1.0')));
  execFileSync(gensdkPath(engine), [join(dir, 'schema.json'), join(dir, 'gen'), language], { timeout: 60_000 });
  return join(dir, 'gen', language);
}

/** Runs `npm run pulumi:sdk -- <language> --out <out>` (scripts/pulumi-sdk.mjs); returns what it made: the wheel's path or the Go module's folder. */
export function buildSdk(language: 'python' | 'go', out: string): string {
  const printed = execFileSync(process.execPath, [join(ROOT, 'scripts', 'pulumi-sdk.mjs'), language, '--out', out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  return printed.trim().split('\n').at(-1) ?? '';
}

/** The virtual environment with Pulumi's Python SDK (npm run pulumi:python); throws when it is missing. */
export function pythonBinDir(): string {
  const dir = readdirSync(toolCacheDir()).find((entry) => /^pulumi-python-\d/.test(entry));
  if (dir === undefined) throw new Error(`no Python environment for Pulumi in ${toolCacheDir()}: run npm run pulumi:python`);
  return join(toolCacheDir(), dir, 'bin');
}

/** Sets a project's stack config for two clusters: dc1Address and dc2Address, dc1Token and dc2Token as secrets. */
export async function configureClusters(world: PulumiWorld, project: string, dc1: TestCluster, dc2: TestCluster): Promise<void> {
  for (const [key, value] of [['dc1Address', dc1.address], ['dc2Address', dc2.address]] as const) await world.ok(project, ['config', 'set', key, value], dc1);
  for (const [key, cluster] of [['dc1Token', dc1], ['dc2Token', dc2]] as const) {
    await world.ok(project, ['config', 'set', '--secret', key, cluster.token ?? 'no-acl'], dc1, { secretOutput: true });
  }
}

/** The start of a TypeScript program against the compiled SDK (./sdk/bin): stack config and the providers dc1 and dc2. */
export const TS_PROVIDERS = `import * as pulumi from '@pulumi/pulumi';
import * as consulpeering from './sdk/bin';

const config = new pulumi.Config();
const dc1 = new consulpeering.Provider('dc1', { address: config.require('dc1Address'), token: config.requireSecret('dc1Token') });
const dc2 = new consulpeering.Provider('dc2', { address: config.require('dc2Address'), token: config.requireSecret('dc2Token') });
`;

/** A TypeScript program project `name` of `program` (which imports the SDK from ./sdk/bin: see {@link compileNodeSdk}). */
export function typescriptProject(world: PulumiWorld, name: string, program: string): string {
  return world.programProject(name, {
    'Pulumi.yaml': `name: ${name}\nruntime: nodejs\n`,
    'package.json': JSON.stringify({ name, main: 'index.ts' }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', moduleResolution: 'node', strict: true, skipLibCheck: true }, files: ['index.ts'] }),
    'index.ts': program,
  });
}

/** Generates the TypeScript SDK from the package schema with Pulumi's code generator and compiles it into `project`/sdk. */
export function compileNodeSdk(engine: string, world: PulumiWorld, project: string): void {
  const generated = generateSdk(engine, world.dir, 'nodejs');
  const sdk = join(project, 'sdk');
  execFileSync('cp', ['-r', generated, sdk]);
  symlinkSync(join(project, 'node_modules'), join(sdk, 'node_modules'));
  runTsc('-p', join(sdk, 'tsconfig.json'));
  execFileSync('cp', [join(sdk, 'package.json'), join(sdk, 'bin', 'package.json')]);
}

/** Runs this repository's TypeScript compiler with `args`; throws with its diagnostics on errors. */
export function runTsc(...args: string[]): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), ...args], { timeout: 120_000 });
}

/** A client for one test cluster with its management token. */
export function clusterClient(cluster: TestCluster): ConsulClient {
  return ConsulClient.fromSettings({ address: cluster.address, ...(cluster.token ? { token: cluster.token } : {}) });
}

/**
 * Makes the four resources outside Pulumi, with the core: the token "dc2" on dc1, the peering "dc1" on dc2 (ACTIVE),
 * the exports of `api` to dc2 and the intentions of `api` (web from dc2 allowed) on dc1; returns the peering token.
 */
export async function peerOutsidePulumi(dc1: TestCluster, dc2: TestCluster): Promise<string> {
  const [acceptor, dialer] = [clusterClient(dc1), clusterClient(dc2)];
  try {
    const made = await peeringToken.create({ client: acceptor }, { peerName: 'dc2' });
    await peering.create({ client: dialer }, { peerName: 'dc1', peeringToken: made.peeringToken });
    await exportedServices.create({ client: acceptor }, { services: [{ name: 'api', consumers: [{ peer: 'dc2' }] }] });
    await serviceIntentions.create({ client: acceptor }, { name: 'api', sources: [{ name: 'web', peer: 'dc2', action: 'allow' }] });
    return made.peeringToken;
  } finally {
    acceptor.close();
    dialer.close();
  }
}

/** The objects {@link peerOutsidePulumi} makes, as the TypeScript program declares them: type, name, import ID, provider, arguments. */
export const OUTSIDE_OBJECTS = [
  { type: 'PeeringToken', name: 'token', id: 'dc2', provider: 'dc1', args: "{ peerName: 'dc2' }" },
  { type: 'Peering', name: 'peering', id: 'dc1', provider: 'dc2', args: "{ peerName: 'dc1', peeringToken: config.requireSecret('peeringToken') }" },
  { type: 'ExportedServices', name: 'exports', id: 'default', provider: 'dc1', args: "{ services: [{ name: 'api', consumers: [{ peer: 'dc2' }] }] }" },
  { type: 'ServiceIntentions', name: 'api', id: 'api', provider: 'dc1', args: "{ name: 'api', sources: [{ name: 'web', peer: 'dc2', action: 'allow' }] }" },
] as const;

/** TypeScript declarations of {@link OUTSIDE_OBJECTS} (after {@link TS_PROVIDERS}); `adopt`: each with the `import` option. */
export function outsideDeclarations(adopt: boolean): string {
  return OUTSIDE_OBJECTS.map((object) => `new consulpeering.${object.type}('${object.name}', ${object.args}, { provider: ${object.provider}${adopt ? `, import: '${object.id}'` : ''} });\n`).join('');
}
