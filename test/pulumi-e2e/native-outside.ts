import type { TestCluster } from '../support/backends';
import { ConsulClient } from '../../src/consul';
import { exportedServices, peering, peeringToken, serviceIntentions } from '../../src/core';

// Objects made outside Pulumi (with the core), for the import suites: what brownfield users already have.

/** A client for one test cluster with its management token. */
export function clusterClient(cluster: TestCluster): ConsulClient {
  return ConsulClient.fromSettings({ address: cluster.address, ...(cluster.token ? { token: cluster.token } : {}) });
}

/**
 * Makes the four resources outside Pulumi, with the core: the token "dc2" on dc1, the peering "dc1" on dc2 (ACTIVE),
 * the exports of `api` to dc2 and the intentions of `api` (web from dc2 allowed) on dc1; returns the peering token.
 */
export async function peerOutsidePulumi(dc1: TestCluster, dc2: TestCluster): Promise<string> {
  const [acceptor, dialer] = [clusterClient(dc1), clusterClient(dc2)];
  try {
    const made = await peeringToken.create({ client: acceptor }, { peerName: 'dc2' });
    await peering.create({ client: dialer }, { peerName: 'dc1', peeringToken: made.peeringToken });
    await exportedServices.create({ client: acceptor }, { services: [{ name: 'api', consumers: [{ peer: 'dc2' }] }] });
    await serviceIntentions.create({ client: acceptor }, { name: 'api', sources: [{ name: 'web', peer: 'dc2', action: 'allow' }] });
    return made.peeringToken;
  } finally {
    acceptor.close();
    dialer.close();
  }
}

/** The objects {@link peerOutsidePulumi} makes, as the TypeScript program declares them: type, name, import ID, provider, arguments. */
export const OUTSIDE_OBJECTS = [
  { type: 'PeeringToken', name: 'token', id: 'dc2', provider: 'dc1', args: "{ peerName: 'dc2' }" },
  { type: 'Peering', name: 'peering', id: 'dc1', provider: 'dc2', args: "{ peerName: 'dc1', peeringToken: config.requireSecret('peeringToken') }" },
  { type: 'ExportedServices', name: 'exports', id: 'default', provider: 'dc1', args: "{ services: [{ name: 'api', consumers: [{ peer: 'dc2' }] }] }" },
  { type: 'ServiceIntentions', name: 'api', id: 'api', provider: 'dc1', args: "{ name: 'api', sources: [{ name: 'web', peer: 'dc2', action: 'allow' }] }" },
] as const;

/** TypeScript declarations of {@link OUTSIDE_OBJECTS} (after {@link TS_PROVIDERS}); `adopt`: each with the `import` option. */
export function outsideDeclarations(adopt: boolean): string {
  return OUTSIDE_OBJECTS.map((object) => `new consulpeering.${object.type}('${object.name}', ${object.args}, { provider: ${object.provider}${adopt ? `, import: '${object.id}'` : ''} });\n`).join('');
}
