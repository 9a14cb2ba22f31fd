import { type ConsulClient, isNotFound, type ServiceIntentionsEntry } from '../../src/consul';
import { formatPath, isGone, UNKNOWN, ValidationError } from '../../src/core';
import {
  checkServiceIntentions, intentionsView, mergeIntentions, sameIntentions, serviceIntentions,
  type IntentionSource, type ServiceIntentionsInputs, type ServiceIntentionsState,
} from '../../src/core/resources/service-intentions';
import { createAclToken } from '../harness/consul-servers';
import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';
import { countingClient as countedClient } from '../support/counting-client';

const allow = (name: string, peer?: string): IntentionSource => ({ name, ...(peer === undefined ? {} : { peer }), action: 'allow' });
const inputsOf = (sources: IntentionSource[], extra: Partial<ServiceIntentionsInputs> = {}): ServiceIntentionsInputs => ({
  name: 'api', sources, exclusive: false, ...extra,
});
const l7 = (http: Record<string, unknown>) => ({ name: 'api', sources: [{ name: 'web', peer: 'dc2', permissions: [{ action: 'allow', http }] }] });
const header = (fields: Record<string, unknown>) => l7({ headers: [{ name: 'x-team', ...fields }] });

describe('ServiceIntentions check', () => {
  const valid = { name: 'api', sources: [{ name: 'web', peer: 'dc2', action: 'allow' }] };
  const cases: { title: string; input: Record<string, unknown>; issues: [string, string][] }[] = [
    { title: 'a peer source', input: valid, issues: [] },
    { title: 'wildcards for destination and source', input: { name: '*', sources: [{ name: '*', peer: 'dc2', action: 'deny' }] }, issues: [] },
    { title: 'an L7 permission with path, methods and headers', input: l7({ pathRegex: '/v[0-9]+/.*', methods: ['GET', 'POST'], headers: [{ name: 'x', exact: 'y', ignoreCase: true, invert: true }] }), issues: [] },
    { title: 'the same name from two peers', input: { name: 'api', sources: [allow('web', 'dc2'), allow('web', 'dc3'), allow('web')] }, issues: [] },
    { title: 'null for unset fields (as adapters send)', input: { name: 'api', partition: null, meta: null, sources: [{ name: 'web', peer: 'dc2', action: 'allow', permissions: null }] }, issues: [] },
    { title: 'no destination name', input: { sources: valid.sources }, issues: [['required', 'name']] },
    { title: 'a partial wildcard destination', input: { ...valid, name: 'we*' }, issues: [['wildcard_not_allowed', 'name']] },
    { title: 'a partial wildcard source', input: { name: 'api', sources: [{ name: 'w*', action: 'allow' }] }, issues: [['wildcard_not_allowed', 'sources[0].name']] },
    { title: 'no sources', input: { name: 'api', sources: [] }, issues: [['required', 'sources']] },
    { title: 'a source without a name', input: { name: 'api', sources: [{ peer: 'dc2', action: 'allow' }] }, issues: [['required', 'sources[0].name']] },
    { title: 'an unknown action', input: { name: 'api', sources: [{ name: 'web', action: 'maybe' }] }, issues: [['invalid_value', 'sources[0].action']] },
    { title: 'neither action nor permissions', input: { name: 'api', sources: [{ name: 'web' }] }, issues: [['required', 'sources[0].action']] },
    {
      title: 'action and permissions together',
      input: { name: 'api', sources: [{ name: 'web', action: 'allow', permissions: [{ action: 'allow', http: { pathPrefix: '/' } }] }] },
      issues: [['conflicting_fields', 'sources[0].action']],
    },
    { title: 'permissions on the wildcard destination', input: { ...l7({ pathPrefix: '/' }), name: '*' }, issues: [['wildcard_not_allowed', 'sources[0].permissions']] },
    {
      title: 'a permission without action or http', input: { name: 'api', sources: [{ name: 'web', permissions: [{}] }] },
      issues: [['required', 'sources[0].permissions[0].action'], ['required', 'sources[0].permissions[0].http']],
    },
    {
      title: 'a permission with a bad action', input: { name: 'api', sources: [{ name: 'web', permissions: [{ action: 'permit', http: { pathExact: '/' } }] }] },
      issues: [['invalid_value', 'sources[0].permissions[0].action']],
    },
    { title: 'an empty http match', input: l7({}), issues: [['required', 'sources[0].permissions[0].http']] },
    { title: "a path prefix without '/'", input: l7({ pathPrefix: 'v1' }), issues: [['invalid_value', 'sources[0].permissions[0].http.pathPrefix']] },
    { title: "an exact path without '/'", input: l7({ pathExact: 'v1' }), issues: [['invalid_value', 'sources[0].permissions[0].http.pathExact']] },
    { title: 'two path forms', input: l7({ pathExact: '/a', pathRegex: '.*' }), issues: [['conflicting_fields', 'sources[0].permissions[0].http']] },
    { title: 'an invalid method', input: l7({ methods: ['FETCH'] }), issues: [['invalid_value', 'sources[0].permissions[0].http.methods[0]']] },
    { title: 'a lower-case method (Consul would store it upper-cased: perpetual diff)', input: l7({ methods: ['get'] }), issues: [['invalid_value', 'sources[0].permissions[0].http.methods[0]']] },
    { title: 'a repeated method', input: l7({ methods: ['GET', 'PUT', 'GET'] }), issues: [['duplicate', 'sources[0].permissions[0].http.methods[2]']] },
    { title: 'a header without a name', input: l7({ headers: [{ exact: 'x' }] }), issues: [['required', 'sources[0].permissions[0].http.headers[0].name']] },
    { title: 'a header with two matches', input: header({ exact: 'a', prefix: 'b' }), issues: [['conflicting_fields', 'sources[0].permissions[0].http.headers[0]']] },
    { title: 'a header with no match', input: header({ invert: true }), issues: [['required', 'sources[0].permissions[0].http.headers[0]']] },
    { title: 'present false does not count as a match', input: header({ present: false }), issues: [['required', 'sources[0].permissions[0].http.headers[0]']] },
    { title: 'ignoreCase with regex', input: header({ regex: 'a.*', ignoreCase: true }), issues: [['conflicting_fields', 'sources[0].permissions[0].http.headers[0].ignoreCase']] },
    { title: 'ignoreCase with present', input: header({ present: true, ignoreCase: true }), issues: [['conflicting_fields', 'sources[0].permissions[0].http.headers[0].ignoreCase']] },
    { title: 'a description over 512 bytes', input: { name: 'api', sources: [{ ...allow('web'), description: 'é'.repeat(257) }] }, issues: [['too_long', 'sources[0].description']] },
    { title: 'a description of 512 bytes', input: { name: 'api', sources: [{ ...allow('web'), description: 'é'.repeat(256) }] }, issues: [] },
    { title: 'the wildcard peer', input: { name: 'api', sources: [allow('web', '*')] }, issues: [['wildcard_not_allowed', 'sources[0].peer']] },
    { title: 'an invalid peer name', input: { name: 'api', sources: [allow('web', 'Bad_Peer')] }, issues: [['invalid_name', 'sources[0].peer']] },
    { title: 'peer and partition together', input: { name: 'api', sources: [{ ...allow('web', 'dc2'), partition: 'p1' }] }, issues: [['conflicting_fields', 'sources[0].partition']] },
    { title: 'sameness group with a peer', input: { name: 'api', sources: [{ ...allow('web', 'dc2'), samenessGroup: 'g' }] }, issues: [['conflicting_fields', 'sources[0].samenessGroup']] },
    { title: 'the wildcard sameness group', input: { name: 'api', sources: [{ ...allow('web'), samenessGroup: '*' }] }, issues: [['wildcard_not_allowed', 'sources[0].samenessGroup']] },
    { title: 'the same source twice', input: { name: 'api', sources: [allow('web', 'dc2'), { name: 'web', peer: 'dc2', action: 'deny' }] }, issues: [['duplicate', 'sources[1].name']] },
    { title: 'a wildcard namespace with an exact destination', input: { ...valid, namespace: '*' }, issues: [['invalid_value', 'name']] },
    { title: 'the wildcard partition', input: { ...valid, partition: '*' }, issues: [['wildcard_not_allowed', 'partition']] },
    { title: 'too much meta', input: { ...valid, meta: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])) }, issues: [['too_many', 'meta']] },
    { title: 'a meta value over 512', input: { ...valid, meta: { k: 'v'.repeat(513) } }, issues: [['too_long', 'meta.k']] },
    { title: 'unknown sources', input: { name: 'api', sources: UNKNOWN }, issues: [] },
    { title: 'an unknown source and destination name', input: { name: UNKNOWN, sources: [UNKNOWN, { name: UNKNOWN, action: UNKNOWN }] }, issues: [] },
    { title: 'unknown permissions (action may be unset)', input: { name: 'api', sources: [{ name: 'web', permissions: UNKNOWN }] }, issues: [] },
    { title: 'unknown values deep inside a permission', input: l7({ pathPrefix: UNKNOWN, methods: [UNKNOWN], headers: [{ name: 'x', exact: UNKNOWN }] }), issues: [] },
    { title: 'an unknown http', input: { name: 'api', sources: [{ name: 'web', permissions: [{ action: 'allow', http: UNKNOWN }] }] }, issues: [] },
  ];

  it.each(cases)('$title', ({ input, issues }) => {
    const result = checkServiceIntentions(input);
    expect(result.issues.map((issue) => [issue.code, formatPath(issue.path)])).toEqual(issues);
  });

  it('applies the default exclusive = false and keeps the rest', () => {
    expect(checkServiceIntentions(valid).inputs).toEqual({ ...valid, exclusive: false });
  });
});

