// The edition rules of the client, pure: the version string, CE's default scope, the CE form of scopes and bodies,
// and the per-process memory of each cluster's answer.
import { ConsulClient, ConsulEditionError } from '../../src/consul';
import { cachedEdition, ceBody, ceScope, editionOfVersion, hasScopeKeys, isDefaultScope, type EditionInfo } from '../../src/consul/edition';

import { json, startFixtureServer, type FixtureServer } from '../support/fixture-server';

const CE: EditionInfo = { edition: 'ce', version: '1.22.7' };
const AT = 'http://127.0.0.1:8500';

describe('editionOfVersion', () => {
  it.each([
    ['1.22.7', 'ce'], ['1.22.7-dev', 'ce'], ['1.22.7+fips1402', 'ce'], ['v1.21.0-rc1', 'ce'],
    ['1.22.7+ent', 'enterprise'], ['1.22.8+ent.fips1402', 'enterprise'], ['1.21.0-rc1+ent', 'enterprise'], ['1.20.1+ENT', 'enterprise'],
    ['1.22.7+entirely', 'ce'],
  ])('%s is %s', (version, edition) => {
    expect(editionOfVersion(version)).toBe(edition);
  });
});

describe('isDefaultScope', () => {
  it.each([[undefined, true], ['', true], ['default', true], ['Default', true], ['team', false], ['defaults', false]])('%p → %p', (value, expected) => {
    expect(isDefaultScope(value)).toBe(expected);
  });
});

describe('ceScope', () => {
  it('sends the default partition and namespace as nothing and keeps the datacenter', () => {
    expect(ceScope({ partition: 'default', namespace: 'DEFAULT', datacenter: 'dc2' }, {}, AT, CE)).toEqual({ datacenter: 'dc2' });
  });

  it('refuses any other partition, naming where it came from', () => {
    const run = () => ceScope({ partition: 'team' }, { partition: 'CONSUL_PARTITION' }, AT, CE);
    expect(run).toThrow(ConsulEditionError);
    expect(run).toThrow(`partition "team" (from CONSUL_PARTITION) needs Consul Enterprise: the cluster at ${AT} runs Consul CE 1.22.7`);
  });

  it('refuses any other namespace', () => {
    expect(() => ceScope({ namespace: 'ns1' }, {}, AT, CE)).toThrow(/^namespace "ns1" needs Consul Enterprise/);
  });
});

describe('ceBody', () => {
  it('drops every default Partition and Namespace except a consumer partition, which CE stores', () => {
    const entry = {
      Kind: 'exported-services', Name: 'default', Partition: 'default', Namespace: 'default',
      Services: [{ Name: 'web', Namespace: 'default', Consumers: [{ Peer: 'p' }, { Partition: 'default' }, { Partition: 'other' }] }],
    };
    expect(ceBody(entry, AT, CE)).toEqual({
      Kind: 'exported-services', Name: 'default',
      Services: [{ Name: 'web', Consumers: [{ Peer: 'p' }, { Partition: 'default' }, { Partition: 'other' }] }],
    });
  });

  it('drops an intention source\'s default scope and refuses another namespace, naming its place', () => {
    expect(ceBody({ Sources: [{ Name: 'a', Partition: 'default', Namespace: 'default' }] }, AT, CE)).toEqual({ Sources: [{ Name: 'a' }] });
    expect(() => ceBody({ Services: [{ Name: 'web', Namespace: 'team-a' }] }, AT, CE))
      .toThrow('namespace "team-a" (Services[0].Namespace) needs Consul Enterprise');
  });

  it('tells whether a body has scope keys at all', () => {
    expect(hasScopeKeys({ PeerName: 'p', Meta: { Partition: 1 } })).toBe(false);
    expect(hasScopeKeys({ Services: [{ Consumers: [{ Partition: 'x' }] }] })).toBe(true);
    expect(hasScopeKeys({ Partition: '' })).toBe(false);
  });
});

describe('cachedEdition', () => {
  it('asks once per cluster: callers at the same time share the request, later ones the answer', async () => {
    let asked = 0;
    const detect = async (): Promise<EditionInfo> => {
      asked += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return CE;
    };
    const cluster = `http://cache-test-${Date.now()}`;
    const answers = await Promise.all([cachedEdition(cluster, detect), cachedEdition(cluster, detect)]);
    expect(await cachedEdition(cluster, detect)).toEqual(CE);
    expect(answers).toEqual([CE, CE]);
    expect(asked).toBe(1);
  });

  it('forgets a failed detection, so the next caller asks again', async () => {
    const cluster = `http://cache-fail-${Date.now()}`;
    await expect(cachedEdition(cluster, () => Promise.reject(new Error('unreachable')))).rejects.toThrow('unreachable');
    await new Promise((resolve) => setImmediate(resolve));
    await expect(cachedEdition(cluster, () => Promise.resolve(CE))).resolves.toEqual(CE);
  });
});

describe('against an Enterprise agent (a fixture reporting its version the way Enterprise builds do: 1.22.7+ent)', () => {
  let server: FixtureServer;
  let client: ConsulClient;
  beforeAll(async () => {
    server = await startFixtureServer((request) => {
      if (request.path === '/v1/agent/version') return json({ SHA: '', BuildDate: '2026-01-01T00:00:00Z', HumanVersion: '1.22.7+ent', FIPS: '' });
      if (request.path === '/v1/config') return json(true);
      return json([]);
    });
    client = ConsulClient.fromSettings({ address: server.url, partition: 'default', namespace: 'team-a' }, {}, {});
  });
  afterAll(async () => {
    client?.close();
    await server?.close();
  });

  it('says Enterprise and sends partitions and namespaces as they are set, default included', async () => {
    expect(await client.edition()).toEqual({ edition: 'enterprise', version: '1.22.7+ent' });
    await client.listPeerings();
    await client.writeConfigEntry({ Kind: 'exported-services', Name: 'default', Services: [{ Name: 'web', Namespace: 'team-a', Consumers: [{ Peer: 'p' }] }] });
    const [version, list, write] = server.requests;
    expect(server.requests).toHaveLength(3);
    expect(version?.path).toBe('/v1/agent/version');
    expect(list?.query).toEqual({ partition: 'default' });
    expect(write?.query).toEqual({ partition: 'default', ns: 'team-a' });
    expect(JSON.parse(write?.body ?? '')).toMatchObject({ Services: [{ Namespace: 'team-a' }] });
  });
});
