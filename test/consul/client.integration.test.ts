import { ConsulClient, ConsulHttpError, isNotFound, isPermissionDenied, type Peering, type ConsulPeeringState } from '../../src/consul';
import { createAclToken } from '../harness/consul-servers';
import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';

const clients: ConsulClient[] = [];
afterAll(() => clients.forEach((client) => client.close()));

/** A client of `cluster` with its management token, or with `token` (null: no token at all). */
function clientFor(cluster: { address: string; token: string | null }, token?: string | null): ConsulClient {
  const chosen = token === undefined ? cluster.token : token;
  const client = ConsulClient.fromSettings({ address: cluster.address, token: chosen ?? undefined }, {}, {});
  clients.push(client);
  return client;
}

async function failure(promise: Promise<unknown>): Promise<ConsulHttpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConsulHttpError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

async function waitForState(client: ConsulClient, name: string, states: ConsulPeeringState[], timeoutMs = 20_000): Promise<Peering> {
  const deadline = Date.now() + timeoutMs;
  let last: Peering | undefined;
  while (Date.now() < deadline) {
    last = await client.readPeering(name);
    if (states.includes(last.State)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${name} never reached ${states.join('/')}; last state ${last?.State ?? 'none'}`);
}

async function waitGone(client: ConsulClient, name: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await client.readPeering(name);
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${name} was never deleted`);
}

describeEachBackend('ConsulClient against a backend: peering endpoints', (backend) => {
  let env: TestClusters;
  let dc1: ConsulClient;
  let dc2: ConsulClient;
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2']);
    const [first, second] = env.clusters;
    dc1 = clientFor(first!);
    dc2 = clientFor(second!);
  });
  afterAll(() => env?.stop());

  it('runs the peering flow: token, PENDING acceptor, establish, ACTIVE on both sides, list, delete, TERMINATED', async () => {
    const token = await dc1.generatePeeringToken({ PeerName: 'dc2', Meta: { env: 'test' } });
    const content = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(content)).toEqual(['CA', 'ManualServerAddresses', 'ServerAddresses', 'ServerName', 'PeerID', 'EstablishmentSecret', 'Remote']);

    const pending = await dc1.readPeering('dc2');
    expect(pending).toMatchObject({ Name: 'dc2', State: 'PENDING', Meta: { env: 'test' } });
    expect(pending.PeerID).toBeUndefined();

    await dc2.establishPeering({ PeerName: 'dc1', PeeringToken: token });
    const dialer = await waitForState(dc2, 'dc1', ['ACTIVE']);
    expect(dialer.PeerID).toBe(pending.ID);
    expect(dialer.Remote.Datacenter).toBe('dc1');
    expect((await waitForState(dc1, 'dc2', ['ACTIVE'])).Remote.Datacenter).toBe('dc2');
    expect((await dc1.listPeerings()).map((peering) => peering.Name)).toEqual(['dc2']);

    await dc1.deletePeering('dc2');
    await waitGone(dc1, 'dc2');
    expect((await waitForState(dc2, 'dc1', ['TERMINATED'])).State).toBe('TERMINATED');
    await dc2.deletePeering('dc1');
    await dc2.deletePeering('never-existed');
    await waitGone(dc2, 'dc1');
  });

  it('reports Consul errors with status and text: bad name, reused token, missing peering, CE partition', async () => {
    const badName = await failure(dc1.generatePeeringToken({ PeerName: 'Bad_Name' }));
    expect([badName.status, badName.consulMessage]).toEqual([500,
      "Bad_Name is not a valid peer name: a valid peering name must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"]);

    const token = await dc1.generatePeeringToken({ PeerName: 'reuse' });
    await dc2.establishPeering({ PeerName: 'reuse-1', PeeringToken: token });
    const reused = await failure(dc2.establishPeering({ PeerName: 'reuse-2', PeeringToken: token }));
    expect([reused.status, reused.consulMessage]).toEqual([403, 'a new peering token must be generated: invalid peering establishment secret']);
    expect(reused.isPermissionDenied()).toBe(false);
    expect(reused.message).not.toContain(token);

    const missing = await failure(dc1.readPeering('nope'));
    expect(isNotFound(missing)).toBe(true);
    expect(missing.consulMessage).toBe('Peering not found for "nope"');

    // CE answers 400 to any `?partition=` (the differential suite records it): the client sends `default` as nothing
    // and refuses any other partition itself, naming the edition.
    expect(Array.isArray(await dc1.listPeerings({ partition: 'default' }))).toBe(true);
    await expect(dc1.listPeerings({ partition: 'other' })).rejects.toThrow(/^partition "other" needs Consul Enterprise: the cluster at .* runs Consul CE 1\.22\.7/);
  });
});

