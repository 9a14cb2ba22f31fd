import { isGone, peering, peeringToken, UNKNOWN, type PeeringTokenState } from '../../src/core';
import { createAclToken } from '../harness/consul-servers';
import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';
import { closeCountingClients, countingClient, type CountingClient } from '../support/counting-client';

afterAll(closeCountingClients);

describe('PeeringToken: check and diff (pure)', () => {
  it('reports every invalid argument with its path and skips unknown values', () => {
    const { issues } = peeringToken.check({
      peerName: 'Bad_Name', meta: { 'consul-x': 'y', ok: 'x'.repeat(513) }, serverExternalAddresses: ['10.0.0.1', UNKNOWN, 'h:70000'],
    });
    expect(issues.map((issue) => [issue.path.join('.'), issue.code])).toEqual([
      ['peerName', 'invalid_name'], ['meta.consul-x', 'invalid_value'], ['meta.ok', 'too_long'],
      ['serverExternalAddresses.0', 'invalid_value'], ['serverExternalAddresses.2', 'invalid_value'],
    ]);
    expect(peeringToken.check({ peerName: UNKNOWN, meta: UNKNOWN }).issues).toEqual([]);
    expect(peeringToken.check({}).issues.map((issue) => issue.message)).toEqual(['is required']);
  });

  const state: PeeringTokenState = { peerName: 'dc2', reissueAfter: '5m', issuedAt: '', peeringToken: 't', peeringId: 'id', state: 'ACTIVE' };
  it.each([
    ['peerName', { peerName: 'dc3' }, ['peerName'], true],
    ['meta', { meta: { a: 'b' } }, ['meta'], true],
    ['partition', { partition: 'p' }, ['partition'], true],
    ['server_external_addresses (in place)', { serverExternalAddresses: ['1.2.3.4:8503'] }, ['serverExternalAddresses'], false],
    ['rotation_trigger (in place)', { rotationTrigger: '2026-11' }, ['rotationTrigger'], false],
    ['nothing', {}, [], false],
  ])('diff on %s', (_name, change, changed, replaces) => {
    const diff = peeringToken.diff(state, { peerName: 'dc2', ...change });
    expect(diff.changed).toEqual(changed);
    expect(diff.replace.length > 0).toBe(replaces);
    if (replaces) expect(diff.replace[0]?.reason).toMatch(/requires a new PeeringToken/);
  });

  it('parses import IDs and lists the accepted forms otherwise', () => {
    expect(peeringToken.parseImportId('dc2')).toEqual({ id: 'dc2', prior: { peerName: 'dc2' } });
    expect(peeringToken.parseImportId('part/dc2')).toEqual({ id: 'part/dc2', prior: { peerName: 'dc2', partition: 'part' } });
    expect(peeringToken.parseImportId('a/b/c')).toMatchObject({ code: 'invalid_import_id', message: 'import ID "a/b/c" has none of the accepted forms: NAME, PARTITION/NAME' });
  });
});

