import { type ConsulClient, isNotFound, type ExportedServicesEntry } from '../../src/consul';
import { formatPath, isGone, UNKNOWN, ValidationError } from '../../src/core';
import {
  checkExportedServices, exportedServices, type ExportedService, type ExportedServicesInputs, type ExportedServicesState,
} from '../../src/core/resources/exported-services';
import { createAclToken } from '../harness/consul-servers';
import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';
import { countingClient as countedClient } from '../support/counting-client';

const peerExport = (name: string, ...peers: string[]): ExportedService => ({ name, consumers: peers.map((peer) => ({ peer })) });
const inputsOf = (services: ExportedService[], extra: Partial<ExportedServicesInputs> = {}): ExportedServicesInputs => ({
  partition: 'default', services, exclusive: false, ...extra,
});

describe('ExportedServices check', () => {
  const valid = { services: [{ name: 'web', consumers: [{ peer: 'dc2' }] }] };
  const cases: { title: string; input: Record<string, unknown>; issues: [string, string][] }[] = [
    { title: 'a minimal export', input: valid, issues: [] },
    { title: 'the wildcard service name', input: { services: [{ name: '*', consumers: [{ peer: 'dc2' }] }] }, issues: [] },
    { title: 'partition and sameness-group consumers', input: { services: [{ name: 'web', consumers: [{ partition: 'p1' }, { samenessGroup: 'g' }] }] }, issues: [] },
    { title: 'null for unset consumer fields (as adapters send)', input: { services: [{ name: 'web', namespace: null, consumers: [{ peer: 'dc2', partition: null, samenessGroup: null }] }] }, issues: [] },
    { title: 'no services', input: {}, issues: [['required', 'services']] },
    { title: 'an empty service list', input: { services: [] }, issues: [['required', 'services']] },
    { title: 'a service without a name', input: { services: [{ consumers: [{ peer: 'dc2' }] }] }, issues: [['required', 'services[0].name']] },
    { title: 'a partial wildcard name', input: { services: [{ name: 'we*', consumers: [{ peer: 'dc2' }] }] }, issues: [['wildcard_not_allowed', 'services[0].name']] },
    {
      title: 'the same service twice',
      input: { services: [{ name: 'web', consumers: [{ peer: 'dc2' }] }, { name: 'web', namespace: 'default', consumers: [{ peer: 'dc3' }] }] },
      issues: [['duplicate', 'services[1].name']],
    },
    { title: 'a service without consumers', input: { services: [{ name: 'web', consumers: [] }] }, issues: [['required', 'services[0].consumers']] },
    { title: 'a consumer with nothing set', input: { services: [{ name: 'web', consumers: [{ peer: 'dc2' }, {}] }] }, issues: [['required', 'services[0].consumers[1]']] },
    {
      title: 'a consumer with peer and partition',
      input: { services: [{ name: 'web', consumers: [{ peer: 'dc2', partition: 'p1' }] }] }, issues: [['conflicting_fields', 'services[0].consumers[0]']],
    },
    { title: 'an invalid peer name', input: { services: [{ name: 'web', consumers: [{ peer: 'dc2' }, { peer: 'Bad_Peer' }] }] }, issues: [['invalid_name', 'services[0].consumers[1].peer']] },
    { title: 'the wildcard peer', input: { services: [{ name: 'web', consumers: [{ peer: '*' }] }] }, issues: [['wildcard_not_allowed', 'services[0].consumers[0].peer']] },
    { title: 'the wildcard partition', input: { services: [{ name: 'web', consumers: [{ partition: '*' }] }] }, issues: [['wildcard_not_allowed', 'services[0].consumers[0].partition']] },
    { title: 'a consumer listed twice', input: { services: [{ name: 'web', consumers: [{ peer: 'dc2' }, { peer: 'dc2' }] }] }, issues: [['duplicate', 'services[0].consumers[1].peer']] },
    { title: 'a wildcard namespace with an exact name', input: { services: [{ name: 'web', namespace: '*', consumers: [{ peer: 'dc2' }] }] }, issues: [['invalid_value', 'services[0].namespace']] },
    { title: 'a non-boolean exclusive', input: { ...valid, exclusive: 'yes' }, issues: [['invalid_type', 'exclusive']] },
    { title: 'the wildcard resource partition', input: { ...valid, partition: '*' }, issues: [['wildcard_not_allowed', 'partition']] },
    { title: 'unknown services', input: { services: UNKNOWN }, issues: [] },
    { title: 'an unknown service', input: { services: [UNKNOWN] }, issues: [] },
    { title: 'an unknown name and consumers', input: { services: [{ name: UNKNOWN, consumers: UNKNOWN }] }, issues: [] },
    { title: 'an unknown consumer field', input: { services: [{ name: 'web', consumers: [{ peer: UNKNOWN }, UNKNOWN] }] }, issues: [] },
    { title: 'an unknown partition and exclusive', input: { ...valid, partition: UNKNOWN, exclusive: UNKNOWN }, issues: [] },
    { title: 'meta within Consul\'s limits', input: { ...valid, meta: { owner: 'platform', 'team.name': 'x'.repeat(512) } }, issues: [] },
    {
      title: 'meta beyond Consul\'s config-entry limits', input: { ...valid, meta: { ['k'.repeat(129)]: 'v', ok: 'x'.repeat(513), n: 5 } },
      issues: [['too_long', `meta.${'k'.repeat(129)}`], ['too_long', 'meta.ok'], ['invalid_type', 'meta.n']],
    },
    { title: 'meta that is not a map', input: { ...valid, meta: ['a'] }, issues: [['invalid_type', 'meta']] },
  ];

  it.each(cases)('$title', ({ input, issues }) => {
    const result = checkExportedServices(input);
    expect(result.issues.map((issue) => [issue.code, formatPath(issue.path)])).toEqual(issues);
  });

  it('applies the defaults: partition "default", exclusive false', () => {
    expect(checkExportedServices(valid).inputs).toEqual({ ...valid, partition: 'default', exclusive: false });
  });
});

