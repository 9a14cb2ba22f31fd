import {
  ConsulAbortedError, ConsulClient, ConsulHttpError, ConsulNetworkError, ConsulResponseError, ConsulTimeoutError,
  isNotFound, isPermissionDenied, type ConsulClientOptions, type ConsulSettings, type RequestEvent,
} from '../../src/consul';
import { createTestPki, type TestPki } from '../support/certs';
import { json, startFixtureServer, text, type FixtureReply, type FixtureServer, type RecordedRequest } from '../support/fixture-server';

const ACL_TOKEN = 'b0a7c3e2-acl-secret-4f1d-9e8b-0123456789ab';
const PEERING_TOKEN = Buffer.from(JSON.stringify({
  CA: null, ManualServerAddresses: null, ServerAddresses: ['127.0.0.1:8503'], ServerName: 'server.dc1.peering.x.consul',
  PeerID: '1e4a697b-ca16-f64e-9577-55fc7f3c4708', EstablishmentSecret: '7d1c-secret', Remote: { Partition: '', Datacenter: 'dc1' },
})).toString('base64');

/** A peering exactly as real Consul 1.22.7 returned it (consul-transcripts/basic-flow.jsonl, dialer side). */
const DIALER = {
  ID: 'bbe5ce8d-04b4-b30d-4a21-168adc35cde2', Name: 'peer-a', State: 'ACTIVE', PeerID: '1e4a697b-ca16-f64e-9577-55fc7f3c4708',
  PeerCAPems: ['-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n'], PeerServerName: 'server.dc1.peering.x.consul',
  PeerServerAddresses: ['127.0.0.1:8503'],
  StreamStatus: { ImportedServices: ['web'], ExportedServices: null, LastHeartbeat: '2026-11-22T10:19:04Z', LastReceive: '2026-11-22T10:19:04Z', LastSend: '2026-11-22T10:19:04Z' },
  CreateIndex: 20, ModifyIndex: 22, Remote: { Partition: '', Datacenter: 'dc1' },
};
const EXPORTS = { Kind: 'exported-services', Name: 'default', Services: [{ Name: 'web', Consumers: [{ Peer: 'peer-b' }] }], Hash: 3785531629973775000, CreateIndex: 23, ModifyIndex: 23 };

let servers: FixtureServer[] = [];
let clients: ConsulClient[] = [];
afterEach(async () => {
  clients.forEach((client) => client.close());
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
  clients = [];
});

async function serve(reply: (request: RecordedRequest, index: number) => FixtureReply): Promise<FixtureServer> {
  const server = await startFixtureServer(reply);
  servers.push(server);
  return server;
}

