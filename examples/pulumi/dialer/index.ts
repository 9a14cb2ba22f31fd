/**
 * Dialer stack: reads the peering token from the acceptor stack through a StackReference (`getOutput`) and establishes the peering,
 * waiting until it is ACTIVE. Deploy the acceptor stack first; both stacks need the same secrets passphrase.
 *
 * Cluster: the default provider, configured by stack config `consulpeering:address` / `consulpeering:token` (set the
 * token with --secret); when unset, CONSUL_HTTP_ADDR / CONSUL_HTTP_TOKEN (and Consul's other CONSUL_* variables).
 * Optional config: `acceptorStack` (default "organization/acceptor/<this stack's name>");
 * `peerName` (default "acceptor"): the name this cluster gives the acceptor.
 */
import * as pulumi from '@pulumi/pulumi';
import { Peering } from 'consul-peering/pulumi';

const config = new pulumi.Config();
const acceptorStack = config.get('acceptorStack') ?? `organization/acceptor/${pulumi.getStack()}`;

const acceptor = new pulumi.StackReference('acceptor', { name: acceptorStack });

// A secret: if this stack cannot decrypt it, the value arrives empty and the Peering's check says why. Before the
// acceptor stack has produced it, a preview plans the peering with the token still unknown, and `up` stops with a
// message saying to deploy the acceptor first.
const peeringToken = acceptor.getOutput('peeringToken').apply((token: unknown): string => {
  if (typeof token === 'string') return token;
  if (pulumi.runtime.isDryRun()) return pulumi.unknown as unknown as string;
  throw new Error(`stack ${acceptorStack} has no peeringToken output yet: run \`pulumi up\` in the acceptor stack first`);
});

const peering = new Peering('peering', {
  peerName: config.get('peerName') ?? 'acceptor',
  peeringToken,
});

/** State of the peering (ACTIVE once established). */
export const state = peering.state;
/** Datacenter of the accepting cluster. */
export const remoteDatacenter = peering.remoteDatacenter;
/** Services imported from the accepting cluster. */
export const importedServices = peering.importedServices;