describe('ExportedServices diff, id and import ID', () => {
  const state = inputsOf([peerExport('web', 'dc2')]);
  it.each([
    { title: 'nothing changed', inputs: state, changed: [], replace: [] },
    { title: 'a new consumer', inputs: inputsOf([peerExport('web', 'dc2', 'dc3')]), changed: ['services'], replace: [] },
    { title: 'exclusive switched on', inputs: inputsOf([peerExport('web', 'dc2')], { exclusive: true }), changed: ['exclusive'], replace: [] },
    { title: 'another partition', inputs: inputsOf([peerExport('web', 'dc2')], { partition: 'p1' }), changed: ['partition'], replace: ['partition'] },
    { title: 'services not known yet', inputs: { ...state, services: UNKNOWN as never }, changed: ['services'], replace: [] },
    { title: 'meta (in place)', inputs: inputsOf([peerExport('web', 'dc2')], { meta: { owner: 'platform' } }), changed: ['meta'], replace: [] },
  ])('$title', ({ inputs, changed, replace }) => {
    const diff = exportedServices.diff(state, inputs);
    expect([diff.changed, diff.replace.map((r) => r.field)]).toEqual([changed, replace]);
  });

  it('is identified by its partition and imported by PARTITION as a shared owner of everything', () => {
    expect(exportedServices.id(state)).toBe('default');
    expect(exportedServices.parseImportId('default')).toEqual({ id: 'default', prior: { partition: 'default', exclusive: false } });
    expect(exportedServices.parseImportId('a/b')).toMatchObject({ code: 'invalid_import_id' });
  });
});