function connect(server: { url: string }, settings: ConsulSettings = {}, options: ConsulClientOptions = {}): ConsulClient {
  const client = ConsulClient.fromSettings({ address: server.url, token: ACL_TOKEN, ...settings },
    { retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...options }, {});
  clients.push(client);
  return client;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('ConsulClient endpoints (local fixture server)', () => {
  it('generates a token: POST /v1/peering/token with the ACL token header', async () => {
    const server = await serve(() => json({ PeeringToken: PEERING_TOKEN }));
    const token = await connect(server).generatePeeringToken({ PeerName: 'dc2', Meta: { env: 'test' }, ServerExternalAddresses: ['10.0.0.1:8503'] });
    expect(token).toBe(PEERING_TOKEN);
    const [request] = server.requests;
    expect([request?.method, request?.path, request?.headers['x-consul-token']]).toEqual(['POST', '/v1/peering/token', ACL_TOKEN]);
    expect(JSON.parse(request?.body ?? '')).toEqual({ PeerName: 'dc2', Meta: { env: 'test' }, ServerExternalAddresses: ['10.0.0.1:8503'] });
  });

  it('establishes: POST /v1/peering/establish answering {}', async () => {
    const server = await serve(() => json({}));
    await connect(server).establishPeering({ PeerName: 'dc1', PeeringToken: PEERING_TOKEN });
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ PeerName: 'dc1', PeeringToken: PEERING_TOKEN });
  });

  it('reads, lists and deletes peerings', async () => {
    const server = await serve((request) => {
      if (request.path === '/v1/peering/peer-a') return json(DIALER);
      if (request.path === '/v1/peerings') return json([DIALER]);
      if (request.method === 'DELETE') return { status: 200, body: '', headers: { 'Content-Type': 'application/json' } };
      return text(404, `Peering not found for "${request.path.split('/').pop() ?? ''}"`);
    });
    const client = connect(server, { partition: 'part-1' });
    expect(await client.readPeering('peer-a', { partition: '' })).toMatchObject({ State: 'ACTIVE', PeerID: DIALER.PeerID });
    expect((await client.listPeerings()).map((peering) => peering.Name)).toEqual(['peer-a']);
    await client.deletePeering('peer-a');
    const missing = await failure(client.readPeering('nope'));
    expect(isNotFound(missing)).toBe(true);
    // The message names the cluster the request went to.
    expect(missing.message).toBe(`Consul request failed with status 404: GET /v1/peering/nope at ${server.url}: Peering not found for "nope"`);
    // A cluster that cannot tell its edition (no /v1/agent/version, no /v1/agent/self) is asked once, then sent the partition as set.
    expect(server.requests.filter((request) => request.path.startsWith('/v1/agent/')).map((request) => request.path)).toEqual(['/v1/agent/version', '/v1/agent/self']);
    expect(server.requests.filter((request) => !request.path.startsWith('/v1/agent/')).map((request) => request.query))
      .toEqual([{}, { partition: 'part-1' }, { partition: 'part-1' }, { partition: 'part-1' }]);
  });

  it('writes config entries with cas and reports true/false', async () => {
    const server = await serve((request) => json(request.query['cas'] !== '22'));
    const client = connect(server);
    expect(await client.writeConfigEntry({ Kind: 'exported-services', Name: 'default', Services: [] }, { cas: 23 })).toBe(true);
    expect(await client.writeConfigEntry({ Kind: 'exported-services', Name: 'default', Services: [] }, { cas: 22 })).toBe(false);
    expect(await client.writeConfigEntry({ Kind: 'exported-services', Name: 'default', Services: [] })).toBe(true);
    expect(server.requests.map((request) => [request.method, request.path, request.query['cas']]))
      .toEqual([['PUT', '/v1/config', '23'], ['PUT', '/v1/config', '22'], ['PUT', '/v1/config', undefined]]);
  });

  it('reads, lists and deletes config entries', async () => {
    const server = await serve((request) => {
      if (request.method === 'GET' && request.path === '/v1/config/exported-services/default') return json(EXPORTS);
      if (request.method === 'GET' && request.path === '/v1/config/exported-services') return json([EXPORTS]);
      if (request.method === 'DELETE') return json(request.query['cas'] === undefined ? {} : request.query['cas'] === '23');
      return text(404, 'Config entry not found for "exported-services" / "x"');
    });
    const client = connect(server);
    expect((await client.readConfigEntry('exported-services', 'default')).ModifyIndex).toBe(23);
    expect(await client.listConfigEntries('exported-services')).toHaveLength(1);
    expect(await client.deleteConfigEntry('exported-services', 'default', { cas: 22 })).toBe(false);
    expect(await client.deleteConfigEntry('exported-services', 'default', { cas: 23 })).toBe(true);
    expect(await client.deleteConfigEntry('exported-services', 'default')).toBe(true);
    expect(isNotFound(await failure(client.readConfigEntry('exported-services', 'x')))).toBe(true);
  });

  it('lists resolved exported services', async () => {
    const server = await serve(() => json([{ Service: 'web', Consumers: { Peers: ['peer-b'] } }]));
    expect(await connect(server).listExportedServices()).toEqual([{ Service: 'web', Consumers: { Peers: ['peer-b'] } }]);
    expect(server.requests[0]?.path).toBe('/v1/exported-services');
  });
});

