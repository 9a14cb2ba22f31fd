// Builds Go programs of a pinned module (tools/<name>/go.mod) into a cache outside the clone, once:
// an exclusive lock per output folder, progress on stderr every 15 s, atomic rename, Ctrl-C safe.
// Used by consul-install.mjs and pulumi-install.mjs; the cache rule is mirrored in test/harness/*-binary.ts.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A logger prefixed with the tool's name, and a fatal exit. */
export function reporter(label) {
  const started = Date.now();
  const log = (message) => process.stderr.write(`${label}: ${message}\n`);
  return {
    log,
    elapsed: () => `${Math.round((Date.now() - started) / 1000)} s`,
    fail(message) {
      log(message);
      process.exit(1);
    },
  };
}

/** The cache directory: $CONSUL_PEERING_CACHE, $XDG_CACHE_HOME/consul-peering or ~/.cache/consul-peering. */
export function cacheDir() {
  const env = process.env;
  if (env.CONSUL_PEERING_CACHE) return path.resolve(env.CONSUL_PEERING_CACHE);
  if (env.XDG_CACHE_HOME) return path.resolve(env.XDG_CACHE_HOME, 'consul-peering');
  return path.join(os.homedir(), '.cache', 'consul-peering');
}

/** The version of `modulePath` that tools/<tool>/go.mod requires. */
export function requiredVersion(tool, modulePath) {
  const goMod = fs.readFileSync(path.join(repoRoot, 'tools', tool, 'go.mod'), 'utf8');
  const escaped = modulePath.replace(/[./]/g, (c) => `\\${c}`);
  const match = new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+v(\\S+)`, 'm').exec(goMod);
  if (!match) throw new Error(`tools/${tool}/go.mod does not require ${modulePath}`);
  return match[1];
}

/** `<bin> <args>` stdout when it runs, otherwise null. */
export function outputOf(bin, args) {
  const result = spawnSync(bin, args, { encoding: 'utf8', timeout: 30_000 });
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

/** Takes an exclusive lock file (holding our pid) in `dir`; waits while another live process holds it. */
async function lock(dir, report, ready) {
  const lockFile = path.join(dir, '.build.lock');
  let lastNotice = 0;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return lockFile;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
    if (!Number.isInteger(holder) || !pidAlive(holder)) {
      fs.rmSync(lockFile, { force: true }); // stale: its builder died
      continue;
    }
    if (Date.now() - lastNotice > 15_000) {
      report.log(`another build (pid ${holder}) is running, waiting for it (${report.elapsed()})`);
      lastNotice = Date.now();
    }
    await sleep(1000);
    if (!fs.existsSync(lockFile) && ready()) return null;
  }
}

async function goBuild(report, moduleDir, output, pkg, ldflags) {
  const args = ['build', '-o', output, ...(ldflags ? ['-ldflags', ldflags] : []), pkg];
  report.log(`go ${args.join(' ')}   (in ${path.relative(process.cwd(), moduleDir) || '.'})`);
  const child = spawn('go', args, { cwd: moduleDir, stdio: ['ignore', 'inherit', 'inherit'] });
  let interrupted = null;
  const forward = (signal) => {
    child.kill(interrupted ? 'SIGKILL' : signal); // a second signal, or a go that ignores the first, gets SIGKILL
    interrupted = signal;
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const ticker = setInterval(() => report.log(`still building… ${report.elapsed()}`), 15_000);
  const [code, signal] = await new Promise((resolve) => child.on('exit', (c, s) => resolve([c, s])));
  clearInterval(ticker);
  process.off('SIGINT', forward);
  process.off('SIGTERM', forward);
  if (interrupted) report.fail(`interrupted by ${interrupted}; nothing installed`);
  if (code !== 0) report.fail(`go build failed (${signal ?? `exit ${code}`}) after ${report.elapsed()}`);
}

/**
 * Builds every `{ file, module, pkg, ldflags, check }` of `builds` into `dir` unless `check(path)` already
 * passes there. `module` is a folder under tools/. Returns when all are in place.
 */
export async function buildIntoCache(report, dir, builds) {
  const relative = path.relative(repoRoot, dir);
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) report.fail(`the cache ${dir} is inside the clone; point CONSUL_PEERING_CACHE elsewhere`);
  const missing = () => builds.filter((build) => !(fs.existsSync(path.join(dir, build.file)) && build.check(path.join(dir, build.file))));
  if (missing().length === 0) return 'cached';
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) report.fail('Go is not installed (no working `go` on PATH): install Go 1.26 or newer.');
  fs.mkdirSync(dir, { recursive: true });
  const lockFile = await lock(dir, report, () => missing().length === 0);
  if (lockFile === null) return 'built-by-other';
  const temps = [];
  const cleanUp = () => {
    temps.forEach((temp) => fs.rmSync(temp, { force: true }));
    if (fs.existsSync(lockFile) && fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.rmSync(lockFile);
  };
  process.on('exit', cleanUp);
  try {
    for (const build of missing()) {
      report.log(`building ${build.file} with ${go.stdout.trim()} (module downloads + compile: minutes when cold, seconds when warm)`);
      const temp = path.join(dir, `.${build.file}.tmp-${process.pid}`);
      temps.push(temp);
      await goBuild(report, path.join(repoRoot, 'tools', build.module), temp, build.pkg, build.ldflags);
      if (!build.check(temp)) report.fail(`the built ${build.file} does not pass its version check`);
      fs.renameSync(temp, path.join(dir, build.file));
      report.log(`built ${build.file} in ${report.elapsed()}`);
    }
    return 'built';
  } finally {
    cleanUp();
  }
}

/**
 * The main of an install script for one Go-built CLI: `binEnv` (e.g. CONSUL_BIN) names a binary to use instead (only
 * checked with `<bin> version`), else tools/<tool>/go.mod's version of `modulePath` is built (package `pkg`) into
 * <cache>/<tool>-<version>/<file> unless already there and reporting `versionText` + the version. Prints the path last.
 */
export async function installGoCli({ label, binEnv, tool, modulePath, pkg, file, versionText }) {
  const report = reporter(label);
  try {
    if (process.env[binEnv]) {
      const given = process.env[binEnv];
      const bin = given.includes(path.sep) ? path.resolve(given) : given;
      const out = outputOf(bin, ['version']);
      if (out === null) report.fail(`${binEnv}=${given} does not run (\`${given} version\` failed)`);
      report.log(`using ${binEnv}: ${out.split('\n')[0]}`);
      process.stdout.write(`${bin}\n`);
      return;
    }
    const version = requiredVersion(tool, modulePath);
    const dir = path.join(cacheDir(), `${tool}-${version}`);
    const binary = path.join(dir, file);
    const check = (bin) => (outputOf(bin, ['version']) ?? '').includes(`${versionText}${version}`);
    const how = await buildIntoCache(report, dir, [{ file, module: tool, pkg, check }]);
    report.log(how === 'cached' ? `${file} ${version} already built at ${binary}` : `${file} ${version} ready at ${binary}`);
    process.stdout.write(`${binary}\n`);
  } catch (error) {
    report.fail(error instanceof Error ? error.message : String(error));
  }
}
