/**
 * Both clusters in one program: ClusterPeering generates the token on the acceptor, establishes the peering on the
 * dialer, waits until ACTIVE, then exports `api` from the acceptor to the dialer and allows the dialer's `web` to call
 * it (and destroys in the reverse order).
 *
 * Config: `dialerAddress` (required) and `dialerToken` (secret); `acceptorAddress` and `acceptorToken` (secret), which
 * fall back to CONSUL_HTTP_ADDR / CONSUL_HTTP_TOKEN; `acceptorName` / `dialerName`: the peer names each cluster is given
 * by the other (default "dc1" / "dc2").
 */
import * as pulumi from '@pulumi/pulumi';
import { ClusterPeering, Provider } from 'consul-peering/pulumi';

const config = new pulumi.Config();

// One provider per cluster (unset settings fall back to CONSUL_HTTP_ADDR, CONSUL_HTTP_TOKEN, ...).
const acceptor = new Provider('acceptor', { address: config.get('acceptorAddress'), token: config.getSecret('acceptorToken') });
const dialer = new Provider('dialer', { address: config.require('dialerAddress'), token: config.getSecret('dialerToken') });

const peering = new ClusterPeering('dc1-dc2', {
  acceptor: { name: config.get('acceptorName') ?? 'dc1', provider: acceptor, exports: [{ service: 'api', allowFrom: ['web'] }] },
  dialer: { name: config.get('dialerName') ?? 'dc2', provider: dialer },
});

/** State of the peering on the dialer (ACTIVE). */
export const state = peering.state;
/** ID of the acceptor's side of the peering. */
export const peeringId = peering.peeringId;