describe('ConsulClient errors and retries (local fixture server)', () => {
  it('turns a 403 into a permission error naming the permission', async () => {
    const server = await serve(() => text(403, "Permission denied: token with AccessorID 'a1' lacks permission 'peering:write'"));
    const error = await failure(connect(server).generatePeeringToken({ PeerName: 'dc2' }));
    expect(isPermissionDenied(error)).toBe(true);
    expect((error as ConsulHttpError).missingPermission).toBe('peering:write');
    expect(error.message).toContain("lacks permission 'peering:write'");
  });

  it('surfaces a 500 validation text verbatim without retrying it', async () => {
    const server = await serve(() => text(500, "Sources[0].Action must be set to 'allow' or 'deny'"));
    const error = await failure(connect(server).writeConfigEntry({ Kind: 'service-intentions', Name: 'web', Sources: [] }));
    expect(error).toBeInstanceOf(ConsulHttpError);
    expect((error as ConsulHttpError).status).toBe(500);
    expect((error as ConsulHttpError).consulMessage).toBe("Sources[0].Action must be set to 'allow' or 'deny'");
    expect(server.requests).toHaveLength(1);
  });

  it.each<[string, FixtureReply]>([
    ['503', text(503, 'rpc error: code = Unavailable')],
    ['429 with Retry-After', { status: 429, body: 'rate limited', headers: { 'Retry-After': '0' } }],
    ['a connection reset', 'reset'],
  ])('retries an idempotent read after %s', async (_name, first) => {
    const server = await serve((_request, index) => (index === 0 ? first : json([])));
    const events: RequestEvent[] = [];
    expect(await connect(server, {}, { onRequest: (event) => events.push(event) }).listPeerings()).toEqual([]);
    expect(server.requests.length).toBeGreaterThanOrEqual(first === 'reset' ? 1 : 2);
    expect(events.map((event) => event.attempt)).toEqual([1, 2]);
  });

  it('gives up after the configured attempts', async () => {
    const server = await serve(() => text(503, 'No cluster leader'));
    const error = await failure(connect(server, {}, { retry: { attempts: 3, baseDelayMs: 1 } }).readPeering('a'));
    expect((error as ConsulHttpError).status).toBe(503);
    expect(server.requests).toHaveLength(3);
  });

  it.each<[string, FixtureReply]>([['503', text(503, 'failed to exchange peering secret')], ['a connection reset', 'reset']])(
    'never retries establish after %s', async (_name, reply) => {
      const server = await serve(() => reply);
      const error = await failure(connect(server).establishPeering({ PeerName: 'dc1', PeeringToken: PEERING_TOKEN }));
      expect(error).toBeInstanceOf(reply === 'reset' ? ConsulNetworkError : ConsulHttpError);
      expect(server.requests).toHaveLength(1);
    });

  it('never retries token generation', async () => {
    const server = await serve(() => text(503, 'Unavailable'));
    await failure(connect(server).generatePeeringToken({ PeerName: 'dc2' }));
    expect(server.requests).toHaveLength(1);
  });

  it('retries a refused connection, then reports a network error', async () => {
    const server = await serve(() => json([]));
    const address = server.url;
    await server.close();
    servers = [];
    const events: RequestEvent[] = [];
    const error = await failure(connect({ url: address }, {}, { retry: { attempts: 2, baseDelayMs: 1 }, onRequest: (e) => events.push(e) }).listPeerings());
    expect(error).toBeInstanceOf(ConsulNetworkError);
    expect((error as ConsulNetworkError).code).toBe('ECONNREFUSED');
    expect(events).toHaveLength(2);
  });

  it('times out a slow request', async () => {
    const server = await serve(() => ({ ...json([]) as object, status: 200, delayMs: 2_000 }));
    const error = await failure(connect(server, {}, { timeoutMs: 100, retry: { attempts: 1 } }).listPeerings());
    expect(error).toBeInstanceOf(ConsulTimeoutError);
    expect(error.message).toBe('Consul request timed out after 100 ms: GET /v1/peerings');
  });

  it('cancels with an AbortSignal', async () => {
    const server = await serve(() => ({ status: 200, body: '[]', delayMs: 2_000 }));
    const controller = new AbortController();
    const pending = connect(server).listPeerings({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await failure(pending)).toBeInstanceOf(ConsulAbortedError);
  });

  it('reports an unexpected body shape without echoing values', async () => {
    const server = await serve(() => json({ PeeringToken: 42, Extra: PEERING_TOKEN }));
    const error = await failure(connect(server).generatePeeringToken({ PeerName: 'dc2' }));
    expect(error).toBeInstanceOf(ConsulResponseError);
    expect(error.message).toMatch(/^Consul sent an unexpected response to POST \/v1\/peering\/token: PeeringToken: /);
  });
});

describe('ConsulClient keeps secrets out of errors (local fixture server)', () => {
  const leaks = (error: Error): boolean => [error.message, error.stack ?? '', String(error.cause ?? '')]
    .some((textValue) => textValue.includes(ACL_TOKEN) || textValue.includes(PEERING_TOKEN) || textValue.includes('7d1c-secret'));

  it('redacts tokens that Consul echoes in an error body', async () => {
    const server = await serve(() => text(500, `bad token ${PEERING_TOKEN} from ${ACL_TOKEN}`));
    const error = await failure(connect(server).establishPeering({ PeerName: 'dc1', PeeringToken: PEERING_TOKEN }));
    expect(error.message).toContain('[redacted]');
    expect(leaks(error)).toBe(false);
  });

  it('keeps tokens out of network, timeout and parse errors', async () => {
    const reset = await serve(() => 'reset');
    const slow = await serve(() => ({ status: 200, body: '{}', delayMs: 1_000 }));
    const garbled = await serve(() => ({ status: 200, body: `not json ${PEERING_TOKEN}` }));
    const body = { PeerName: 'dc1', PeeringToken: PEERING_TOKEN };
    const errors = [
      await failure(connect(reset).establishPeering(body)),
      await failure(connect(slow, {}, { timeoutMs: 50 }).establishPeering(body)),
      await failure(connect(garbled).generatePeeringToken({ PeerName: 'dc2' })),
    ];
    for (const error of errors) expect(leaks(error)).toBe(false);
  });
});

describe('ConsulClient over TLS (certificates generated by openssl)', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = createTestPki();
  });
  afterAll(() => pki.remove());

  async function tlsServer(requestCert: boolean): Promise<FixtureServer> {
    const server = await startFixtureServer(() => json([]), { cert: pki.serverCert, key: pki.serverKey, ca: pki.caPem, requestCert });
    servers.push(server);
    return server;
  }

  it('verifies the server with ca_file and presents a client certificate', async () => {
    const server = await tlsServer(true);
    const client = connect(server, { caFile: pki.caFile, certFile: pki.clientCertFile, keyFile: pki.clientKeyFile });
    expect(await client.listPeerings()).toEqual([]);
    expect(server.requests[0]?.clientCertCn).toBe('client');
  });

  it('uses CONSUL_CACERT / CONSUL_CLIENT_CERT / CONSUL_CLIENT_KEY and an https:// address from the environment', async () => {
    const server = await tlsServer(true);
    const client = ConsulClient.fromSettings({}, {}, {
      CONSUL_HTTP_ADDR: server.url, CONSUL_CACERT: pki.caFile, CONSUL_CLIENT_CERT: pki.clientCertFile, CONSUL_CLIENT_KEY: pki.clientKeyFile,
    });
    clients.push(client);
    expect(await client.listPeerings()).toEqual([]);
  });

  it('fails without a client certificate when the server requires one', async () => {
    const server = await tlsServer(true);
    const error = await failure(connect(server, { caFile: pki.caFile }, { retry: { attempts: 1 } }).listPeerings());
    expect(error).toBeInstanceOf(ConsulNetworkError);
    expect(server.requests).toHaveLength(0);
  });

  it('rejects a server signed by another CA without retrying, unless insecure_https', async () => {
    const server = await tlsServer(false);
    const events: RequestEvent[] = [];
    const error = await failure(connect(server, { caFile: pki.otherCaFile }, { onRequest: (event) => events.push(event) }).listPeerings());
    expect(error).toBeInstanceOf(ConsulNetworkError);
    expect(error.message).toMatch(/certificate/);
    expect(events).toHaveLength(1);
    expect(await connect(server, { insecureHttps: true }).listPeerings()).toEqual([]);
  });
});
