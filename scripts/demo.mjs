#!/usr/bin/env node
// `npm run demo`: a real cross-cluster peering through the real Terraform CLI, in one command.
//
// Two emulated Consul clusters (dc1, dc2) start in this process (or, with DEMO_DC1_ADDR / DEMO_DC2_ADDR and the
// optional DEMO_DC1_TOKEN / DEMO_DC2_TOKEN, two real clusters are used instead); a `web` service is registered on
// dc1; the provider is installed into a temporary filesystem mirror with its own CLI configuration (offline
// `terraform init`); then two stacks, as separate infrastructure repositories would hold them, are applied:
//   demo/acceptor  (dc1)  peering token for dc2, exports web to dc2, allows dc2's frontend into web
//   demo/dialer    (dc2)  establishes the peering with the acceptor's token (terraform_remote_state, local backend)
// A short report is read back from both clusters with the project's client, then everything is torn down
// (dialer destroyed before acceptor, emulator stopped, temp dirs removed), also on failure or Ctrl-C.
// Neither the peering token nor an ACL token is ever printed.
// `npm run demo -- --cli tofu` (or a path to tofu) runs the same with OpenTofu instead of terraform.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const PROVIDER_BIN = path.join(ROOT, 'bin', 'consul-peering-terraform.js');
const TIMEOUT = { init: 90_000, apply: 180_000, destroy: 180_000 };

const started = Date.now();
const secrets = [];
/** Removes ACL tokens and anything shaped like a peering token (base64 JSON) from text before it is printed. */
const redact = (text) => {
  let out = String(text);
  for (const secret of secrets) if (secret) out = out.split(secret).join('<redacted>');
  return out.replace(/eyJ[A-Za-z0-9+/=_-]{40,}/g, '<redacted>');
};
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const say = (line) => process.stdout.write(`${redact(line)}\n`);

// --- the CLI must be there: terraform, or what --cli names (tofu) ----------------------------------------------------
const cliAt = process.argv.indexOf('--cli');
const CLI = cliAt >= 0 ? process.argv[cliAt + 1] ?? '' : 'terraform';
const CLI_NAME = path.basename(CLI);
const probe = spawnSync(CLI, ['version'], { stdio: 'ignore', timeout: 30_000 });
if (probe.error && probe.error.code === 'ENOENT') {
  process.stderr.write(CLI_NAME === 'terraform'
    ? 'terraform is not on PATH: install Terraform 1.11 or newer (https://developer.hashicorp.com/terraform/install) and run `npm run demo` again.\n'
    : `${CLI} is not there: install OpenTofu 1.11 or newer (https://opentofu.org/docs/intro/install/) or name its path after --cli.\n`);
  process.exit(1);
}
if (!fs.existsSync(path.join(ROOT, 'dist', 'consul', 'index.js')) || !fs.existsSync(path.join(ROOT, 'dist', 'sim', 'index.js'))) {
  process.stderr.write('dist/ is missing: run `npm ci` (or `npm run build`) first.\n');
  process.exit(1);
}
const { ConsulClient } = require(path.join(ROOT, 'dist', 'consul'));

// --- where the clusters are ---------------------------------------------------------------------------------------
const real = { dc1: process.env.DEMO_DC1_ADDR?.trim() || '', dc2: process.env.DEMO_DC2_ADDR?.trim() || '' };
if ((real.dc1 === '') !== (real.dc2 === '')) {
  process.stderr.write('set both DEMO_DC1_ADDR and DEMO_DC2_ADDR (real clusters), or neither (emulator).\n');
  process.exit(1);
}
const useReal = real.dc1 !== '';

