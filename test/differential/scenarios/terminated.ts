// The dialer deletes its side: the acceptor reads TERMINATED and keeps its record. A new token for
// the TERMINATED name is accepted (200) but cannot be used: establish answers 403 (the secret was
// never stored) and leaves a PENDING dialer record. Healing takes a DELETE of the TERMINATED
// acceptor, a token for the (now fresh) name, and an establish over the PENDING dialer record.
import { jsonField, req, untilActive, untilState, untilStatus, type Scenario } from '../runner';
import { captureId, establish, generateToken, sameIdAs } from './common';

export const terminated: Scenario = {
  name: 'dialer deletes → acceptor TERMINATED, new token for the name',
  budgetMs: 60_000,
  steps: [
    generateToken('token: generate', 'a', { PeerName: 'dialer-{sfx}' }, 'first'),
    establish('establish', 'b', 'acceptor-{sfx}', 'first'),
    req('read dialer: active', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { poll: untilActive() }),
    req('read acceptor: active', 'a', 'GET', '/v1/peering/dialer-{sfx}', { poll: untilActive(), capture: captureId('acceptorId') }),
    req('delete dialer', 'b', 'DELETE', '/v1/peering/acceptor-{sfx}'),
    req('read dialer: gone', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { poll: untilStatus(404, 10_000) }),
    req('read acceptor: TERMINATED, record kept', 'a', 'GET', '/v1/peering/dialer-{sfx}', {
      poll: untilState('TERMINATED'),
      facts: sameIdAs('acceptorId'),
      capture: (reply) => ({ terminatedIndex: jsonField(reply, 'ModifyIndex') }),
    }),
    req('list acceptor side: terminated kept', 'a', 'GET', '/v1/peerings'),
    generateToken('token: new token for the TERMINATED name', 'a', { PeerName: 'dialer-{sfx}' }, 'second'),
    req('read acceptor: after the new token', 'a', 'GET', '/v1/peering/dialer-{sfx}', {
      facts: (reply, vars) => ({ ...sameIdAs('acceptorId')(reply, vars), 'ModifyIndex unchanged': jsonField(reply, 'ModifyIndex') === vars['terminatedIndex'] }),
    }),
    establish('establish: with the token of the TERMINATED name', 'b', 'acceptor-{sfx}', 'second'),
    req('read dialer: after establish', 'b', 'GET', '/v1/peering/acceptor-{sfx}'),
    req('read acceptor: after establish', 'a', 'GET', '/v1/peering/dialer-{sfx}'),
    req('delete acceptor', 'a', 'DELETE', '/v1/peering/dialer-{sfx}'),
    req('read acceptor: gone', 'a', 'GET', '/v1/peering/dialer-{sfx}', { poll: untilStatus(404, 10_000) }),
    generateToken('token: same name after delete', 'a', { PeerName: 'dialer-{sfx}' }, 'third'),
    req('read acceptor: fresh record', 'a', 'GET', '/v1/peering/dialer-{sfx}', { facts: sameIdAs('acceptorId') }),
    establish('establish: fresh token over the PENDING dialer record', 'b', 'acceptor-{sfx}', 'third'),
    req('read dialer: healed', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { poll: untilActive() }),
    req('read acceptor: healed', 'a', 'GET', '/v1/peering/dialer-{sfx}', { poll: untilActive() }),
  ],
};
