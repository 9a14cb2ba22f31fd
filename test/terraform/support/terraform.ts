// Runs the real `terraform` CLI in a temporary directory, with the provider installed into a temporary filesystem
// mirror by its own `install --mirror` subcommand and a CLI configuration file of the test's own
// (TF_CLI_CONFIG_FILE), so `terraform init` works offline. Every command is bounded by a timeout.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureProviderBuilt } from './build';
import type { TerraformCli } from './cli';
import { PROVIDER_BIN } from './plugin-process';

/** What one terraform command did. */
export interface TerraformRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, as a user sees them. */
  readonly output: string;
}

/** A temporary terraform working directory. */
export interface Workspace {
  readonly dir: string;
  readonly mirror: string;
  readonly cliConfig: string;
  /** Writes a file into the working directory. */
  write(name: string, content: string): void;
  read(name: string): string;
  /** Runs `terraform ARGS` (a timeout kills its whole process group). */
  terraform(args: readonly string[], options?: { env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<TerraformRun>;
  /** Runs a command that must succeed; throws with its output otherwise. */
  ok(args: readonly string[], options?: { env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<TerraformRun>;
  /** `terraform state pull` as JSON. */
  state(): Promise<{ resources: { type: string; name: string; instances: { attributes: Record<string, unknown> }[] }[] }>;
  remove(): void;
}

/** The real terraform CLI on PATH. */
export const TERRAFORM: TerraformCli = { name: 'terraform', command: 'terraform' };

/** The directory holding the HCL example of DESIGN.md. */
export const EXAMPLE_DIR = path.resolve(__dirname, '..', '..', '..', 'examples', 'terraform');

/** Creates a working directory with its own mirror and CLI config; `vars` become TF_VAR_ variables; `cli` runs the commands (default: terraform on PATH). */
export function createWorkspace(vars: Record<string, string | null> = {}, cli: TerraformCli = TERRAFORM): Workspace {
  ensureProviderBuilt();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-peering-tf-'));
  const dir = path.join(root, 'work');
  const mirror = path.join(root, 'mirror');
  const cliConfig = path.join(root, 'cli.tfrc');
  fs.mkdirSync(dir);
  execFileSync(process.execPath, [PROVIDER_BIN, 'install', '--mirror', mirror, '--cli-config', cliConfig], { stdio: 'ignore', timeout: 30_000 });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'], HOME: root, TMPDIR: os.tmpdir(),
    TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', TF_DATA_DIR: path.join(dir, '.terraform'),
  };
  for (const [name, value] of Object.entries(vars)) if (value !== null) env[`TF_VAR_${name}`] = value;

  const terraform: Workspace['terraform'] = (args, options = {}) => new Promise((resolve, reject) => {
    const child = spawn(cli.command, [...args], { cwd: dir, env: { ...env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      output += chunk.toString();
    });
    const timeoutMs = options.timeoutMs ?? 120_000;
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`${cli.name} ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, output });
    });
  });

  const workspace: Workspace = {
    dir, mirror, cliConfig,
    write: (name, content) => fs.writeFileSync(path.join(dir, name), content),
    read: (name) => fs.readFileSync(path.join(dir, name), 'utf8'),
    terraform,
    ok: async (args, options) => {
      const run = await terraform(args, options);
      if (run.code !== 0) throw new Error(`${cli.name} ${args.join(' ')} exited ${String(run.code)}:\n${run.output}`);
      return run;
    },
    state: async () => JSON.parse((await workspace.ok(['state', 'pull'])).stdout) as Awaited<ReturnType<Workspace['state']>>,
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
  return workspace;
}

/** The attributes of one resource instance in a pulled state. */
export function stateAttributes(state: Awaited<ReturnType<Workspace['state']>>, address: string): Record<string, unknown> {
  const [type, name] = address.split('.');
  const resource = state.resources.find((entry) => entry.type === type && entry.name === name);
  const attributes = resource?.instances[0]?.attributes;
  if (attributes === undefined) throw new Error(`${address} is not in the state`);
  return attributes;
}
