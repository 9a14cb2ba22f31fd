// The provider executable runs the compiled JavaScript in dist/: rebuild it (once, under a lock shared by Jest's
// workers) when a source it is made of is newer, so end-to-end tests never run stale code.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const OUTPUT = path.join(ROOT, 'dist', 'terraform', 'main.js');
const SOURCES = ['src/terraform', 'src/core', 'src/consul', 'src/index.ts'].map((part) => path.join(ROOT, part));

function newestSource(): number {
  let newest = 0;
  const visit = (entry: string): void => {
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) fs.readdirSync(entry).forEach((name) => visit(path.join(entry, name)));
    else if (entry.endsWith('.ts')) newest = Math.max(newest, stat.mtimeMs);
  };
  SOURCES.filter((entry) => fs.existsSync(entry)).forEach(visit);
  return newest;
}

const fresh = (): boolean => fs.existsSync(OUTPUT) && fs.statSync(OUTPUT).mtimeMs >= newestSource();

/** Makes sure dist/ holds the current provider (runs `tsc -p tsconfig.build.json` when it does not). */
export function ensureProviderBuilt(): void {
  if (fresh()) return;
  const lock = path.join(os.tmpdir(), `consul-peering-build-${Buffer.from(ROOT).toString('hex').slice(-16)}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`build lock ${lock} held for 3 minutes; remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (!fresh()) {
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
        cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], timeout: 170_000,
      });
    }
  } catch (error) {
    // tsc exits non-zero on type errors elsewhere but still writes the JavaScript; only a missing output is fatal.
    if (!fs.existsSync(OUTPUT)) throw error;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
