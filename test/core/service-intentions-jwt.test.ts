import { type ConsulClient, isNotFound, type ServiceIntentionsEntry } from '../../src/consul';
import { formatPath, isGone } from '../../src/core';
import {
  checkServiceIntentions, intentionsView, mergeIntentions, serviceIntentions, type ServiceIntentionsInputs,
} from '../../src/core/resources/service-intentions';
import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';
import { countingClient } from '../support/counting-client';

const okta = { providers: [{ name: 'okta', verifyClaims: [{ path: ['aud'], value: 'api' }] }] };
const permissionJwt = { providers: [{ name: 'local', verifyClaims: [{ path: ['perms', 'role'], value: 'admin' }] }, { name: 'okta' }] };
const l7Source = { name: 'web', peer: 'dc2', permissions: [{ action: 'allow', http: { pathPrefix: '/' }, jwt: permissionJwt }] };
const inputsOf = (extra: Partial<ServiceIntentionsInputs> = {}): ServiceIntentionsInputs => ({ name: 'api', sources: [l7Source], exclusive: false, ...extra });

describe('ServiceIntentions check: JWT requirements', () => {
  const cases: { title: string; input: Record<string, unknown>; issues: [string, string][] }[] = [
    { title: 'on the entry and on a permission', input: { name: 'api', jwt: okta, sources: [l7Source] }, issues: [] },
    { title: 'null claims (as adapters send)', input: { name: 'api', jwt: { providers: [{ name: 'okta', verifyClaims: null }] }, sources: [l7Source] }, issues: [] },
    { title: 'no providers', input: { name: 'api', jwt: { providers: [] }, sources: [l7Source] }, issues: [['required', 'jwt.providers']] },
    { title: 'providers missing', input: { name: 'api', jwt: {}, sources: [l7Source] }, issues: [['required', 'jwt.providers']] },
    { title: 'a provider without a name', input: { name: 'api', jwt: { providers: [{ name: '' }, {}] }, sources: [l7Source] }, issues: [['required', 'jwt.providers[0].name'], ['required', 'jwt.providers[1].name']] },
    { title: 'a claim without path or value', input: { name: 'api', jwt: { providers: [{ name: 'okta', verifyClaims: [{ path: [] }, { path: ['a', ''], value: 'x' }] }] }, sources: [l7Source] }, issues: [
      ['required', 'jwt.providers[0].verifyClaims[0].path'], ['required', 'jwt.providers[0].verifyClaims[0].value'], ['required', 'jwt.providers[0].verifyClaims[1].path[1]'],
    ] },
    { title: 'a permission provider without a name', input: { name: 'api', sources: [{ ...l7Source, permissions: [{ action: 'allow', http: { pathPrefix: '/' }, jwt: { providers: [{ verifyClaims: [] }] } }] }] }, issues: [['required', 'sources[0].permissions[0].jwt.providers[0].name']] },
    { title: 'jwt not an object', input: { name: 'api', jwt: 'okta', sources: [l7Source] }, issues: [['invalid_type', 'jwt']] },
    { title: 'claims not a list', input: { name: 'api', jwt: { providers: [{ name: 'okta', verifyClaims: 'aud' }] }, sources: [l7Source] }, issues: [['invalid_type', 'jwt.providers[0].verifyClaims']] },
  ];
  it.each(cases.map((c) => [c.title, c] as const))('%s', (_title, c) => {
    const { issues } = checkServiceIntentions(c.input);
    expect(issues.map((issue) => [issue.code, formatPath(issue.path)])).toEqual(c.issues);
  });
});

