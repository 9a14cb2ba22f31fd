// Replay of consul-transcripts/acl.jsonl (ACLs on, default deny): each token has exactly one grant
// and the 403 texts name the missing permission. Denied *reads* of /v1/peering* take ~10-12 s on
// real Consul (its internal gRPC client retries them), so only the transcript's two are sent; the
// anonymous and unknown-token cases are also checked on writes, which answer at once.
import { req, untilActive, untilState, type AclTokenSpec, type Scenario } from '../runner';
import { establish, generateToken } from './common';

const tokens: readonly AclTokenSpec[] = [
  { name: 'none', rules: 'key_prefix "unrelated/" { policy = "read" }' },
  { name: 'peering-read', rules: 'peering = "read"' },
  { name: 'peering-write', rules: 'peering = "write"' },
  { name: 'operator-write', rules: 'operator = "write"', clusters: ['a'] },
  { name: 'mesh-write', rules: 'mesh = "write"', clusters: ['a'] },
  { name: 'intentions-write', rules: 'service "api-{sfx}" { policy = "read" intentions = "write" }', clusters: ['a'] },
  { name: 'service-write', rules: 'service "api-{sfx}" { policy = "write" }', clusters: ['a'] },
];

const exportsBody = { Kind: 'exported-services', Name: 'default', Services: [{ Name: 'api-{sfx}', Consumers: [{ Peer: 'd-{sfx}' }] }] };
const intentionsBody = { Kind: 'service-intentions', Name: 'api-{sfx}', Sources: [{ Name: 'web', Peer: 'd-{sfx}', Action: 'allow' }] };
const authorizeBody = [
  { Resource: 'peering', Access: 'read' },
  { Resource: 'peering', Access: 'write' },
  { Resource: 'mesh', Access: 'write' },
  { Resource: 'operator', Access: 'write' },
  { Resource: 'intention', Segment: 'api-{sfx}', Access: 'write' },
];

export const aclFlow: Scenario = {
  name: 'ACL grants and 403 texts (acl.jsonl)',
  acl: true,
  tokens,
  budgetMs: 90_000,
  steps: [
    req('list: no peering perm', 'a', 'GET', '/v1/peerings', { token: 'none' }),
    req('list: unknown token', 'a', 'GET', '/v1/peerings', { token: 'unknown' }),
    req('token self: peering:read', 'a', 'GET', '/v1/acl/token/self', { token: 'peering-read' }),
    req('read: peering:read', 'a', 'GET', '/v1/peering/x-{sfx}', { token: 'peering-read' }),
    req('token: anonymous', 'a', 'POST', '/v1/peering/token', { body: { PeerName: 'd-{sfx}' }, token: 'anonymous' }),
    req('token: unknown token', 'a', 'POST', '/v1/peering/token', { body: { PeerName: 'd-{sfx}' }, token: 'unknown' }),
    req('token: peering:read', 'a', 'POST', '/v1/peering/token', { body: { PeerName: 'd-{sfx}' }, token: 'peering-read' }),
    req('token: invalid name with peering:read (validation before ACL)', 'a', 'POST', '/v1/peering/token', { body: { PeerName: 'Bad_Name' }, token: 'peering-read' }),
    generateToken('token: operator:write', 'a', { PeerName: 'o-{sfx}' }, 'operatorToken', 'operator-write'),
    generateToken('token: peering:write', 'a', { PeerName: 'd-{sfx}' }, 'dialToken', 'peering-write'),
    { ...establish('establish: peering:read', 'b', 'a-{sfx}', 'dialToken'), token: 'peering-read' },
    { ...establish('establish: peering:write', 'b', 'a-{sfx}', 'dialToken'), token: 'peering-write' },
    req('read dialer: peering:read', 'b', 'GET', '/v1/peering/a-{sfx}', { token: 'peering-read', poll: untilActive() }),
    req('read acceptor: peering:read', 'a', 'GET', '/v1/peering/d-{sfx}', { token: 'peering-read', poll: untilActive() }),
    req('list: peering:read', 'a', 'GET', '/v1/peerings', { token: 'peering-read' }),
    req('delete: peering:read', 'a', 'DELETE', '/v1/peering/o-{sfx}', { token: 'peering-read' }),
    req('delete: operator:write', 'a', 'DELETE', '/v1/peering/o-{sfx}', { token: 'operator-write' }),
    req('exports: peering:write only', 'a', 'PUT', '/v1/config', { body: exportsBody, token: 'peering-write' }),
    req('exports: mesh:write', 'a', 'PUT', '/v1/config', { body: exportsBody, token: 'mesh-write' }),
    req('exports read: peering:read', 'a', 'GET', '/v1/config/exported-services/default', { token: 'peering-read' }),
    req('exports read: none', 'a', 'GET', '/v1/config/exported-services/default', { token: 'none' }),
    req('exports read: anonymous', 'a', 'GET', '/v1/config/exported-services/default', { token: 'anonymous' }),
    req('exports read: mesh:write', 'a', 'GET', '/v1/config/exported-services/default', { token: 'mesh-write' }),
    req('intentions: service:write only', 'a', 'PUT', '/v1/config', { body: intentionsBody, token: 'service-write' }),
    req('intentions: mesh:write', 'a', 'PUT', '/v1/config', { body: intentionsBody, token: 'mesh-write' }),
    req('intentions: intentions:write', 'a', 'PUT', '/v1/config', { body: intentionsBody, token: 'intentions-write' }),
    req('intentions read: none', 'a', 'GET', '/v1/config/service-intentions/api-{sfx}', { token: 'none' }),
    req('intentions read: intentions:write', 'a', 'GET', '/v1/config/service-intentions/api-{sfx}', { token: 'intentions-write' }),
    req('intentions delete: none', 'a', 'DELETE', '/v1/config/service-intentions/api-{sfx}', { token: 'none' }),
    req('exported-services: peering:read', 'a', 'GET', '/v1/exported-services', { token: 'peering-read' }),
    req('exported-services: none', 'a', 'GET', '/v1/exported-services', { token: 'none' }),
    req('exported-services: mesh:write', 'a', 'GET', '/v1/exported-services', { token: 'mesh-write' }),
    req('authorize: peering:read', 'a', 'POST', '/v1/internal/acl/authorize', { body: authorizeBody, token: 'peering-read' }),
    req('authorize: intentions:write', 'a', 'POST', '/v1/internal/acl/authorize', { body: authorizeBody, token: 'intentions-write' }),
    req('authorize: anonymous', 'a', 'POST', '/v1/internal/acl/authorize', { body: authorizeBody, token: 'anonymous' }),
    req('authorize: invalid access level', 'a', 'POST', '/v1/internal/acl/authorize', {
      body: [{ Resource: 'service', Segment: 'api-{sfx}', Access: 'intentions' }],
      token: 'peering-read',
    }),
    req('intentions delete: intentions:write', 'a', 'DELETE', '/v1/config/service-intentions/api-{sfx}', { token: 'intentions-write' }),
    req('delete acceptor: peering:write', 'a', 'DELETE', '/v1/peering/d-{sfx}', { token: 'peering-write' }),
    req('read dialer: terminated (peering:read)', 'b', 'GET', '/v1/peering/a-{sfx}', { token: 'peering-read', poll: untilState('TERMINATED') }),
  ],
};
