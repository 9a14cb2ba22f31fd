import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageSchema } from '../../src/pulumi/package-schema';
import { toolCacheDir } from '../support/cache';
import { PulumiWorld, pulumiBinDir, ROOT, tokenSecrets } from './engine';
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

/** Writes the package schema into `dir` and generates the SDK of `language` into `dir`/gen/`language`; returns that folder. */
export function generateSdk(engine: string, dir: string, language: 'nodejs' | 'python'): string {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  writeFileSync(join(dir, 'schema.json'), JSON.stringify(packageSchema(version)));
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

/** Builds the Python SDK's wheel (npm run pulumi:sdk) and installs it into `<world>/site`; returns that folder, for PYTHONPATH. */
export function installPythonSdk(world: PulumiWorld, python: string): string {
  const site = join(world.dir, 'site');
  const wheel = buildSdk('python', join(world.dir, 'wheels'));
  execFileSync(join(python, 'python3'), ['-m', 'pip', 'install', '--quiet', '--no-deps', '--no-index', '--target', site, wheel], { timeout: 120_000 });
  return site;
}

/** Copies the files of examples/<example> (Python, YAML: no node_modules) into a project `as` of the world; returns its folder. */
export function exampleProject(world: PulumiWorld, example: string, as: string, edit: (file: string, text: string) => string = (_file, text) => text): string {
  const from = join(ROOT, 'examples', example);
  const files = readdirSync(from).filter((file) => statSync(join(from, file)).isFile());
  return world.programProject(as, Object.fromEntries(files.map((file) => [file, edit(file, readFileSync(join(from, file), 'utf8'))])));
}

/** The secrets of every peering token in a stack's state (decrypted by `stack export --show-secrets`, kept out of the transcript). */
export async function statePeeringSecrets(world: PulumiWorld, project: string, cluster: { address: string; token: string | null }): Promise<string[]> {
  const exported = JSON.parse((await world.ok(project, ['stack', 'export', '--show-secrets'], cluster, { secretOutput: true })).stdout) as
    { deployment: { resources?: { outputs?: Record<string, unknown> }[] } };
  const plain = (value: unknown): unknown => (value !== null && typeof value === 'object' && 'plaintext' in value
    ? JSON.parse(String((value as { plaintext: unknown }).plaintext)) as unknown : value);
  return (exported.deployment.resources ?? []).map((resource) => plain(resource.outputs?.['peeringToken']))
    .filter((value): value is string => typeof value === 'string' && value.length > 40).flatMap((token) => tokenSecrets(token));
}

/** Where any of `secrets` shows in plain text: the backend folder (state, backups, history), the projects and PULUMI_HOME, the CLI output. */
export function plainTextLeaks(world: PulumiWorld, secrets: readonly string[]): string[] {
  const haystacks: [string, string][] = [
    ['backend folder', world.backendText()], ['projects and PULUMI_HOME', world.worldText()], ['CLI output', world.transcript.join('\n')],
  ];
  return haystacks.flatMap(([where, text]) => secrets.flatMap((secret, index) => (secret !== '' && text.includes(secret) ? [`${where}: secret #${index}`] : [])));
}

/** What a native suite runs on: its clusters (ACLs on; dc1 and dc2 unless asked) and a world whose PATH starts with the engine, its language hosts and the plugin. */
export interface NativeSuite {
  readonly engine: string;
  readonly clusters: TestClusters;
  readonly dc1: TestCluster;
  readonly dc2: TestCluster;
  readonly world: PulumiWorld;
  /** The bin folder of the Python virtual environment (on the world's PATH), when the suite asked for Python. */
  readonly python: string | undefined;
  /** Removes the world and its PATH folder, stops the clusters. */
  stop(): Promise<void>;
}

/**
 * Starts dc1 and dc2 (or the clusters `names`) on `backend` and a world; with `python`, Pulumi's Python SDK on PATH and
 * pulumi_consulpeering on PYTHONPATH; with `durable`, servers that keep their data across `clusters.restartCluster`.
 */
export async function startNativeSuite(backend: BackendName, options: { python?: boolean; durable?: boolean; names?: string[] } = {}): Promise<NativeSuite> {
  const engine = pulumiBinDir();
  const python = options.python ? pythonBinDir() : undefined;
  const clusters = await startClusters(backend, options.names ?? ['dc1', 'dc2'], { acl: true, durable: options.durable ?? false });
  const parts: { bin?: string; world?: PulumiWorld } = {};
  const stop = async (): Promise<void> => {
    delete process.env['PYTHONPATH'];
    parts.world?.dispose();
    if (parts.bin !== undefined) rmSync(parts.bin, { recursive: true, force: true });
    await clusters.stop();
  };
  try {
    parts.bin = nativeBinDir(engine);
    const world = parts.world = new PulumiWorld(parts.bin, python === undefined ? [] : [python]);
    if (python !== undefined) process.env['PYTHONPATH'] = installPythonSdk(world, python);
    const [dc1, dc2] = clusters.clusters as [TestCluster, TestCluster];
    return { engine, clusters, dc1, dc2, world, python, stop };
  } catch (error) {
    await stop();
    throw error;
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
