import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openToken } from '../../../src/core';
import { createAclToken } from '../../harness/consul-servers';
import { describeEachBackend, describeOnPreferredBackend, startClusters, type TestCluster, type TestClusters } from '../../support/backends';
import { ensureProviderBuilt } from '../../terraform/support/build';
import { consul, leftovers, readPeering } from '../../terraform/support/scenario';

// What the cdktf and the CDK Terrain deploy suites share: a framework's real CLI (`cdktf` or `cdktn`) deploying the
// compiled examples of examples/<framework> against two clusters with ACLs on, the provider installed in a temporary
// filesystem mirror. ACL tokens reach Terraform only as sensitive variables; neither they nor the peering token may
// show in any CLI output, synthesized JSON or state file.

const ROOT = path.resolve(__dirname, '..', '..', '..');
const PASSPHRASE = 'cdk e2e passphrase for tokens';

/** A CDK framework under test: its name and version, its CLI's entry script, the folder of the Node running CLI and app. */
export interface CdkFramework {
  readonly name: 'cdktf' | 'cdktn';
  readonly version: string;
  readonly cli: string;
  readonly nodeDir: () => string;
}

/** One CLI run: exit code and combined output. */
export interface CdkRun { readonly code: number | null; readonly output: string }

/** What a framework's own tests get from the shared suite, inside its backend's describe block. */
export interface CdkDeployContext {
  readonly dc1: () => TestCluster;
  readonly dc2: () => TestCluster;
  /** A third cluster (ACLs on, like the others), for the frameworks' mesh tests: DC3_ADDR / TF_VAR_dc3_token. */
  readonly dc3: () => TestCluster;
  /** The suite's temporary folder (removed after it). */
  readonly workDir: () => string;
  /** A project folder (the example's cdktf.json) running one compiled example app of examples/<framework>/.build. */
  readonly project: (name: string, app: string) => string;
  /** Runs the CLI in `cwd` (extra environment on top of the suite's); fails the test on a non-zero exit. */
  readonly ok: (cwd: string, args: string[], env?: NodeJS.ProcessEnv) => Promise<string>;
  /** Both sides ACTIVE, web exported to dc2, frontend@dc2 allowed into web. */
  readonly expectPeered: () => Promise<void>;
  /** Every secret of the run whose acceptor state is `statePath`: ACL tokens, the peering token opened from its sealed form. */
  readonly secretsIn: (statePath: string) => Promise<string[]>;
  /** No secret in any CLI output so far, nor in any synthesized JSON or state file under `dirs`. */
  readonly expectNoSecret: (secrets: string[], dirs: string[]) => void;
  /** Sets environment variables for the CLI runs after this call. */
  readonly setEnv: (extra: NodeJS.ProcessEnv) => void;
}

