/**
 * The two stacks of the CDK Terrain example: the acceptor (dc1: peering token, exported services, intentions) and the
 * dialer (dc2: the peering, established with the acceptor's token). Clusters: DC1_ADDR / DC2_ADDR at synth time; ACL
 * tokens through TF_VAR_dc1_token / TF_VAR_dc2_token at deploy time; CONSUL_PEERING_TOKEN_PASSPHRASE (read by the
 * provider) seals the peering token in state.
 */
import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktn';
import type { Construct } from 'constructs';
import { exportedServices, peering, peeringToken, provider, serviceIntentions } from 'consul-peering/cdktn';

/**
 * The provider for cluster `name` (with `alias` when one stack talks to several clusters): its address from
 * `DC1_ADDR` / `DC2_ADDR` / `DC3_ADDR` at synth time; its ACL token from the sensitive variable `dc1_token` /
 * `dc2_token` / `dc3_token` (e.g. `TF_VAR_dc1_token`), so that no token is ever synthesized.
 */
export function clusterProvider(stack: TerraformStack, name: 'dc1' | 'dc2' | 'dc3', alias?: string): provider.ConsulpeeringProvider {
  const address = process.env[`${name.toUpperCase()}_ADDR`];
  if (address === undefined || address === '') throw new Error(`set ${name.toUpperCase()}_ADDR to the HTTP address of the ${name} cluster`);
  const token = new TerraformVariable(stack, `${name}_token`, {
    type: 'string', sensitive: true, default: '', description: `ACL token for ${name}; empty when ACLs are off`,
  });
  return new provider.ConsulpeeringProvider(stack, name, { address, token: token.stringValue, ...(alias === undefined ? {} : { alias }) });
}

/** dc1: a token for the peer "dc2", "web" exported to it, dc2's "frontend" allowed into "web". */
export class AcceptorStack extends TerraformStack {
  /** The generated token (sensitive; sealed when a passphrase is configured). */
  readonly token: peeringToken.PeeringToken;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    clusterProvider(this, 'dc1');
    this.token = new peeringToken.PeeringToken(this, 'dc2', { peerName: 'dc2' });
    new exportedServices.ExportedServices(this, 'web', { services: [{ name: 'web', consumers: [{ peer: 'dc2' }] }] });
    new serviceIntentions.ServiceIntentions(this, 'web-from-dc2', { name: 'web', sources: [{ name: 'frontend', peer: 'dc2', action: 'allow' }] });
  }
}

/** dc2: the peering "dc1", established with the acceptor's token (write-only: never stored in this stack's state). */
export class DialerStack extends TerraformStack {
  constructor(scope: Construct, id: string, token: string) {
    super(scope, id);
    clusterProvider(this, 'dc2');
    const dialer = new peering.Peering(this, 'dc1', { peerName: 'dc1', peeringToken: token });
    new TerraformOutput(this, 'peering_state', { value: dialer.state });
  }
}
