import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageSchema } from '../../src/pulumi/package-schema';
import { toolCacheDir } from '../support/cache';
import { ROOT, type PulumiWorld } from './engine';
import type { TestCluster } from '../support/backends';

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
