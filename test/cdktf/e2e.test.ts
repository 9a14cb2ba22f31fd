import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openToken } from '../../src/core';
import { describeEachBackend, startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { ensureProviderBuilt } from '../terraform/support/build';
import { consul, leftovers, readPeering } from '../terraform/support/scenario';

// Issue 6 with the real `cdktf` CLI (0.21) and `terraform`: the example app's two stacks deployed together (the token
// through a cross-stack reference), and the same flow as two apps wired through TerraformRemoteState. ACLs on: the
// ACL tokens reach Terraform only as sensitive variables; neither they nor the peering token may show anywhere.
jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '..', '..');
const CDKTF = path.join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf');
const BUILD = path.join(ROOT, 'examples', 'cdktf', '.build');
const PASSPHRASE = 'cdktf e2e passphrase for tokens';

interface Run { readonly code: number | null; readonly output: string }

/**
 * The folder of the Node that runs the cdktf CLI (and the app it synthesizes). cdktf-cli 0.21 (archived) loads
 * @cdktf/node-pty-prebuilt-multiarch, whose prebuilt binaries stop at Node 22 (ABI 127; npm 11 holds back its install
 * script, which would compile one): on a newer Node the CLI runs on the Node 22 of `npm run node:install -- 22`.
 */
let cdktfNode = '';
function cdktfNodeDir(): string {
  const prebuild = path.join(ROOT, 'node_modules', '@cdktf', 'node-pty-prebuilt-multiarch', 'prebuilds',
    `${process.platform}-${process.arch}`, `node.abi${process.versions.modules}.node`);
  if (fs.existsSync(prebuild)) return path.dirname(process.execPath);
  const printed = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'node-install.mjs'), '22'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 300_000 });
  return printed.trim().split('\n').pop() ?? '';
}

