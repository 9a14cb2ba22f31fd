/**
 * One CDK for Terraform app, one stack, both clusters: `cdktf deploy peering` runs the ClusterPeering construct (token on
 * dc1 → peering on dc2, ACTIVE → "web" exported to dc2 → dc2's "frontend" allowed into it), each resource on its
 * cluster's provider, in that order.
 */
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { ClusterPeering } from 'consul-peering/cdktf';
import { clusterProvider } from './stacks';

const app = new App();
const stack = new TerraformStack(app, 'peering');
const dc1 = clusterProvider(stack, 'dc1', 'dc1');
const dc2 = clusterProvider(stack, 'dc2', 'dc2');
const peering = new ClusterPeering(stack, 'dc1-dc2', {
  acceptor: { provider: dc1, name: 'dc1', exports: [{ service: 'web', allowFrom: ['frontend'] }] },
  dialer: { provider: dc2, name: 'dc2' },
});
new TerraformOutput(stack, 'peering_state', { value: peering.state });
app.synth();
