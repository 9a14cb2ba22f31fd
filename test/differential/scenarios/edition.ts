// How a client tells Consul CE from Enterprise, and what CE does with the `default` partition and namespace that
// Enterprise users write: the signals the provider's edition check reads, and the answers it must avoid.
import { req, type BodyTemplate, type Reply, type Scenario } from '../runner';
import { establish, establishingOrActive, generateToken } from './common';

const object = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {});

/** The edition as the version string says it (Enterprise builds carry `+ent` build metadata). */
const editionFacts = (version: unknown): Record<string, unknown> => ({
  'version has +ent metadata': typeof version === 'string' && /\+(.*\.)?ent(\.|$)/.test(version),
});

const exportsOf = (services: readonly BodyTemplate[]) => ({ Kind: 'exported-services', Name: 'default', Services: services });

export const edition: Scenario = {
  name: 'CE edition signals and default scopes',
  budgetMs: 30_000,
  steps: [
    req('version: no token', 'a', 'GET', '/v1/agent/version', { facts: (reply: Reply) => editionFacts(object(reply.json)['HumanVersion']) }),
    req('version: ?partition=default ignored', 'a', 'GET', '/v1/agent/version?partition=default'),
    req('self: Config.Version', 'a', 'GET', '/v1/agent/self', {
      view: (reply) => ({ status: reply.status, Version: object(object(reply.json)['Config'])['Version'] }),
      facts: (reply) => editionFacts(object(object(reply.json)['Config'])['Version']),
    }),
    req('partitions: Enterprise-only endpoint', 'a', 'GET', '/v1/partitions'),
    req('partition: Enterprise-only endpoint', 'a', 'GET', '/v1/partition/default'),
    req('namespaces: Enterprise-only endpoint', 'a', 'GET', '/v1/namespaces'),
    req('namespace: Enterprise-only endpoint', 'a', 'GET', '/v1/namespace/default'),
    req('token: Partition DEFAULT in body', 'a', 'POST', '/v1/peering/token', { body: { PeerName: 'p-{sfx}', Partition: 'DEFAULT' }, view: (reply) => reply.status }),
    req('read: ?partition=DEFAULT', 'a', 'GET', '/v1/peering/p-{sfx}?partition=DEFAULT'),
    generateToken('token: for establish', 'a', { PeerName: 'p-{sfx}' }, 'token'),
    req('establish: Partition other with a bad token', 'b', 'POST', '/v1/peering/establish', { body: { PeerName: 'r-{sfx}', PeeringToken: 'garbage', Partition: 'other' } }),
    establish('establish: Partition other in body (ignored on CE)', 'b', 'q-{sfx}', 'token', { Partition: 'other' }),
    req('establish: dialer record after a Partition other', 'b', 'GET', '/v1/peering/q-{sfx}', { view: establishingOrActive }),
    req('exports: service Namespace default, consumer Partition default', 'a', 'PUT', '/v1/config', {
      body: exportsOf([
        { Name: 'web-{sfx}', Namespace: 'default', Consumers: [{ Peer: 'p-{sfx}' }] },
        { Name: 'api-{sfx}', Consumers: [{ Partition: 'default' }, { Peer: 'p-{sfx}' }] },
        { Name: 'db-{sfx}', Consumers: [{ Partition: 'other' }] },
      ]),
    }),
    req('exports: read (service Namespace dropped, consumer Partitions kept)', 'a', 'GET', '/v1/config/exported-services/default'),
    req('exported-services: consumer partitions not resolved on CE', 'a', 'GET', '/v1/exported-services'),
    req('exports: ?partition=default on write', 'a', 'PUT', '/v1/config?partition=default', { body: exportsOf([{ Name: 'web-{sfx}', Consumers: [{ Peer: 'p-{sfx}' }] }]) }),
    req('exports: ?ns=default on read', 'a', 'GET', '/v1/config/exported-services/default?ns=default'),
    req('intentions: top-level Namespace default', 'a', 'PUT', '/v1/config', {
      body: { Kind: 'service-intentions', Name: 'api-{sfx}', Namespace: 'default', Sources: [{ Name: 'web', Peer: 'p-{sfx}', Action: 'allow' }] },
    }),
    req('intentions: source Partition default', 'a', 'PUT', '/v1/config', {
      body: { Kind: 'service-intentions', Name: 'api-{sfx}', Sources: [{ Name: 'web', Partition: 'default', Action: 'allow' }] },
    }),
    req('cleanup: delete exports', 'a', 'DELETE', '/v1/config/exported-services/default'),
    req('cleanup: delete acceptor', 'a', 'DELETE', '/v1/peering/p-{sfx}'),
    req('cleanup: delete dialer', 'b', 'DELETE', '/v1/peering/q-{sfx}'),
    req('cleanup: delete failed dialer', 'b', 'DELETE', '/v1/peering/r-{sfx}'),
  ],
};
