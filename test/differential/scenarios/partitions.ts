// Consul CE and Enterprise-only keys: partitions and namespaces in query parameters, headers,
// token/establish bodies and config entries; what CE accepts, rejects, and stores.
import { req, type BodyTemplate, type Scenario } from '../runner';
import { establish, generateToken } from './common';

const exportsWith = (service: { readonly [key: string]: BodyTemplate }) => ({ Kind: 'exported-services', Name: 'default', Services: [service] });
const intentionsWith = (source: { readonly [key: string]: BodyTemplate }) => ({ Kind: 'service-intentions', Name: 'api-{sfx}', Sources: [source] });

export const partitions: Scenario = {
  name: 'CE partitions and namespaces',
  budgetMs: 30_000,
  steps: [
    req('token: Partition default in body', 'a', 'POST', '/v1/peering/token', { body: { PeerName: 'p-{sfx}', Partition: 'default' } }),
    req('token: Partition other in body', 'a', 'POST', '/v1/peering/token', { body: { PeerName: 'p-{sfx}', Partition: 'other' } }),
    req('token: empty Partition in body', 'a', 'POST', '/v1/peering/token', { body: { PeerName: 'p-{sfx}', Partition: '' } }),
    req('token: ?partition=default', 'a', 'POST', '/v1/peering/token?partition=default', { body: { PeerName: 'p-{sfx}' } }),
    req('list: ?partition=default', 'a', 'GET', '/v1/peerings?partition=default'),
    req('read: ?partition=other', 'a', 'GET', '/v1/peering/p-{sfx}?partition=other'),
    req('delete: ?partition=default', 'a', 'DELETE', '/v1/peering/p-{sfx}?partition=default'),
    req('list: X-Consul-Partition header', 'a', 'GET', '/v1/peerings', { headers: { 'X-Consul-Partition': 'default' } }),
    req('list: ?ns= ignored by peering endpoints', 'a', 'GET', '/v1/peerings?ns=other'),
    generateToken('token: for establish checks', 'a', { PeerName: 'p-{sfx}' }, 'token'),
    establish('establish: Partition in body', 'b', 'q-{sfx}', 'token', { Partition: 'default' }),
    req('establish: ?partition=default', 'b', 'POST', '/v1/peering/establish?partition=default', { body: { PeerName: 'q-{sfx}', PeeringToken: '{token}' } }),
    req('config read: ?ns=other', 'a', 'GET', '/v1/config/exported-services/default?ns=other'),
    req('config read: ?partition=default', 'a', 'GET', '/v1/config/exported-services/default?partition=default'),
    req('config write: X-Consul-Namespace header', 'a', 'PUT', '/v1/config', {
      body: exportsWith({ Name: 'web-{sfx}', Consumers: [{ Peer: 'p-{sfx}' }] }),
      headers: { 'X-Consul-Namespace': 'default' },
    }),
    req('exports: top-level Partition ""', 'a', 'PUT', '/v1/config', {
      body: { ...exportsWith({ Name: 'web-{sfx}', Consumers: [{ Peer: 'p-{sfx}' }] }), Partition: '' },
    }),
    req('exports: top-level Partition default', 'a', 'PUT', '/v1/config', {
      body: { ...exportsWith({ Name: 'web-{sfx}', Consumers: [{ Peer: 'p-{sfx}' }] }), Partition: 'default' },
    }),
    req('exports: top-level Namespace', 'a', 'PUT', '/v1/config', {
      body: { ...exportsWith({ Name: 'web-{sfx}', Consumers: [{ Peer: 'p-{sfx}' }] }), Namespace: 'default' },
    }),
    req('exports: consumer SamenessGroup', 'a', 'PUT', '/v1/config', { body: exportsWith({ Name: 'web-{sfx}', Consumers: [{ SamenessGroup: 'g' }] }) }),
    req('exports: consumer Peer and Partition', 'a', 'PUT', '/v1/config', {
      body: exportsWith({ Name: 'web-{sfx}', Consumers: [{ Peer: 'p-{sfx}', Partition: 'other' }] }),
    }),
    req('exports: consumer Partition *', 'a', 'PUT', '/v1/config', { body: exportsWith({ Name: 'web-{sfx}', Consumers: [{ Partition: '*' }] }) }),
    req('exports: consumer Partition other (accepted on CE)', 'a', 'PUT', '/v1/config', {
      body: exportsWith({ Name: 'web-{sfx}', Consumers: [{ Partition: 'other' }] }),
    }),
    req('exports: read consumer Partition', 'a', 'GET', '/v1/config/exported-services/default'),
    req('exports: service Namespace ns1 (accepted on CE)', 'a', 'PUT', '/v1/config', {
      body: exportsWith({ Name: 'web-{sfx}', Namespace: 'ns1', Consumers: [{ Peer: 'p-{sfx}' }] }),
    }),
    req('exports: read service Namespace', 'a', 'GET', '/v1/config/exported-services/default'),
    req('exports: service Namespace *', 'a', 'PUT', '/v1/config', {
      body: exportsWith({ Name: 'web-{sfx}', Namespace: '*', Consumers: [{ Peer: 'p-{sfx}' }] }),
    }),
    req('exports: consumer with nothing', 'a', 'PUT', '/v1/config', { body: exportsWith({ Name: 'web-{sfx}', Consumers: [{}] }) }),
    req('exports: read consumer with nothing', 'a', 'GET', '/v1/config/exported-services/default'),
    req('intentions: source Partition', 'a', 'PUT', '/v1/config', { body: intentionsWith({ Name: 'web', Peer: 'p-{sfx}', Partition: 'default', Action: 'allow' }) }),
    req('intentions: source Namespace', 'a', 'PUT', '/v1/config', { body: intentionsWith({ Name: 'web', Peer: 'p-{sfx}', Namespace: 'default', Action: 'allow' }) }),
    req('intentions: source SamenessGroup', 'a', 'PUT', '/v1/config', { body: intentionsWith({ Name: 'web', SamenessGroup: 'g', Action: 'allow' }) }),
    req('intentions: top-level Partition', 'a', 'PUT', '/v1/config', {
      body: { ...intentionsWith({ Name: 'web', Peer: 'p-{sfx}', Action: 'allow' }), Partition: 'default' },
    }),
    req('cleanup: delete exports', 'a', 'DELETE', '/v1/config/exported-services/default'),
    req('cleanup: delete acceptor', 'a', 'DELETE', '/v1/peering/p-{sfx}'),
    req('cleanup: delete dialer', 'b', 'DELETE', '/v1/peering/q-{sfx}'),
  ],
};