// --- state to clean up --------------------------------------------------------------------------------------------
let sim;
let tmp;
let registeredWeb = false;
const applied = { acceptor: false, dialer: false };
const children = new Set();
let interrupted = false;
let cleaningUp = false;
let abandonCleanup = false;
let warned = false;
const stopChildren = () => {
  for (const child of children) {
    try { process.kill(-child.pid, 'SIGINT'); } catch { /* already gone */ }
  }
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (cleaningUp) {
      // The teardown itself is not interrupted by the first signal: it is what leaves the clusters clean.
      if (!warned) {
        warned = true;
        say(`\n${signal}: cleaning up; send it again to abandon the cleanup (things may be left on the clusters)`);
        return;
      }
      abandonCleanup = true;
      stopChildren();
      return;
    }
    if (interrupted) return;
    interrupted = true;
    say(`\n${signal}: stopping, then cleaning up...`);
    stopChildren();
  });
}

let stepNo = 0;
/** Runs one step, printing a progress line with its duration; rethrows failures. */
async function step(title, fn) {
  stepNo += 1;
  const t0 = Date.now();
  process.stdout.write(`[${String(stepNo).padStart(2)}] ${title} ... `);
  try {
    const detail = await fn();
    say(`ok (${seconds(Date.now() - t0)})${detail ? ` ${detail}` : ''}`);
    return detail;
  } catch (error) {
    say(`FAILED (${seconds(Date.now() - t0)})`);
    throw error;
  }
}

/** Runs `CLI ARGS` (terraform or tofu) in `dir` with `env`; its own process group, killed on timeout; resolves with its output. */
function terraform(dir, args, env, timeoutMs) {
  return new Promise((resolve, reject) => {
    if (cleaningUp ? abandonCleanup : interrupted) { reject(new Error('interrupted')); return; }
    const child = spawn(CLI, [...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.add(child);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
      output += `\n(killed after ${seconds(timeoutMs)})`;
    }, timeoutMs);
    child.on('error', (error) => { clearTimeout(timer); children.delete(child); reject(error); });
    child.on('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      if (code === 0) resolve(output);
      else reject(new Error(`${CLI_NAME} ${args[0]} in ${path.basename(dir)} exited ${code}:\n${redact(output).trim().split('\n').slice(-40).join('\n')}`));
    });
  });
}

