// Failure paths of a peering: establish errors, a failed establish to an unreachable address (via
// ServerExternalAddresses 127.0.0.1:1) leaving a PENDING dialer record that a good token then
// establishes over, and the acceptor going away (killed) → the dialer reads FAILING.
import { editPeeringToken, req, stopCluster, untilActive, untilState, untilStatus, type Scenario } from '../runner';
import { captureId, establish, generateToken, metaWithKeys, sameIdAs } from './common';

export const failures: Scenario = {
  name: 'failed establish, PENDING leftover, acceptor stopped → FAILING',
  budgetMs: 60_000,
  steps: [
    generateToken('token: unreachable external address', 'a', { PeerName: 'dialer-{sfx}', ServerExternalAddresses: ['127.0.0.1:1'] }, 'unreachable'),
    req('read acceptor: pending', 'a', 'GET', '/v1/peering/dialer-{sfx}'),
    establish('establish: unreachable address → 503', 'b', 'acceptor-{sfx}', 'unreachable', { Meta: { try: 'one' } }),
    req('read dialer: PENDING record left behind', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { capture: captureId('pendingId') }),
    req('establish: token not base64', 'b', 'POST', '/v1/peering/establish', { body: { PeerName: 'acceptor-{sfx}', PeeringToken: 'not-base64!' } }),
    req('establish: token not JSON', 'b', 'POST', '/v1/peering/establish', { body: { PeerName: 'acceptor-{sfx}', PeeringToken: 'Cg==' } }),
    req('establish: invalid peer name', 'b', 'POST', '/v1/peering/establish', { body: { PeerName: '--AA--', PeeringToken: '{unreachable}' } }),
    req('establish: bad server address in token', 'b', 'POST', '/v1/peering/establish', {
      body: (vars) => ({
        PeerName: `acceptor-${vars['sfx'] ?? ''}`,
        PeeringToken: editPeeringToken(vars['unreachable'] ?? '', (token) => {
          token['ManualServerAddresses'] = ['nohost'];
        }),
      }),
    }),
    req('establish: token without PeerID', 'b', 'POST', '/v1/peering/establish', {
      body: (vars) => ({
        PeerName: `acceptor-${vars['sfx'] ?? ''}`,
        PeeringToken: editPeeringToken(vars['unreachable'] ?? '', (token) => {
          token['PeerID'] = '';
        }),
      }),
    }),
    req('establish: token without ServerName', 'b', 'POST', '/v1/peering/establish', {
      body: (vars) => ({
        PeerName: `acceptor-${vars['sfx'] ?? ''}`,
        PeeringToken: editPeeringToken(vars['unreachable'] ?? '', (token) => {
          token['ServerName'] = '';
        }),
      }),
    }),
    establish('establish: 65 meta keys', 'b', 'acceptor-{sfx}', 'unreachable', { Meta: metaWithKeys(65) }),
    generateToken('token: regenerate without external address', 'a', { PeerName: 'dialer-{sfx}' }, 'good'),
    establish('establish: good token over the PENDING record', 'b', 'acceptor-{sfx}', 'good'),
    req('read dialer: active, same record', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { poll: untilActive(), facts: sameIdAs('pendingId') }),
    req('read acceptor: active', 'a', 'GET', '/v1/peering/dialer-{sfx}', { poll: untilActive() }),
    stopCluster('a'),
    req('read dialer: acceptor gone → FAILING', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { poll: untilState('FAILING', 30_000) }),
    req('list dialer side: failing', 'b', 'GET', '/v1/peerings'),
    req('delete failing dialer', 'b', 'DELETE', '/v1/peering/acceptor-{sfx}'),
    req('read dialer: gone', 'b', 'GET', '/v1/peering/acceptor-{sfx}', { poll: untilStatus(404, 10_000) }),
  ],
};
