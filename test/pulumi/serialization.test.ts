import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

// The serialization round trip runs in plain Node (serialize-check.js): Jest's module sandbox is not what Pulumi's
// provider process is. It runs on the repository's dist/ when that is up to date with the sources it needs (as after
// `npm run build`), else on a build of those sources into a temporary package root, so it never tests stale code.

const root = join(__dirname, '../..');
const run = promisify(execFile);
const NEEDED = ['pulumi', 'core', 'consul', 'sim'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** True when every needed source has a compiled file at least as new in dist/. */
function distIsFresh(): boolean {
  return NEEDED.flatMap((dir) => sources(join(root, 'src', dir))).every((source) => {
    const built = join(root, 'dist', relative(join(root, 'src'), source)).replace(/\.ts$/, '.js');
    return existsSync(built) && statSync(built).mtimeMs >= statSync(source).mtimeMs;
  });
}

/** Builds the needed sources into a temporary package root (package.json, dist/, node_modules → the repository's). */
async function temporaryBuild(): Promise<string> {
  const packageRoot = mkdtempSync(join(tmpdir(), 'consul-peering-package-'));
  copyFileSync(join(root, 'package.json'), join(packageRoot, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(packageRoot, 'node_modules'), 'dir');
  const config = join(packageRoot, 'tsconfig.json');
  writeFileSync(config, JSON.stringify({
    extends: join(root, 'tsconfig.build.json'),
    compilerOptions: { rootDir: join(root, 'src'), outDir: join(packageRoot, 'dist'), declaration: false, sourceMap: false },
    include: NEEDED.filter((dir) => dir === 'pulumi' || dir === 'sim').map((dir) => join(root, 'src', dir)),
  }));
  // Type errors do not stop the emit; the check fails on anything that matters to it.
  await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config]).catch(() => undefined);
  return packageRoot;
}

describe('dynamic providers survive Pulumi serialization (plain Node, emulator)', () => {
  let packageRoot = root;
  beforeAll(async () => {
    if (!distIsFresh()) packageRoot = await temporaryBuild();
  }, 300_000);
  afterAll(() => {
    if (packageRoot !== root) rmSync(packageRoot, { recursive: true, force: true, maxRetries: 3 });
  });

  it('serializes every provider; the deserialized copies create, read, diff, update and delete', async () => {
    const script = join(__dirname, 'serialize-check.js');
    const { stdout } = await run(process.execPath, [script, packageRoot], { cwd: root }).catch((error: { stdout?: string; stderr?: string }) => ({
      stdout: error.stdout ?? JSON.stringify({ ok: false, error: error.stderr }),
    }));
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { ok: boolean; steps?: string[]; error?: string };
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.steps).toEqual(expect.arrayContaining([
      expect.stringMatching(/^serialized: peeringToken .*no credential/),
      expect.stringMatching(/^serialized: serviceIntentions /),
      'PeeringToken create (configured through configure): id dc2',
      'Peering create: id dc1, ACTIVE',
      'peering read (refresh) + diff: no change',
      'updates in place: token rotated, one more export',
      'delete all: token reads as gone afterwards',
      'copies loaded the package through: node_modules/consul-peering',
    ]));
  }, 120_000);
});
