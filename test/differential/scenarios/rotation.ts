// Rotation while ACTIVE: a new token for an active acceptor name keeps its PeerID and both sides
// stay ACTIVE; establishing again with it re-establishes in place (same dialer ID); older tokens are
// rejected. Also: ServerExternalAddresses become the token's ManualServerAddresses, Meta of a
// second token request, and a blocking read that no state change wakes.
import { req, untilActive, untilState, type Scenario } from '../runner';
import { captureId, captureIndexHeader, establish, generateToken, sameIdAs } from './common';

export const rotation: Scenario = {
  name: 'rotation while ACTIVE',
  budgetMs: 60_000,
  steps: [
    generateToken('token: first', 'a', { PeerName: 'dialer-{sfx}', Meta: { gen: 'one' } }, 'first'),
    establish('establish: first token', 'b', 'acceptor-{sfx}', 'first'),
    req('read dialer: active', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { poll: untilActive(), capture: captureId('dialerId') }),
    req('read acceptor: active', 'a', 'GET', '/v1/peering/dialer-{sfx}', {
      poll: untilActive(),
      capture: (reply) => ({ ...captureIndexHeader('acceptorIndex')(reply), ...captureId('acceptorId')(reply) }),
    }),
    req('read acceptor: blocking read, no change', 'a', 'GET', '/v1/peering/dialer-{sfx}?index={acceptorIndex}&wait=2s', {
      facts: (reply, vars) => ({ 'same X-Consul-Index': reply.index === vars['acceptorIndex'], 'waited the full 2 s': reply.elapsedMs >= 1_900 }),
    }),
    generateToken('token: rotate while active, with ServerExternalAddresses and new Meta', 'a', {
      PeerName: 'dialer-{sfx}',
      Meta: { gen: 'two' },
      ServerExternalAddresses: ['{firstAddress}'],
    }, 'second'),
    req('read acceptor: still active after rotation', 'a', 'GET', '/v1/peering/dialer-{sfx}', { facts: sameIdAs('acceptorId') }),
    req('read dialer: still active after rotation', 'b', 'GET', '/v1/peering/acceptor-{sfx}'),
    establish('establish: again with the rotated token', 'b', 'acceptor-{sfx}', 'second', { Meta: { via: 'second' } }),
    req('read dialer: re-established in place', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { poll: untilActive(), facts: sameIdAs('dialerId') }),
    req('read acceptor: active after re-establish', 'a', 'GET', '/v1/peering/dialer-{sfx}', { poll: untilActive() }),
    establish('establish: first token again (rotated away)', 'b', 'late-{sfx}', 'first'),
    establish('establish: second token again (consumed)', 'b', 'late-{sfx}', 'second'),
    req('list dialer side', 'b', 'GET', '/v1/peerings'),
    generateToken('token: rotate once more', 'a', { PeerName: 'dialer-{sfx}' }, 'third'),
    establish('establish: second token on its own name after a newer token', 'b', 'acceptor-{sfx}', 'second'),
    establish('establish: third token on the dialer name', 'b', 'acceptor-{sfx}', 'third'),
    req('read dialer: active with the third token', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { poll: untilActive(), facts: sameIdAs('dialerId') }),
    req('delete dialer', 'b', 'DELETE', '/v1/peering/acceptor-{sfx}'),
    req('delete stale dialer record', 'b', 'DELETE', '/v1/peering/late-{sfx}'),
    req('read acceptor: terminated', 'a', 'GET', '/v1/peering/dialer-{sfx}', { poll: untilState('TERMINATED') }),
  ],
};
