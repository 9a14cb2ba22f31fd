/**
 * One CDK Terrain app, one stack, three clusters: `cdktn deploy mesh` runs the ClusterMesh construct. Every pair is
 * peered (the cluster earlier in the list generates the token, the later one establishes the peering, ACTIVE before
 * the deploy goes on); then dc1 exports "web" to both others and lets dc2's "frontend" call it, and dc3 exports "db"
 * to dc2 only and lets dc2's "api" call it. Any number of clusters works: add one provider and one entry each.
 */
import { App, TerraformOutput, TerraformStack } from 'cdktn';
import { ClusterMesh } from 'consul-peering/cdktn';
import { clusterProvider } from './stacks';

const app = new App();
const stack = new TerraformStack(app, 'mesh');
const dc1 = clusterProvider(stack, 'dc1', 'dc1');
const dc2 = clusterProvider(stack, 'dc2', 'dc2');
const dc3 = clusterProvider(stack, 'dc3', 'dc3');
const mesh = new ClusterMesh(stack, 'mesh', {
  clusters: [
    { provider: dc1, name: 'dc1', exports: [{ service: 'web', allowFrom: [{ cluster: 'dc2', service: 'frontend' }] }] },
    { provider: dc2, name: 'dc2' },
    { provider: dc3, name: 'dc3', exports: [{ service: 'db', to: ['dc2'], allowFrom: [{ cluster: 'dc2', service: 'api' }] }] },
  ],
});
new TerraformOutput(stack, 'states', { value: mesh.states });
app.synth();
