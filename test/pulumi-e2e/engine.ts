import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { toolCacheDir } from '../support/cache';

// Drives the real Pulumi CLI (built by `npm run pulumi:install`) on temporary copies of examples/pulumi/*, offline:
// each copy gets a node_modules of symlinks to this repository's node_modules plus `consul-peering` -> the repository
// root (so `consul-peering/pulumi` is the built dist/ and there is one copy of @pulumi/pulumi), never `npm install`.

export const ROOT = resolve(__dirname, '../..');
/** The CLI version that tools/pulumi/go.mod pins (what `npm run pulumi:install` builds, into pulumi-<version>/). */
const VERSION = /^\s*(?:require\s+)?github\.com\/pulumi\/pulumi\/pkg\/v3\s+v(\S+)/m.exec(readFileSync(join(ROOT, 'tools', 'pulumi', 'go.mod'), 'utf8'))?.[1];
const EXECUTABLES = ['pulumi', 'pulumi-language-nodejs'] as const;

/** The folder holding the engine; throws (the suite fails loudly) when it has not been built. */
export function pulumiBinDir(env: NodeJS.ProcessEnv = process.env): string {
  if (!VERSION) throw new Error('tools/pulumi/go.mod does not require github.com/pulumi/pulumi/pkg/v3');
  const dir = env['PULUMI_BIN_DIR'] ? resolve(env['PULUMI_BIN_DIR']) : join(toolCacheDir(env), `pulumi-${VERSION}`);
  const missing = EXECUTABLES.filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) {
    throw new Error(`The Pulumi engine is not built: ${dir} lacks ${missing.join(', ')}. Run \`npm run pulumi:install\` first `
      + '(or set PULUMI_BIN_DIR to a folder holding pulumi and pulumi-language-nodejs).');
  }
  if (!existsSync(join(ROOT, 'dist', 'pulumi', 'index.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does).');
  return dir;
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** A temporary Pulumi world: one file backend, one PULUMI_HOME, projects copied from examples/pulumi. */
export class PulumiWorld {
  readonly dir = mkdtempSync(join(tmpdir(), 'consul-peering-pulumi-e2e-'));
  readonly backend = join(this.dir, 'backend');
  /** Every CLI output of this world except the ones run with `secretOutput` (which reveal secrets on purpose). */
  readonly transcript: string[] = [];
  private readonly running = new Set<number>();

  /** `pathDirs`: more folders put on PATH after `binDir` (e.g. a Python virtual environment's bin). */
  constructor(private readonly binDir: string, private readonly pathDirs: readonly string[] = []) {
    mkdirSync(this.backend);
    mkdirSync(join(this.dir, 'home'));
  }

  /** Copies examples/pulumi/<example> to <world>/<as> with an offline node_modules; returns the project folder. */
  project(example: string, as: string = example, edit?: (source: string) => string): string {
    const from = join(ROOT, 'examples', 'pulumi', example);
    const to = join(this.dir, as);
    mkdirSync(to);
    for (const file of ['Pulumi.yaml', 'package.json', 'index.ts']) {
      const text = readFileSync(join(from, file), 'utf8');
      writeFileSync(join(to, file), file === 'index.ts' && edit ? edit(text) : text);
    }
    // The example's tsconfig maps imports onto ../../../src for `tsc` inside the repository; here the program runs
    // against the installed package (dist/), transpiled only.
    writeFileSync(join(to, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'commonjs', moduleResolution: 'node', strict: true, esModuleInterop: true, skipLibCheck: true },
      files: ['index.ts'],
    }, null, 2));
    const modules = join(to, 'node_modules');
    mkdirSync(modules);
    for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
      if (entry === '.bin' || entry.startsWith('.')) continue;
      symlinkSync(join(ROOT, 'node_modules', entry), join(modules, entry));
    }
    symlinkSync(ROOT, join(modules, 'consul-peering'));
    return to;
  }

  /** A project `as` of the given files (Pulumi.yaml, index.ts, ...) with the same offline node_modules as {@link project}. */
  programProject(as: string, files: Readonly<Record<string, string>>): string {
    const to = join(this.dir, as);
    mkdirSync(to);
    for (const [file, text] of Object.entries(files)) writeFileSync(join(to, file), text);
    const modules = join(to, 'node_modules');
    mkdirSync(modules);
    for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
      if (entry === '.bin' || entry.startsWith('.')) continue;
      symlinkSync(join(ROOT, 'node_modules', entry), join(modules, entry));
    }
    return to;
  }

  env(cluster: { address: string; token: string | null }): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!key.startsWith('CONSUL_HTTP_') && !key.startsWith('CONSUL_CA') && !key.startsWith('CONSUL_CLIENT_') && !key.startsWith('PULUMI_')) env[key] = value;
    }
    return {
      ...env,
      PATH: [this.binDir, ...this.pathDirs, process.env['PATH'] ?? ''].join(':'),
      PULUMI_HOME: join(this.dir, 'home'),
      PULUMI_BACKEND_URL: `file://${this.backend}`,
      PULUMI_CONFIG_PASSPHRASE: 'e2e-passphrase',
      PULUMI_SKIP_UPDATE_CHECK: 'true',
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
      PULUMI_NODEJS_TRANSPILE_ONLY: 'true',
      PULUMI_SKIP_CONFIRMATIONS: 'true',
      NO_COLOR: '1',
      CONSUL_HTTP_ADDR: cluster.address,
      ...(cluster.token ? { CONSUL_HTTP_TOKEN: cluster.token } : {}),
    };
  }

  /** Runs `pulumi <args>` in `cwd`, killed (its whole process group) after `timeoutMs`. */
  run(cwd: string, args: readonly string[], cluster: { address: string; token: string | null },
    options: { timeoutMs?: number; secretOutput?: boolean } = {}): Promise<RunResult> {
    const started = Date.now();
    return new Promise((done, fail) => {
      const child = spawn(join(this.binDir, 'pulumi'), [...args, '--non-interactive', '--color', 'never'], {
        cwd, env: this.env(cluster), detached: true, stdio: ['ignore', 'pipe', 'pipe'],
      });
      const pid = child.pid;
      if (pid === undefined) {
        fail(new Error('pulumi did not start'));
        return;
      }
      this.running.add(pid);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      const timer = setTimeout(() => {
        stderr += `\n[e2e] pulumi ${args.join(' ')} timed out after ${options.timeoutMs ?? 180_000} ms; killed\n`;
        this.kill(pid);
      }, options.timeoutMs ?? 180_000);
      child.on('error', fail);
      child.on('close', (code) => {
        clearTimeout(timer);
        this.kill(pid);
        this.running.delete(pid);
        if (!options.secretOutput) this.transcript.push(`$ pulumi ${args.join(' ')}\n${stdout}\n${stderr}`);
        done({ code, stdout, stderr, ms: Date.now() - started });
      });
    });
  }

  /** Runs and fails with the CLI's output unless it exits 0. */
  async ok(cwd: string, args: readonly string[], cluster: { address: string; token: string | null },
    options: { timeoutMs?: number; secretOutput?: boolean } = {}): Promise<RunResult> {
    const result = await this.run(cwd, args, cluster, options);
    if (result.code !== 0) {
      throw new Error(`pulumi ${args.join(' ')} exited ${result.code} after ${result.ms} ms\n--- stdout\n${result.stdout.slice(-6000)}\n--- stderr\n${result.stderr.slice(-4000)}`);
    }
    return result;
  }

  /** Every file under the backend folder (state, backups, history), concatenated. */
  backendText(): string {
    const texts: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir)) {
        const file = join(dir, entry);
        if (statSync(file).isDirectory()) walk(file);
        else texts.push(`=== ${file}\n${readFileSync(file, 'utf8')}`);
      }
    };
    walk(this.backend);
    return texts.join('\n');
  }

  /** Every other file of the world (projects' stack config, PULUMI_HOME), skipping the node_modules links. */
  worldText(): string {
    const texts: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = join(dir, entry.name);
        if (entry.isSymbolicLink() || entry.name === 'node_modules' || file === this.backend) continue;
        if (entry.isDirectory()) walk(file);
        else if (entry.isFile() && statSync(file).size < 5_000_000) texts.push(`=== ${file}\n${readFileSync(file, 'latin1')}`);
      }
    };
    walk(this.dir);
    return texts.join('\n');
  }

  backendFiles(): string[] {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir)) {
        const file = join(dir, entry);
        if (statSync(file).isDirectory()) walk(file);
        else files.push(file.slice(this.backend.length + 1));
      }
    };
    walk(this.backend);
    return files;
  }

  private kill(pid: number): void {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  /** Kills whatever is still running and removes the world. */
  dispose(): void {
    for (const pid of this.running) this.kill(pid);
    this.running.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** GET on a cluster's HTTP API: parsed JSON, or null on 404. */
export async function consulGet<T>(cluster: { address: string; token: string | null }, path: string): Promise<T | null> {
  const response = await fetch(`${cluster.address}${path}`, {
    headers: cluster.token ? { 'X-Consul-Token': cluster.token } : {},
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return await response.json() as T;
}

export async function consulDelete(cluster: { address: string; token: string | null }, path: string): Promise<void> {
  const response = await fetch(`${cluster.address}${path}`, {
    method: 'DELETE',
    headers: cluster.token ? { 'X-Consul-Token': cluster.token } : {},
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`DELETE ${path}: ${response.status} ${await response.text()}`);
}

/** Polls `read` until `accept` holds, up to `timeoutMs`; returns the last value. */
export async function waitFor<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 250));
    value = await read();
  }
  return value;
}

/** Secrets hidden in a peering token: the token itself and its establishment secret. */
export function tokenSecrets(token: string): string[] {
  const secrets = [token];
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Record<string, unknown>;
    for (const key of ['EstablishmentSecret', 'PeerID']) {
      const value = decoded[key];
      if (typeof value === 'string' && value.length >= 8 && key === 'EstablishmentSecret') secrets.push(value);
    }
  } catch {
    // not base64 JSON: only the token itself
  }
  return secrets;
}
