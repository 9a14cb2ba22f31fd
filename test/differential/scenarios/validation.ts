// Validation texts of the token request and of the two config entries, what CE accepts that a
// client should refuse itself, L7 intention permissions with and without service-defaults
// Protocol http, and the 64-key meta limits.
import { req, type BodyTemplate, type Scenario } from '../runner';
import { metaWithKeys } from './common';

const exportsWith = (services: BodyTemplate[], extra: Record<string, BodyTemplate> = {}): BodyTemplate => ({
  Kind: 'exported-services',
  Name: 'default',
  Services: services,
  ...extra,
});
const intentions = (sources: BodyTemplate[], extra: Record<string, BodyTemplate> = {}): BodyTemplate => ({
  Kind: 'service-intentions',
  Name: 'api-{sfx}',
  Sources: sources,
  ...extra,
});
const put = (label: string, body: BodyTemplate) => req(label, 'a', 'PUT', '/v1/config', { body });
const l7 = (permissions: BodyTemplate, extra: Record<string, BodyTemplate> = {}): BodyTemplate =>
  intentions([{ Name: 'web', Peer: 'peer-{sfx}', Permissions: permissions, ...extra }]);

export const validation: Scenario = {
  name: 'validation texts, L7 permissions, meta limits',
  budgetMs: 30_000,
  steps: [
    // Token request.
    req('token: name too long (64)', 'a', 'POST', '/v1/peering/token', { body: { PeerName: `a${'b'.repeat(62)}c` } }),
    req('token: name with trailing hyphen', 'a', 'POST', '/v1/peering/token', { body: { PeerName: 'peer-' } }),
    req('token: 65 meta keys', 'a', 'POST', '/v1/peering/token', { body: { PeerName: 'meta-{sfx}', Meta: metaWithKeys(65) } }),
    req('token: meta key with invalid characters', 'a', 'POST', '/v1/peering/token', { body: { PeerName: 'meta-{sfx}', Meta: { 'a b': 'x' } } }),
    req('token: meta key with reserved prefix', 'a', 'POST', '/v1/peering/token', { body: { PeerName: 'meta-{sfx}', Meta: { 'consul-x': 'x' } } }),
    req('token: 64 meta keys', 'a', 'POST', '/v1/peering/token', { body: { PeerName: 'meta-{sfx}', Meta: metaWithKeys(64) } }),
    req('read: 64 meta keys stored', 'a', 'GET', '/v1/peering/meta-{sfx}'),
    req('token: old field Datacenter', 'a', 'POST', '/v1/peering/token', { body: { PeerName: 'x', Datacenter: 'dc1' } }),

    // exported-services.
    put('exports: 65 meta keys', exportsWith([{ Name: 'web', Consumers: [{ Peer: 'peer-{sfx}' }] }], { Meta: metaWithKeys(65) })),
    put('exports: empty service name', exportsWith([{ Name: '', Consumers: [{ Peer: 'peer-{sfx}' }] }])),
    put('exports: no Kind', { Name: 'default', Services: [] }),
    put('exports: Kind not a string', { Kind: 5, Name: 'default' }),
    put('exports: unknown kind', { Kind: 'bogus-kind', Name: 'default' }),
    put('exports: old consumer key PeerName', exportsWith([{ Name: 'web', Consumers: [{ PeerName: 'peer-{sfx}' }] }])),
    put('exports: snake_case peer_name alias', exportsWith([{ Name: 'web', Consumers: [{ peer_name: 'peer-{sfx}' }] }])),
    req('exports: read after alias', 'a', 'GET', '/v1/config/exported-services/default'),
    put('exports: invalid peer name, duplicate service, unknown peer, wildcard next to names (all accepted)', exportsWith([
      { Name: 'web', Consumers: [{ Peer: 'Bad_Peer' }] },
      { Name: 'web', Consumers: [{ Peer: 'nobody-{sfx}' }] },
      { Name: '*', Consumers: [{ Peer: 'peer-{sfx}' }] },
    ], { Meta: { owner: 'test' } })),
    req('exports: read what CE accepted', 'a', 'GET', '/v1/config/exported-services/default'),

    // service-intentions.
    put('intentions: no sources', intentions([])),
    put('intentions: source without name', intentions([{ Peer: 'peer-{sfx}', Action: 'allow' }])),
    put('intentions: no destination name', { Kind: 'service-intentions', Sources: [{ Name: 'web', Action: 'allow' }] }),
    put('intentions: partial wildcard destination', { Kind: 'service-intentions', Name: 'api-*', Sources: [{ Name: 'web', Action: 'allow' }] }),
    put('intentions: description too long', intentions([{ Name: 'web', Action: 'allow', Description: 'd'.repeat(513) }])),
    put('intentions: Type other', intentions([{ Name: 'web', Action: 'allow', Type: 'other' }])),
    put('intentions: LegacyID', intentions([{ Name: 'web', Action: 'allow', LegacyID: 'x' }])),
    req('intentions: read after LegacyID', 'a', 'GET', '/v1/config/service-intentions/api-{sfx}'),
    put('intentions: LegacyMeta', intentions([{ Name: 'web', Action: 'allow', LegacyMeta: { a: 'b' } }])),
    put('intentions: 65 meta keys', intentions([{ Name: 'web', Action: 'allow' }], { Meta: metaWithKeys(65) })),
    put('intentions: L7 on a tcp service', l7([{ Action: 'allow', HTTP: { PathPrefix: '/v1' } }])),
    put('intentions: Action with Permissions', l7([{ Action: 'allow', HTTP: { PathPrefix: '/v1' } }], { Action: 'allow' })),
    put('intentions: PathPrefix without slash', l7([{ Action: 'allow', HTTP: { PathPrefix: 'v1' } }])),
    put('intentions: two path matches', l7([{ Action: 'allow', HTTP: { PathPrefix: '/v1', PathExact: '/v1' } }])),
    put('intentions: permission without HTTP', l7([{ Action: 'allow' }])),
    put('intentions: permission with bad action', l7([{ Action: 'maybe', HTTP: { PathPrefix: '/v1' } }])),
    put('intentions: invalid HTTP method', l7([{ Action: 'allow', HTTP: { Methods: ['FETCH'] } }])),
    put('intentions: duplicate HTTP method', l7([{ Action: 'allow', HTTP: { Methods: ['GET', 'GET'] } }])),
    put('intentions: header without name', l7([{ Action: 'allow', HTTP: { Header: [{ Exact: 'x' }] } }])),
    put('intentions: permissions on a wildcard destination', {
      Kind: 'service-intentions',
      Name: '*',
      Sources: [{ Name: 'web', Permissions: [{ Action: 'allow', HTTP: { PathPrefix: '/v1' } }] }],
    }),
    put('service-defaults: Protocol http', { Kind: 'service-defaults', Name: 'api-{sfx}', Protocol: 'http' }),
    put('intentions: L7 on an http service', l7([
      { Action: 'allow', HTTP: { PathPrefix: '/v1', Methods: ['get', 'POST'] } },
      { Action: 'deny', HTTP: { PathExact: '/admin', Header: [{ Name: 'x-user', Prefix: 'adm', IgnoreCase: true }] } },
    ])),
    req('intentions: read L7', 'a', 'GET', '/v1/config/service-intentions/api-{sfx}'),
    req('service-defaults: read', 'a', 'GET', '/v1/config/service-defaults/api-{sfx}'),
    req('service-defaults: delete while L7 intentions exist', 'a', 'DELETE', '/v1/config/service-defaults/api-{sfx}'),
    put('service-defaults: switch to tcp while L7 intentions exist', { Kind: 'service-defaults', Name: 'api-{sfx}', Protocol: 'tcp' }),
    put('intentions: still rejects a bad path on http', l7([{ Action: 'allow', HTTP: { PathExact: 'admin' } }])),
    put('intentions: local and peer source of the same name', intentions([
      { Name: 'web', Action: 'allow' },
      { Name: 'web', Peer: 'peer-{sfx}', Action: 'deny' },
      { Name: '*', Action: 'deny' },
    ])),
    req('intentions: read local and peer', 'a', 'GET', '/v1/config/service-intentions/api-{sfx}'),
    req('service-defaults: delete once no L7 intentions remain', 'a', 'DELETE', '/v1/config/service-defaults/api-{sfx}'),
  ],
};