describeEachBackend('PeeringToken against a backend', (backend) => {
  let env: TestClusters;
  let dc1: CountingClient;
  let dc2: CountingClient;
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2']);
    dc1 = countingClient(env.clusters[0]!);
    dc2 = countingClient(env.clusters[1]!);
  });
  afterAll(() => env?.stop());

  const establishAndWait = async (name: string, token: string): Promise<void> => {
    await dc2.client.establishPeering({ PeerName: name, PeeringToken: token });
    for (let i = 0; i < 200 && (await dc2.client.readPeering(name)).State !== 'ACTIVE'; i += 1) await new Promise((r) => setTimeout(r, 50));
  };

  it('creates (2 requests), reads (1 request) and deletes, waiting until gone so the name can be reused at once', async () => {
    dc1.reset();
    const created = await peeringToken.create(dc1.context, { peerName: 'alpha', meta: { team: 'a' } });
    expect(dc1.calls()).toEqual(['GET /v1/peering/alpha', 'POST /v1/peering/token']);
    expect(created).toMatchObject({ peerName: 'alpha', state: 'PENDING', meta: { team: 'a' } });
    expect(created.peeringId).toMatch(/^[0-9a-f-]{36}$/);
    dc1.reset();
    const read = await peeringToken.read(dc1.context, 'alpha', created);
    expect(dc1.calls()).toEqual(['GET /v1/peering/alpha']);
    expect(read).toMatchObject({ peeringId: created.peeringId, state: 'PENDING', peeringToken: created.peeringToken, meta: { team: 'a' } });
    await peeringToken.delete(dc1.context, created);
    expect(isGone(await peeringToken.read(dc1.context, 'alpha', created))).toBe(true);
    expect((await peeringToken.create(dc1.context, { peerName: 'alpha' })).peeringToken).not.toBe(created.peeringToken);
  });

  it('rotates in place (1 request): same peering ID, the ACTIVE peering stays ACTIVE, the old unused token stops working', async () => {
    const created = await peeringToken.create(dc1.context, { peerName: 'rot' });
    await establishAndWait('rot-d', created.peeringToken);
    const spare = await peeringToken.update(dc1.context, created, { peerName: 'rot', rotationTrigger: '1' });
    dc1.reset();
    const rotated = await peeringToken.update(dc1.context, spare, { peerName: 'rot', rotationTrigger: '2', serverExternalAddresses: [] });
    expect(dc1.calls()).toEqual(['POST /v1/peering/token']);
    expect([rotated.peeringId, spare.peeringId]).toEqual([created.peeringId, created.peeringId]);
    expect((await dc1.client.readPeering('rot')).State).toBe('ACTIVE');
    expect((await dc2.client.readPeering('rot-d')).State).toBe('ACTIVE');
    await expect(dc2.client.establishPeering({ PeerName: 'other', PeeringToken: spare.peeringToken })).rejects.toThrow(/a new peering token must be generated/);
  });

  it('reissueAfter alone changes nothing in Consul: the update keeps the token (no request)', async () => {
    const created = await peeringToken.create(dc1.context, { peerName: 'reissue' });
    dc1.reset();
    const updated = await peeringToken.update(dc1.context, created, { peerName: 'reissue', reissueAfter: '30m' });
    expect(dc1.calls()).toEqual([]);
    expect(updated).toMatchObject({ peeringToken: created.peeringToken, peeringId: created.peeringId, reissueAfter: '30m' });
    await peeringToken.delete(dc1.context, updated);
  });

  it('heals in one run: the dialer deleted the peering → read shows TERMINATED, diff replaces → delete + create make a token that works', async () => {
    const created = await peeringToken.create(dc1.context, { peerName: 'heal' });
    await establishAndWait('heal-d', created.peeringToken);
    await dc2.client.deletePeering('heal-d');
    let read = await peeringToken.read(dc1.context, 'heal', created);
    for (let i = 0; i < 200 && !isGone(read) && read.state !== 'TERMINATED'; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      read = await peeringToken.read(dc1.context, 'heal', created);
    }
    if (isGone(read)) throw new Error(`expected the TERMINATED record, got gone: ${read.reason}`);
    expect(read.state).toBe('TERMINATED');
    const diff = peeringToken.diff(read, { peerName: 'heal' });
    expect([diff.replace, diff.deleteBeforeReplace]).toEqual([[{ field: 'state', reason: expect.stringContaining('TERMINATED') }], true]);
    await peeringToken.delete(dc1.context, read);
    const healed = await peeringToken.create(dc1.context, { peerName: 'heal' });
    await establishAndWait('heal-d', healed.peeringToken);
    expect((await dc1.client.readPeering('heal')).State).toBe('ACTIVE');
  });

  it('bad input fails before any request, with every issue and its path', async () => {
    dc1.reset();
    dc2.reset();
    await expect(peeringToken.create(dc1.context, { peerName: 'Bad_Name', serverExternalAddresses: ['nope'] }))
      .rejects.toThrow('Invalid PeeringToken: peerName: must be a peer name');
    await expect(peering.create(dc2.context, { peerName: 'ok', peeringToken: 'garbage' })).rejects.toThrow(/Invalid Peering: peeringToken: is not a Consul peering token/);
    expect([...dc1.calls(), ...dc2.calls()]).toEqual([]);
  });

  it('a token without peering:write fails naming the permission', async () => {
    const acl = await startClusters(backend, ['dc1'], { acl: true });
    try {
      const reader = await createAclToken(acl.clusters[0]!, 'peering = "read"');
      const scoped = countingClient(acl.clusters[0]!, reader.secretId);
      await expect(peeringToken.create(scoped.context, { peerName: 'x' })).rejects.toThrow(/lacks permission 'peering:write'/);
    } finally {
      await acl.stop();
    }
  });
});

// Its own clusters: the dialer is stopped for good.
describeEachBackend('PeeringToken: a dialing cluster lost for good', (backend) => {
  let env: TestClusters;
  let dc1: CountingClient;
  let dc2: CountingClient;
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2']);
    dc1 = countingClient(env.clusters[0]!);
    dc2 = countingClient(env.clusters[1]!);
  });
  afterAll(() => env?.stop());

  it('a dialer lost for longer than reissueAfter (acceptor FAILING, silent): read reports it gone with the reason; a create then rotates in place and a rebuilt dialer establishes', async () => {
    const created = await peeringToken.create(dc1.context, { peerName: 'lost', reissueAfter: '2s' });
    await dc2.client.establishPeering({ PeerName: 'lost-d', PeeringToken: created.peeringToken });
    for (let i = 0; i < 200 && (await dc2.client.readPeering('lost-d')).State !== 'ACTIVE'; i += 1) await new Promise((r) => setTimeout(r, 50));
    await env.stopCluster('dc2');
    let read = await peeringToken.read(dc1.context, 'lost', created);
    for (let i = 0; i < 200 && !isGone(read); i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      read = await peeringToken.read(dc1.context, 'lost', created);
    }
    if (!isGone(read)) throw new Error(`expected gone, read ${read.state}`);
    expect(read.reason).toMatch(/has been FAILING with no message from its peer for \d+ s .*more than 2s\): a new token will be generated in place/);
    const renewed = await peeringToken.create(dc1.context, { peerName: 'lost', reissueAfter: '2s' });
    expect(renewed.peeringId).toBe(created.peeringId);
    expect(renewed.peeringToken).not.toBe(created.peeringToken);
  });
});
