#!/usr/bin/env node
// The provider's own cost under the real Pulumi engine: the wall time of `pulumi up` of the two-stack example
// (examples/pulumi/acceptor, then examples/pulumi/dialer through StackReference; the native provider plugin, found
// through plugins.providers) against two emulated clusters, next to the same engine running two `pulumi up` of an
// empty stack. Both with a file backend, offline, median of 3. Needs a build (dist/) and the engine (`npm run pulumi:install`).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pulumiBinDir, pulumiWorkspace } from './lib/pulumi.mjs';
import { median } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startSimulator } = require(path.join(root, 'dist/sim/index.js'));

const RUNS = 3;
const binDir = pulumiBinDir('pulumi up');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-peering-bench-pulumi-'));
const workspace = pulumiWorkspace(tmp, binDir);
const project = workspace.project;
const example = (name) => Object.fromEntries(['Pulumi.yaml', 'package.json', 'index.ts'].map((file) => [file, fs.readFileSync(path.join(root, 'examples/pulumi', name, file), 'utf8')]));
/** Runs `pulumi ARGS` in `cwd` against `cluster` (or none); resolves with milliseconds. */
const pulumi = (cwd, args, cluster, backend) => workspace.run(cwd, args, { backend, env: cluster ? { CONSUL_HTTP_ADDR: cluster.address } : {} });

/** A program with no resource: what the engine costs by itself (the stack resource only). */
const EMPTY_FILES = { 'package.json': '{"name":"empty","main":"index.ts"}', 'index.ts': 'export {};\n' };

let sim;
try {
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