describeEachBackend('ExportedServices against a backend', (backend) => {
  let env: TestClusters;
  const clients: ConsulClient[] = [];
  const counted = (token?: string) => {
    const made = countedClient(env.clusters[0]!, token);
    clients.push(made.client);
    return made;
  };
  const stored = async (): Promise<ExportedServicesEntry | undefined> =>
    counted().client.readConfigEntry('exported-services', 'default').catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    });
  const pairs = (entry: ExportedServicesEntry | undefined): string[] =>
    (entry?.Services ?? []).flatMap((s) => (s.Consumers ?? []).map((c) => `${s.Name}>${c.Peer ?? c.Partition ?? ''}`)).sort();

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1']);
  });
  afterAll(async () => {
    clients.forEach((client) => client.close());
    await env?.stop();
  });
  afterEach(async () => {
    await counted().client.deleteConfigEntry('exported-services', 'default');
  });

  it('creates, reads, updates and deletes with the documented request counts', async () => {
    const { context, take } = counted();
    const inputs = inputsOf([peerExport('web', 'dc2')]);
    const created = await exportedServices.create(context, inputs);
    expect(take()).toEqual(['GET', 'PUT']);
    expect(created).toEqual(inputs);

    expect(await exportedServices.read(context, 'default', created)).toEqual(inputs);
    expect(take()).toEqual(['GET']);

    const next = inputsOf([peerExport('web', 'dc2', 'dc3'), peerExport('api', 'dc2')]);
    const updated = await exportedServices.update(context, created, next);
    expect(take()).toEqual(['GET', 'PUT']);
    expect(pairs(await stored())).toEqual(['api>dc2', 'web>dc2', 'web>dc3']);
    expect(await exportedServices.update(context, updated, next)).toEqual(next);
    expect(take()).toEqual(['GET']);

    await exportedServices.delete(context, updated);
    expect(take()).toEqual(['GET', 'DELETE']);
    expect(await stored()).toBeUndefined();
    expect(await exportedServices.read(context, 'default', updated)).toMatchObject({ gone: true });
  });

  it('5 concurrent appliers export into one entry; each destroy removes only its own, the last removes the entry', async () => {
    const appliers = Array.from({ length: 5 }, (_, i) => ({ inputs: inputsOf([peerExport(`svc-${i}`, 'dc2')]), ...counted() }));
    const states = await Promise.all(appliers.map(({ context, inputs }) => exportedServices.create(context, inputs)));
    expect(pairs(await stored())).toEqual(['svc-0>dc2', 'svc-1>dc2', 'svc-2>dc2', 'svc-3>dc2', 'svc-4>dc2']);
    for (const { take } of appliers) {
      const calls = take();
      expect(calls.length % 2).toBe(0); // 1 GET + 1 PUT per check-and-set round
      expect(calls.slice(0, 2)).toEqual(['GET', 'PUT']);
    }
    for (const [i, { context }] of appliers.entries()) {
      expect(await exportedServices.read(context, 'default', states[i])).toEqual(states[i]);
    }
    for (const [i, { context }] of appliers.entries()) {
      await exportedServices.delete(context, states[i]!);
      const left = appliers.slice(i + 1).map((_, j) => `svc-${i + 1 + j}>dc2`);
      expect(pairs(await stored())).toEqual(left);
    }
    expect(await stored()).toBeUndefined();
  });

  it('5 concurrent destroys leave what others wrote and lose nothing', async () => {
    const appliers = Array.from({ length: 5 }, (_, i) => ({ inputs: inputsOf([peerExport('shared', `peer-${i}`)]), ...counted() }));
    const states = await Promise.all(appliers.map(({ context, inputs }) => exportedServices.create(context, inputs)));
    await counted().client.writeConfigEntry({ ...(await stored())!, Services: [...(await stored())!.Services!, { Name: 'legacy', Consumers: [{ Peer: 'dc9' }] }] });
    await Promise.all(appliers.slice(0, 4).map(({ context }, i) => exportedServices.delete(context, states[i]!)));
    expect(pairs(await stored())).toEqual(['legacy>dc9', 'shared>peer-4']);
  });

  it("never touches a service written directly by someone else, in update or delete", async () => {
    const other = counted().client;
    await other.writeConfigEntry({ Kind: 'exported-services', Name: 'default', Services: [{ Name: 'legacy', Consumers: [{ Peer: 'dc9' }, { Partition: 'p1' }] }] });
    const { context } = counted();
    const state = await exportedServices.create(context, inputsOf([peerExport('web', 'dc2'), peerExport('legacy', 'dc2')]));
    expect(pairs(await stored())).toEqual(['legacy>dc2', 'legacy>dc9', 'legacy>p1', 'web>dc2']);
    const updated = await exportedServices.update(context, state, inputsOf([peerExport('web', 'dc3')]));
    expect(pairs(await stored())).toEqual(['legacy>dc9', 'legacy>p1', 'web>dc3']);
    await exportedServices.delete(context, updated);
    expect(pairs(await stored())).toEqual(['legacy>dc9', 'legacy>p1']);
  });

  it('exclusive owns the whole entry: writes exactly its services, sees others as drift, deletes the entry', async () => {
    const other = counted().client;
    await other.writeConfigEntry({ Kind: 'exported-services', Name: 'default', Services: [{ Name: 'legacy', Consumers: [{ Peer: 'dc9' }] }] });
    const { context, take } = counted();
    const inputs = inputsOf([peerExport('web', 'dc2')], { exclusive: true });
    const state = await exportedServices.create(context, inputs);
    expect(pairs(await stored())).toEqual(['web>dc2']);
    await other.writeConfigEntry({ ...(await stored())!, Services: [...(await stored())!.Services!, { Name: 'intruder', Consumers: [{ Peer: 'dc9' }] }] });
    const read = await exportedServices.read(context, 'default', state);
    expect(read).toEqual({ ...inputs, services: [peerExport('web', 'dc2'), peerExport('intruder', 'dc9')] });
    expect(exportedServices.diff(read as ExportedServicesState, inputs).changed).toEqual(['services']);
    take();
    await exportedServices.delete(context, state);
    expect(take()).toEqual(['GET', 'DELETE']);
    expect(await stored()).toBeUndefined();
  });

  it('shows drift when someone removes its consumer and restores it on update', async () => {
    const { context } = counted();
    const inputs = inputsOf([peerExport('web', 'dc2', 'dc3')]);
    const state = await exportedServices.create(context, inputs);
    await counted().client.writeConfigEntry({ Kind: 'exported-services', Name: 'default', Services: [{ Name: 'web', Consumers: [{ Peer: 'dc2' }] }] });
    const drifted = await exportedServices.read(context, 'default', state);
    expect(drifted).toEqual(inputsOf([peerExport('web', 'dc2')]));
    expect(exportedServices.diff(drifted as ExportedServicesState, inputs).changed).toEqual(['services']);
    await exportedServices.update(context, drifted as ExportedServicesState, inputs);
    expect(await exportedServices.read(context, 'default', state)).toEqual(inputs);

    await counted().client.writeConfigEntry({ Kind: 'exported-services', Name: 'default', Services: [{ Name: 'other', Consumers: [{ Peer: 'dc2' }] }] });
    const gone = await exportedServices.read(context, 'default', state);
    expect(isGone(gone) && gone.reason).toMatch(/none of the exports of this resource remain/);
  });

  it('imports by PARTITION as a shared owner of everything in the entry', async () => {
    await counted().client.writeConfigEntry({
      Kind: 'exported-services', Name: 'default', Services: [{ Name: 'a', Consumers: [{ Peer: 'dc2' }] }, { Name: 'b', Consumers: [{ Partition: 'p1' }] }],
    });
    const parsed = exportedServices.parseImportId('default');
    if ('code' in parsed) throw new Error(parsed.message);
    expect(await exportedServices.read(counted().context, parsed.id, parsed.prior)).toEqual({
      partition: 'default', exclusive: false, services: [peerExport('a', 'dc2'), { name: 'b', consumers: [{ partition: 'p1' }] }],
    });
  });

  it('meta: creates, reads and updates only its own keys next to another owner\'s; delete removes only its keys; import adopts all', async () => {
    const other = counted().client;
    await other.writeConfigEntry({ Kind: 'exported-services', Name: 'default', Meta: { owner: 'ops' }, Services: [{ Name: 'legacy', Consumers: [{ Peer: 'dc9' }] }] });
    const { context } = counted();
    const inputs = inputsOf([peerExport('web', 'dc2')], { meta: { team: 'payments', tier: 'gold' } });
    const state = await exportedServices.create(context, inputs);
    expect((await stored())?.Meta).toEqual({ owner: 'ops', team: 'payments', tier: 'gold' });
    expect(await exportedServices.read(context, 'default', state)).toEqual(inputs);
    const next = inputsOf([peerExport('web', 'dc2')], { meta: { team: 'checkout' } });
    expect(exportedServices.diff(state, next).changed).toEqual(['meta']);
    const updated = await exportedServices.update(context, state, next);
    expect((await stored())?.Meta).toEqual({ owner: 'ops', team: 'checkout' });
    const parsed = exportedServices.parseImportId('default');
    if ('code' in parsed) throw new Error(parsed.message);
    expect(await exportedServices.read(counted().context, parsed.id, parsed.prior)).toMatchObject({ meta: { owner: 'ops', team: 'checkout' } });
    await exportedServices.delete(context, updated);
    expect(await stored()).toMatchObject({ Meta: { owner: 'ops' }, Services: [{ Name: 'legacy' }] });
  });

  it('refuses invalid inputs before any request', async () => {
    const { context, events } = counted();
    const invalid = inputsOf([{ name: 'web', consumers: [{ peer: '*' }] }]);
    const error = await exportedServices.create(context, invalid).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('services[0].consumers[0].peer');
    await expect(exportedServices.update(context, inputsOf([peerExport('web', 'dc2')]), invalid)).rejects.toThrow(ValidationError);
    expect(events).toHaveLength(0);
  });
});

describeEachBackend('ExportedServices with ACLs (default deny)', (backend) => {
  let env: TestClusters;
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1'], { acl: true });
  });
  afterAll(() => env?.stop());

  it("fails with an error naming 'mesh:write' when the token may only read", async () => {
    const cluster = env.clusters[0]!;
    const reader = await createAclToken(cluster, 'mesh = "read"');
    const { client, events } = countedClient(cluster, reader.secretId);
    try {
      const error = await exportedServices.create({ client }, inputsOf([peerExport('web', 'dc2')])).catch((e: unknown) => e);
      expect((error as Error).message).toContain("lacks permission 'mesh:write'");
      expect(events.map((event) => [event.method, event.status])).toEqual([['GET', 404], ['PUT', 403]]);
    } finally {
      client.close();
    }
  });
});