describe('ServiceIntentions merge: JWT requirements', () => {
  const stored: ServiceIntentionsEntry = {
    Kind: 'service-intentions', Name: 'api', JWT: { Providers: [{ Name: 'theirs' }] },
    Sources: [{ Name: 'db', Action: 'allow', Precedence: 9 }],
  };
  const plan = (desired: Partial<ServiceIntentionsInputs>, owned: { jwt?: typeof okta } = {}, exclusive = false) => ({
    name: 'api', desired: { sources: [l7Source], ...desired }, owned: { sources: [l7Source], ...owned }, exclusive,
  });

  it("maps both requirements to Consul's shape (empty claim lists omitted)", () => {
    const entry = mergeIntentions(undefined, plan({ jwt: okta }));
    expect(entry?.JWT).toEqual({ Providers: [{ Name: 'okta', VerifyClaims: [{ Path: ['aud'], Value: 'api' }] }] });
    expect(entry?.Sources?.[0]?.Permissions?.[0]).toEqual({
      Action: 'allow', HTTP: { PathPrefix: '/' },
      JWT: { Providers: [{ Name: 'local', VerifyClaims: [{ Path: ['perms', 'role'], Value: 'admin' }] }, { Name: 'okta' }] },
    });
  });

  it("shared: keeps someone else's requirement unless this resource sets one; clears its own when no longer set", () => {
    expect(mergeIntentions(stored, plan({}))?.JWT).toEqual({ Providers: [{ Name: 'theirs' }] });
    expect(mergeIntentions(stored, plan({ jwt: okta }))?.JWT?.Providers?.[0]?.Name).toBe('okta');
    expect(mergeIntentions({ ...stored, JWT: { Providers: [{ Name: 'okta' }] } }, plan({}, { jwt: okta }))?.JWT).toBeUndefined();
  });

  it('exclusive: exactly the desired requirement', () => {
    expect(mergeIntentions(stored, plan({}, {}, true))?.JWT).toBeUndefined();
    expect(mergeIntentions(stored, plan({ jwt: okta }, {}, true))?.JWT?.Providers).toHaveLength(1);
  });

  it("views the requirement on import, when exclusive and when owned; never someone else's when shared", () => {
    const entry = mergeIntentions(stored, plan({ jwt: okta })) as ServiceIntentionsEntry;
    expect(intentionsView(entry, {}, false, {}).jwt).toEqual(okta);
    expect(intentionsView(entry, { sources: [l7Source], jwt: okta }, false, {}).jwt).toEqual(okta);
    expect(intentionsView(stored, { sources: [l7Source] }, false, {}).jwt).toBeUndefined();
    expect(intentionsView(stored, { sources: [l7Source] }, true, {}).jwt).toEqual({ providers: [{ name: 'theirs' }] });
    const withPermission = mergeIntentions(undefined, plan({})) as ServiceIntentionsEntry;
    expect(intentionsView(withPermission, { sources: [l7Source] }, false, {}).sources[0]?.permissions?.[0]?.jwt).toEqual(permissionJwt);
  });
});

