// Mesh gateways in the catalog and peering tokens with Peering.PeerThroughMeshGateways: with the flag on and no
// gateway, POST /v1/peering/token answers 500 (after writing the PENDING peering); with gateways, the token's
// ServerAddresses are their WAN addresses (wan tagged address, else service address, else the node's; ordered by
// lower-cased service ID; duplicates kept) while ServerExternalAddresses stay in ManualServerAddresses. Clusters of
// its own; it ends with the flag off, the entry deleted and every gateway deregistered.
import { req, type BodyTemplate, type Scenario } from '../runner';

const register = (label: string, body: Record<string, BodyTemplate>): ReturnType<typeof req> =>
  req(label, 'a', 'PUT', '/v1/agent/service/register', { body: { Kind: 'mesh-gateway', ...body } });
const deregister = (id: string): ReturnType<typeof req> => req(`deregister ${id}`, 'a', 'PUT', `/v1/agent/service/deregister/${id}`);
const meshPeering = (on: boolean): BodyTemplate => ({ Kind: 'mesh', Peering: { PeerThroughMeshGateways: on } });
const token = (label: string, body: Record<string, BodyTemplate>): ReturnType<typeof req> =>
  req(label, 'a', 'POST', '/v1/peering/token', { body });

export const meshGateways: Scenario = {
  name: 'mesh gateways and PeerThroughMeshGateways tokens',
  budgetMs: 30_000,
  steps: [
    register('mesh gateway without a port', { Name: 'mesh-gateway', ID: 'mgw-noport-{sfx}', Address: '10.0.0.9' }),
    register('register a mesh gateway (lan and wan)', {
      Name: 'mesh-gateway', ID: 'mgw-b-{sfx}', Port: 8443, Address: '10.0.0.5',
      TaggedAddresses: { lan: { Address: '10.0.0.5', Port: 8443 }, wan: { Address: '198.51.100.7', Port: 443 } },
    }),
    req('catalog: the gateway', 'a', 'GET', '/v1/catalog/service/mesh-gateway'),
    req('health: the gateway', 'a', 'GET', '/v1/health/service/mesh-gateway'),
    req('catalog: services', 'a', 'GET', '/v1/catalog/services'),
    token('token before any mesh entry', { PeerName: 'plain-{sfx}' }),
    deregister('mgw-b-{sfx}'),

    req('turn PeerThroughMeshGateways on', 'a', 'PUT', '/v1/config', { body: meshPeering(true) }),
    req('read the mesh entry', 'a', 'GET', '/v1/config/mesh/mesh'),
    token('token with no gateway registered', { PeerName: 'nogw-{sfx}' }),
    req('the peering was written anyway', 'a', 'GET', '/v1/peering/nogw-{sfx}'),
    req('peerings', 'a', 'GET', '/v1/peerings'),

    register('gateway B: wan tagged address', {
      Name: 'mesh-gateway', ID: 'mgw-b-{sfx}', Port: 8443, Address: '10.0.0.5',
      TaggedAddresses: { lan: { Address: '10.0.0.5', Port: 8443 }, wan: { Address: '198.51.100.7', Port: 443 } },
    }),
    token('token with one gateway', { PeerName: 'onegw-{sfx}' }),
    token('token with one gateway and ServerExternalAddresses', { PeerName: 'manual-{sfx}', ServerExternalAddresses: ['203.0.113.4:8503'] }),
    token('token again for the 500 peering (now it works)', { PeerName: 'nogw-{sfx}' }),
    register('gateway A (upper-case ID): service address only', { Name: 'mesh-gateway', ID: 'MGW-a-{sfx}', Port: 9443, Address: '10.0.0.6' }),
    register('gateway C: wan address without a port', {
      Name: 'gw-other-{sfx}', ID: 'c-{sfx}', Port: 7443, TaggedAddresses: { wan: { Address: '198.51.100.9' } },
    }),
    register('gateway D: no address at all (the node address)', { Name: 'gw-other-{sfx}', ID: 'd-{sfx}', Port: 6443 }),
    register('gateway E: same wan address as B', {
      Name: 'gw-other-{sfx}', ID: 'e-{sfx}', Port: 443, Address: '198.51.100.7',
      TaggedAddresses: { wan: { Address: '198.51.100.7', Port: 443 } },
    }),
    register('a plain service (not a gateway)', { Kind: '', Name: 'web-{sfx}', ID: 'a-web-{sfx}', Port: 80, Address: '10.0.0.1' }),
    req('catalog: gateways of the other service', 'a', 'GET', '/v1/catalog/service/gw-other-{sfx}'),
    token('token with five gateways', { PeerName: 'fourgw-{sfx}', ServerExternalAddresses: ['203.0.113.4:8503', '203.0.113.5:8503'] }),

    req('turn PeerThroughMeshGateways off', 'a', 'PUT', '/v1/config', { body: meshPeering(false) }),
    token('token with the flag off', { PeerName: 'off-{sfx}' }),
    req('turn it on again', 'a', 'PUT', '/v1/config', { body: meshPeering(true) }),
    deregister('mgw-b-{sfx}'),
    deregister('MGW-a-{sfx}'),
    deregister('c-{sfx}'),
    deregister('d-{sfx}'),
    deregister('e-{sfx}'),
    token('token after every gateway left', { PeerName: 'gone-{sfx}' }),
    req('delete the mesh entry', 'a', 'DELETE', '/v1/config/mesh/mesh'),
    token('token after the entry is deleted', { PeerName: 'gone-{sfx}' }),
    deregister('a-web-{sfx}'),
  ],
};
