import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { PROVIDER_SOURCE } from '../../src/terraform/catalog';
import { cliConfigBlock } from '../../src/terraform/install';
import { describeEachBackend, startClusters, type TestCluster, type TestClusters } from '../support/backends';
import { eventually, exampleVars, leftovers, readPeering } from './support/scenario';
import { createWorkspace, EXAMPLE_DIR, type Workspace } from './support/terraform';
import { describeEachCli } from './support/cli';

// Issue 21, point 1: `consul-peering-terraform package --out DIR` writes registry-style release files; from a packed
// filesystem mirror holding the zip, the real terraform CLI with a PATH that holds no `node` runs the two-cluster
// example to ACTIVE, plans nothing more and destroys, on both backends.
jest.setTimeout(300_000);

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'consul-peering-terraform.js');
const VERSION = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
const PLATFORM = `linux_${process.arch === 'arm64' ? 'arm64' : 'amd64'}`;
const ZIP = `terraform-provider-consulpeering_${VERSION}_${PLATFORM}.zip`;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-peering-release-'));
let printed = '';

/** The files of a zip archive, read from its central directory: name, Unix mode and content. */
function unzip(archive: Buffer): { name: string; mode: number; data: Buffer }[] {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const files: { name: string; mode: number; data: Buffer }[] = [];
  for (let index = 0; index < count; index += 1) {
    const [compressedSize, nameLength, extraLength, commentLength] = [archive.readUInt32LE(at + 20), archive.readUInt16LE(at + 28), archive.readUInt16LE(at + 30), archive.readUInt16LE(at + 32)];
    const mode = archive.readUInt32LE(at + 38) >>> 16;
    const local = archive.readUInt32LE(at + 42);
    const name = archive.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    files.push({ name, mode, data: inflateRawSync(archive.subarray(dataStart, dataStart + compressedSize)) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

beforeAll(() => {
  printed = execFileSync(process.execPath, [BIN, 'package', '--out', out], { encoding: 'utf8', timeout: 240_000 });
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('consul-peering-terraform package', () => {
  it('writes the zip, SHA256SUMS and the manifest; the zip holds one executable (mode 755) that is a Node single executable, not a script', () => {
    expect(fs.readdirSync(out).sort()).toEqual([
      `terraform-provider-consulpeering_${VERSION}_SHA256SUMS`, `terraform-provider-consulpeering_${VERSION}_manifest.json`, ZIP,
    ].sort());
    const sums = fs.readFileSync(path.join(out, `terraform-provider-consulpeering_${VERSION}_SHA256SUMS`), 'utf8').trim().split('\n');
    for (const line of sums) {
      const [digest, file] = line.split(/\s+/);
      expect(createHash('sha256').update(fs.readFileSync(path.join(out, file ?? ''))).digest('hex')).toBe(digest);
    }
    expect(sums.map((line) => line.split(/\s+/)[1]).sort()).toEqual([`terraform-provider-consulpeering_${VERSION}_manifest.json`, ZIP].sort());
    expect(JSON.parse(fs.readFileSync(path.join(out, `terraform-provider-consulpeering_${VERSION}_manifest.json`), 'utf8'))).toEqual({ version: 1, metadata: { protocol_versions: ['6.0'] } });
    const files = unzip(fs.readFileSync(path.join(out, ZIP)));
    expect(files.map((file) => [file.name, (file.mode & 0o777).toString(8)])).toEqual([[`terraform-provider-consulpeering_v${VERSION}`, '755']]);
    const executable = files[0]!.data;
    expect(executable.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(executable.includes('NODE_SEA_BLOB')).toBe(true);
    expect(printed).toMatch(/handshake \d+ ms after start/);
    expect(printed).not.toContain('string offset'); // postject's harmless ELF warnings stay out of the output
    process.stdout.write(printed);
  });

  it('is reproducible: a second build into another folder writes the same bytes, so a lock file\'s hash holds wherever this version is built', () => {
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-peering-release-again-'));
    try {
      execFileSync(process.execPath, [BIN, 'package', '--out', again], { stdio: 'ignore', timeout: 240_000 });
      const sums = `terraform-provider-consulpeering_${VERSION}_SHA256SUMS`;
      expect(fs.readFileSync(path.join(again, sums), 'utf8')).toBe(fs.readFileSync(path.join(out, sums), 'utf8'));
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
    }
  });
});

describeEachCli('terraform from a packed mirror, no node on PATH', (cli) => describeEachBackend(`${cli.name}`, (backend) => {
  let env: TestClusters;
  let dc1: TestCluster;
  let dc2: TestCluster;
  let workspace: Workspace;
  let nodeless: string;

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2'], { acl: true });
    [dc1, dc2] = [env.clusters[0] as TestCluster, env.clusters[1] as TestCluster];
    workspace = createWorkspace(exampleVars(dc1, dc2), cli);
    for (const name of fs.readdirSync(EXAMPLE_DIR).filter((file) => file.endsWith('.tf'))) workspace.write(name, fs.readFileSync(path.join(EXAMPLE_DIR, name), 'utf8'));
    // A packed mirror (HOST/NAMESPACE/TYPE/the zip) holding only the release zip; PATH holds terraform and nothing else.
    const packed = path.join(workspace.dir, '..', 'packed');
    fs.mkdirSync(path.join(packed, PROVIDER_SOURCE), { recursive: true });
    fs.copyFileSync(path.join(out, ZIP), path.join(packed, PROVIDER_SOURCE, ZIP));
    fs.writeFileSync(workspace.cliConfig, cliConfigBlock(packed));
    nodeless = path.join(workspace.dir, '..', 'nodeless-bin');
    fs.mkdirSync(nodeless);
    fs.symlinkSync(execFileSync('sh', ['-c', `command -v ${cli.command}`], { encoding: 'utf8' }).trim(), path.join(nodeless, cli.name));
  });
  afterAll(async () => {
    workspace?.remove();
    await env?.stop();
  });

  const terraform = (args: string[]) => workspace.ok([...args, '-no-color', '-input=false'], { env: { PATH: nodeless }, timeoutMs: 240_000 });

  it('init takes the zip (its h1: hash in the lock file), apply reaches ACTIVE, the next plan is empty, destroy leaves nothing', async () => {
    expect(() => execFileSync('sh', ['-c', 'command -v node'], { env: { PATH: nodeless } })).toThrow();
    await terraform(['init']);
    // Terraform's h1: hash of a package (its files' SHA-256 sums, listed and hashed again) is the lock entry of our zip.
    const [executable] = unzip(fs.readFileSync(path.join(out, ZIP)));
    const listing = `${createHash('sha256').update(executable!.data).digest('hex')}  ${executable!.name}\n`;
    expect(workspace.read('.terraform.lock.hcl')).toContain(`"h1:${createHash('sha256').update(listing).digest('base64')}"`);
    await terraform(['apply', '-auto-approve']);
    await eventually('both sides ACTIVE', async () => (await readPeering(dc1, 'dc2'))?.State === 'ACTIVE' && (await readPeering(dc2, 'dc1'))?.State === 'ACTIVE');
    const plan = await workspace.terraform(['plan', '-detailed-exitcode', '-no-color', '-input=false'], { env: { PATH: nodeless } });
    expect([plan.code, plan.output]).toEqual([0, expect.stringContaining('No changes.')]);
    await terraform(['destroy', '-auto-approve']);
    expect([...await leftovers(dc1), ...await leftovers(dc2)]).toEqual([]);
  });
}));
