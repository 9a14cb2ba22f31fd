// Replication after an in-place rotation while ACTIVE: a token regenerated with an unreachable
// ServerExternalAddresses (establishing with it fails), then a token regenerated normally and
// established on the same dialer name (same peering ID). The stream goes on: a service exported
// afterwards reaches the dialer (StreamStatus.ImportedServices, health with `?peer=`), and
// deleting the dialer's peering turns the acceptor's TERMINATED.
import { req, untilActive, untilState, untilStatus, type Scenario } from '../runner';
import { establish, generateToken, sameIdAs, captureId } from './common';
import { exportsTo, registerBody, untilCatalogHas, untilListLength, untilStreamLists } from './exports-status';

export const rotationReplication: Scenario = {
  name: 'replication after an in-place rotation while ACTIVE',
  budgetMs: 90_000,
  steps: [
    req('register web on the acceptor', 'a', 'PUT', '/v1/agent/service/register', { body: registerBody('web-{sfx}', 8080) }),
    req('catalog: web registered', 'a', 'GET', '/v1/catalog/services', { poll: untilCatalogHas('web-{sfx}') }),
    req('exports: web to the dialer', 'a', 'PUT', '/v1/config', { body: exportsTo('dialer-{sfx}', 'web-{sfx}') }),
    generateToken('token: first', 'a', { PeerName: 'dialer-{sfx}' }, 'first'),
    establish('establish: first token', 'b', 'acceptor-{sfx}', 'first'),
    req('read dialer: web imported', 'b', 'GET', '/v1/peering/acceptor-{sfx}', {
      poll: untilStreamLists('ImportedServices', ['web-{sfx}']), capture: captureId('dialerId'),
    }),
    req('read acceptor: web exported', 'a', 'GET', '/v1/peering/dialer-{sfx}', {
      poll: untilStreamLists('ExportedServices', ['web-{sfx}']), capture: captureId('acceptorId'),
    }),
    generateToken('token: rotate with an unreachable address', 'a', { PeerName: 'dialer-{sfx}', ServerExternalAddresses: ['127.0.0.1:1'] }, 'unreachable'),
    establish('establish: with the unreachable token', 'b', 'acceptor-{sfx}', 'unreachable'),
    req('read dialer: after the failed establish', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { facts: sameIdAs('dialerId') }),
    req('read acceptor: after the failed establish', 'a', 'GET', '/v1/peering/dialer-{sfx}', { facts: sameIdAs('acceptorId') }),
    generateToken('token: rotate normally', 'a', { PeerName: 'dialer-{sfx}' }, 'normal'),
    establish('establish: with the normal token', 'b', 'acceptor-{sfx}', 'normal'),
    req('read dialer: re-established in place', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { poll: untilActive(), facts: sameIdAs('dialerId') }),
    req('read acceptor: active after re-establish', 'a', 'GET', '/v1/peering/dialer-{sfx}', { poll: untilActive(), facts: sameIdAs('acceptorId') }),
    req('register api on the acceptor', 'a', 'PUT', '/v1/agent/service/register', { body: registerBody('api-{sfx}', 9090) }),
    req('catalog: api registered', 'a', 'GET', '/v1/catalog/services', { poll: untilCatalogHas('api-{sfx}') }),
    req('exports: web and api to the dialer', 'a', 'PUT', '/v1/config', { body: exportsTo('dialer-{sfx}', 'web-{sfx}', 'api-{sfx}') }),
    req('read dialer: api imported too', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { poll: untilStreamLists('ImportedServices', ['api-{sfx}', 'web-{sfx}']) }),
    req('read acceptor: api exported too', 'a', 'GET', '/v1/peering/dialer-{sfx}', { poll: untilStreamLists('ExportedServices', ['api-{sfx}', 'web-{sfx}']) }),
    req('health: api from the acceptor', 'b', 'GET', '/v1/health/service/api-{sfx}?peer=acceptor-{sfx}', { poll: untilListLength(1) }),
    req('delete dialer', 'b', 'DELETE', '/v1/peering/acceptor-{sfx}'),
    req('read dialer: gone', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { poll: untilStatus(404, 10_000) }),
    req('read acceptor: TERMINATED', 'a', 'GET', '/v1/peering/dialer-{sfx}', { poll: untilState('TERMINATED'), facts: sameIdAs('acceptorId') }),
    req('health: api no longer imported', 'b', 'GET', '/v1/health/service/api-{sfx}?peer=acceptor-{sfx}'),
  ],
};