describe('ServiceIntentions diff, id and import ID', () => {
  const state: ServiceIntentionsState = inputsOf([{ ...allow('web', 'dc2'), precedence: 9 }]);
  it.each([
    { title: 'computed precedence is no change', inputs: inputsOf([allow('web', 'dc2')]), changed: [], replace: [] },
    { title: 'an explicit default partition/namespace is no change', inputs: inputsOf([allow('web', 'dc2')], { partition: 'default', namespace: '' }), changed: [], replace: [] },
    { title: 'a changed action', inputs: inputsOf([{ ...allow('web', 'dc2'), action: 'deny' }]), changed: ['sources'], replace: [] },
    { title: 'new meta', inputs: inputsOf([allow('web', 'dc2')], { meta: { team: 'a' } }), changed: ['meta'], replace: [] },
    { title: 'another destination', inputs: inputsOf([allow('web', 'dc2')], { name: 'db' }), changed: ['name'], replace: ['name'] },
    { title: 'another namespace', inputs: inputsOf([allow('web', 'dc2')], { namespace: 'ns1' }), changed: ['namespace'], replace: ['namespace'] },
    { title: 'unknown sources', inputs: { ...state, sources: UNKNOWN as never }, changed: ['sources'], replace: [] },
  ])('$title', ({ inputs, changed, replace }) => {
    const diff = serviceIntentions.diff(state, inputs);
    expect([diff.changed, diff.replace.map((r) => r.field)]).toEqual([changed, replace]);
  });

  it('is identified by NAME or PARTITION/NAMESPACE/NAME', () => {
    expect(serviceIntentions.id(inputsOf([]))).toBe('api');
    expect(serviceIntentions.id(inputsOf([], { namespace: 'ns1' }))).toBe('default/ns1/api');
    expect(serviceIntentions.parseImportId('api')).toEqual({ id: 'api', prior: { name: 'api', exclusive: false } });
    expect(serviceIntentions.parseImportId('p1/ns1/api')).toEqual({ id: 'p1/ns1/api', prior: { name: 'api', partition: 'p1', namespace: 'ns1', exclusive: false } });
    expect(serviceIntentions.parseImportId('p1/api')).toMatchObject({ code: 'invalid_import_id' });
  });
});

