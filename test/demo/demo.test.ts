// The README's main command, run as a user runs it: `npm run demo` in a child process (bounded), once against the
// in-process emulator and once against two real Consul dev servers (ACLs on) through DEMO_DC*_ADDR/_TOKEN, with
// terraform and with OpenTofu (`--cli`). It must
// exit 0, print the report (both sides ACTIVE, web exported and imported, the intention), print no secret and
// leave nothing behind on the clusters.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { selectedBackends, startClusters, type TestClusters } from '../support/backends';
import { leftovers } from '../terraform/support/scenario';
import { ensureProviderBuilt } from '../terraform/support/build';
import { selectedClis } from '../terraform/support/cli';

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '..', '..');
const DEMO_TIMEOUT_MS = 240_000;

/** `npm run demo` once package.json defines it (it must be exactly `node scripts/demo.mjs`), else that command itself. */
function demoCommand(): { file: string; args: string[] } {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const script = manifest.scripts?.['demo'];
  if (script === undefined) return { file: process.execPath, args: ['scripts/demo.mjs'] };
  expect(script).toBe('node scripts/demo.mjs');
  return { file: 'npm', args: ['run', 'demo'] };
}

interface DemoRun {
  readonly code: number | null;
  readonly output: string;
}

/** Runs the demo in its own process group; a timeout kills the group (terraform and the provider with it). */
function runDemo(env: NodeJS.ProcessEnv, extraArgs: readonly string[] = []): Promise<DemoRun> {
  const { file, args: command } = demoCommand();
  const args = extraArgs.length === 0 ? command : [...command, ...(file === 'npm' ? ['--'] : []), ...extraArgs];
  const base: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('DEMO_') && !name.startsWith('TF_') && !name.startsWith('CONSUL_HTTP')) base[name] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`the demo did not finish within ${DEMO_TIMEOUT_MS} ms:\n${output}`));
    }, DEMO_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function expectReport(run: DemoRun, cli = 'terraform'): void {
  expect([run.code, run.output]).toEqual([0, expect.stringContaining('demo finished')]);
  expect(run.output).toMatch(/peering on dc1 \(acceptor\), peer "dc2": ACTIVE/);
  expect(run.output).toMatch(/peering on dc2 \(dialer\), +peer "dc1": ACTIVE/);
  expect(run.output).toMatch(/exported by dc1 to dc2: web/);
  expect(run.output).toMatch(/imported on dc2 from dc1: web/);
  expect(run.output).toMatch(/intention on dc1: frontend \(peer dc2\) -> web: allow/);
  expect(run.output).toContain('peering token in Terraform state: sealed in the acceptor\'s state and in the dialer\'s remote-state copy');
  // Progress line per step, with timings, and the teardown in order.
  expect(run.output).toMatch(new RegExp(`${cli} apply {2}\\(acceptor[^\\n]*ok \\(\\d+\\.\\d s\\)`));
  expect(run.output).toMatch(new RegExp(`${cli} apply {2}\\(dialer[^\\n]*ok \\(\\d+\\.\\d s\\)`));
  expect(run.output.indexOf(`${cli} destroy (dialer)`)).toBeGreaterThan(0);
  expect(run.output.indexOf(`${cli} destroy (acceptor)`)).toBeGreaterThan(run.output.indexOf(`${cli} destroy (dialer)`));
  // The two destroys remove both sides themselves: the safety net finds nothing.
  expect(run.output).toMatch(/peerings left behind by the stacks \(deleted if any\) \.\.\. ok \(\d+\.\d s\) — none/);
  // No peering token (base64 JSON) in the output.
  expect(run.output).not.toMatch(/eyJ[A-Za-z0-9+/=_-]{40,}/);
}

describe('npm run demo (the README main command)', () => {
  beforeAll(() => ensureProviderBuilt());

  // `npm run demo` itself with terraform; `npm run demo -- --cli PATH-TO-TOFU` with OpenTofu (TERRAFORM_TEST_CLI).
  for (const cli of selectedClis()) {
    const cliArgs = cli.name === 'terraform' ? [] : ['--cli', cli.command];

    test(`[${cli.name}] against the in-process emulator: exits 0 and prints the report`, async () => {
      const run = await runDemo({}, cliArgs);
      expectReport(run, cli.name);
      expect(run.output).toContain('start two emulated Consul clusters');
      expect(run.output).toContain(`applied with the real ${cli.name} CLI`);
    });

    const consulSelected = selectedBackends().includes('consul');
    (consulSelected ? test : test.skip)(`[${cli.name}] against two real Consul dev servers (ACLs on) named by DEMO_DC*_ADDR/_TOKEN`, async () => {
      let env: TestClusters | undefined;
      try {
        env = await startClusters('consul', ['dc1', 'dc2'], { acl: true });
        const [dc1, dc2] = env.clusters;
        if (dc1 === undefined || dc2 === undefined || dc1.token === null || dc2.token === null) throw new Error('two clusters with tokens expected');
        const run = await runDemo({ DEMO_DC1_ADDR: dc1.address, DEMO_DC2_ADDR: dc2.address, DEMO_DC1_TOKEN: dc1.token, DEMO_DC2_TOKEN: dc2.token }, cliArgs);
        expectReport(run, cli.name);
        expect(run.output).toContain(`use the real clusters dc1=${dc1.address} dc2=${dc2.address}`);
        expect(run.output).not.toContain(dc1.token);
        expect(run.output).not.toContain(dc2.token);
        // Nothing left behind (peerings may take a moment to go from DELETING to gone).
        const deadline = Date.now() + 30_000;
        let left = [...await leftovers(dc1), ...await leftovers(dc2)];
        while (left.some((entry) => !entry.includes('(DELETING)')) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          left = [...await leftovers(dc1), ...await leftovers(dc2)];
        }
        expect(left.filter((entry) => !entry.includes('(DELETING)'))).toEqual([]);
      } finally {
        await env?.stop();
      }
    });
  }
});
