#!/usr/bin/env node
// ClusterMesh against Consul's own pace (issue 22): a full mesh of 5 real Consul servers (10 tokens, 10 peerings)
// 1. driven through the raw HTTP API (every pair at once: token on the earlier cluster, establish on the later one),
//    timed until all 20 records are ACTIVE: the time Consul itself needs;
// 2. `terraform apply` of modules/cluster-mesh (5 clusters, `init` done before the servers start), timed until it
//    returns (every record is ACTIVE by then: checked, and the plan after the first is checked empty);
// 3. `pulumi up --parallel 20` of the ClusterMesh component (native provider plugin), timed and checked the same way
//    (each peering holds one of the engine's slots until ACTIVE: with the default of 4 per CPU, 8 here, two of the
//    ten wait for a slot and then for Consul's next syncer run, ~5 s later);
// each on its own 5 servers, median of 3, printed with its ratio to (1) (goal: within 1.2x). Twice: on servers started
// right before (Consul's peering syncer has no run left in its burst, so nothing is ACTIVE before ~5 s), then on
// servers up for 26 s (the burst refilled: the first establishes go through at once, later ones wait for the
// syncer's next run, 5 s on). Then a 10-cluster mesh (45 pairs) on the emulator, raw API
// next to `pulumi up` (the HCL module has five provider slots). Needs a build, `terraform` on PATH, the Pulumi
// engine (`npm run pulumi:install`) and the real Consul (`npm run consul:install`).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pulumiBinDir, pulumiWorkspace } from './lib/pulumi.mjs';
import { median } from './lib/stats.mjs';
import { installProvider, requireTerraform, terraformIn } from './lib/terraform.mjs';
import { requireTypeScript } from './lib/typescript.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startSimulator } = require(path.join(root, 'dist/sim/index.js'));
const { startConsulServers } = requireTypeScript(path.join(root, 'test/harness/consul-servers.ts'));
const { consulBinaryPath } = requireTypeScript(path.join(root, 'test/harness/consul-binary.ts'));

const RUNS = 3;
const REAL_NAMES = ['dc1', 'dc2', 'dc3', 'dc4', 'dc5'];
const EMULATED_NAMES = Array.from({ length: 10 }, (_, at) => `dc${at + 1}`);
const ACTIVE_DEADLINE_MS = 120_000;
/**
 * Pulumi's --parallel for the five-cluster mesh: at least its 10 peerings, each holding a slot until ACTIVE (as
 * Terraform's default -parallelism of 10 does); for the ten-cluster one, at least its 45.
 */
const PARALLEL = 20;
const EMULATED_PARALLEL = 64;
/** Consul's peering syncer may run 5 times at once, then once per 5 s: after 26 s idle its burst is whole again. */
const SETTLE_MS = 26_000;