describe('ServiceIntentions merge', () => {
  const stored = (sources: NonNullable<ServiceIntentionsEntry['Sources']>, meta?: Record<string, string>): ServiceIntentionsEntry => ({
    Kind: 'service-intentions', Name: 'api', ModifyIndex: 3, Sources: sources, ...(meta === undefined ? {} : { Meta: meta }),
  });
  const legacy = { Name: 'legacy', Action: 'deny', Precedence: 9, Type: 'consul' };
  const plan = (desired: IntentionSource[], owned: IntentionSource[] = [], extra: { exclusive?: boolean; meta?: Record<string, string>; ownedMeta?: Record<string, string> } = {}) => ({
    name: 'api', desired: { sources: desired, meta: extra.meta }, owned: { sources: owned, meta: extra.ownedMeta }, exclusive: extra.exclusive ?? false,
  });

  it.each([
    { title: 'creates the entry', plan: plan([allow('web', 'dc2')]), sources: [{ Name: 'web', Peer: 'dc2', Action: 'allow' }], meta: undefined },
    {
      title: "appends next to others' sources", current: stored([legacy]), plan: plan([allow('web', 'dc2')]),
      sources: [legacy, { Name: 'web', Peer: 'dc2', Action: 'allow' }], meta: undefined,
    },
    {
      title: 'replaces its own source in place', current: stored([{ Name: 'web', Peer: 'dc2', Action: 'deny', Precedence: 9 }, legacy]),
      plan: plan([allow('web', 'dc2')], [{ name: 'web', peer: 'dc2', action: 'deny' }]), sources: [{ Name: 'web', Peer: 'dc2', Action: 'allow' }, legacy], meta: undefined,
    },
    {
      title: 'removes sources it no longer lists; merges meta by key', current: stored([{ Name: 'web', Peer: 'dc2', Action: 'allow' }, legacy], { owner: 'ops', team: 'a' }),
      plan: plan([allow('db', 'dc2')], [allow('web', 'dc2')], { meta: { tier: '1' }, ownedMeta: { team: 'a' } }),
      sources: [legacy, { Name: 'db', Peer: 'dc2', Action: 'allow' }], meta: { owner: 'ops', tier: '1' },
    },
    { title: 'leaves nothing (delete the entry)', current: stored([{ Name: 'web', Action: 'allow' }]), plan: plan([], [allow('web')]), sources: undefined, meta: undefined },
    {
      title: 'exclusive: exactly its sources and meta', current: stored([legacy], { owner: 'ops' }), plan: plan([allow('web', 'dc2')], [], { exclusive: true, meta: { team: 'a' } }),
      sources: [{ Name: 'web', Peer: 'dc2', Action: 'allow' }], meta: { team: 'a' },
    },
  ] as { title: string; current?: ServiceIntentionsEntry; plan: ReturnType<typeof plan>; sources: unknown; meta: unknown }[])('$title', ({ current, plan: wanted, sources, meta }) => {
    const next = mergeIntentions(current, wanted);
    expect(next?.Sources).toEqual(sources);
    expect(next?.Meta).toEqual(meta);
    if (next !== undefined) expect([next.Kind, next.Name, next.ModifyIndex]).toEqual(['service-intentions', 'api', undefined]);
  });

  it('sends every L7 field where Consul expects it (headers, path regex, methods)', () => {
    const source: IntentionSource = {
      name: 'web', peer: 'dc2',
      permissions: [{ action: 'deny', http: { pathRegex: '/admin.*', methods: ['DELETE'], headers: [{ name: 'x-debug', present: true, invert: true }, { name: 'x-team', suffix: 'ops', ignoreCase: true }] } }],
    };
    expect(mergeIntentions(undefined, plan([source]))?.Sources).toEqual([{
      Name: 'web', Peer: 'dc2',
      Permissions: [{ Action: 'deny', HTTP: { PathRegex: '/admin.*', Methods: ['DELETE'], Header: [{ Name: 'x-debug', Present: true, Invert: true }, { Name: 'x-team', Suffix: 'ops', IgnoreCase: true }] } }],
    }]);
  });

  it('views owned sources with precedence, keeps their spelling when Consul holds the same, shows changed content', () => {
    const entry = stored([{ Name: 'web', Peer: 'dc2', Action: 'deny', Precedence: 9, Type: 'consul' }, { Name: 'db', Peer: 'dc2', Action: 'allow', Precedence: 9, Type: 'consul' }, legacy], { owner: 'ops', team: 'a' });
    const mine = [{ ...allow('db', 'dc2'), description: '' }, allow('web', 'dc2'), allow('gone', 'dc2')];
    expect(intentionsView(entry, { sources: mine, meta: { team: 'b' } }, false, {})).toEqual({
      sources: [{ ...allow('db', 'dc2'), description: '', precedence: 9 }, { name: 'web', peer: 'dc2', action: 'deny', precedence: 9 }], meta: { team: 'a' },
    });
    expect(intentionsView(entry, {}, false, {}).sources.map((s) => s.name)).toEqual(['web', 'db', 'legacy']);
    expect(intentionsView(entry, { sources: [allow('db', 'dc2')] }, true, {})).toMatchObject({ sources: [{ name: 'db' }, { name: 'web' }, { name: 'legacy' }], meta: { owner: 'ops', team: 'a' } });
  });

  it('compares entries ignoring precedence, the default Type and source order', () => {
    const a = stored([{ Name: 'web', Action: 'allow', Precedence: 9, Type: 'consul' }, legacy]);
    expect(sameIntentions(a, stored([legacy, { Name: 'web', Action: 'allow' }]))).toBe(true);
    expect(sameIntentions(a, stored([legacy, { Name: 'web', Action: 'deny' }]))).toBe(false);
  });
});