/** Runs `framework`'s CLI in `cwd` (own process group, killed on timeout). */
function runCli(framework: CdkFramework, nodeDir: string, cwd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 240_000): Promise<CdkRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(nodeDir, 'node'), [framework.cli, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`${framework.name} ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * The deploy suite of `framework` on each backend (`everyBackend: false`: on real Consul only, the emulator when real
 * Consul is not selected): the two-stack example (token by cross-stack reference), the ClusterPeering example (a
 * scoped token told at plan time what it lacks, then deploy, "No changes", destroy), and the framework's own tests
 * (`more`).
 */
export function describeCdkDeploys(
  framework: CdkFramework, more: (context: CdkDeployContext) => void = () => undefined, options: { readonly everyBackend: boolean } = { everyBackend: true },
): void {
  const examples = path.join(ROOT, 'examples', framework.name);
  const build = path.join(examples, '.build');
  const describeDeploys = options.everyBackend ? describeEachBackend : describeOnPreferredBackend;

  describeDeploys(`${framework.name} deploy end to end`, (backend) => {
    let env: TestClusters;
    let dc1: TestCluster;
    let dc2: TestCluster;
    let dc3: TestCluster;
    let tmp: string;
    let nodeDir: string;
    let baseEnv: NodeJS.ProcessEnv;
    const runs: CdkRun[] = [];

    const context: CdkDeployContext = {
      dc1: () => dc1,
      dc2: () => dc2,
      dc3: () => dc3,
      workDir: () => tmp,
      project: (name, app) => {
        const dir = path.join(tmp, name);
        fs.mkdirSync(dir);
        // The example's own cdktf.json (cdktn reads it too: its `targetVersions`), running `app` from .build.
        const own = path.join(examples, 'cdktf.json');
        const config = fs.existsSync(own) ? JSON.parse(fs.readFileSync(own, 'utf8')) as Record<string, unknown> : { language: 'typescript' };
        fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ ...config, app: `node ${path.join(build, app)}` }));
        return dir;
      },
      ok: async (cwd, args, extra = {}) => {
        const run = await runCli(framework, nodeDir, cwd, [...args, '--skip-provider-lock'], { ...baseEnv, ...extra });
        runs.push(run);
        if (run.code !== 0) throw new Error(`${framework.name} ${args.join(' ')} exited ${String(run.code)}:\n${run.output}`);
        return run.output;
      },
      expectPeered: async () => {
        expect([(await readPeering(dc1, 'dc2'))?.State, (await readPeering(dc2, 'dc1'))?.State]).toEqual(['ACTIVE', 'ACTIVE']);
        expect(((await consul(dc1, 'GET', '/v1/config/exported-services/default')).body as { Services: unknown }).Services)
          .toEqual([{ Name: 'web', Consumers: [{ Peer: 'dc2' }] }]);
        const intentions = (await consul(dc1, 'GET', '/v1/config/service-intentions/web')).body as { Sources: Record<string, unknown>[] };
        expect(intentions.Sources.map(({ Name, Peer, Action }) => ({ Name, Peer, Action }))).toEqual([{ Name: 'frontend', Peer: 'dc2', Action: 'allow' }]);
      },
      secretsIn: async (statePath) => {
        const state = JSON.parse(fs.readFileSync(statePath, 'utf8')) as { resources: { type: string; instances: { attributes: Record<string, unknown> }[] }[] };
        const sealed = String(state.resources.find((resource) => resource.type === 'consulpeering_peering_token')?.instances[0]?.attributes['peering_token']);
        expect(sealed.startsWith('consulpeering-sealed-v1:')).toBe(true);
        const raw = await openToken(sealed, PASSPHRASE, 'test');
        const secret = String((JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as { EstablishmentSecret: unknown }).EstablishmentSecret);
        return [raw, secret, dc1.token ?? '', dc2.token ?? '', dc3.token ?? ''].filter((value) => value !== '');
      },
      expectNoSecret: (secrets, dirs) => {
        const files = dirs.flatMap((dir) => fs.readdirSync(dir, { recursive: true }).map((file) => path.join(dir, String(file))))
          .filter((file) => /(cdk\.tf\.json|\.tfstate(\.backup)?)$/.test(file) && !file.includes(`${path.sep}.terraform${path.sep}`));
        expect(files.some((file) => file.endsWith('cdk.tf.json'))).toBe(true);
        for (const secret of secrets) {
          for (const run of runs) expect(run.output.includes(secret)).toBe(false);
          for (const file of files) expect([file, fs.readFileSync(file, 'utf8').includes(secret)]).toEqual([file, false]);
        }
      },
      setEnv: (extra) => { baseEnv = { ...baseEnv, ...extra }; },
    };

    beforeAll(async () => {
      ensureProviderBuilt();
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', examples], { stdio: 'inherit', timeout: 120_000 });
      nodeDir = framework.nodeDir();
      env = await startClusters(backend, ['dc1', 'dc2', 'dc3'], { acl: true });
      [dc1, dc2, dc3] = env.clusters as [TestCluster, TestCluster, TestCluster];
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), `consul-peering-${framework.name}-`));
      const cliConfig = path.join(tmp, 'cli.tfrc');
      execFileSync(process.execPath, [path.join(ROOT, 'bin', 'consul-peering-terraform.js'), 'install', '--mirror', path.join(tmp, 'mirror'), '--cli-config', cliConfig], { stdio: 'ignore', timeout: 30_000 });
      baseEnv = {
        PATH: `${nodeDir}${path.delimiter}${process.env['PATH'] ?? ''}`, HOME: tmp, TMPDIR: os.tmpdir(), CI: '1', NO_COLOR: '1', FORCE_COLOR: '0',
        TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1',
        DC1_ADDR: dc1.address, DC2_ADDR: dc2.address, DC3_ADDR: dc3.address,
        TF_VAR_dc1_token: dc1.token ?? '', TF_VAR_dc2_token: dc2.token ?? '', TF_VAR_dc3_token: dc3.token ?? '',
        CONSUL_PEERING_TOKEN_PASSPHRASE: PASSPHRASE,
      };
    });
    afterAll(async () => {
      if (tmp !== undefined) fs.rmSync(tmp, { recursive: true, force: true });
      await env?.stop();
    });

    it('one app, two stacks: deploy peers the clusters (token by cross-stack reference), a second deploy changes nothing, destroy removes all', async () => {
      const dir = context.project('app', 'main.js');
      const deploy = await context.ok(dir, ['deploy', 'acceptor', 'dialer', '--auto-approve']);
      // Which stack applied what, from the state files: the CLI's stack prefix is not on every line it prints (cdktn
      // 0.24 printed the dialer's "Apply complete!" line unprefixed once).
      expect(deploy).toMatch(/Apply complete! Resources: 3 added/);
      expect(deploy).toMatch(/Apply complete! Resources: 1 added/);
      const managed = (stack: string): string[] => (JSON.parse(fs.readFileSync(path.join(dir, `terraform.${stack}.tfstate`), 'utf8')) as
        { resources: { mode: string; type: string }[] }).resources.filter((resource) => resource.mode === 'managed').map((resource) => resource.type).sort();
      expect(managed('acceptor')).toEqual(['consulpeering_exported_services', 'consulpeering_peering_token', 'consulpeering_service_intentions']);
      expect(managed('dialer')).toEqual(['consulpeering_peering']);
      const synthesized = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', 'acceptor', 'cdk.tf.json'), 'utf8')) as { '//': { metadata: { version: string } } };
      expect(synthesized['//'].metadata.version).toBe(framework.version);
      await context.expectPeered();
      const again = await context.ok(dir, ['deploy', 'acceptor', 'dialer', '--auto-approve']);
      expect(again.match(/No changes\. Your infrastructure matches the configuration\./g)?.length).toBe(2);
      const secrets = await context.secretsIn(path.join(dir, 'terraform.acceptor.tfstate'));
      context.expectNoSecret(secrets, [dir]);
      // `terraform show` in the consuming stack: the dialer's token write-only, the remote-state copy only sealed.
      const show = execFileSync('terraform', ['show', '-no-color'], { cwd: path.join(dir, 'cdktf.out', 'stacks', 'dialer'), env: baseEnv, encoding: 'utf8', timeout: 60_000 });
      expect(show).toContain('consulpeering-sealed-v1:');
      for (const secret of secrets) expect(show.includes(secret)).toBe(false);
      await context.ok(dir, ['destroy', 'acceptor', 'dialer', '--auto-approve']);
      expect(await leftovers(dc1)).toEqual([]);
      expect(await leftovers(dc2)).toEqual([]);
    });

    it('ClusterPeering in one stack: a scoped dc1 token is told at plan time what it lacks; deploy peers in order, then no changes, destroy removes all', async () => {
      const dir = context.project('construct', 'cluster-peering.js');
      const scoped = await createAclToken(dc1, 'peering = "write"\nmesh = "write"');
      const denied = await runCli(framework, nodeDir, dir, ['diff', 'peering', '--skip-provider-lock'], { ...baseEnv, TF_VAR_dc1_token: scoped.secretId });
      runs.push(denied);
      expect([denied.code === 0, denied.output]).toEqual([false, expect.stringContaining('Missing ACL permission intention:write')]);
      expect([...await leftovers(dc1), ...await leftovers(dc2)]).toEqual([]);
      const deploy = await context.ok(dir, ['deploy', 'peering', '--auto-approve']);
      expect(deploy).toMatch(/Apply complete! Resources: 4 added/);
      await context.expectPeered();
      const again = await context.ok(dir, ['deploy', 'peering', '--auto-approve']);
      expect(again).toMatch(/No changes\. Your infrastructure matches the configuration\./);
      const statePath = path.join(dir, 'terraform.peering.tfstate');
      const state = JSON.parse(fs.readFileSync(statePath, 'utf8')) as { resources: { type: string; instances: { attributes: Record<string, unknown> }[] }[] };
      expect(state.resources.find((resource) => resource.type === 'consulpeering_peering')?.instances[0]?.attributes['peering_token']).toBeNull();
      context.expectNoSecret([...await context.secretsIn(statePath), scoped.secretId], [dir]);
      await context.ok(dir, ['destroy', 'peering', '--auto-approve']);
      expect([...await leftovers(dc1), ...await leftovers(dc2)]).toEqual([]);
    });

    more(context);
  });
}
