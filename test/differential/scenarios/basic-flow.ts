// Replay of consul-transcripts/basic-flow.jsonl (same labels, same requests, same order), plus a few
// reads that make the recorded states explicit. a = dc1 (acceptor), b = dc2 (dialer).
import { field, req, untilActive, untilStatus, type Scenario } from '../runner';
import { captureId, captureModifyIndex, establish, establishingOrActive, generateToken, sameIdAs } from './common';

const exportsOf = (services: readonly string[]) => ({
  Kind: 'exported-services',
  Name: 'default',
  Services: services.map((name) => ({ Name: name, Consumers: [{ Peer: 'peer-b-{sfx}' }] })),
});

export const basicFlow: Scenario = {
  name: 'basic flow (basic-flow.jsonl)',
  budgetMs: 60_000,
  steps: [
    req('token: empty PeerName', 'a', 'POST', '/v1/peering/token', { body: {} }),
    req('token: unknown field', 'a', 'POST', '/v1/peering/token', { body: { PeerName: 'x', Bogus: 1 } }),
    req('token: invalid name', 'a', 'POST', '/v1/peering/token', { body: { PeerName: 'Bad_Name' } }),
    generateToken('token: generate', 'a', { PeerName: 'peer-b-{sfx}', Meta: { env: 'test' } }, 'token1'),
    req('read acceptor: pending', 'a', 'GET', '/v1/peering/peer-b-{sfx}', { capture: captureId('acceptorId') }),
    generateToken('token: regenerate', 'a', { PeerName: 'peer-b-{sfx}' }, 'token2'),
    establish('establish: rotated token', 'b', 'peer-a-{sfx}', 'token1'),
    req('establish: no token', 'b', 'POST', '/v1/peering/establish', { body: { PeerName: 'peer-a-{sfx}' } }),
    req('establish: empty token', 'b', 'POST', '/v1/peering/establish', { body: { PeerName: 'x-{sfx}', PeeringToken: 'e30K' } }),
    establish('establish: ok', 'b', 'peer-a-{sfx}', 'token2'),
    req('read dialer: right after establish', 'b', 'GET', '/v1/peering/peer-a-{sfx}', { view: establishingOrActive }),
    req('read dialer: poll', 'b', 'GET', '/v1/peering/peer-a-{sfx}', { poll: untilActive(), capture: captureId('dialerId') }),
    req('read acceptor: poll', 'a', 'GET', '/v1/peering/peer-b-{sfx}', { poll: untilActive(), facts: sameIdAs('acceptorId') }),
    establish('establish: reuse token', 'b', 'again-{sfx}', 'token2'),
    establish('establish: name used by acceptor', 'a', 'peer-b-{sfx}', 'token2'),
    req('token: on dialer name', 'b', 'POST', '/v1/peering/token', { body: { PeerName: 'peer-a-{sfx}' } }),
    req('list', 'a', 'GET', '/v1/peerings'),
    req('list dialer side', 'b', 'GET', '/v1/peerings'),
    req('read: missing', 'a', 'GET', '/v1/peering/nope-{sfx}'),
    req('exports: write', 'a', 'PUT', '/v1/config', { body: exportsOf(['web-{sfx}']) }),
    req('exports: read', 'a', 'GET', '/v1/config/exported-services/default', { capture: captureModifyIndex('exports') }),
    req('exports: cas=0 existing', 'a', 'PUT', '/v1/config?cas=0', { body: exportsOf(['web-{sfx}', 'x']) }),
    req('exports: stale cas', 'a', 'PUT', '/v1/config?cas={exportsStale}', { body: exportsOf(['web-{sfx}', 'y']) }),
    req('exports: good cas', 'a', 'PUT', '/v1/config?cas={exports}', { body: exportsOf(['web-{sfx}', 'db-{sfx}']) }),
    req('exports: read after good cas', 'a', 'GET', '/v1/config/exported-services/default'),
    req('exports: wildcard peer', 'a', 'PUT', '/v1/config', {
      body: { Kind: 'exported-services', Name: 'default', Services: [{ Name: 'web-{sfx}', Consumers: [{ Peer: '*' }] }] },
    }),
    req('exports: no consumers', 'a', 'PUT', '/v1/config', {
      body: { Kind: 'exported-services', Name: 'default', Services: [{ Name: 'web-{sfx}', Consumers: [] }] },
    }),
    req('exports: unknown key', 'a', 'PUT', '/v1/config', {
      body: { Kind: 'exported-services', Name: 'default', Services: [{ Name: 'web-{sfx}', Consumers: [{ Peer: 'peer-b-{sfx}', Bogus: 'x' }] }] },
    }),
    req('exports: wrong name', 'a', 'PUT', '/v1/config', {
      body: { Kind: 'exported-services', Name: 'other', Services: [{ Name: 'web-{sfx}', Consumers: [{ Peer: 'peer-b-{sfx}' }] }] },
    }),
    req('exports: missing', 'a', 'GET', '/v1/config/exported-services/none-{sfx}'),
    req('intentions: write', 'a', 'PUT', '/v1/config', {
      body: {
        Kind: 'service-intentions',
        Name: 'web-{sfx}',
        Sources: [
          { Name: '*', Peer: 'peer-b-{sfx}', Action: 'deny' },
          { Name: 'frontend', Peer: 'peer-b-{sfx}', Action: 'allow' },
        ],
      },
    }),
    req('intentions: read', 'a', 'GET', '/v1/config/service-intentions/web-{sfx}'),
    req('intentions: bad action', 'a', 'PUT', '/v1/config', {
      body: { Kind: 'service-intentions', Name: 'web-{sfx}', Sources: [{ Name: 'frontend', Peer: 'peer-b-{sfx}', Action: 'maybe' }] },
    }),
    req('intentions: wildcard peer', 'a', 'PUT', '/v1/config', {
      body: { Kind: 'service-intentions', Name: 'web-{sfx}', Sources: [{ Name: 'frontend', Peer: '*', Action: 'allow' }] },
    }),
    req('intentions: duplicate', 'a', 'PUT', '/v1/config', {
      body: {
        Kind: 'service-intentions',
        Name: 'web-{sfx}',
        Sources: [
          { Name: 'frontend', Peer: 'peer-b-{sfx}', Action: 'allow' },
          { Name: 'frontend', Peer: 'peer-b-{sfx}', Action: 'deny' },
        ],
      },
    }),
    req('delete acceptor', 'a', 'DELETE', '/v1/peering/peer-b-{sfx}'),
    // A dev server deletes at once (no DELETING seen); the short deadline only absorbs scheduling noise.
    req('read acceptor: after delete', 'a', 'GET', '/v1/peering/peer-b-{sfx}', { poll: untilStatus(404, 2_000) }),
    req('read acceptor: poll gone', 'a', 'GET', '/v1/peering/peer-b-{sfx}', { poll: untilStatus(404, 10_000) }),
    // Consul turns the dialer TERMINATED first and clears its imported services a moment later (seen under load).
    req('read dialer: poll terminated', 'b', 'GET', '/v1/peering/peer-a-{sfx}', {
      poll: {
        until: 'State=TERMINATED, ImportedServices cleared',
        done: (reply) => reply.status === 200 && field(reply.json, 'State') === 'TERMINATED'
          && (field(reply.json, 'StreamStatus') as { ImportedServices?: unknown } | undefined)?.ImportedServices == null,
        timeoutMs: 20_000,
      },
      facts: sameIdAs('dialerId'),
    }),
    req('list dialer side: terminated kept', 'b', 'GET', '/v1/peerings'),
    req('delete dialer', 'b', 'DELETE', '/v1/peering/peer-a-{sfx}'),
    req('read dialer: poll gone', 'b', 'GET', '/v1/peering/peer-a-{sfx}', { poll: untilStatus(404, 10_000) }),
    req('delete missing', 'b', 'DELETE', '/v1/peering/nope-{sfx}'),
    req('cleanup intentions', 'a', 'DELETE', '/v1/config/service-intentions/web-{sfx}'),
    req('cleanup exports', 'a', 'DELETE', '/v1/config/exported-services/default'),
    req('list after cleanup', 'a', 'GET', '/v1/peerings'),
  ],
};