describeEachBackend('ServiceIntentions with JWT requirements against a backend', (backend) => {
  let env: TestClusters;
  const clients: ConsulClient[] = [];
  const counted = () => {
    const made = countingClient(env.clusters[0]!);
    clients.push(made.client);
    return made;
  };
  const http = async (method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> => {
    const init: RequestInit = { method, signal: AbortSignal.timeout(10_000), ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
    const response = await fetch(`${env.clusters[0]!.address}${path}`, init);
    return { status: response.status, text: await response.text() };
  };
  const stored = async (): Promise<ServiceIntentionsEntry | undefined> =>
    counted().client.readConfigEntry('service-intentions', 'api').catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    });

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1']);
    for (const body of [
      { Kind: 'service-defaults', Name: 'api', Protocol: 'http' },
      { Kind: 'jwt-provider', Name: 'okta', JSONWebKeySet: { Remote: { URI: 'https://okta.example.com/keys', CacheDuration: '5m' } } },
      { Kind: 'jwt-provider', Name: 'local', JSONWebKeySet: { Local: { Filename: '/etc/jwks.json' } } },
    ]) expect(await http('PUT', '/v1/config', body)).toEqual({ status: 200, text: 'true' });
  });
  afterAll(async () => {
    clients.forEach((client) => client.close());
    await env?.stop();
  });
  afterEach(async () => {
    await counted().client.deleteConfigEntry('service-intentions', 'api');
  });

  it('creates, reads, updates and deletes with JWT on the entry and on a permission', async () => {
    const { context, take } = counted();
    const inputs = inputsOf({ jwt: okta });
    const created = await serviceIntentions.create(context, inputs);
    expect(take()).toEqual(['GET', 'PUT', 'GET']);
    expect((await stored())?.JWT).toEqual({ Providers: [{ Name: 'okta', VerifyClaims: [{ Path: ['aud'], Value: 'api' }] }] });
    expect(await serviceIntentions.read(context, 'api', created)).toEqual(created);
    expect(serviceIntentions.diff(created, inputs).changed).toEqual([]);

    const next = inputsOf({ jwt: { providers: [{ name: 'local' }] }, sources: [{ ...l7Source, permissions: [{ action: 'deny', http: { pathExact: '/admin' }, jwt: { providers: [{ name: 'okta' }] } }] }] });
    const updated = await serviceIntentions.update(context, created, next);
    expect((await stored())?.JWT).toEqual({ Providers: [{ Name: 'local' }] });
    expect((await stored())?.Sources?.[0]?.Permissions?.[0]?.JWT).toEqual({ Providers: [{ Name: 'okta' }] });
    expect(await serviceIntentions.read(context, 'api', updated)).toEqual(updated);

    const withoutJwt = await serviceIntentions.update(context, updated, inputsOf());
    expect((await stored())?.JWT).toBeUndefined();
    expect(await serviceIntentions.read(context, 'api', withoutJwt)).toEqual(withoutJwt);
    take();
    await serviceIntentions.delete(context, withoutJwt);
    expect(take()).toEqual(['GET', 'DELETE']);
    expect(isGone(await serviceIntentions.read(context, 'api', withoutJwt))).toBe(true);
  });

  it("leaves someone else's entry requirement alone, shows drift of its own, and imports it", async () => {
    const { context } = counted();
    await counted().client.writeConfigEntry({ Kind: 'service-intentions', Name: 'api', JWT: { Providers: [{ Name: 'local' }] }, Sources: [{ Name: 'db', Action: 'allow' }] });
    const mine = await serviceIntentions.create(context, inputsOf());
    expect((await stored())?.JWT).toEqual({ Providers: [{ Name: 'local' }] });
    expect(await serviceIntentions.read(context, 'api', mine)).toEqual(mine);
    const owning = await serviceIntentions.update(context, mine, inputsOf({ jwt: okta }));
    await counted().client.writeConfigEntry({ ...(await stored())!, JWT: { Providers: [{ Name: 'local' }] } });
    const drifted = await serviceIntentions.read(context, 'api', owning);
    expect(drifted).toMatchObject({ jwt: { providers: [{ name: 'local' }] } });
    expect(serviceIntentions.diff(drifted as typeof owning, inputsOf({ jwt: okta })).changed).toEqual(['jwt']);
    const imported = await serviceIntentions.read(context, 'api', undefined);
    expect(imported).toMatchObject({ jwt: { providers: [{ name: 'local' }] }, sources: [{ name: 'db' }, { name: 'web' }] });
    await serviceIntentions.delete(context, owning);
    expect(await stored()).toMatchObject({ Sources: [{ Name: 'db' }] });
    expect((await stored())?.JWT).toBeUndefined();
  });

  it('fails with Consul\'s message when a referenced provider does not exist, writing nothing', async () => {
    const { context } = counted();
    await expect(serviceIntentions.create(context, inputsOf({ jwt: { providers: [{ name: 'missing' }] } })))
      .rejects.toThrow('Referenced JWT Provider does not exist. Provider Name: missing');
    expect(await stored()).toBeUndefined();
    expect((await http('DELETE', '/v1/config/jwt-provider/okta')).status).toBe(200);
    expect(await http('PUT', '/v1/config', { Kind: 'jwt-provider', Name: 'okta', JSONWebKeySet: { Remote: { URI: 'https://okta.example.com/keys' } } }))
      .toEqual({ status: 200, text: 'true' });
  });
});
