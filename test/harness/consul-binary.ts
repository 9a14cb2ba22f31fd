// Where the real Consul binary used by the tests lives, and building it on demand.
// The cache-path rule is the same as in scripts/consul-install.mjs: keep the two identical.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pinnedToolVersion, toolCacheDir } from '../support/cache';

const repoRoot = path.resolve(__dirname, '..', '..');
const installScript = path.join(repoRoot, 'scripts', 'consul-install.mjs');

/** The Consul version that tools/consul/go.mod pins (for example "1.22.7"). */
export const pinnedConsulVersion = (): string => pinnedToolVersion('consul', 'github.com/hashicorp/consul');

/** The consul binary to use: $CONSUL_BIN, else <cache>/consul-<version>/consul (it may not exist yet). */
export function consulBinaryPath(): string {
  const given = process.env['CONSUL_BIN'];
  if (given) return given.includes(path.sep) ? path.resolve(given) : given;
  return path.join(toolCacheDir(), `consul-${pinnedConsulVersion()}`, 'consul');
}

/** Returns the consul binary path, running scripts/consul-install.mjs first (progress on stderr) when it is missing. */
export async function ensureConsulBinary(): Promise<string> {
  const expected = consulBinaryPath();
  if (!process.env['CONSUL_BIN'] && fs.existsSync(expected)) return expected;
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [installScript], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`node scripts/consul-install.mjs failed (${signal ?? `exit ${String(code)}`}); see its stderr above`));
    });
  });
  const binary = stdout.trim().split('\n').pop() ?? '';
  if (!binary) throw new Error('scripts/consul-install.mjs printed no binary path');
  return binary;
}
