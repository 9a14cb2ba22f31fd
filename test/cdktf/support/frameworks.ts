import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as cdktf from 'cdktf';
import type { Construct } from 'constructs';
import * as cdktn from 'cdktn';
import * as cdktfBindings from '../../../src/cdktf';
import * as cdktnBindings from '../../../src/cdktn';

// The two CDK frameworks as the in-process synthesis tests call them (cluster-peering.test.ts, cluster-mesh.test.ts):
// a stack with one aliased provider per cluster, synthesized to JSON in a temporary directory.

/** One framework's library and bindings, as far as the tests call them. */
export interface Framework {
  readonly lib: Pick<typeof cdktf, 'App' | 'TerraformStack' | 'TerraformVariable'>;
  readonly bindings: Pick<typeof cdktfBindings, 'ClusterPeering' | 'ClusterMesh' | 'provider'>;
}

/** cdktf and cdktn, by name. */
export const FRAMEWORKS: [string, Framework][] = [
  ['cdktf', { lib: cdktf, bindings: cdktfBindings }],
  ['cdktn', { lib: cdktn as unknown as Framework['lib'], bindings: cdktnBindings as unknown as Framework['bindings'] }],
];

/** A synthesized stack's resources: type → name → arguments. */
export type Synthesized = Record<string, Record<string, Record<string, unknown>>>;

/** A provider per cluster name (alias = name, a sensitive token variable each), handed to `declare`, then synthesized to JSON. */
export function synthesize(
  { lib, bindings }: Framework, outdir: string, clusters: readonly string[],
  declare: (stack: Construct, providers: cdktfBindings.provider.ConsulpeeringProvider[]) => void,
): Synthesized {
  const app = new lib.App({ outdir, context: { targetVersions: { terraform: '>=1.11.0', opentofu: '>=1.11.0' } } });
  const stack = new lib.TerraformStack(app, 'cluster');
  const providers = clusters.map((name, at) => new bindings.provider.ConsulpeeringProvider(stack, name, {
    alias: name, address: `http://127.0.0.1:${at + 1}`,
    token: new lib.TerraformVariable(stack, `${name}_token`, { type: 'string', sensitive: true, default: '' }).stringValue,
  }));
  declare(stack, providers);
  app.synth();
  return (JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'cluster', 'cdk.tf.json'), 'utf8')) as { resource: Synthesized }).resource;
}

/** Runs `body` with a fresh temporary directory, removed afterwards. */
export function inTemporaryDir<T>(body: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-peering-cdk-construct-'));
  try {
    return body(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