describeEachBackend('ServiceIntentions against a backend', (backend) => {
  let env: TestClusters;
  const clients: ConsulClient[] = [];
  const counted = (token?: string) => {
    const made = countedClient(env.clusters[0]!, token);
    clients.push(made.client);
    return made;
  };
  const stored = async (name = 'api'): Promise<ServiceIntentionsEntry | undefined> =>
    counted().client.readConfigEntry('service-intentions', name).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    });
  const names = (entry: ServiceIntentionsEntry | undefined): string[] => (entry?.Sources ?? []).map((s) => `${s.Peer ?? ''}/${s.Name}:${s.Action ?? 'L7'}`).sort();

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1']);
  });
  afterAll(async () => {
    clients.forEach((client) => client.close());
    await env?.stop();
  });
  afterEach(async () => {
    const { client } = counted();
    await client.deleteConfigEntry('service-intentions', 'api');
    await client.deleteConfigEntry('service-intentions', '*');
  });

  it('creates, reads, updates and deletes with the documented request counts; precedence comes from Consul', async () => {
    const { context, take } = counted();
    const inputs = inputsOf([allow('web', 'dc2'), { name: '*', peer: 'dc2', action: 'deny', description: 'default deny for dc2' }], { meta: { team: 'a' } });
    const created = await serviceIntentions.create(context, inputs);
    expect(take()).toEqual(['GET', 'PUT', 'GET']);
    expect(created).toEqual({ ...inputs, sources: [{ ...inputs.sources[0], precedence: 9 }, { ...inputs.sources[1], precedence: 8 }] });

    expect(await serviceIntentions.read(context, 'api', created)).toEqual(created);
    expect(take()).toEqual(['GET']);

    const next = inputsOf([{ ...allow('web', 'dc2'), action: 'deny' }], { meta: { team: 'b' } });
    const updated = await serviceIntentions.update(context, created, next);
    expect(take()).toEqual(['GET', 'PUT', 'GET']);
    expect(updated.sources).toEqual([{ ...next.sources[0], precedence: 9 }]);
    expect(names(await stored())).toEqual(['dc2/web:deny']);
    expect((await stored())?.Meta).toEqual({ team: 'b' });
    expect(await serviceIntentions.update(context, updated, next)).toEqual(updated);
    expect(take()).toEqual(['GET']);

    await serviceIntentions.delete(context, updated);
    expect(take()).toEqual(['GET', 'DELETE']);
    expect(await stored()).toBeUndefined();
    expect(await serviceIntentions.read(context, 'api', updated)).toMatchObject({ gone: true });
  });

  it('5 concurrent appliers add sources to one destination; each destroy removes only its own, the last removes the entry', async () => {
    const appliers = Array.from({ length: 5 }, (_, i) => ({ inputs: inputsOf([allow(`svc-${i}`, 'dc2')], { meta: { [`owner-${i}`]: 'yes' } }), ...counted() }));
    const states = await Promise.all(appliers.map(({ context, inputs }) => serviceIntentions.create(context, inputs)));
    expect(names(await stored())).toEqual([0, 1, 2, 3, 4].map((i) => `dc2/svc-${i}:allow`));
    expect(Object.keys((await stored())?.Meta ?? {}).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `owner-${i}`));
    states.forEach((state) => expect(state.sources[0]?.precedence).toBe(9));
    for (const { take } of appliers) {
      const calls = take();
      expect(calls.slice(0, 2)).toEqual(['GET', 'PUT']);
      expect(calls.at(-1)).toBe('GET'); // the read-back for precedence
    }
    for (const [i, { context }] of appliers.entries()) {
      await serviceIntentions.delete(context, states[i]!);
      const left = appliers.slice(i + 1).map((_, j) => `dc2/svc-${i + 1 + j}:allow`);
      expect(names(await stored())).toEqual(left);
    }
    expect(await stored()).toBeUndefined();
  });

  it('never touches sources and meta written directly by someone else', async () => {
    const other = counted().client;
    await other.writeConfigEntry({ Kind: 'service-intentions', Name: 'api', Meta: { owner: 'ops' }, Sources: [{ Name: 'legacy', Action: 'deny' }, { Name: 'web', Action: 'allow' }] });
    const { context } = counted();
    const state = await serviceIntentions.create(context, inputsOf([allow('web', 'dc2')], { meta: { team: 'a' } }));
    expect(names(await stored())).toEqual(['/legacy:deny', '/web:allow', 'dc2/web:allow']);
    expect((await stored())?.Meta).toEqual({ owner: 'ops', team: 'a' });
    await serviceIntentions.delete(context, state);
    expect(names(await stored())).toEqual(['/legacy:deny', '/web:allow']);
    expect((await stored())?.Meta).toEqual({ owner: 'ops' });
  });

  it('exclusive owns the whole entry: exactly its sources and meta, deletes the entry', async () => {
    const other = counted().client;
    await other.writeConfigEntry({ Kind: 'service-intentions', Name: 'api', Meta: { owner: 'ops' }, Sources: [{ Name: 'legacy', Action: 'deny' }] });
    const { context, take } = counted();
    const inputs = inputsOf([allow('web', 'dc2')], { exclusive: true });
    const state = await serviceIntentions.create(context, inputs);
    expect(names(await stored())).toEqual(['dc2/web:allow']);
    expect((await stored())?.Meta).toBeUndefined();
    await other.writeConfigEntry({ ...(await stored())!, Sources: [...(await stored())!.Sources!, { Name: 'intruder', Action: 'allow' }] });
    const read = await serviceIntentions.read(context, 'api', state) as ServiceIntentionsState;
    expect(read.sources.map((s) => s.name)).toEqual(['web', 'intruder']);
    expect(serviceIntentions.diff(read, inputs).changed).toEqual(['sources']);
    take();
    await serviceIntentions.delete(context, state);
    expect(take()).toEqual(['GET', 'DELETE']);
    expect(await stored()).toBeUndefined();
  });

  it('shows drift (source changed, source removed) and restores it on update', async () => {
    const { context } = counted();
    const inputs = inputsOf([allow('web', 'dc2'), allow('db', 'dc2')]);
    const state = await serviceIntentions.create(context, inputs);
    await counted().client.writeConfigEntry({ Kind: 'service-intentions', Name: 'api', Sources: [{ Name: 'web', Peer: 'dc2', Action: 'deny' }] });
    const drifted = await serviceIntentions.read(context, 'api', state) as ServiceIntentionsState;
    expect(drifted.sources).toEqual([{ name: 'web', peer: 'dc2', action: 'deny', precedence: 9 }]);
    expect(serviceIntentions.diff(drifted, inputs).changed).toEqual(['sources']);
    await serviceIntentions.update(context, drifted, inputs);
    const restored = await serviceIntentions.read(context, 'api', state) as ServiceIntentionsState;
    expect(serviceIntentions.diff(restored, inputs).changed).toEqual([]);

    await counted().client.writeConfigEntry({ Kind: 'service-intentions', Name: 'api', Sources: [{ Name: 'other', Action: 'allow' }] });
    const gone = await serviceIntentions.read(context, 'api', state);
    expect(isGone(gone) && gone.reason).toMatch(/none of the sources of this resource remain/);
  });

  it('round-trips L7 permissions (headers, path regex, methods) on an HTTP destination', async () => {
    const cluster = env.clusters[0]!;
    const response = await fetch(`${cluster.address}/v1/config`, {
      method: 'PUT', body: JSON.stringify({ Kind: 'service-defaults', Name: 'api', Protocol: 'http' }), signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(200);
    const { context } = counted();
    const inputs = inputsOf([{
      name: 'web', peer: 'dc2', description: 'read-only',
      permissions: [
        { action: 'deny', http: { pathRegex: '/admin.*', headers: [{ name: 'x-debug', present: true, invert: true }] } },
        { action: 'allow', http: { pathPrefix: '/v1/', methods: ['GET', 'HEAD'], headers: [{ name: 'x-team', suffix: 'ops', ignoreCase: true }] } },
      ],
    }]);
    const state = await serviceIntentions.create(context, inputs);
    expect(await serviceIntentions.read(context, 'api', state)).toEqual(state);
    expect((await stored())?.Sources?.[0]?.Permissions?.[0]?.HTTP).toEqual({ PathRegex: '/admin.*', Header: [{ Name: 'x-debug', Present: true, Invert: true }] });
    await serviceIntentions.delete(context, state);
    await counted().client.deleteConfigEntry('service-intentions', 'api');
    await fetch(`${cluster.address}/v1/config/service-defaults/api`, { method: 'DELETE', signal: AbortSignal.timeout(10_000) });
  });

  it('imports by NAME as a shared owner of every source and meta key', async () => {
    await counted().client.writeConfigEntry({ Kind: 'service-intentions', Name: 'api', Meta: { owner: 'ops' }, Sources: [{ Name: 'web', Peer: 'dc2', Action: 'allow' }, { Name: '*', Action: 'deny' }] });
    const parsed = serviceIntentions.parseImportId('api');
    if ('code' in parsed) throw new Error(parsed.message);
    expect(await serviceIntentions.read(counted().context, parsed.id, parsed.prior)).toEqual({
      name: 'api', exclusive: false, meta: { owner: 'ops' },
      sources: [{ ...allow('web', 'dc2'), precedence: 9 }, { name: '*', action: 'deny', precedence: 8 }],
    });
  });

  it('refuses invalid inputs before any request', async () => {
    const { context, events } = counted();
    const invalid = inputsOf([{ name: 'web', peer: 'dc2', action: 'allow', permissions: [{ action: 'allow', http: { pathPrefix: 'v1' } }] }]);
    const error = await serviceIntentions.create(context, invalid).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('sources[0].permissions[0].http.pathPrefix');
    await expect(serviceIntentions.update(context, inputsOf([allow('web', 'dc2')]), invalid)).rejects.toThrow(ValidationError);
    expect(events).toHaveLength(0);
  });
});

describeEachBackend('ServiceIntentions with ACLs (default deny)', (backend) => {
  let env: TestClusters;
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1'], { acl: true });
  });
  afterAll(() => env?.stop());

  it("fails with an error naming 'intention:write' on the destination when the token may only read intentions", async () => {
    const cluster = env.clusters[0]!;
    const reader = await createAclToken(cluster, 'service_prefix "" {\n  policy = "write"\n  intentions = "read"\n}\nmesh = "write"');
    const { client, events } = countedClient(cluster, reader.secretId);
    try {
      const error = await serviceIntentions.create({ client }, inputsOf([allow('web', 'dc2')])).catch((e: unknown) => e);
      expect((error as Error).message).toContain("lacks permission 'intention:write' on \"api\"");
      expect(events.map((event) => [event.method, event.status])).toEqual([['GET', 404], ['PUT', 403]]);
    } finally {
      client.close();
    }
  });
});
