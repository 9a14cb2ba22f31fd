/**
 * Acceptor stack: generates a peering token for the dialing cluster and exports it. The output is a secret (in state,
 * in `pulumi stack output`, and through the dialer's StackReference).
 *
 * Cluster: the default provider, configured by stack config `consulpeering:address` / `consulpeering:token` (set the
 * token with --secret); when unset, CONSUL_HTTP_ADDR / CONSUL_HTTP_TOKEN (and Consul's other CONSUL_* variables).
 * Optional config: `peerName` (default "dialer"): the name this cluster gives the dialer;
 * `exportedServices` (JSON list of service names): services exported to the dialer;
 * `allowedCallers` (JSON list of the dialer's service names): allowed to call each exported service (intentions).
 */
import * as pulumi from '@pulumi/pulumi';
import { ExportedServices, PeeringToken, ServiceIntentions } from 'consul-peering/pulumi';

const config = new pulumi.Config();
const peerName = config.get('peerName') ?? 'dialer';
const services = config.getObject<string[]>('exportedServices') ?? [];
const callers = config.getObject<string[]>('allowedCallers') ?? [];

const token = new PeeringToken('peering-token', { peerName });

if (services.length > 0) {
  new ExportedServices('exports', {
    services: services.map((name) => ({ name, consumers: [{ peer: peerName }] })),
  }, { dependsOn: [token] });
}

// Intentions are merged into each service's entry: other stacks' sources for the same service are kept.
for (const service of callers.length > 0 ? services : []) {
  new ServiceIntentions(`allow-${service}`, {
    name: service,
    sources: callers.map((caller) => ({ name: caller, peer: peerName, action: 'allow' as const })),
  }, { dependsOn: [token] });
}

/** The token for the dialer stack (secret). */
export const peeringToken = token.peeringToken;
/** ID of this cluster's side of the peering. */
export const peeringId = token.peeringId;
