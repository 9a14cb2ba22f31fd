// Peering tokens of an emulated cluster whose mesh entry sets Peering.PeerThroughMeshGateways: the gateway address
// rule (Consul's meshGatewayAdresses with wan=true) as a function, then the whole flow over the emulator's HTTP API.
import { startSimulator, type Simulator } from '../../src/sim';
import { meshGatewayAddresses, NO_MESH_GATEWAY } from '../../src/sim/peering/gateways';
import type { ServiceInstance } from '../../src/sim/routes/catalog';
import { call } from './http';

type Instance = Omit<ServiceInstance, 'createIndex'>;
const gateway = (id: string, extra: Partial<Instance> = {}): Instance => ({
  ID: id, Service: 'mesh-gateway', Kind: 'mesh-gateway', Tags: [], Port: 8443, Address: '', TaggedAddresses: null, Meta: null,
  Weights: { Passing: 1, Warning: 1 }, EnableTagOverride: false, checks: [], ...extra,
});

describe('meshGatewayAddresses', () => {
  it('fails with Consul\'s text when no mesh gateway is registered (other kinds do not count)', () => {
    expect(meshGatewayAddresses([gateway('web', { Kind: '' }), gateway('tgw', { Kind: 'terminating-gateway' })], '127.0.0.1'))
      .toEqual({ ok: false, message: NO_MESH_GATEWAY });
  });

  it('picks the wan tagged address, else the service address, else the node address; sorted by lower-cased ID; keeps duplicates', () => {
    const result = meshGatewayAddresses([
      gateway('mgw-b', { Address: '10.0.0.5', TaggedAddresses: { wan: { Address: '198.51.100.7', Port: 443 } } }),
      gateway('MGW-a', { Address: '10.0.0.6', Port: 9443, TaggedAddresses: { lan: { Address: '10.1.1.1', Port: 1 } } }),
      gateway('c', { Port: 7443, TaggedAddresses: { wan: { Address: '198.51.100.9', Port: 0 } } }),
      gateway('d', { Port: 6443 }),
      gateway('e', { Address: '198.51.100.7', Port: 443 }),
    ], '127.0.0.1');
    expect(result).toEqual({ ok: true, addresses: ['198.51.100.9:7443', '127.0.0.1:6443', '198.51.100.7:443', '10.0.0.6:9443', '198.51.100.7:443'] });
  });

  it('brackets IPv6 hosts as net.JoinHostPort does', () => {
    expect(meshGatewayAddresses([gateway('g', { TaggedAddresses: { wan: { Address: '2001:db8::1', Port: 443 } } })], '127.0.0.1'))
      .toEqual({ ok: true, addresses: ['[2001:db8::1]:443'] });
  });
});

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ clusters: ['dc1'] });
});
afterAll(() => sim.stop());

const serverAddresses = (token: string): unknown => (JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { ServerAddresses: unknown }).ServerAddresses;

describe('POST /v1/peering/token with PeerThroughMeshGateways', () => {
  it('answers 500 without gateways (the peering is written anyway), then names the gateways, and the servers once the flag is off', async () => {
    const { address } = sim.cluster('dc1');
    const token = async (name: string, extra: Record<string, unknown> = {}) => call(address, 'POST', '/v1/peering/token', { PeerName: name, ...extra });
    const plain = (await token('plain')).json<{ PeeringToken: string }>().PeeringToken;
    const servers = serverAddresses(plain);
    expect(servers).toEqual([expect.stringMatching(/^127\.0\.0\.1:\d+$/)]);

    expect((await call(address, 'PUT', '/v1/config', { Kind: 'mesh', Peering: { PeerThroughMeshGateways: true } })).text).toBe('true');
    const refused = await token('nogw');
    expect([refused.status, refused.text]).toEqual([500, NO_MESH_GATEWAY]);
    expect((await call(address, 'GET', '/v1/peering/nogw')).json<{ State: string }>().State).toBe('PENDING');

    const noPort = await call(address, 'PUT', '/v1/agent/service/register', { Kind: 'mesh-gateway', Name: 'mesh-gateway' });
    expect([noPort.status, noPort.text]).toEqual([400, 'Validation failed: 1 error occurred:\n\t* Port must be non-zero for a mesh-gateway\n\n']);
    const registered = await call(address, 'PUT', '/v1/agent/service/register', {
      Kind: 'mesh-gateway', Name: 'mesh-gateway', ID: 'mgw', Port: 8443, Address: '10.0.0.5',
      TaggedAddresses: { wan: { Address: '198.51.100.7', Port: 443 } },
    });
    expect(registered.status).toBe(200);
    const [entry] = (await call(address, 'GET', '/v1/catalog/service/mesh-gateway')).json<Array<{ ServiceKind: string; ServiceTaggedAddresses: unknown }>>();
    expect(entry?.ServiceKind).toBe('mesh-gateway');
    expect(entry?.ServiceTaggedAddresses).toEqual({
      lan_ipv4: { Address: '10.0.0.5', Port: 8443 }, wan: { Address: '198.51.100.7', Port: 443 }, wan_ipv4: { Address: '10.0.0.5', Port: 8443 },
    });

    const viaGateway = (await token('gw', { ServerExternalAddresses: ['203.0.113.4:8503'] })).json<{ PeeringToken: string }>().PeeringToken;
    const decoded = JSON.parse(Buffer.from(viaGateway, 'base64').toString('utf8')) as Record<string, unknown>;
    expect([decoded['ServerAddresses'], decoded['ManualServerAddresses']]).toEqual([['198.51.100.7:443'], ['203.0.113.4:8503']]);

    expect((await call(address, 'PUT', '/v1/config', { Kind: 'mesh', Peering: { PeerThroughMeshGateways: false } })).text).toBe('true');
    expect(serverAddresses((await token('off')).json<{ PeeringToken: string }>().PeeringToken)).toEqual(servers);
    await call(address, 'DELETE', '/v1/config/mesh/mesh');
    await call(address, 'PUT', '/v1/agent/service/deregister/mgw');
  });
});
