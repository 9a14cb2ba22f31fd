// Delete visibility: what a read sent right after `DELETE /v1/peering/:name` returned (no polling, no
// pause) answers. Consul's leader deletes a peering marked for deletion at once, so a PENDING or
// ACTIVE peering reads 404 right after its DELETE; but its deletion routine applies at most 10
// writes a second and, while a TERMINATED peering exists, spends them re-checking it, so then the
// deleted peering reads DELETING for a moment (written with only ID, Name, DeletedAt, addresses and
// Remote; the stream status kept) before it reads 404.
import { req, sleep, untilActive, untilState, untilStatus, type Reply, type Scenario, type Step } from '../runner';
import { establish, generateToken } from './common';

/** DELETE, then at once a read and the list of the same cluster, then a poll until the read is 404. */
function deleteThenRead(label: string, cluster: 'a' | 'b', name: string, view?: (reply: Reply) => unknown): Step[] {
  return [
    req(`delete ${label}`, cluster, 'DELETE', `/v1/peering/${name}`),
    req(`read ${label}: right after the delete`, cluster, 'GET', `/v1/peering/${name}`, view === undefined ? {} : { view }),
    req(`read ${label}: gone soon after`, cluster, 'GET', `/v1/peering/${name}`, { poll: untilStatus(404, 5_000) }),
  ];
}

/** The class of a read of a deleted peering whose stream may still be open (Consul then shows ACTIVE). */
function deletedClass(reply: Reply): unknown {
  const json = (reply.json ?? {}) as { State?: string; DeletedAt?: string };
  return { status: reply.status, 'DeletedAt set': typeof json.DeletedAt === 'string', 'State is DELETING or ACTIVE': json.State === 'DELETING' || json.State === 'ACTIVE' };
}

function peer(number: string): Step[] {
  return [
    generateToken(`token: ${number}`, 'a', { PeerName: `dialer-${number}-{sfx}` }, number),
    establish(`establish ${number}`, 'b', `acceptor-${number}-{sfx}`, number),
  ];
}

function active(number: string): Step[] {
  return [
    req(`read dialer ${number}: active`, 'b', 'GET', `/v1/peering/acceptor-${number}-{sfx}`, { poll: untilActive() }),
    req(`read acceptor ${number}: active`, 'a', 'GET', `/v1/peering/dialer-${number}-{sfx}`, { poll: untilActive() }),
  ];
}

export const deleteVisibility: Scenario = {
  name: 'delete visibility',
  budgetMs: 60_000,
  steps: [
    generateToken('token: pending', 'a', { PeerName: 'pending-{sfx}' }, 'pending'),
    ...deleteThenRead('the PENDING acceptor', 'a', 'pending-{sfx}'),
    ...peer('one'),
    ...peer('two'),
    ...peer('three'),
    ...active('one'),
    ...active('two'),
    ...active('three'),
    ...deleteThenRead('the ACTIVE dialer two', 'b', 'acceptor-two-{sfx}'),
    req('list dialer side after deleting dialer two', 'b', 'GET', '/v1/peerings', { view: (reply) => ({ status: reply.status, count: Array.isArray(reply.json) ? reply.json.length : -1 }) }),
    req('read acceptor two: TERMINATED', 'a', 'GET', '/v1/peering/dialer-two-{sfx}', { poll: untilState('TERMINATED') }),
    ...deleteThenRead('the ACTIVE acceptor one while acceptor two is TERMINATED', 'a', 'dialer-one-{sfx}', deletedClass),
    ...deleteThenRead('the TERMINATED acceptor two', 'a', 'dialer-two-{sfx}'),
    req('read dialer one: TERMINATED', 'b', 'GET', '/v1/peering/acceptor-one-{sfx}', { poll: untilState('TERMINATED') }),
    ...deleteThenRead('the TERMINATED dialer one', 'b', 'acceptor-one-{sfx}'),
    req('list acceptor side', 'a', 'GET', '/v1/peerings'),
    // The deletion routine's limiter refills (10 writes a second) once nothing is TERMINATED.
    sleep(1_500),
    ...deleteThenRead('the ACTIVE acceptor three, nothing TERMINATED', 'a', 'dialer-three-{sfx}'),
    req('list acceptor side: empty', 'a', 'GET', '/v1/peerings'),
  ],
};
