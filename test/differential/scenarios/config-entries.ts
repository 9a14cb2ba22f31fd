// exported-services and service-intentions writes and reads with check-and-set: create-only
// (cas=0), stale, current, identical content with a stale index (skipped, true), and config-entry
// deletes with cas (stale false, current true, missing true, without cas {}).
import { req, type BodyTemplate, type Scenario } from '../runner';
import { captureModifyIndex } from './common';

const exportsOf = (...services: string[]): BodyTemplate => ({
  Kind: 'exported-services',
  Name: 'default',
  Services: services.map((name) => ({ Name: name, Consumers: [{ Peer: 'peer-{sfx}' }] })),
});

const intentionsOf = (...sources: string[]): BodyTemplate => ({
  Kind: 'service-intentions',
  Name: 'api-{sfx}',
  Sources: sources.map((name) => ({ Name: name, Peer: 'peer-{sfx}', Action: 'allow' })),
});

export const configEntries: Scenario = {
  name: 'config entries with cas',
  budgetMs: 30_000,
  steps: [
    req('exports: list, none yet', 'a', 'GET', '/v1/config/exported-services'),
    req('exports: GET /v1/exported-services, none yet', 'a', 'GET', '/v1/exported-services'),
    req('exports: create-only cas=0 when absent', 'a', 'PUT', '/v1/config?cas=0', { body: exportsOf('web-{sfx}') }),
    req('exports: read', 'a', 'GET', '/v1/config/exported-services/default', { capture: captureModifyIndex('e1') }),
    req('exports: cas=0 when present', 'a', 'PUT', '/v1/config?cas=0', { body: exportsOf('web-{sfx}', 'db-{sfx}') }),
    req('exports: stale cas', 'a', 'PUT', '/v1/config?cas={e1Stale}', { body: exportsOf('web-{sfx}', 'db-{sfx}') }),
    req('exports: current cas', 'a', 'PUT', '/v1/config?cas={e1}', { body: exportsOf('web-{sfx}', 'db-{sfx}') }),
    req('exports: read after cas write', 'a', 'GET', '/v1/config/exported-services/default', { capture: captureModifyIndex('e2') }),
    req('exports: identical content with a stale cas (skipped)', 'a', 'PUT', '/v1/config?cas={e1}', { body: exportsOf('web-{sfx}', 'db-{sfx}') }),
    req('exports: identical content without cas', 'a', 'PUT', '/v1/config', { body: exportsOf('web-{sfx}', 'db-{sfx}') }),
    req('exports: read after identical writes', 'a', 'GET', '/v1/config/exported-services/default', {
      facts: (reply, vars) => ({ 'ModifyIndex unchanged': String((reply.json as Record<string, unknown>)['ModifyIndex']) === vars['e2'] }),
    }),
    req('exports: different content, stale cas', 'a', 'PUT', '/v1/config?cas={e1}', { body: exportsOf('web-{sfx}') }),
    req('exports: cas not a number', 'a', 'PUT', '/v1/config?cas=abc', { body: exportsOf('web-{sfx}') }),
    req('intentions: cas=5 on an entry that does not exist', 'a', 'PUT', '/v1/config?cas=5', {
      body: { Kind: 'service-intentions', Name: 'nothing-{sfx}', Sources: [{ Name: 'web', Action: 'allow' }] },
    }),
    req('exports: list', 'a', 'GET', '/v1/config/exported-services'),
    req('exports: GET /v1/exported-services', 'a', 'GET', '/v1/exported-services'),
    req('exports: delete with stale cas', 'a', 'DELETE', '/v1/config/exported-services/default?cas={e1}'),
    req('exports: still there', 'a', 'GET', '/v1/config/exported-services/default'),
    req('exports: delete with cas=0', 'a', 'DELETE', '/v1/config/exported-services/default?cas=0'),
    req('exports: delete with current cas', 'a', 'DELETE', '/v1/config/exported-services/default?cas={e2}'),
    req('exports: gone', 'a', 'GET', '/v1/config/exported-services/default'),
    req('exports: delete missing with cas', 'a', 'DELETE', '/v1/config/exported-services/default?cas={e2}'),
    req('exports: delete missing without cas', 'a', 'DELETE', '/v1/config/exported-services/default'),
    req('exports: write again', 'a', 'PUT', '/v1/config', { body: exportsOf('web-{sfx}') }),
    req('exports: delete existing without cas', 'a', 'DELETE', '/v1/config/exported-services/default'),
    req('exports: gone again', 'a', 'GET', '/v1/config/exported-services/default'),

    req('intentions: create-only cas=0', 'a', 'PUT', '/v1/config?cas=0', { body: intentionsOf('web') }),
    req('intentions: read', 'a', 'GET', '/v1/config/service-intentions/api-{sfx}', { capture: captureModifyIndex('i1') }),
    req('intentions: cas=0 when present', 'a', 'PUT', '/v1/config?cas=0', { body: intentionsOf('web', 'db') }),
    req('intentions: stale cas', 'a', 'PUT', '/v1/config?cas={i1Stale}', { body: intentionsOf('web', 'db') }),
    req('intentions: current cas', 'a', 'PUT', '/v1/config?cas={i1}', { body: intentionsOf('web', 'db') }),
    req('intentions: read after cas write', 'a', 'GET', '/v1/config/service-intentions/api-{sfx}', { capture: captureModifyIndex('i2') }),
    req('intentions: identical content with a stale cas (skipped)', 'a', 'PUT', '/v1/config?cas={i1}', { body: intentionsOf('web', 'db') }),
    req('intentions: same sources in another order, stale cas', 'a', 'PUT', '/v1/config?cas={i1}', { body: intentionsOf('db', 'web') }),
    req('intentions: list', 'a', 'GET', '/v1/config/service-intentions'),
    req('intentions: delete with stale cas', 'a', 'DELETE', '/v1/config/service-intentions/api-{sfx}?cas={i1}'),
    req('intentions: delete with current cas', 'a', 'DELETE', '/v1/config/service-intentions/api-{sfx}?cas={i2}'),
    req('intentions: gone', 'a', 'GET', '/v1/config/service-intentions/api-{sfx}'),
    req('intentions: delete missing with cas', 'a', 'DELETE', '/v1/config/service-intentions/api-{sfx}?cas=1'),
    req('intentions: delete missing without cas', 'a', 'DELETE', '/v1/config/service-intentions/api-{sfx}'),
  ],
};
