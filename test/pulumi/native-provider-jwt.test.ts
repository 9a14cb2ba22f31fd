import type { NativeProvider } from '../../src/pulumi/plugin/native-provider';
import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';
import { captureStderr, checkedInputs, clusterProvider, failurePaths, typeToken } from './native-helpers';

// ServiceIntentions with JWT requirements on NativeProvider, called the way the engine calls the plugin (Check, then
// the operation with the checked inputs; olds are the stored properties): check names the property path of a bad
// requirement; create, then read and diff show no change (what `preview --expect-no-changes` relies on); an update
// drops the entry-level requirement; delete removes the entry.

type Props = Record<string, unknown>;
const INTENTIONS = typeToken('ServiceIntentions');

const permission = (provider: string): Props => ({
  action: 'allow', http: { pathPrefix: '/' }, jwt: { providers: [{ name: provider, verifyClaims: [{ path: ['perms', 'role'], value: 'admin' }] }] },
});
const args = (jwt?: Props): Props => ({ name: 'api', ...(jwt === undefined ? {} : { jwt }), sources: [{ name: 'web', peer: 'dc2', permissions: [permission('local')] }] });
const OKTA = { providers: [{ name: 'okta', verifyClaims: [{ path: ['aud'], value: 'api' }] }] };

describeEachBackend('NativeProvider: ServiceIntentions with JWT requirements', (backend) => {
  let env: TestClusters;
  let provider: NativeProvider;
  let stderr: ReturnType<typeof captureStderr>;
  const consul = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const cluster = env.clusters[0]!;
    const init: RequestInit = {
      method, signal: AbortSignal.timeout(10_000), headers: { 'X-Consul-Token': cluster.token ?? '' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    };
    const response = await fetch(`${cluster.address}${path}`, init);
    const text = await response.text();
    return { status: response.status, json: response.headers.get('content-type') === 'application/json' ? JSON.parse(text) as unknown : text };
  };

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1'], { acl: true });
    provider = clusterProvider(env.clusters[0]!);
    stderr = captureStderr();
    for (const body of [
      { Kind: 'service-defaults', Name: 'api', Protocol: 'http' },
      { Kind: 'jwt-provider', Name: 'okta', JSONWebKeySet: { Remote: { URI: 'https://okta.example.com/keys' } } },
      { Kind: 'jwt-provider', Name: 'local', JSONWebKeySet: { Local: { Filename: '/etc/jwks.json' } } },
    ]) expect(await consul('PUT', '/v1/config', body)).toEqual({ status: 200, json: true });
  });
  afterAll(async () => {
    stderr?.restore();
    await env?.stop();
  });

  it('check names the property path of a provider without a name and of a claim without a value', async () => {
    const result = await provider.check(INTENTIONS, {
      name: 'api', jwt: { providers: [{ name: '' }] },
      sources: [{ name: 'web', peer: 'dc2', permissions: [{ action: 'allow', http: { pathPrefix: '/' }, jwt: { providers: [{ name: 'okta', verifyClaims: [{ path: ['aud'] }] }] } }] }],
    });
    expect(failurePaths(result.failures)).toEqual(['jwt.providers[0].name', 'sources[0].permissions[0].jwt.providers[0].verifyClaims[0].value']);
  });

  it('create, read and diff with no change, update dropping the entry requirement, delete', async () => {
    const inputs = await checkedInputs(provider, 'ServiceIntentions', args(OKTA));
    const created = await provider.create(INTENTIONS, inputs, false);
    expect(created.properties).toMatchObject({ jwt: OKTA, sources: [{ permissions: [permission('local')], precedence: 9 }] });
    const entry = (await consul('GET', '/v1/config/service-intentions/api')).json as Props;
    expect(entry['JWT']).toEqual({ Providers: [{ Name: 'okta', VerifyClaims: [{ Path: ['aud'], Value: 'api' }] }] });

    const read = await provider.read(INTENTIONS, created.id, created.properties);
    expect(read.properties).toEqual(created.properties);
    expect(await provider.diff(INTENTIONS, read.properties, inputs)).toMatchObject({ changes: false });

    const without = await checkedInputs(provider, 'ServiceIntentions', args());
    expect(await provider.diff(INTENTIONS, read.properties, without)).toMatchObject({ changes: true, replaces: [], detailed: { jwt: 'delete' } });
    const updated = await provider.update(INTENTIONS, created.id, read.properties, without, false);
    expect(((await consul('GET', '/v1/config/service-intentions/api')).json as Props)['JWT']).toBeUndefined();
    const reread = await provider.read(INTENTIONS, created.id, updated);
    expect(await provider.diff(INTENTIONS, reread.properties, without)).toMatchObject({ changes: false });

    await provider.delete(INTENTIONS, updated);
    expect((await consul('GET', '/v1/config/service-intentions/api')).status).toBe(404);
  });

  it("a provider Consul does not know: create fails with Consul's message and writes nothing", async () => {
    const inputs = await checkedInputs(provider, 'ServiceIntentions', args({ providers: [{ name: 'missing' }] }));
    await expect(provider.create(INTENTIONS, inputs, false)).rejects.toThrow('Referenced JWT Provider does not exist. Provider Name: missing');
    expect((await consul('GET', '/v1/config/service-intentions/api')).status).toBe(404);
  });
});
