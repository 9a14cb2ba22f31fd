import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');

/** Loads a module the way a user's program would (by package name, through the exports map) in plain Node. */
function exportedNames(specifier: string): string[] {
  const script = `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(specifier)})).sort()))`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as string[];
}

describe('package entry points (built dist, resolved through the exports map)', () => {
  it('consul-peering exposes the client, the errors and the guards', () => {
    expect(exportedNames('consul-peering')).toEqual(expect.arrayContaining([
      'ConsulClient', 'ConsulHttpError', 'ConsulNetworkError', 'ConsulTimeoutError', 'ConsulConfigError',
      'isNotFound', 'isPermissionDenied', 'resolveConsulConfig', 'peeringWireSchema', 'exportedServicesEntrySchema',
    ]));
  });

  it.each(['consul-peering/pulumi', 'consul-peering/cdktf', 'consul-peering/cdktn', 'consul-peering/sim'])('%s resolves', (specifier) => {
    expect(Array.isArray(exportedNames(specifier))).toBe(true);
  });

  it('does not expose internal files', () => {
    expect(() => exportedNames('consul-peering/dist/consul/client')).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });
});
