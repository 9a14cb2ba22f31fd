// The server addresses a peering token carries when the mesh config entry sets Peering.PeerThroughMeshGateways:
// Consul's meshGatewayAdresses(wan=true) (agent/consul/peering_backend.go). Every mesh-gateway instance of the local
// catalog, healthy or not, in the order of memdb's kind index (node, then lower-cased service ID; the emulator has one
// node), each as its best WAN address: the service's `wan` tagged address (its port when non-zero, else the service
// port), else the service address, else the node's WAN address (the node address here). No de-duplication.
//
// Emulator limit: dialing through a mesh gateway needs a running Envoy that routes the peering SNI to the servers. The
// emulator runs none: a dialer simply dials the token's addresses (so a token naming gateways can only be established
// when such an address reaches the acceptor's peer endpoint), and a dialer whose own mesh entry sets
// PeerThroughMeshGateways does not route its outbound calls through its local gateways as Consul does.
import { isIP } from 'node:net';
import type { ServiceInstance } from '../routes/catalog';

/** Consul's answer when the mesh entry asks for gateways and none is registered (a 500 from POST /v1/peering/token). */
export const NO_MESH_GATEWAY = 'servers are configured to PeerThroughMeshGateways, but no mesh gateway instances are registered';

/** Go's net.JoinHostPort. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') || isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The WAN `host:port` of every local mesh gateway, in Consul's order; an error text when there is none. */
export function meshGatewayAddresses(
  instances: Iterable<Omit<ServiceInstance, 'createIndex'>>, nodeWanAddress: string,
): { ok: true; addresses: string[] } | { ok: false; message: string } {
  const gateways = [...instances].filter((instance) => instance.Kind === 'mesh-gateway');
  const key = (instance: { ID: string }): string => instance.ID.toLowerCase();
  gateways.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const addresses = gateways.map((gateway) => {
    let address = gateway.Address;
    let port = gateway.Port;
    const wan = gateway.TaggedAddresses?.['wan'];
    if (wan !== undefined) {
      address = wan.Address;
      if (wan.Port !== 0) port = wan.Port;
    }
    return joinHostPort(address === '' ? nodeWanAddress : address, port);
  });
  return addresses.length === 0 ? { ok: false, message: NO_MESH_GATEWAY } : { ok: true, addresses };
}
