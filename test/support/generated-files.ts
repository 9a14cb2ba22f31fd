import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// What the staleness tests of generated code share: a generator script run into a temporary folder and compared,
// file by file, with the committed folder.

/** Every file under `dir`, relative path → text. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true })) {
    const file = path.join(dir, String(entry));
    if (fs.statSync(file).isFile()) files.set(String(entry), fs.readFileSync(file, 'utf8'));
  }
  return files;
}

/** Runs `script ...args --out <temporary folder>` and expects exactly the files of `committed`, with the same texts. */
export function expectRegenerated(script: string, committed: string, args: string[] = []): void {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-peering-fresh-'));
  try {
    execFileSync(process.execPath, [script, ...args, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
    const fresh = readTree(out);
    const files = readTree(committed);
    expect([...files.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [file, text] of fresh) expect([file, files.get(file)]).toEqual([file, text]);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