requireTerraform();
if (!fs.existsSync(consulBinaryPath())) {
  console.error(`cluster mesh: the real Consul is not built (${consulBinaryPath()}); run \`npm run consul:install\``);
  process.exit(1);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-peering-bench-mesh-'));
const pulumi = pulumiWorkspace(tmp, pulumiBinDir('cluster mesh'));
const cliConfig = installProvider(tmp);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Every pair once, the earlier cluster first (it generates the token). */
const pairsOf = (names) => names.flatMap((acceptor, at) => names.slice(at + 1).map((dialer) => [acceptor, dialer]));

/** One call to a cluster's HTTP API; resolves with the parsed body, rejects on a non-2xx status. */
async function consul(cluster, method, urlPath, body) {
  const response = await fetch(`${cluster.address}${urlPath}`, { method, ...(body ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${urlPath} on ${cluster.datacenter}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Resolves when both records of every pair are ACTIVE (polled every 50 ms); rejects after `withinMs` (0: checked once). */
async function allActive(clusters, pairs, withinMs = ACTIVE_DEADLINE_MS) {
  const byName = new Map(clusters.map((cluster) => [cluster.datacenter, cluster]));
  const deadline = Date.now() + withinMs;
  let waiting = pairs.flatMap(([acceptor, dialer]) => [[acceptor, dialer], [dialer, acceptor]]);
  while (waiting.length > 0) {
    const states = await Promise.all(waiting.map(([at, peer]) => consul(byName.get(at), 'GET', `/v1/peering/${peer}`).then((read) => read?.State, () => undefined)));
    waiting = waiting.filter((_, index) => states[index] !== 'ACTIVE');
    if (waiting.length === 0) return;
    if (Date.now() >= deadline) throw new Error(`not ACTIVE after ${withinMs} ms: ${waiting.map((record) => record.join('->')).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The raw HTTP API: every pair's token and establish at once, then until every record is ACTIVE; milliseconds. */
async function rawMesh(clusters) {
  const byName = new Map(clusters.map((cluster) => [cluster.datacenter, cluster]));
  const pairs = pairsOf(clusters.map((cluster) => cluster.datacenter));
  const started = performance.now();
  await Promise.all(pairs.map(async ([acceptor, dialer]) => {
    const { PeeringToken } = await consul(byName.get(acceptor), 'POST', '/v1/peering/token', { PeerName: dialer });
    await consul(byName.get(dialer), 'POST', '/v1/peering/establish', { PeerName: acceptor, PeeringToken });
  }));
  await allActive(clusters, pairs);
  return performance.now() - started;
}

/** A Terraform root module of modules/cluster-mesh over 5 clusters whose addresses come from var.addresses. */
function terraformMesh(dir) {
  const slots = REAL_NAMES.map((name, at) => `consulpeering.c${at + 1} = consulpeering.${name}`).join('\n    ');
  const providers = REAL_NAMES.map((name) => `provider "consulpeering" {\n  alias   = "${name}"\n  address = var.addresses["${name}"]\n}`).join('\n\n');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'main.tf'), `terraform {
  required_providers {
    consulpeering = { source = "terraform.local/consul-peering/consulpeering" }
  }
}

variable "addresses" {
  type = map(string)
}

${providers}

module "mesh" {
  source = ${JSON.stringify(path.join(root, 'modules', 'cluster-mesh'))}
  providers = {
    ${slots}
  }
  clusters = [${REAL_NAMES.map((name) => `{ name = "${name}" }`).join(', ')}]
}
`);
}

/** A Pulumi program of one ClusterMesh over the clusters of the stack config `addresses` (name → HTTP address). */
const PULUMI_PROGRAM = `import * as pulumi from '@pulumi/pulumi';
import { ClusterMesh, Provider } from 'consul-peering/pulumi';

const addresses = new pulumi.Config().requireObject<Record<string, string>>('addresses');
const mesh = new ClusterMesh('mesh', {
  clusters: Object.entries(addresses).map(([name, address]) => ({ name, provider: new Provider(name, { address }) })),
});
export const states = mesh.states;
`;

/** A Pulumi project and stack (initialised) for PULUMI_PROGRAM; `configure(clusters)` writes the stack's addresses. */
async function pulumiMesh(name) {
  const backend = fs.mkdtempSync(path.join(tmp, 'backend-'));
  const dir = pulumi.project(name, {
    'Pulumi.yaml': `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nplugins:\n  providers:\n    - name: consulpeering\n      path: ${path.join(root, 'bin')}\n`,
    'package.json': `{"name":"${name}","main":"index.ts"}`,
    'index.ts': PULUMI_PROGRAM,
  });
  await pulumi.run(dir, ['stack', 'init', 'dev'], { backend });
  return {
    configure(clusters) {
      const lines = clusters.map((cluster) => `    ${cluster.datacenter}: ${cluster.address}`);
      fs.appendFileSync(path.join(dir, 'Pulumi.dev.yaml'), `config:\n  ${name}:addresses:\n${lines.join('\n')}\n`);
    },
    /** `pulumi up` with room for every peering at once (the engine's default, 4 per CPU, is 8 on this 2-core machine). */
    up: (parallel) => pulumi.run(dir, ['up', '--yes', '--skip-preview', '--parallel', String(parallel)], { backend }),
    previewNoChanges: () => pulumi.run(dir, ['preview', '--expect-no-changes'], { backend }),
  };
}

/** Resolves after `ms` milliseconds. */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One round of the three measures on real Consul, each on its own 5 servers. `settleMs` 0: each set is started right
 * before its measure (Consul's peering syncer then has no run left in its burst: the first establish waits up to 5 s).
 * Otherwise the three sets start together and idle for `settleMs` first (the syncer's burst of 5 runs refilled, as
 * on servers that have been up a while).
 */
async function round(run, settleMs) {
  const dir = path.join(tmp, `terraform-${settleMs}-${run}`);
  terraformMesh(dir);
  const terraform = terraformIn(dir, cliConfig, { CONSUL_PEERING_TOKEN_PASSPHRASE: 'bench passphrase that seals the tokens' }); // as users run it
  await terraform('init', '-input=false');
  const stack = await pulumiMesh(`mesh5-${settleMs}-${run}`);
  const start = () => startConsulServers({ datacenters: REAL_NAMES });
  const settled = settleMs > 0 ? await Promise.all([start(), start(), start()]) : [];
  if (settleMs > 0) await sleep(settleMs);
  const onServers = async (index, measure) => {
    const set = settled[index] ?? await start();
    try {
      return await measure(set.servers);
    } finally {
      await set.stop();
    }
  };
  try {
    const raw = await onServers(0, rawMesh);
    const apply = await onServers(1, async (servers) => {
      const variables = ['-var', `addresses=${JSON.stringify(Object.fromEntries(servers.map((server) => [server.datacenter, server.address])))}`];
      const { seconds: applied } = await terraform('apply', '-auto-approve', '-input=false', ...variables);
      await allActive(servers, pairsOf(REAL_NAMES), 0); // when apply returns, every record is ACTIVE (checked, not assumed)
      if (run === 0) {
        const { code } = await terraform('plan', '-input=false', '-detailed-exitcode', ...variables);
        if (code !== 0) throw new Error('terraform plan after the mesh apply wants changes');
      }
      return applied * 1000;
    });
    const up = await onServers(2, async (servers) => {
      stack.configure(servers);
      const ms = await stack.up(PARALLEL);
      await allActive(servers, pairsOf(REAL_NAMES), 0);
      if (run === 0) await stack.previewNoChanges();
      return ms;
    });
    return { raw, apply, up };
  } finally {
    await Promise.all(settled.map((set) => set.stop()));
  }
}

/** RUNS rounds, then one line of medians and ratios to the raw API, one of every run. */
async function realConsul(settleMs, label) {
  const rounds = [];
  for (let run = 0; run < RUNS; run += 1) rounds.push(await round(run, settleMs));
  const [raw, apply, up] = ['raw', 'apply', 'up'].map((key) => rounds.map((measured) => measured[key]));
  const base = median(raw);
  console.log(`cluster mesh, 5 real Consul servers ${label} (10 peerings, 20 records ACTIVE), median of ${RUNS}: raw HTTP API ${seconds(base)}; `
    + `terraform apply (modules/cluster-mesh) ${seconds(median(apply))} = ${(median(apply) / base).toFixed(2)}x; `
    + `pulumi up --parallel ${PARALLEL} (ClusterMesh) ${seconds(median(up))} = ${(median(up) / base).toFixed(2)}x; goal within 1.2x`);
  console.log(`  runs: raw ${raw.map(seconds).join(', ')}; terraform ${apply.map(seconds).join(', ')}; pulumi ${up.map(seconds).join(', ')}`);
}

/** Starts the emulator's 10 clusters, runs `measure(clusters)` right away, stops them; resolves with what it measured. */
async function onFreshEmulator(measure) {
  const sim = await startSimulator({ clusters: EMULATED_NAMES });
  try {
    return await measure(sim.clusters);
  } finally {
    await sim.stop();
  }
}

async function emulated() {
  const raw = [];
  const up = [];
  for (let run = 0; run < RUNS; run += 1) {
    raw.push(await onFreshEmulator(rawMesh));
    const stack = await pulumiMesh(`mesh10-${run}`);
    up.push(await onFreshEmulator(async (clusters) => {
      stack.configure(clusters);
      const ms = await stack.up(EMULATED_PARALLEL);
      await allActive(clusters, pairsOf(EMULATED_NAMES), 0);
      return ms;
    }));
  }
  console.log(`cluster mesh, 10 emulated clusters (45 peerings, 90 records ACTIVE), median of ${RUNS}: raw HTTP API ${seconds(median(raw))}; `
    + `pulumi up --parallel ${EMULATED_PARALLEL} (ClusterMesh) ${seconds(median(up))}`);
}

try {
  await realConsul(0, 'just started');
  await realConsul(SETTLE_MS, `up for ${SETTLE_MS / 1000} s`);
  await emulated();
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
