#!/usr/bin/env node
// Start-up cost of the native Pulumi provider plugin, which the engine starts once per provider (default or explicit)
// in every command: the median time from spawning bin/pulumi-resource-consulpeering to its port line over 20 runs,
// next to a bare `node` printing one line (the floor no Node plugin can beat), interleaved. Needs a build (dist/).
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './lib/stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 20;

/** Milliseconds from spawn to the first stdout line. */
function firstLine(command, args) {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.on('error', reject);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (!out.includes('\n')) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      child.kill('SIGKILL');
      resolve(ms);
    });
  });
}

const plugin = path.join(root, 'bin', 'pulumi-resource-consulpeering');
const floorArgs = ['-e', 'process.stdout.write("x\\n"); setInterval(() => {}, 1000)'];
await firstLine(process.execPath, [plugin]); // warm the file cache
const started = [];
const floor = [];
for (let i = 0; i < RUNS; i += 1) {
  started.push(await firstLine(process.execPath, [plugin]));
  floor.push(await firstLine(process.execPath, floorArgs));
}
process.stdout.write(`pulumi plugin: median ${median(started).toFixed(1)} ms from spawning pulumi-resource-consulpeering to its port line over ${RUNS} runs `
  + `(min ${Math.min(...started).toFixed(1)} ms); bare node printing one line, same runs: median ${median(floor).toFixed(1)} ms\n`);
