import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliConfigBlock, installMirror, launcherScript, packageVersion, terraformPlatform } from '../../src/terraform/install';
import { ensureProviderBuilt } from './support/build';
import { PROVIDER_BIN } from './support/plugin-process';

const dirs: string[] = [];
const temp = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-peering-install-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Terraform's h1: hash of a package directory (Go dirhash Hash1: sha256 of "sha256hex  name\n" lines, sorted). */
function h1(dir: string): string {
  const lines = fs.readdirSync(dir).sort().map((name) => `${createHash('sha256').update(fs.readFileSync(path.join(dir, name))).digest('hex')}  ${name}\n`);
  return `h1:${createHash('sha256').update(lines.join('')).digest('base64')}`;
}

describe('install --mirror', () => {
  it('writes the unpacked mirror layout: HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/terraform-provider-TYPE_vVERSION, executable, alone', () => {
    const mirror = temp();
    fs.mkdirSync(path.join(mirror, 'terraform.local/consul-peering/consulpeering', packageVersion(), terraformPlatform(), 'stale'), { recursive: true });
    const result = installMirror({ mirror });
    expect(path.relative(mirror, result.executable)).toBe(
      `terraform.local/consul-peering/consulpeering/${packageVersion()}/${terraformPlatform()}/terraform-provider-consulpeering_v${packageVersion()}`,
    );
    expect(fs.readdirSync(result.packageDir)).toEqual([path.basename(result.executable)]);
    expect(fs.statSync(result.executable).mode & 0o111).toBe(0o111);
    expect(result.cliConfig).toBe(cliConfigBlock(mirror));
    expect(result.cliConfig).toContain(`path    = ${JSON.stringify(mirror)}`);
    expect(result.cliConfig).toContain('include = ["terraform.local/consul-peering/consulpeering"]');
  });

  it('keeps the package bytes (and so the lock file h1: hash) the same across reinstalls and rebuilds', () => {
    const mirror = temp();
    const first = installMirror({ mirror });
    const hash = h1(first.packageDir);
    const again = installMirror({ mirror });
    expect(h1(again.packageDir)).toBe(hash);
    // The launcher names the package, not the build: nothing in it depends on dist/ contents.
    expect(fs.readFileSync(first.executable, 'utf8')).toBe(launcherScript(path.resolve(__dirname, '../../bin/consul-peering-terraform.js'), packageVersion()));
  });

  it('launchers: a node script by default; pinned node paths that cannot be a shebang go through /bin/sh exec', () => {
    expect(launcherScript('/p/bin/x.js', '1.0.0')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(launcherScript('/p/bin/x.js', '1.0.0', '/opt/node/bin/node')).toMatch(/^#!\/opt\/node\/bin\/node\n/);
    expect(launcherScript("/p/it's/x.js", '1.0.0', '/opt/my node/bin/node')).toBe(
      "#!/bin/sh\n# consul-peering Terraform provider 1.0.0, written by `consul-peering-terraform install`; runs /p/it's/x.js.\n"
      + "exec '/opt/my node/bin/node' '/p/it'\\''s/x.js' \"$@\"\n",
    );
    expect(terraformPlatform('linux', 'x64')).toBe('linux_amd64');
    expect(terraformPlatform('darwin', 'arm64')).toBe('darwin_arm64');
    expect(() => installMirror({ mirror: temp(), platform: 'windows_amd64' })).toThrow(/Windows/);
  });

  it('the CLI prints the block on stdout, explanations on stderr; the installed launcher runs the provider', () => {
    ensureProviderBuilt();
    const mirror = temp();
    const cliConfig = path.join(mirror, 'cli.tfrc');
    const run = spawnSync(process.execPath, [PROVIDER_BIN, 'install', '--mirror', mirror, '--cli-config', cliConfig], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(cliConfigBlock(mirror));
    expect(fs.readFileSync(cliConfig, 'utf8')).toBe(run.stdout);
    expect(run.stderr).toMatch(/Installed terraform\.local\/consul-peering\/consulpeering \d+\.\d+\.\d+ into /);
    const executable = installMirror({ mirror }).executable;
    const launched = spawnSync(executable, [], { encoding: 'utf8', env: { PATH: process.env['PATH'] } });
    expect([launched.status, launched.stdout]).toEqual([1, '']);
    expect(launched.stderr).toMatch(/This binary is a plugin/);
    const usage = spawnSync(process.execPath, [PROVIDER_BIN, 'install'], { encoding: 'utf8' });
    expect([usage.status, usage.stderr]).toEqual([2, expect.stringContaining('--mirror DIR is required')]);
    expect(execFileSync(process.execPath, [PROVIDER_BIN, '--help'], { encoding: 'utf8' })).toContain('usage: consul-peering-terraform install');
  });
});
