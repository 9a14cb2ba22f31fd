#!/usr/bin/env node
// The provider's own cost under the real Pulumi engine: the wall time of `pulumi up` of the two-stack example
// (examples/pulumi/acceptor, then examples/pulumi/dialer through StackReference; the native provider plugin, found
// through plugins.providers) against two emulated clusters, next to the same engine running two `pulumi up` of an
// empty stack. Both with a file backend, offline, median of 3. Needs a build (dist/) and the engine (`npm run pulumi:install`).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, requiredVersion } from '../scripts/lib/go-tool.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startSimulator } = require(path.join(root, 'dist/sim/index.js'));

const RUNS = 3;
const VERSION = requiredVersion('pulumi', 'github.com/pulumi/pulumi/pkg/v3'); // what `npm run pulumi:install` builds
const binDir = process.env.PULUMI_BIN_DIR ? path.resolve(process.env.PULUMI_BIN_DIR) : path.join(cacheDir(), `pulumi-${VERSION}`);
if (!fs.existsSync(path.join(binDir, 'pulumi'))) {
  process.stderr.write(`pulumi up: skipped measuring, the engine is not built (${binDir}); run \`npm run pulumi:install\`\n`);
  process.exit(1);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-peering-bench-pulumi-'));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** A project folder: the given files, and node_modules of symlinks to this repository's (plus consul-peering itself). */
function project(name, files) {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', moduleResolution: 'node', strict: true, esModuleInterop: true, skipLibCheck: true }, files: ['index.ts'] }));
  for (const entry of fs.readdirSync(path.join(root, 'node_modules'))) {
    if (!entry.startsWith('.')) fs.symlinkSync(path.join(root, 'node_modules', entry), path.join(dir, 'node_modules', entry));
  }
  fs.symlinkSync(root, path.join(dir, 'node_modules', 'consul-peering'));
  return dir;
}

const example = (name) => Object.fromEntries(['Pulumi.yaml', 'package.json', 'index.ts'].map((file) => [file, fs.readFileSync(path.join(root, 'examples/pulumi', name, file), 'utf8')]));

/** Runs `pulumi ARGS` in `cwd` (asynchronously: the emulator answers from this process); resolves with milliseconds. */
function pulumi(cwd, args, cluster, backend) {
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PULUMI_') && !key.startsWith('CONSUL_HTTP_'))),
    PATH: `${binDir}:${process.env.PATH}`, PULUMI_HOME: path.join(tmp, 'home'), PULUMI_BACKEND_URL: `file://${backend}`,
    PULUMI_CONFIG_PASSPHRASE: 'bench', PULUMI_SKIP_UPDATE_CHECK: 'true', PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    PULUMI_NODEJS_TRANSPILE_ONLY: 'true', NO_COLOR: '1', ...(cluster ? { CONSUL_HTTP_ADDR: cluster.address } : {}),
  };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(binDir, 'pulumi'), [...args, '--non-interactive'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`pulumi ${args.join(' ')} in ${cwd} exited ${code}:\n${output}`));
    });
  });
}

/** A program with no resource: what the engine costs by itself (the stack resource only). */
const EMPTY_FILES = { 'package.json': '{"name":"empty","main":"index.ts"}', 'index.ts': 'export {};\n' };

let sim;
try {
  fs.mkdirSync(path.join(tmp, 'home'));
  sim = await startSimulator({ clusters: ['dc1', 'dc2'] });
  const [dc1, dc2] = sim.clusters;
  const peeringTimes = [];
  const emptyTimes = [];
  for (let run = 0; run < RUNS; run += 1) {
    const backend = fs.mkdtempSync(path.join(tmp, 'backend-'));
    const acceptor = project(`acceptor-${run}`, example('acceptor'));
    const dialer = project(`dialer-${run}`, example('dialer'));
    await pulumi(acceptor, ['stack', 'init', 'dev'], dc1, backend);
    await pulumi(dialer, ['stack', 'init', 'dev'], dc2, backend);
    peeringTimes.push(await pulumi(acceptor, ['up', '--yes', '--skip-preview'], dc1, backend) + await pulumi(dialer, ['up', '--yes', '--skip-preview'], dc2, backend));
    await pulumi(dialer, ['destroy', '--yes', '--skip-preview'], dc2, backend);
    await pulumi(acceptor, ['destroy', '--yes', '--skip-preview'], dc1, backend);

    const first = project(`empty-a-${run}`, { ...EMPTY_FILES, 'Pulumi.yaml': 'name: empty-a\nruntime: nodejs\n' });
    const second = project(`empty-b-${run}`, { ...EMPTY_FILES, 'Pulumi.yaml': 'name: empty-b\nruntime: nodejs\n' });
    await pulumi(first, ['stack', 'init', 'dev'], null, backend);
    await pulumi(second, ['stack', 'init', 'dev'], null, backend);
    emptyTimes.push(await pulumi(first, ['up', '--yes', '--skip-preview'], null, backend) + await pulumi(second, ['up', '--yes', '--skip-preview'], null, backend));
  }
  const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
  process.stdout.write(`pulumi up, two-stack example (acceptor + dialer, peering ACTIVE): ${seconds(median(peeringTimes))}; `
    + `the same engine, two empty stacks: ${seconds(median(emptyTimes))}; median of ${RUNS} each, emulator, file backend\n`);
} finally {
  await sim?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
