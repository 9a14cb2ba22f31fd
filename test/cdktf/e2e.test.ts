import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { leftovers } from '../terraform/support/scenario';
import { describeCdkDeploys } from './support/deploy';

// Issues 6 and 21 with the real `cdktf` CLI (0.21) and `terraform`: the examples of examples/cdktf deployed (two
// stacks through a cross-stack reference; the ClusterPeering construct), and the same two-stack flow as two apps
// wired through TerraformRemoteState. The shared suite is test/cdktf/support/deploy.ts. On real Consul only: cdktf is
// archived, its constructs are the code cdktn runs on both backends (src/cdk), and the provider under it is the one
// the Terraform suites run on both; the emulator run added CI time (~2 min of CPU) and no coverage.
jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The folder of the Node that runs the cdktf CLI (and the app it synthesizes). cdktf-cli 0.21 (archived) loads
 * @cdktf/node-pty-prebuilt-multiarch, whose prebuilt binaries stop at Node 22 (ABI 127; npm 11 holds back its install
 * script, which would compile one): on a newer Node the CLI runs on the Node 22 of `npm run node:install -- 22`.
 */
function cdktfNodeDir(): string {
  const prebuild = path.join(ROOT, 'node_modules', '@cdktf', 'node-pty-prebuilt-multiarch', 'prebuilds',
    `${process.platform}-${process.arch}`, `node.abi${process.versions.modules}.node`);
  if (fs.existsSync(prebuild)) return path.dirname(process.execPath);
  const printed = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'node-install.mjs'), '22'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 300_000 });
  return printed.trim().split('\n').pop() ?? '';
}

describeCdkDeploys({ name: 'cdktf', version: '0.21.0', cli: path.join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf'), nodeDir: cdktfNodeDir }, (context) => {
  it('two apps wired through TerraformRemoteState (local backend): the same peering, then destroy in reverse order', async () => {
    const states = path.join(context.workDir(), 'states');
    fs.mkdirSync(states);
    context.setEnv({ STATE_DIR: states });
    const acceptor = context.project('acceptor-app', 'remote-state/acceptor.js');
    const dialer = context.project('dialer-app', 'remote-state/dialer.js');
    await context.ok(acceptor, ['deploy', 'acceptor', '--auto-approve']);
    await context.ok(dialer, ['deploy', 'dialer', '--auto-approve']);
    await context.expectPeered();
    context.expectNoSecret(await context.secretsIn(path.join(states, 'acceptor.tfstate')), [acceptor, dialer, states]);
    await context.ok(dialer, ['destroy', 'dialer', '--auto-approve']);
    await context.ok(acceptor, ['destroy', 'acceptor', '--auto-approve']);
    expect(await leftovers(context.dc1())).toEqual([]);
    expect(await leftovers(context.dc2())).toEqual([]);
  });
}, { everyBackend: false });
