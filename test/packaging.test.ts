import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// The published package as a consumer's TypeScript sees it: `npm pack` of the built repository, unpacked into
// <tmp>/project/node_modules/consul-peering next to links to this repository's copies of its dependency and peer
// dependencies (offline, no npm install), then `tsc --noEmit` of a file importing the five entry points under the
// classic `moduleResolution: "node"` (older Pulumi templates: `exports` ignored, `typesVersions` needed) and under
// `nodenext` (the `exports` map decides). The root entry point needs no typesVersions pattern (`types` serves it), and
// a catch-all `*` pattern would make every misspelt subpath resolve to the core's declarations.

const ROOT = join(__dirname, '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
/** What the packed declarations import: the dependency and the peer dependencies with types. */
const LINKED = ['zod', '@pulumi/pulumi', 'cdktf', 'cdktn', 'constructs', '@types/node'];

const CONSUMER = `import { resolveConsulConfig } from 'consul-peering';
import { PeeringToken } from 'consul-peering/pulumi';
import { peeringToken } from 'consul-peering/cdktf';
import { ClusterPeering, peering } from 'consul-peering/cdktn';
import { startSimulator, type Simulator } from 'consul-peering/sim';
// @ts-expect-error no such entry point (a catch-all typesVersions pattern would type it as the core)
import * as misspelt from 'consul-peering/pulumii';

export const baseUrl: string = resolveConsulConfig({ address: 'http://127.0.0.1:8500' }, {}).baseUrl;
export const pulumiResource: typeof PeeringToken = PeeringToken;
export const construct: typeof peeringToken.PeeringToken = peeringToken.PeeringToken;
export const terrainConstruct: typeof peering.Peering = peering.Peering;
export const terrainComponent: typeof ClusterPeering = ClusterPeering;
export const simulator: () => Promise<Simulator> = () => startSimulator({ clusters: ['dc1'] });
export { misspelt };

// Real declarations, not \`any\`: each misuse must be an error (an unused @ts-expect-error is one too).
// @ts-expect-error resolveConsulConfig takes settings, not a number
resolveConsulConfig(42);
// @ts-expect-error a Pulumi resource needs a name and arguments
new PeeringToken(42);
// @ts-expect-error a construct needs a scope, an id and a config
new peeringToken.PeeringToken(42);
// @ts-expect-error a cdktn construct checks its config: peerName is required
new peering.Peering(undefined as never, 'p', { peeringToken: 't' });
// @ts-expect-error startSimulator takes options, not a number
startSimulator(42);
`;

let work = '';
let project = '';
let tarball = '';

/** `tsc --noEmit` in the consumer project with `moduleResolution` (and the matching `module`); output and status. */
function typecheck(moduleResolution: 'node' | 'nodenext', extra: string[] = []): { status: number | null; output: string } {
  const module = moduleResolution === 'node' ? 'commonjs' : 'nodenext';
  const config = join(project, `tsconfig.${moduleResolution}.json`);
  writeFileSync(config, JSON.stringify({
    compilerOptions: { target: 'ES2022', module, moduleResolution, strict: true, esModuleInterop: true, skipLibCheck: true, noEmit: true, types: ['node'] },
    files: ['index.ts'],
  }, null, 2));
  const run = spawnSync(process.execPath, [TSC, '-p', config, ...extra], { cwd: project, encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });
  return { status: run.status, output: `${run.stdout}${run.stderr}${run.error ? String(run.error) : ''}` };
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'index.d.ts'))) throw new Error('dist/ is not built: run `npm run build` (npm test does).');
  work = mkdtempSync(join(tmpdir(), 'consul-peering-packaging-'));
  // --ignore-scripts: dist/ is already built, `prepare` would compile it again.
  const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] })) as Array<{ filename: string }>;
  tarball = join(work, packed[0]!.filename);
  project = join(work, 'project');
  const installed = join(project, 'node_modules', 'consul-peering');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  for (const name of LINKED) {
    mkdirSync(dirname(join(project, 'node_modules', name)), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), join(project, 'node_modules', name));
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'commonjs' }));
  writeFileSync(join(project, 'index.ts'), CONSUMER);
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package, type-checked by a consumer', () => {
  it('ships the declarations of every entry point and no sources or tests', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const entry of ['index', 'pulumi/index', 'cdktf/index', 'cdktn/index', 'sim/index']) expect(files).toContain(`package/dist/${entry}.d.ts`);
    expect(files.filter((file) => file.startsWith('package/src/') || file.startsWith('package/test/'))).toEqual([]);
  });

  it('compiles under moduleResolution "node" (module commonjs): typesVersions maps the subpaths', () => {
    const result = typecheck('node');
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);

  it('compiles under moduleResolution "nodenext", where the exports map decides', () => {
    const result = typecheck('nodenext', ['--traceResolution']);
    const trace = result.output.split('\n');
    expect(trace.filter((line) => line.includes('error TS'))).toEqual([]);
    expect(result.status).toBe(0);
    for (const subpath of ['pulumi', 'cdktf', 'cdktn', 'sim']) {
      expect(trace).toContainEqual(expect.stringContaining(`Using 'exports' subpath './${subpath}' with target './dist/${subpath}/index.d.ts'`));
    }
    expect(trace.filter((line) => line.includes("has a 'typesVersions' entry") && line.includes('matches'))).toEqual([]);
  }, 60_000);
});
