#!/usr/bin/env node
// Start-up cost of the Terraform provider, which Terraform pays 2–4 times per command:
// 1. the median time from spawning the installed launcher to its go-plugin handshake line, over 20 runs
//    (next to the same measure for the single executable `package` builds, and for a bare `node` printing one line:
//    the floor no Node provider can beat);
// 2. the wall time of `terraform plan` on a 50-resource configuration against the emulator, first with
//    50 creates to plan, then after applying it (50 refreshes, no change).
// Needs a build (dist/) and `terraform` on PATH. Prints one line per measure.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './lib/stats.mjs';
import { installProvider, requireTerraform, terraformIn } from './lib/terraform.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { createServerCertificate } = require(path.join(root, 'dist/terraform/x509.js'));
const { installMirror } = require(path.join(root, 'dist/terraform/install.js'));
const { MAGIC_COOKIE_VALUE } = require(path.join(root, 'dist/terraform/main.js'));
const { startSimulator } = require(path.join(root, 'dist/sim/index.js'));
const { buildSingleExecutable } = require(path.join(root, 'dist/terraform/package/release.js'));

const RUNS = 20;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-peering-bench-'));

/** Milliseconds from spawn to the first stdout line, `runs` times. */
async function firstLine(command, args, env, runs = RUNS) {
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const started = process.hrtime.bigint();
    await new Promise((resolve, reject) => {
      const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'], env });
      let out = '';
      child.on('error', reject);
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (!out.includes('\n')) return;
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
        child.kill('SIGKILL');
        resolve();
      });
    });
  }
  return times;
}

async function handshake() {
  const { executable } = installMirror({ mirror: path.join(tmp, 'mirror') });
  const env = {
    PATH: process.env.PATH, TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5,6',
    PLUGIN_MIN_PORT: '10000', PLUGIN_MAX_PORT: '25000', PLUGIN_CLIENT_CERT: createServerCertificate().certPem,
  };
  const floorArgs = ['-e', 'process.stdout.write("x\\n"); setInterval(() => {}, 1000)'];
  const single = await buildSingleExecutable(fs.mkdtempSync(path.join(tmp, 'sea-')), 'terraform-provider-consulpeering');
  await firstLine(executable, [], env, 2); // warm the file cache
  await firstLine(single, [], env, 2);
  const provider = [];
  const singles = [];
  const floor = [];
  for (let i = 0; i < RUNS; i += 1) { // interleaved, so that all see the same machine load
    provider.push(...(await firstLine(executable, [], env, 1)));
    singles.push(...(await firstLine(single, [], env, 1)));
    floor.push(...(await firstLine(process.execPath, floorArgs, env, 1)));
  }
  console.log(`handshake: median ${median(singles).toFixed(1)} ms for the single executable of \`package\` (no Node installed; min ${Math.min(...singles).toFixed(1)} ms)`);
  console.log(`handshake: median ${median(provider).toFixed(1)} ms from spawning the installed provider to its handshake line over ${RUNS} runs `
    + `(min ${Math.min(...provider).toFixed(1)} ms); bare node printing one line, same runs: median ${median(floor).toFixed(1)} ms`);
}

function configuration(clusters) {
  const [dc1] = clusters;
  const blocks = [
    'terraform {\n  required_providers {\n    consulpeering = { source = "terraform.local/consul-peering/consulpeering" }\n  }\n}',
    `provider "consulpeering" {\n  address = "${dc1.address}"\n}`,
  ];
  for (let i = 0; i < 25; i += 1) {
    blocks.push(`resource "consulpeering_peering_token" "p${i}" {\n  peer_name = "peer-${i}"\n}`);
    blocks.push(`resource "consulpeering_service_intentions" "s${i}" {\n  name    = "svc-${i}"\n  sources = [{ name = "frontend", peer = "peer-${i}", action = "allow" }]\n}`);
  }
  return `${blocks.join('\n\n')}\n`;
}

async function plan() {
  const sim = await startSimulator({ clusters: ['dc1'], acl: false });
  const dir = path.join(tmp, 'work');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'main.tf'), configuration(sim.clusters));
  const terraform = terraformIn(dir, installProvider(tmp));
  try {
    await terraform('init', '-input=false');
    const creates = [];
    for (let i = 0; i < 3; i += 1) creates.push((await terraform('plan', '-input=false', '-detailed-exitcode')).seconds);
    await terraform('apply', '-auto-approve', '-input=false');
    const refreshes = [];
    for (let i = 0; i < 3; i += 1) refreshes.push((await terraform('plan', '-input=false', '-detailed-exitcode')).seconds);
    console.log(`plan, 50 resources: ${median(creates).toFixed(2)} s with 50 creates to plan; `
      + `${median(refreshes).toFixed(2)} s after apply (50 refreshes, no change); median of 3 each`);
    await terraform('destroy', '-auto-approve', '-input=false');
  } finally {
    await sim.stop();
  }
}

requireTerraform();
try {
  await handshake();
  await plan();
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
