// A dialing cluster lost and rebuilt empty at the same addresses (TestClusters.rebuildCluster): the acceptor's
// record turns FAILING at once (its stream closed with the killed server) and keeps LastReceive at the last
// message received; the rebuilt cluster has no peering, no config entry, no service.
import { rebuildCluster, req, sleep, untilActive, untilState, type Reply, type Scenario, type Vars } from '../runner';
import { establish, generateToken } from './common';

const lastReceive = (reply: Reply): unknown => {
  const stream = (reply.json as { StreamStatus?: Record<string, unknown> } | undefined)?.StreamStatus;
  return stream?.['LastReceive'];
};

export const rebuiltDialer: Scenario = {
  name: 'dialer rebuilt empty → acceptor FAILING at once, LastReceive frozen',
  budgetMs: 60_000,
  acl: true,
  steps: [
    generateToken('token', 'a', { PeerName: 'dialer-{sfx}' }, 'good'),
    establish('establish', 'b', 'acceptor-{sfx}', 'good'),
    req('read dialer: active', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { poll: untilActive() }),
    req('read acceptor: active', 'a', 'GET', '/v1/peering/dialer-{sfx}', { poll: untilActive() }),
    req('export from the dialer', 'b', 'PUT', '/v1/config', {
      body: { Kind: 'exported-services', Name: 'default', Services: [{ Name: 'api', Consumers: [{ Peer: 'acceptor-{sfx}' }] }] },
    }),
    req('register a service on the dialer', 'b', 'PUT', '/v1/agent/service/register', { body: { Name: 'api', Port: 8080 } }),
    rebuildCluster('b'),
    req('read acceptor: FAILING', 'a', 'GET', '/v1/peering/dialer-{sfx}', {
      poll: untilState('FAILING', 10_000),
      capture: (reply) => ({ failingLastReceive: String(lastReceive(reply)) }),
    }),
    sleep(1_500),
    req('read acceptor: still FAILING, stream times unchanged', 'a', 'GET', '/v1/peering/dialer-{sfx}', {
      facts: (reply: Reply, vars: Vars) => ({ 'LastReceive frozen': lastReceive(reply) === vars['failingLastReceive'] }),
    }),
    req('rebuilt dialer: no peerings', 'b', 'GET', '/v1/peerings'),
    req('rebuilt dialer: no peering by name', 'b', 'GET', '/v1/peering/acceptor-{sfx}'),
    req('rebuilt dialer: no exported-services entry', 'b', 'GET', '/v1/config/exported-services'),
    req('rebuilt dialer: only the consul service', 'b', 'GET', '/v1/catalog/services'),
    req('rebuilt dialer: the management token still works', 'b', 'GET', '/v1/acl/token/self', { view: (reply) => ({ status: reply.status }) }),
    req('delete the acceptor record', 'a', 'DELETE', '/v1/peering/dialer-{sfx}'),
  ],
};