describeEachBackend('ConsulClient against a backend: config entries', (backend) => {
  let env: TestClusters;
  let dc1: ConsulClient;
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1']);
    dc1 = clientFor(env.clusters[0]!);
  });
  afterAll(() => env?.stop());

  it('writes exported-services with check-and-set: create-only, stale and current index', async () => {
    const entry = (...names: string[]) => ({
      Kind: 'exported-services' as const, Name: 'default', Services: names.map((Name) => ({ Name, Consumers: [{ Peer: 'dc2' }] })),
    });
    expect(await dc1.writeConfigEntry(entry('web'), { cas: 0 })).toBe(true);
    expect(await dc1.writeConfigEntry(entry('web', 'x'), { cas: 0 })).toBe(false);
    const stored = await dc1.readConfigEntry('exported-services', 'default');
    expect(stored.Services).toEqual([{ Name: 'web', Consumers: [{ Peer: 'dc2' }] }]);
    const index = stored.ModifyIndex ?? 0;
    expect(await dc1.writeConfigEntry(entry('web', 'y'), { cas: index - 1 })).toBe(false);
    expect(await dc1.writeConfigEntry({ ...stored, Services: [...(stored.Services ?? []), { Name: 'db', Consumers: [{ Peer: 'dc2' }] }] }, { cas: index })).toBe(true);
    expect((await dc1.listConfigEntries('exported-services')).map((e) => e.Services?.map((s) => s.Name))).toEqual([['web', 'db']]);
    expect((await dc1.listExportedServices()).map((s) => s.Service).sort()).toEqual(['db', 'web']);

    const current = await dc1.readConfigEntry('exported-services', 'default');
    expect(await dc1.deleteConfigEntry('exported-services', 'default', { cas: index })).toBe(false);
    expect(await dc1.deleteConfigEntry('exported-services', 'default', { cas: current.ModifyIndex })).toBe(true);
    expect(isNotFound(await failure(dc1.readConfigEntry('exported-services', 'default')))).toBe(true);
    expect(await dc1.deleteConfigEntry('exported-services', 'default')).toBe(true);
    expect(await dc1.deleteConfigEntry('exported-services', 'default', { cas: 5 })).toBe(true);
  });

  it('writes service-intentions and reads them back ordered by precedence; validation errors come back as text', async () => {
    expect(await dc1.writeConfigEntry({
      Kind: 'service-intentions', Name: 'web',
      Sources: [{ Name: '*', Peer: 'dc2', Action: 'deny' }, { Name: 'frontend', Peer: 'dc2', Action: 'allow' }],
    })).toBe(true);
    const stored = await dc1.readConfigEntry('service-intentions', 'web');
    expect(stored.Sources?.map((s) => [s.Name, s.Precedence, s.Type])).toEqual([['frontend', 9, 'consul'], ['*', 8, 'consul']]);

    const invalid = await failure(dc1.writeConfigEntry({ Kind: 'service-intentions', Name: 'web', Sources: [{ Name: 'frontend', Peer: 'dc2', Action: 'maybe' }] }));
    expect([invalid.status, invalid.consulMessage]).toEqual([500, "Sources[0].Action must be set to 'allow' or 'deny'"]);
    const missing = await failure(dc1.readConfigEntry('service-intentions', 'none'));
    expect(missing.consulMessage).toBe('Config entry not found for "service-intentions" / "none"');
    expect(await dc1.deleteConfigEntry('service-intentions', 'web')).toBe(true);
  });
});

describeEachBackend('ConsulClient against a backend with ACLs (default deny)', (backend) => {
  let env: TestClusters;
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1'], { acl: true });
  });
  afterAll(() => env?.stop());

  it('names the missing permission in 403s and never shows the ACL token', async () => {
    const cluster = env.clusters[0]!;
    const anonymous = await failure(clientFor(cluster, null).listPeerings());
    expect(isPermissionDenied(anonymous)).toBe(true);
    expect(anonymous.missingPermission).toBe('peering:read');

    const reader = await createAclToken(cluster, 'peering = "read"');
    const scoped = clientFor(cluster, reader.secretId);
    expect(await scoped.listPeerings()).toEqual([]);
    const denied = await failure(scoped.generatePeeringToken({ PeerName: 'dc2' }));
    expect(denied.missingPermission).toBe('peering:write');
    expect(denied.message).toContain("the ACL token lacks permission 'peering:write'");
    expect(denied.message).toContain(reader.accessorId);
    expect(`${denied.message}\n${denied.stack ?? ''}`).not.toContain(reader.secretId);

    const intentions = await failure(scoped.writeConfigEntry({ Kind: 'service-intentions', Name: 'api', Sources: [{ Name: 'web', Peer: 'dc2', Action: 'allow' }] }));
    expect([intentions.missingPermission, intentions.permissionResource]).toEqual(['intention:write', 'api']);

    const unknown = await failure(clientFor(cluster, '00000000-0000-4000-8000-000000000000').listPeerings());
    expect(unknown.message).toContain('the ACL token is not known to this Consul cluster');
    expect(unknown.message).not.toContain('00000000-0000-4000-8000-000000000000');
  });
});
