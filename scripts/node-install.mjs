#!/usr/bin/env node
// Installs a pinned Node.js from the npm registry (the packages node-<os>-<arch>, a real binary in their bin/) into a
// cache outside the clone, for CI and the tests that run on a Node other than the one on PATH. Prints the folder that
// holds the `node` executable as the last line on stdout (progress on stderr): put it first on PATH.
//
//   node scripts/node-install.mjs [24|22]     (npm run node:install [-- 22]; default 24)
//
// CONSUL_PEERING_CACHE=DIR   cache directory (default $XDG_CACHE_HOME/consul-peering, then ~/.cache/consul-peering);
//                            Node <version> goes to DIR/node-<version>/node_modules/node-<os>-<arch>.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir, outputOf, reporter } from './lib/go-tool.mjs';

/** The pinned release of each supported major line (22 is the same as cdktn-install.mjs uses). */
export const NODE_VERSIONS = { 24: '24.22.3', 22: '22.23.3' };

const report = reporter('node-install');
const major = process.argv[2] ?? '24';
const version = NODE_VERSIONS[major];
if (!version) report.fail(`usage: node scripts/node-install.mjs [${Object.keys(NODE_VERSIONS).join('|')}] (got ${major})`);
const os = { linux: 'linux', darwin: 'darwin' }[process.platform];
const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
if (!os || !arch) report.fail(`no Node package on the npm registry for ${process.platform}-${process.arch}`);
const pkg = `node-${os}-${arch}`;

const dir = path.join(cacheDir(), `node-${version}`);
const binIn = (folder) => path.join(folder, 'node_modules', pkg, 'bin');
const works = (folder) => outputOf(path.join(binIn(folder), 'node'), ['--version']) === `v${version}`;

if (works(dir)) {
  report.log(`Node ${version} already installed at ${binIn(dir)}`);
} else {
  // Installed into a private folder, then renamed into place: a concurrent run or an interrupted one never leaves a
  // half-installed Node where the next run would take it.
  const temp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(temp, { recursive: true, force: true });
  fs.mkdirSync(temp, { recursive: true });
  fs.writeFileSync(path.join(temp, 'package.json'), `${JSON.stringify({ name: 'node-cache', private: true }, null, 2)}\n`);
  report.log(`installing Node ${version} (${pkg}@${version} from the npm registry) into ${dir}`);
  const run = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact', `${pkg}@${version}`],
    { cwd: temp, stdio: ['ignore', 2, 'inherit'], timeout: 600_000 });
  if (run.status !== 0 || !works(temp)) {
    fs.rmSync(temp, { recursive: true, force: true });
    report.fail(run.status !== 0 ? `npm install ${pkg}@${version} exited ${run.status ?? run.signal}` : `the installed ${pkg} does not run as v${version}`);
  }
  if (fs.existsSync(dir) && !works(dir)) fs.rmSync(dir, { recursive: true, force: true }); // a broken remnant
  try {
    fs.renameSync(temp, dir);
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    if (!works(dir)) throw error; // otherwise another run installed it meanwhile
  }
  report.log(`installed Node ${version} in ${report.elapsed()}`);
}
process.stdout.write(`${binIn(dir)}\n`);
