// Delete visibility: a read sent right after `DELETE /v1/peering/:name` returned (no polling, no
// pause) answers 404 on both sides, for a PENDING acceptor, an ACTIVE acceptor, an ACTIVE dialer,
// and a TERMINATED acceptor; the list no longer has them either.
import { req, untilActive, untilState, type Scenario, type Step } from '../runner';
import { establish, generateToken } from './common';

/** DELETE, then at once a read and the list of the same cluster. */
function deleteThenRead(label: string, cluster: 'a' | 'b', name: string): Step[] {
  return [
    req(`delete ${label}`, cluster, 'DELETE', `/v1/peering/${name}`),
    req(`read ${label}: right after the delete`, cluster, 'GET', `/v1/peering/${name}`),
    req(`list after deleting ${label}`, cluster, 'GET', '/v1/peerings'),
  ];
}

export const deleteVisibility: Scenario = {
  name: 'delete visibility',
  budgetMs: 60_000,
  steps: [
    generateToken('token: pending', 'a', { PeerName: 'pending-{sfx}' }, 'pending'),
    ...deleteThenRead('the PENDING acceptor', 'a', 'pending-{sfx}'),
    generateToken('token: one', 'a', { PeerName: 'dialer-one-{sfx}' }, 'one'),
    establish('establish one', 'b', 'acceptor-one-{sfx}', 'one'),
    generateToken('token: two', 'a', { PeerName: 'dialer-two-{sfx}' }, 'two'),
    establish('establish two', 'b', 'acceptor-two-{sfx}', 'two'),
    req('read dialer one: active', 'b', 'GET', '/v1/peering/acceptor-one-{sfx}', { poll: untilActive() }),
    req('read acceptor one: active', 'a', 'GET', '/v1/peering/dialer-one-{sfx}', { poll: untilActive() }),
    req('read dialer two: active', 'b', 'GET', '/v1/peering/acceptor-two-{sfx}', { poll: untilActive() }),
    req('read acceptor two: active', 'a', 'GET', '/v1/peering/dialer-two-{sfx}', { poll: untilActive() }),
    ...deleteThenRead('the ACTIVE acceptor one', 'a', 'dialer-one-{sfx}'),
    ...deleteThenRead('the ACTIVE dialer two', 'b', 'acceptor-two-{sfx}'),
    req('read acceptor two: TERMINATED', 'a', 'GET', '/v1/peering/dialer-two-{sfx}', { poll: untilState('TERMINATED') }),
    ...deleteThenRead('the TERMINATED acceptor two', 'a', 'dialer-two-{sfx}'),
  ],
};
