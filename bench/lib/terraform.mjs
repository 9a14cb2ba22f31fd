// The real `terraform` CLI for the benches: the provider installed into a filesystem mirror, and timed runs.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { installMirror } = require(path.join(root, 'dist/terraform/install.js'));

/** Exits unless `terraform` is on PATH. */
export function requireTerraform() {
  if (spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0) return;
  console.error('terraform is not on PATH');
  process.exit(1);
}

/** Installs the provider into a mirror under `tmp` and writes the CLI configuration that uses it; returns its path. */
export function installProvider(tmp) {
  const cliConfig = path.join(tmp, 'cli.tfrc');
  fs.writeFileSync(cliConfig, installMirror({ mirror: path.join(tmp, 'mirror') }).cliConfig);
  return cliConfig;
}

/**
 * A runner of `terraform ARGS -no-color` in `dir` with that CLI configuration: resolves with { seconds, code, output }
 * (seconds: wall time); rejects on a non-zero exit, except 2 with -detailed-exitcode (changes to make).
 */
export function terraformIn(dir, cliConfig, env = {}) {
  const fullEnv = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_LOG: '', ...env };
  return (...args) => new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('terraform', [...args, '-no-color'], { cwd: dir, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0 && !(args.includes('-detailed-exitcode') && code === 2)) reject(new Error(`terraform ${args.join(' ')} exited ${code}: ${output}`));
      else resolve({ seconds, code, output });
    });
  });
}
