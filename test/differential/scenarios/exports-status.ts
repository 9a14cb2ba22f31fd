// Exported services per peering: a service registered on the acceptor and named in the exported-services
// entry for the dialer's peer name shows in the acceptor's StreamStatus.ExportedServices, in the dialer's
// StreamStatus.ImportedServices, in the dialer's health and catalog reads with `?peer=`, and in
// GET /v1/exported-services; a service that is registered but not exported shows nowhere. Then the
// stream's heartbeat: LastHeartbeat stays null until the first heartbeat (15 s into the stream).
import { req, untilActive, type BodyTemplate, type Poll, type Reply, type Scenario } from '../runner';
import { establish, generateToken } from './common';

/** The exported-services entry exporting `services` to the peer `peer-{sfx}`. */
export const exportsTo = (peer: string, ...services: string[]): BodyTemplate => ({
  Kind: 'exported-services',
  Name: 'default',
  Services: services.map((name) => ({ Name: name, Consumers: [{ Peer: peer }] })),
});

/** `PUT /v1/agent/service/register` of `name` on port `port`. */
export const registerBody = (name: string, port: number): BodyTemplate => ({ Name: name, Port: port, Tags: ['v1'] });

function streamList(reply: Reply, key: 'ExportedServices' | 'ImportedServices'): unknown[] {
  const json = reply.json as { StreamStatus?: Record<string, unknown> } | undefined;
  const list = json?.StreamStatus?.[key];
  return Array.isArray(list) ? list : [];
}

/** Poll until the peering read's StreamStatus `key` lists exactly `names` (with `{sfx}` filled in). */
export function untilStreamLists(key: 'ExportedServices' | 'ImportedServices', names: readonly string[], timeoutMs = 30_000): Poll {
  return {
    until: `StreamStatus.${key}=${names.join(',')}`,
    done: (reply, vars) => reply.status === 200
      && JSON.stringify(streamList(reply, key)) === JSON.stringify(names.map((name) => name.replace('{sfx}', vars['sfx'] ?? ''))),
    timeoutMs,
  };
}

/** Poll until the answer is a JSON list of `count` items. */
export function untilListLength(count: number, timeoutMs = 30_000): Poll {
  return { until: `${count} items`, done: (reply) => reply.status === 200 && Array.isArray(reply.json) && reply.json.length === count, timeoutMs };
}

/** Poll until `GET /v1/catalog/services` has `name` (with `{sfx}` filled in). */
export function untilCatalogHas(name: string): Poll {
  return {
    until: `catalog has ${name}`,
    done: (reply, vars) => reply.status === 200 && typeof reply.json === 'object' && reply.json !== null
      && name.replace('{sfx}', vars['sfx'] ?? '') in (reply.json as object),
    timeoutMs: 20_000,
  };
}

const stamped = (value: unknown): boolean => typeof value === 'string' && value !== '0001-01-01T00:00:00Z';

/** Poll until the first heartbeat was received (LastHeartbeat set). */
const untilHeartbeat: Poll = {
  until: 'StreamStatus.LastHeartbeat set',
  done: (reply) => reply.status === 200 && stamped((reply.json as { StreamStatus?: { LastHeartbeat?: unknown } }).StreamStatus?.LastHeartbeat),
  timeoutMs: 40_000,
  intervalMs: 250,
};

/** Facts about the stream's times: which are set, and how they order. */
function streamTimes(reply: Reply): Record<string, unknown> {
  const stream = (reply.json as { StreamStatus?: Record<string, unknown> } | undefined)?.StreamStatus ?? {};
  const time = (key: string): number | null => (stamped(stream[key]) ? Date.parse(String(stream[key])) : null);
  const heartbeat = time('LastHeartbeat');
  const receive = time('LastReceive');
  const send = time('LastSend');
  return {
    'LastHeartbeat set': heartbeat !== null, 'LastReceive set': receive !== null, 'LastSend set': send !== null,
    'LastHeartbeat within 20 s of now': heartbeat !== null && Math.abs(Date.now() - heartbeat) < 20_000,
    'LastReceive not before LastHeartbeat': heartbeat !== null && receive !== null && receive >= heartbeat,
  };
}