/** Runs the cdktf CLI in `cwd` (own process group, killed on timeout). */
function cdktf(cwd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 240_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(cdktfNode, 'node'), [CDKTF, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`cdktf ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describeEachBackend('cdktf deploy end to end', (backend) => {
  let env: TestClusters;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let tmp: string;
  let baseEnv: NodeJS.ProcessEnv;
  const runs: Run[] = [];

  /** A cdktf project folder running one compiled example app. */
  const project = (name: string, app: string): string => {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `node ${path.join(BUILD, app)}` }));
    return dir;
  };
  const ok = async (cwd: string, args: string[]): Promise<string> => {
    const run = await cdktf(cwd, [...args, '--skip-provider-lock'], baseEnv);
    runs.push(run);
    if (run.code !== 0) throw new Error(`cdktf ${args.join(' ')} exited ${String(run.code)}:\n${run.output}`);
    return run.output;
  };
  const expectPeered = async (): Promise<void> => {
    expect([(await readPeering(dc1, 'dc2'))?.State, (await readPeering(dc2, 'dc1'))?.State]).toEqual(['ACTIVE', 'ACTIVE']);
    expect(((await consul(dc1, 'GET', '/v1/config/exported-services/default')).body as { Services: unknown }).Services)
      .toEqual([{ Name: 'web', Consumers: [{ Peer: 'dc2' }] }]);
    const intentions = (await consul(dc1, 'GET', '/v1/config/service-intentions/web')).body as { Sources: Record<string, unknown>[] };
    expect(intentions.Sources.map(({ Name, Peer, Action }) => ({ Name, Peer, Action }))).toEqual([{ Name: 'frontend', Peer: 'dc2', Action: 'allow' }]);
  };
  /** Every secret of this run: the ACL tokens and the peering token (opened from the sealed form in `statePath`). */
  const secretsIn = async (statePath: string): Promise<string[]> => {
    const state = JSON.parse(fs.readFileSync(statePath, 'utf8')) as { resources: { type: string; instances: { attributes: Record<string, unknown> }[] }[] };
    const sealed = String(state.resources.find((resource) => resource.type === 'consulpeering_peering_token')?.instances[0]?.attributes['peering_token']);
    expect(sealed.startsWith('consulpeering-sealed-v1:')).toBe(true);
    const raw = await openToken(sealed, PASSPHRASE, 'test');
    const secret = String((JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as { EstablishmentSecret: unknown }).EstablishmentSecret);
    return [raw, secret, dc1.token ?? '', dc2.token ?? ''].filter((value) => value !== '');
  };
  /** No secret in any run's output, in any synthesized JSON, or in plain text in any state file of `dirs`. */
  const expectNoSecret = (secrets: string[], dirs: string[]): void => {
    const files = dirs.flatMap((dir) => fs.readdirSync(dir, { recursive: true }).map((file) => path.join(dir, String(file))))
      .filter((file) => /(cdk\.tf\.json|\.tfstate(\.backup)?)$/.test(file) && !file.includes(`${path.sep}.terraform${path.sep}`));
    expect(files.some((file) => file.endsWith('cdk.tf.json'))).toBe(true);
    for (const secret of secrets) {
      for (const run of runs) expect(run.output.includes(secret)).toBe(false);
      for (const file of files) expect([file, fs.readFileSync(file, 'utf8').includes(secret)]).toEqual([file, false]);
    }
  };

  beforeAll(async () => {
    ensureProviderBuilt();
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'examples', 'cdktf')], { stdio: 'inherit', timeout: 120_000 });
    env = await startClusters(backend, ['dc1', 'dc2'], { acl: true });
    [dc1, dc2] = [env.clusters[0] as TestCluster, env.clusters[1] as TestCluster];
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-peering-cdktf-'));
    const cliConfig = path.join(tmp, 'cli.tfrc');
    execFileSync(process.execPath, [path.join(ROOT, 'bin', 'consul-peering-terraform.js'), 'install', '--mirror', path.join(tmp, 'mirror'), '--cli-config', cliConfig], { stdio: 'ignore', timeout: 30_000 });
    cdktfNode = cdktfNodeDir();
    baseEnv = {
      PATH: `${cdktfNode}${path.delimiter}${process.env['PATH'] ?? ''}`, HOME: tmp, TMPDIR: os.tmpdir(), CI: '1', NO_COLOR: '1', FORCE_COLOR: '0',
      TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1',
      DC1_ADDR: dc1.address, DC2_ADDR: dc2.address, TF_VAR_dc1_token: dc1.token ?? '', TF_VAR_dc2_token: dc2.token ?? '',
      CONSUL_PEERING_TOKEN_PASSPHRASE: PASSPHRASE,
    };
  });
  afterAll(async () => {
    if (tmp !== undefined) fs.rmSync(tmp, { recursive: true, force: true });
    await env?.stop();
  });

  it('one app, two stacks: deploy peers the clusters (token by cross-stack reference), a second deploy changes nothing, destroy removes all', async () => {
    const dir = project('app', 'main.js');
    const deploy = await ok(dir, ['deploy', 'acceptor', 'dialer', '--auto-approve']);
    expect(deploy).toMatch(/acceptor\s+Apply complete! Resources: 3 added/);
    expect(deploy).toMatch(/dialer\s+Apply complete! Resources: 1 added/);
    await expectPeered();
    const again = await ok(dir, ['deploy', 'acceptor', 'dialer', '--auto-approve']);
    expect(again.match(/No changes\. Your infrastructure matches the configuration\./g)?.length).toBe(2);
    const secrets = await secretsIn(path.join(dir, 'terraform.acceptor.tfstate'));
    expectNoSecret(secrets, [dir]);
    // `terraform show` in the consuming stack printed the token in clear before (remote-state outputs lose the
    // sensitive mark): now it shows the dialer's token write-only and the remote-state copy only sealed.
    const show = execFileSync('terraform', ['show', '-no-color'], { cwd: path.join(dir, 'cdktf.out', 'stacks', 'dialer'), env: baseEnv, encoding: 'utf8', timeout: 60_000 });
    expect(show).toContain('consulpeering-sealed-v1:');
    for (const secret of secrets) expect(show.includes(secret)).toBe(false);
    await ok(dir, ['destroy', 'acceptor', 'dialer', '--auto-approve']);
    expect(await leftovers(dc1)).toEqual([]);
    expect(await leftovers(dc2)).toEqual([]);
  });

  it('two apps wired through TerraformRemoteState (local backend): the same peering, then destroy in reverse order', async () => {
    const states = path.join(tmp, 'states');
    fs.mkdirSync(states);
    baseEnv = { ...baseEnv, STATE_DIR: states };
    const acceptor = project('acceptor-app', 'remote-state/acceptor.js');
    const dialer = project('dialer-app', 'remote-state/dialer.js');
    await ok(acceptor, ['deploy', 'acceptor', '--auto-approve']);
    await ok(dialer, ['deploy', 'dialer', '--auto-approve']);
    await expectPeered();
    expectNoSecret(await secretsIn(path.join(states, 'acceptor.tfstate')), [acceptor, dialer, states]);
    await ok(dialer, ['destroy', 'dialer', '--auto-approve']);
    await ok(acceptor, ['destroy', 'acceptor', '--auto-approve']);
    expect(await leftovers(dc1)).toEqual([]);
    expect(await leftovers(dc2)).toEqual([]);
  });
});