/** The environment of one stack: inherited settings without the user's TF_* ones, plus ours. */
function stackEnv(cliConfig, vars) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('TF_') && !name.startsWith('CONSUL_') && !name.startsWith('DEMO_')) env[name] = value;
  }
  Object.assign(env, { TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' });
  for (const [name, value] of Object.entries(vars)) if (value) env[`TF_VAR_${name}`] = value;
  return env;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const errorText = (error) => redact(error instanceof Error ? error.message : String(error));

async function main() {
  let clusters;
  say(`consul-peering demo: two stacks (demo/acceptor on dc1, demo/dialer on dc2) applied with the real ${CLI_NAME} CLI`);
  if (useReal) {
    clusters = {
      dc1: { address: real.dc1, token: process.env.DEMO_DC1_TOKEN?.trim() || null },
      dc2: { address: real.dc2, token: process.env.DEMO_DC2_TOKEN?.trim() || null },
    };
    secrets.push(clusters.dc1.token, clusters.dc2.token);
    await step(`use the real clusters dc1=${clusters.dc1.address} dc2=${clusters.dc2.address}`, async () => {
      for (const name of ['dc1', 'dc2']) await client(clusters[name]).listPeerings();
    });
  } else {
    await step('start two emulated Consul clusters (dc1, dc2) on 127.0.0.1', async () => {
      const { startSimulator } = require(path.join(ROOT, 'dist', 'sim'));
      sim = await startSimulator({ clusters: ['dc1', 'dc2'] });
      clusters = {
        dc1: { address: sim.cluster('dc1').address, token: sim.cluster('dc1').token },
        dc2: { address: sim.cluster('dc2').address, token: sim.cluster('dc2').token },
      };
      secrets.push(clusters.dc1.token, clusters.dc2.token);
      return `dc1=${clusters.dc1.address} dc2=${clusters.dc2.address}`;
    });
  }
  main.clusters = clusters;
  const dc1 = client(clusters.dc1);
  const dc2 = client(clusters.dc2);

  await step('register service "web" on dc1 (PUT /v1/agent/service/register)', async () => {
    await consulHttp(clusters.dc1, 'PUT', '/v1/agent/service/register', { ID: 'web', Name: 'web', Port: 8080 });
    registeredWeb = true;
  });

  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-peering-demo-'));
  const mirror = path.join(tmp, 'mirror');
  const cliConfig = path.join(tmp, 'terraform.tfrc');
  await step('install the provider into a temporary filesystem mirror', async () => {
    const run = spawnSync(process.execPath, [PROVIDER_BIN, 'install', '--mirror', mirror, '--cli-config', cliConfig], { encoding: 'utf8', timeout: 30_000 });
    if (run.status !== 0) throw new Error(`consul-peering-terraform install exited ${run.status}: ${run.stderr}`);
  });

  const stacks = {};
  for (const name of ['acceptor', 'dialer']) {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(ROOT, 'demo', name, 'main.tf'), path.join(dir, 'main.tf'));
    stacks[name] = dir;
  }
  // Both stacks share a passphrase (as the two teams would, out of band): the token is stored sealed in both states.
  const passphrase = process.env.DEMO_TOKEN_PASSPHRASE?.trim() || randomBytes(24).toString('base64url');
  secrets.push(passphrase);
  const env = {
    acceptor: stackEnv(cliConfig, { consul_addr: clusters.dc1.address, consul_token: clusters.dc1.token, token_passphrase: passphrase }),
    dialer: stackEnv(cliConfig, {
      consul_addr: clusters.dc2.address, consul_token: clusters.dc2.token, acceptor_state: path.join(stacks.acceptor, 'terraform.tfstate'), token_passphrase: passphrase,
    }),
  };
  main.cleanupStacks = { stacks, env };

  for (const name of ['acceptor', 'dialer']) {
    await step(`${CLI_NAME} init   (${name}, offline from the mirror)`, () => terraform(stacks[name], ['init', '-input=false', '-no-color'], env[name], TIMEOUT.init).then(() => ''));
  }
  await step(`${CLI_NAME} apply  (acceptor on dc1: peering token, exported-services, intentions)`, async () => {
    applied.acceptor = true;
    const output = await terraform(stacks.acceptor, ['apply', '-auto-approve', '-input=false', '-no-color'], env.acceptor, TIMEOUT.apply);
    return summary(output);
  });
  await step(`${CLI_NAME} apply  (dialer on dc2: peering established with the acceptor's token)`, async () => {
    applied.dialer = true;
    const output = await terraform(stacks.dialer, ['apply', '-auto-approve', '-input=false', '-no-color'], env.dialer, TIMEOUT.apply);
    return summary(output);
  });

  await step('read the result back from both clusters (until "web" is imported on dc2)', () => readReport(clusters, dc1, dc2));
  main.report.stateSecrecy = stateSecrecy(stacks);
  if (!main.report.stateSecrecy.ok) main.report.problems.push(main.report.stateSecrecy.text);
  printReport(main.report);
  if (main.report.problems.length > 0) throw new Error(`the report shows problems: ${main.report.problems.join('; ')}`);
}

/** What the two state files hold of the peering token: sealed copies only, and nothing on the dialer's peering. */
function stateSecrecy(stacks) {
  const load = (name) => JSON.parse(fs.readFileSync(path.join(stacks[name], 'terraform.tfstate'), 'utf8'));
  const attributes = (state, type) => state.resources.find((resource) => resource.type === type)?.instances?.[0]?.attributes ?? {};
  const acceptor = load('acceptor');
  const dialer = load('dialer');
  const generated = String(attributes(acceptor, 'consulpeering_peering_token').peering_token ?? '');
  const copied = String(attributes(dialer, 'terraform_remote_state').outputs?.value?.peering_token ?? '');
  const peering = attributes(dialer, 'consulpeering_peering');
  const sealed = (text) => text.startsWith('consulpeering-sealed-v1:');
  const ok = sealed(generated) && sealed(copied) && peering.peering_token === null && /^sha256:/.test(peering.token_fingerprint ?? '');
  return {
    ok,
    text: ok ? 'sealed in the acceptor\'s state and in the dialer\'s remote-state copy; the dialer\'s peering keeps only its fingerprint'
      : 'a state file holds the peering token unsealed',
  };
}

/** `Resources: 3 added, 0 changed, 0 destroyed.` out of an apply's output. */
function summary(output) {
  const line = output.split('\n').find((entry) => /^(Apply|Destroy) complete!/.test(entry.trim()));
  return line ? `— ${line.trim().replace(/^(Apply|Destroy) complete! /, '')}` : '';
}

function client(cluster) {
  return ConsulClient.fromSettings({ address: cluster.address, ...(cluster.token ? { token: cluster.token } : {}) }, { timeoutMs: 10_000 }, {});
}

/** One plain HTTP call (for the agent endpoint the client does not cover). */
async function consulHttp(cluster, method, urlPath, body) {
  const response = await fetch(`${cluster.address.replace(/\/$/, '')}${urlPath}`, {
    method,
    headers: { ...(cluster.token ? { 'X-Consul-Token': cluster.token } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${urlPath}: HTTP ${response.status} ${text.trim()}`);
  try { return JSON.parse(text); } catch { return text; }
}

/** Polls both clusters (at most 30 s) until both sides are ACTIVE and dc2 imports web; keeps what it saw last. */
async function readReport(clusters, dc1, dc2) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const report = { problems: [] };
    try {
      report.acceptor = await dc1.readPeering('dc2');
      report.dialer = await dc2.readPeering('dc1');
      const streamExported = report.acceptor.StreamStatus?.ExportedServices ?? [];
      let resolved = [];
      try {
        resolved = (await dc1.listExportedServices()).filter((entry) => (entry.Consumers?.Peers ?? []).includes('dc2')).map((entry) => entry.Service);
      } catch { /* Consul before 1.17.3 has no /v1/exported-services */ }
      report.exported = [...new Set([...resolved, ...streamExported])].sort();
      let imported = report.dialer.StreamStatus?.ImportedServices ?? [];
      if (!imported.includes('web')) {
        const instances = await consulHttp(clusters.dc2, 'GET', '/v1/health/service/web?peer=dc1').catch(() => []);
        if (Array.isArray(instances) && instances.length > 0) imported = [...imported, 'web'];
      }
      report.imported = [...new Set(imported)].sort();
      report.intention = await dc1.readConfigEntry('service-intentions', 'web');
    } catch (error) {
      report.problems.push(errorText(error));
    }
    const sources = report.intention?.Sources ?? [];
    if (report.acceptor?.State !== 'ACTIVE') report.problems.push(`dc1's peering "dc2" is ${report.acceptor?.State ?? 'missing'}`);
    if (report.dialer?.State !== 'ACTIVE') report.problems.push(`dc2's peering "dc1" is ${report.dialer?.State ?? 'missing'}`);
    if (!(report.exported ?? []).includes('web')) report.problems.push('dc1 does not export web to dc2');
    if (!(report.imported ?? []).includes('web')) report.problems.push('dc2 does not import web yet');
    if (!sources.some((source) => source.Name === 'frontend' && source.Peer === 'dc2' && source.Action === 'allow')) report.problems.push('no intention frontend (dc2) -> web allow on dc1');
    main.report = report;
    if (report.problems.length === 0 || Date.now() > deadline || interrupted) return report.problems.length === 0 ? '' : `(still: ${report.problems.join('; ')})`;
    await sleep(250);
  }
}

function printReport(report) {
  const line = (text) => say(`  ${text}`);
  say('');
  say('Report (read from both clusters):');
  line(`peering on dc1 (acceptor), peer "dc2": ${report.acceptor?.State ?? 'missing'}${report.acceptor?.Remote ? `  remote datacenter ${report.acceptor.Remote.Datacenter}` : ''}`);
  line(`peering on dc2 (dialer),   peer "dc1": ${report.dialer?.State ?? 'missing'}${report.dialer?.Remote ? `  remote datacenter ${report.dialer.Remote.Datacenter}` : ''}`);
  line(`exported by dc1 to dc2: ${(report.exported ?? []).join(', ') || '(none)'}`);
  line(`imported on dc2 from dc1: ${(report.imported ?? []).join(', ') || '(none)'}`);
  for (const source of report.intention?.Sources ?? []) {
    line(`intention on dc1: ${source.Name} (peer ${source.Peer ?? '-'}) -> web: ${source.Action ?? '(permissions)'}`);
  }
  if (!report.intention) line('intention on dc1: (none)');
  if (report.stateSecrecy) line(`peering token in Terraform state: ${report.stateSecrecy.text}`);
  say('');
}

/** Tears down in reverse order; every part is attempted; returns the failures. */
async function cleanup() {
  const failures = [];
  const attempt = async (title, fn) => {
    try { await step(title, fn); } catch (error) { failures.push(`${title}: ${errorText(error)}`); }
  };
  cleaningUp = true;
  const stacks = main.cleanupStacks;
  if (stacks && applied.dialer) {
    await attempt(`${CLI_NAME} destroy (dialer)`, async () => summary(await terraform(stacks.stacks.dialer, ['destroy', '-auto-approve', '-input=false', '-no-color'], stacks.env.dialer, TIMEOUT.destroy)));
  }
  if (stacks && applied.acceptor) {
    await attempt(`${CLI_NAME} destroy (acceptor)`, async () => summary(await terraform(stacks.stacks.acceptor, ['destroy', '-auto-approve', '-input=false', '-no-color'], stacks.env.acceptor, TIMEOUT.destroy)));
  }
  if (main.clusters && (applied.acceptor || applied.dialer)) {
    // Once the dialer deletes its side, dc1's peering turns TERMINATED and the acceptor stack's refresh drops the
    // token from its state, so Consul may still hold that TERMINATED peering: delete it so a re-run starts clean.
    await attempt('peerings left behind by the stacks (deleted if any)', async () => {
      const left = [];
      for (const [cluster, peer] of [['dc1', 'dc2'], ['dc2', 'dc1']]) {
        const api = client(main.clusters[cluster]);
        const found = (await api.listPeerings()).filter((entry) => entry.Name === peer && entry.State !== 'DELETING');
        for (const entry of found) {
          await api.deletePeering(peer);
          left.push(`${cluster}/${peer} (${entry.State})`);
        }
      }
      return left.length === 0 ? '— none' : `— deleted ${left.join(', ')}`;
    });
  }
  if (registeredWeb && useReal) {
    await attempt('deregister service "web" on dc1', () => consulHttp({ address: real.dc1, token: process.env.DEMO_DC1_TOKEN?.trim() || null }, 'PUT', '/v1/agent/service/deregister/web').then(() => ''));
  }
  if (sim) await attempt('stop the emulated clusters', () => sim.stop().then(() => ''));
  if (tmp) await attempt('remove temporary directories', async () => { fs.rmSync(tmp, { recursive: true, force: true }); });
  return failures;
}

let failure;
try {
  await main();
} catch (error) {
  failure = error;
}
const cleanupFailures = await cleanup();
if (failure !== undefined) {
  process.stderr.write(interrupted ? '\ndemo interrupted\n' : `\ndemo failed: ${errorText(failure)}\n`);
}
for (const entry of cleanupFailures) process.stderr.write(`cleanup: ${entry}\n`);
const ok = failure === undefined && cleanupFailures.length === 0 && !interrupted;
say(`${ok ? 'demo finished' : 'demo FAILED'} in ${seconds(Date.now() - started)}`);
process.exit(ok ? 0 : 1);