export const exportsStatus: Scenario = {
  name: 'exported services per peering, heartbeat',
  budgetMs: 90_000,
  steps: [
    req('register web on the acceptor', 'a', 'PUT', '/v1/agent/service/register', { body: registerBody('web-{sfx}', 8080) }),
    req('register api on the acceptor (not exported)', 'a', 'PUT', '/v1/agent/service/register', { body: registerBody('api-{sfx}', 9090) }),
    req('catalog: web registered', 'a', 'GET', '/v1/catalog/services', { poll: untilCatalogHas('web-{sfx}') }),
    req('catalog: api registered', 'a', 'GET', '/v1/catalog/services', { poll: untilCatalogHas('api-{sfx}') }),
    generateToken('token', 'a', { PeerName: 'dialer-{sfx}' }, 'token'),
    establish('establish', 'b', 'acceptor-{sfx}', 'token'),
    req('read dialer: active', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { poll: untilActive() }),
    req('read acceptor: active, nothing exported yet', 'a', 'GET', '/v1/peering/dialer-{sfx}', { poll: untilActive() }),
    req('exported-services: nothing yet', 'a', 'GET', '/v1/exported-services'),
    req('exports: web to the dialer', 'a', 'PUT', '/v1/config', { body: exportsTo('dialer-{sfx}', 'web-{sfx}') }),
    req('read acceptor: web exported', 'a', 'GET', '/v1/peering/dialer-{sfx}', { poll: untilStreamLists('ExportedServices', ['web-{sfx}']) }),
    req('read dialer: web imported', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { poll: untilStreamLists('ImportedServices', ['web-{sfx}']) }),
    req('list acceptor side', 'a', 'GET', '/v1/peerings'),
    req('exported-services: web to the dialer', 'a', 'GET', '/v1/exported-services'),
    req('health: web from the acceptor', 'b', 'GET', '/v1/health/service/web-{sfx}?peer=acceptor-{sfx}', { poll: untilListLength(1) }),
    req('health: web, passing only', 'b', 'GET', '/v1/health/service/web-{sfx}?peer=acceptor-{sfx}&passing'),
    req('health: api is not imported', 'b', 'GET', '/v1/health/service/api-{sfx}?peer=acceptor-{sfx}'),
    req('health: web without peer is not local', 'b', 'GET', '/v1/health/service/web-{sfx}'),
    req('health: web with an unknown peer', 'b', 'GET', '/v1/health/service/web-{sfx}?peer=nope-{sfx}'),
    req('catalog service: web from the acceptor', 'b', 'GET', '/v1/catalog/service/web-{sfx}?peer=acceptor-{sfx}'),
    req('catalog service: api is not imported', 'b', 'GET', '/v1/catalog/service/api-{sfx}?peer=acceptor-{sfx}'),
    req('catalog service: web on the acceptor itself', 'a', 'GET', '/v1/catalog/service/web-{sfx}'),
    req('catalog services: of the acceptor peer', 'b', 'GET', '/v1/catalog/services?peer=acceptor-{sfx}'),
    req('catalog services: local on the dialer', 'b', 'GET', '/v1/catalog/services'),
    req('exports: web and api', 'a', 'PUT', '/v1/config', { body: exportsTo('dialer-{sfx}', 'web-{sfx}', 'api-{sfx}') }),
    req('read acceptor: web and api exported', 'a', 'GET', '/v1/peering/dialer-{sfx}', {
      poll: untilStreamLists('ExportedServices', ['api-{sfx}', 'web-{sfx}']),
    }),
    req('read dialer: web and api imported', 'b', 'GET', '/v1/peering/acceptor-{sfx}', {
      poll: untilStreamLists('ImportedServices', ['api-{sfx}', 'web-{sfx}']),
    }),
    req('exports: deleted', 'a', 'DELETE', '/v1/config/exported-services/default'),
    req('read acceptor: nothing exported', 'a', 'GET', '/v1/peering/dialer-{sfx}', { poll: untilStreamLists('ExportedServices', []) }),
    req('read dialer: nothing imported', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { poll: untilStreamLists('ImportedServices', []) }),
    req('health: web gone from the dialer', 'b', 'GET', '/v1/health/service/web-{sfx}?peer=acceptor-{sfx}', { poll: untilListLength(0) }),
    req('read acceptor: first heartbeat', 'a', 'GET', '/v1/peering/dialer-{sfx}', { poll: untilHeartbeat, facts: streamTimes }),
    req('read dialer: first heartbeat', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { poll: untilHeartbeat, facts: streamTimes }),
  ],
};
