/**
 * Dialer stack: reads the peering token from the acceptor stack through a StackReference and establishes the peering,
 * waiting until it is ACTIVE. Deploy the acceptor stack first; both stacks need the same secrets passphrase.
 *
 * Cluster: stack config `consul-peering:address` / `consul-peering:token` (set the token with --secret); when unset,
 * CONSUL_HTTP_ADDR / CONSUL_HTTP_TOKEN (and Consul's other CONSUL_* variables).
 * Optional config: `acceptorStack` (default "organization/acceptor/<this stack's name>");
 * `peerName` (default "acceptor"): the name this cluster gives the acceptor.
 */
import * as pulumi from '@pulumi/pulumi';
import { Peering } from 'consul-peering/pulumi';

const config = new pulumi.Config();
const acceptorStack = config.get('acceptorStack') ?? `organization/acceptor/${pulumi.getStack()}`;

const acceptor = new pulumi.StackReference('acceptor', { name: acceptorStack });

const peering = new Peering('peering', {
  peerName: config.get('peerName') ?? 'acceptor',
  // A secret: if this stack cannot decrypt it, the value arrives empty and the Peering's check says why.
  peeringToken: acceptor.requireOutput('peeringToken'),
});

/** State of the peering (ACTIVE once established). */
export const state = peering.state;
/** Datacenter of the accepting cluster. */
export const remoteDatacenter = peering.remoteDatacenter;
/** Services imported from the accepting cluster. */
export const importedServices = peering.importedServices;
