#!/usr/bin/env node
// Builds the real Consul used by the test harness from the Go module proxy, into a cache outside
// the clone, and prints its path as the last line on stdout (progress goes to stderr).
//
//   node scripts/consul-install.mjs          (npm run consul:install)
//
// CONSUL_BIN=/path/to/consul     use that binary instead (it is only checked with `consul version`)
// CONSUL_PEERING_CACHE=DIR       cache directory (default $XDG_CACHE_HOME/consul-peering, then
//                                ~/.cache/consul-peering); the binary is DIR/consul-<version>/consul
//
// The version is the one tools/consul/go.mod requires. The same path rule is written in
// test/harness/consul-binary.ts: keep the two identical.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = path.join(repoRoot, 'tools', 'consul');
const started = Date.now();

function log(message) {
  process.stderr.write(`consul-install: ${message}\n`);
}

function fail(message) {
  log(message);
  process.exit(1);
}

function elapsed() {
  return `${Math.round((Date.now() - started) / 1000)} s`;
}

/** The Consul version tools/consul/go.mod requires. */
function consulVersion() {
  const goMod = fs.readFileSync(path.join(toolsDir, 'go.mod'), 'utf8');
  const match = /^\s*(?:require\s+)?github\.com\/hashicorp\/consul\s+v(\S+)/m.exec(goMod);
  if (!match) fail(`tools/consul/go.mod does not require github.com/hashicorp/consul`);
  return match[1];
}

/** The cache directory: $CONSUL_PEERING_CACHE, $XDG_CACHE_HOME/consul-peering or ~/.cache/consul-peering. */
function cacheDir() {
  const env = process.env;
  if (env.CONSUL_PEERING_CACHE) return path.resolve(env.CONSUL_PEERING_CACHE);
  if (env.XDG_CACHE_HOME) return path.resolve(env.XDG_CACHE_HOME, 'consul-peering');
  return path.join(os.homedir(), '.cache', 'consul-peering');
}

/** `<bin> version` output when the binary runs, otherwise null. */
function versionOf(bin) {
  const result = spawnSync(bin, ['version'], { encoding: 'utf8', timeout: 30_000 });
  if (result.error || result.status !== 0) return null;
  return result.stdout.trim();
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes an exclusive build lock (a file holding our pid); waits while another live build holds it. */
async function lock(lockFile, binary, version) {
  let lastNotice = 0;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
    if (!Number.isInteger(holder) || !pidAlive(holder)) {
      fs.rmSync(lockFile, { force: true }); // stale: its builder died
      continue;
    }
    if (Date.now() - lastNotice > 15_000) {
      log(`another build (pid ${holder}) is running, waiting for it (${elapsed()})`);
      lastNotice = Date.now();
    }
    await sleep(1000);
    if (!fs.existsSync(lockFile) && isWanted(binary, version)) return 'built-by-other';
  }
}

function isWanted(bin, version) {
  const out = fs.existsSync(bin) ? versionOf(bin) : null;
  return out !== null && out.includes(`Consul v${version}`);
}

async function main() {
  if (process.env.CONSUL_BIN) {
    const given = process.env.CONSUL_BIN;
    const bin = given.includes(path.sep) ? path.resolve(given) : given;
    const out = versionOf(bin);
    if (out === null) fail(`CONSUL_BIN=${given} does not run (\`${given} version\` failed)`);
    log(`using CONSUL_BIN: ${out.split('\n')[0]}`);
    process.stdout.write(`${bin}\n`);
    return;
  }

  const version = consulVersion();
  const dir = path.join(cacheDir(), `consul-${version}`);
  const binary = path.join(dir, 'consul');
  const relative = path.relative(repoRoot, binary);
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
    fail(`the cache ${dir} is inside the clone; point CONSUL_PEERING_CACHE elsewhere`);
  }
  if (isWanted(binary, version)) {
    log(`consul ${version} already built at ${binary}`);
    process.stdout.write(`${binary}\n`);
    return;
  }

  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) {
    fail('Go is not installed (no working `go` on PATH): install Go 1.26 or newer, or set CONSUL_BIN to a consul binary.');
  }

  fs.mkdirSync(dir, { recursive: true });
  const lockFile = path.join(dir, '.build.lock');
  if ((await lock(lockFile, binary, version)) === 'built-by-other') {
    log(`consul ${version} built by another process at ${binary}`);
    process.stdout.write(`${binary}\n`);
    return;
  }
  const temp = path.join(dir, `.consul.tmp-${process.pid}`);
  const cleanUp = () => {
    fs.rmSync(temp, { force: true });
    if (fs.existsSync(lockFile) && fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.rmSync(lockFile);
  };
  process.on('exit', cleanUp);
  try {
    if (isWanted(binary, version)) {
      log(`consul ${version} already built at ${binary}`);
      process.stdout.write(`${binary}\n`);
      return;
    }
    log(`building Consul ${version} with ${go.stdout.trim()} (module downloads + compile: minutes when cold, seconds when warm)`);
    log(`go build -o ${temp} github.com/hashicorp/consul   (in ${path.relative(process.cwd(), toolsDir) || '.'})`);
    const child = spawn('go', ['build', '-o', temp, 'github.com/hashicorp/consul'], {
      cwd: toolsDir,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    let interrupted = null;
    const forward = (signal) => {
      // A second signal, or a go that ignores the first (it lets a link finish), gets SIGKILL.
      child.kill(interrupted ? 'SIGKILL' : signal);
      interrupted = signal;
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const ticker = setInterval(() => log(`still building… ${elapsed()}`), 15_000);
    const [code, signal] = await new Promise((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    clearInterval(ticker);
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    if (interrupted) fail(`interrupted by ${interrupted}; nothing installed`);
    if (code !== 0) fail(`go build failed (${signal ?? `exit ${code}`}) after ${elapsed()}`);
    const out = versionOf(temp);
    if (out === null || !out.includes(`Consul v${version}`)) {
      fail(`the built binary does not report Consul v${version}: ${out ?? 'it does not run'}`);
    }
    fs.renameSync(temp, binary);
    log(`built ${out.split('\n')[0]} in ${elapsed()}: ${binary}`);
    process.stdout.write(`${binary}\n`);
  } finally {
    cleanUp();
  }
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
