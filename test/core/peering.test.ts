import {
  CoreError, FINGERPRINT_META_KEY, isGone, isSealedToken, PartialStateError, peering, peeringToken, tokenFacts, UNKNOWN, ValidationError, type PeeringState,
} from '../../src/core';
import { startSimulator } from '../../src/sim';
import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';
import { startLinkProxy } from '../support/link-proxy';
import { closeCountingClients, countingClient, type CountingClient } from '../support/counting-client';

afterAll(closeCountingClients);

const TOKEN = Buffer.from(JSON.stringify({ CA: null, ServerAddresses: ['127.0.0.1:8503'], PeerID: 'x' })).toString('base64');

describe('Peering: check and diff (pure)', () => {
  it('validates name, token shape, meta and timeout with paths; skips unknowns; never echoes the token', () => {
    const { issues, inputs } = peering.check({ peerName: 'dc1', peeringToken: 'not-a-token', activeTimeout: 'soon', waitForActive: 'yes' });
    expect(issues.map((issue) => issue.path.join('.'))).toEqual(['peeringToken', 'waitForActive', 'activeTimeout']);
    expect(issues.map((issue) => issue.message).join(' ')).not.toContain('not-a-token');
    expect(peering.check({ peerName: 'dc1', peeringToken: UNKNOWN }).issues).toEqual([]);
    expect(peering.check({ peerName: 'dc1', peeringToken: TOKEN }).inputs).toMatchObject({ waitForActive: true, activeTimeout: '2m' });
    expect(inputs).toMatchObject({ waitForActive: 'yes' });
  });

  const state = { peerName: 'dc1', peeringToken: TOKEN, waitForActive: true, activeTimeout: '2m', state: 'ACTIVE' } as PeeringState;
  it('a new token is an in-place change; the name forces replacement; meta alone cannot change', () => {
    const newToken = peering.diff(state, { peerName: 'dc1', peeringToken: `${TOKEN}x` });
    expect([newToken.changed, newToken.replace, newToken.issues]).toEqual([['peeringToken'], [], []]);
    expect(peering.diff(state, { peerName: 'dc9', peeringToken: TOKEN }).replace.map((r) => r.field)).toEqual(['peerName']);
    expect(peering.diff(state, { peerName: 'dc1', peeringToken: TOKEN, meta: { a: 'b' } }).issues[0]?.message)
      .toMatch(/meta can only change together with a new peeringToken/);
    expect(peering.diff(state, { peerName: 'dc1', peeringToken: UNKNOWN as never, meta: { a: 'b' } }).issues).toEqual([]);
    expect(peering.diff(state, { peerName: 'dc1', peeringToken: TOKEN, activeTimeout: '5m' }).changed).toEqual(['activeTimeout']);
  });

  it('an imported peering (no token, no fingerprint) adopts a token of its own acceptor peering; another peer ID re-establishes', () => {
    const imported = { ...state, peeringToken: '', tokenFingerprint: '', peerId: 'x' } as PeeringState;
    const adopted = peering.diff(imported, { peerName: 'dc1', peeringToken: TOKEN, waitForActive: true, activeTimeout: '2m' });
    expect([adopted.changed, adopted.replace, adopted.issues]).toEqual([[], [], []]);
    const other = Buffer.from(JSON.stringify({ CA: null, ServerAddresses: ['127.0.0.1:8503'], PeerID: 'y' })).toString('base64');
    expect(peering.diff(imported, { peerName: 'dc1', peeringToken: other, waitForActive: true, activeTimeout: '2m' }).changed).toEqual(['peeringToken']);
  });

  it('meta: the fingerprint key is reserved and one pair is kept for it', () => {
    const reserved = peering.check({ peerName: 'dc1', peeringToken: TOKEN, meta: { [FINGERPRINT_META_KEY]: 'mine' } }).issues;
    expect(reserved.map((issue) => issue.path)).toEqual([['meta', FINGERPRINT_META_KEY]]);
    const full = Object.fromEntries(Array.from({ length: 64 }, (_, index) => [`k${index}`, 'v']));
    expect(peering.check({ peerName: 'dc1', peeringToken: TOKEN, meta: full }).issues.map((issue) => issue.code)).toEqual(['too_many']);
  });
});

describeEachBackend('Peering against a backend', (backend) => {
  let env: TestClusters;
  let dc1: CountingClient;
  let dc2: CountingClient;
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2']);
    dc1 = countingClient(env.clusters[0]!);
    dc2 = countingClient(env.clusters[1]!);
  });
  afterAll(() => env?.stop());
  const token = async (name: string): Promise<string> => (await peeringToken.create(dc1.context, { peerName: name })).peeringToken;
  const inputs = (name: string, peeringTokenValue: string) => peering.check({ peerName: name, peeringToken: peeringTokenValue }).inputs;

  it('establishes and waits until ACTIVE: 1 POST then GETs; computed attributes filled', async () => {
    dc2.reset();
    const created = await peering.create(dc2.context, inputs('dc1', await token('dc2')));
    expect(dc2.calls()[0]).toBe('POST /v1/peering/establish');
    expect(new Set(dc2.calls().slice(1))).toEqual(new Set(['GET /v1/peering/dc1']));
    expect(created).toMatchObject({ state: 'ACTIVE', remoteDatacenter: 'dc1', remotePartition: '' });
    expect(created.peerId).toBe((await dc1.client.readPeering('dc2')).ID);
    expect(created.peerServerAddresses.length).toBe(1);
    dc2.reset();
    expect(await peering.read(dc2.context, 'dc1', created)).toMatchObject({ state: 'ACTIVE', peeringToken: created.peeringToken });
    expect(dc2.calls()).toEqual(['GET /v1/peering/dc1']);
  });

  it('re-establishes in place with a new token: same peering ID, ACTIVE again', async () => {
    const first = await peering.create(dc2.context, inputs('b1', await token('a1')));
    const before = await dc2.client.readPeering('b1');
    const rotated = await peeringToken.update(dc1.context, { peerName: 'a1', reissueAfter: '5m', issuedAt: '', peeringToken: '', peeringId: '', state: '' }, { peerName: 'a1', rotationTrigger: 'r' });
    dc2.reset();
    const second = await peering.update(dc2.context, first, inputs('b1', rotated.peeringToken));
    expect(second.state).toBe('ACTIVE');
    expect((await dc2.client.readPeering('b1')).ID).toBe(before.ID);
    expect(dc2.calls()[0]).toBe('POST /v1/peering/establish');
    expect(dc2.methods()).not.toContain('DELETE');
  });

  it('a token of another acceptor peering (the accepting side rebuilt): the old record is deleted and gone first, then a new one is established', async () => {
    const first = await peering.create(dc2.context, inputs('b7', await token('a7')));
    const before = await dc2.client.readPeering('b7');
    const other = await token('a7-rebuilt');
    dc2.reset();
    const second = await peering.update(dc2.context, first, inputs('b7', other));
    const calls = dc2.calls();
    const established = calls.indexOf('POST /v1/peering/establish');
    expect(calls.slice(0, 2)).toEqual(['DELETE /v1/peering/b7', 'GET /v1/peering/b7']);
    expect(established).toBeGreaterThan(1);
    expect(calls.slice(1, established).every((call) => call === 'GET /v1/peering/b7')).toBe(true);
    expect(second).toMatchObject({ state: 'ACTIVE', peerId: (await dc1.client.readPeering('a7-rebuilt')).ID });
    expect((await dc2.client.readPeering('b7')).ID).not.toBe(before.ID);
  });

  it('a used token fails with a message saying a new token is needed, makes no second attempt, and leaves no record behind', async () => {
    const used = await token('a2');
    await peering.create(dc2.context, inputs('b2', used));
    dc2.reset();
    await expect(peering.create(dc2.context, inputs('b3', used))).rejects.toThrow(/already used or a newer token replaced it .* Generate a new token on the accepting cluster/);
    // Consul keeps the PENDING record of a refused establish: it is deleted (and waited until gone).
    expect(dc2.calls()).toEqual(['POST /v1/peering/establish', 'GET /v1/peering/b3', 'DELETE /v1/peering/b3', 'GET /v1/peering/b3']);
    await expect(dc2.client.readPeering('b3')).rejects.toThrow(/404/);
  });

  it('the accepting cluster unreachable at establish: an error naming its address, no record left behind, the token still usable', async () => {
    const link = await startLinkProxy(env.clusters[0]!.peeringAddress);
    try {
      await link.setCut(true);
      const issued = (await peeringToken.create(dc1.context, { peerName: 'a8', serverExternalAddresses: [link.address] })).peeringToken;
      const failed = await peering.create(dc2.context, inputs('b8', issued)).catch((error: unknown) => error);
      expect(CoreError.isCoreError(failed) && failed.code).toBe('acceptor_unreachable');
      expect((failed as Error).message).toContain(`could not reach the accepting cluster's servers (${link.address})`);
      await expect(dc2.client.readPeering('b8')).rejects.toThrow(/404/);
      await link.setCut(false);
      expect((await peering.create(dc2.context, inputs('b8', issued))).state).toBe('ACTIVE');
    } finally {
      await link.close();
    }
  });

  it('wait_for_active = false: 1 POST + 1 GET', async () => {
    dc2.reset();
    await peering.create(dc2.context, { ...inputs('b4', await token('a4')), waitForActive: false });
    expect(dc2.calls()).toEqual(['POST /v1/peering/establish', 'GET /v1/peering/b4']);
  });

  it('read keeps a TERMINATED peering, whose diff replaces it (a fresh token needed); delete removes it and waits until gone', async () => {
    const created = await peering.create(dc2.context, inputs('b5', await token('a5')));
    await dc1.client.deletePeering('a5');
    let read = await peering.read(dc2.context, 'b5', created);
    for (let i = 0; i < 200 && !isGone(read) && read.state !== 'TERMINATED'; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      read = await peering.read(dc2.context, 'b5', created);
    }
    if (isGone(read)) throw new Error(`expected the TERMINATED record, got gone: ${read.reason}`);
    expect(peering.diff(read, inputs('b5', created.peeringToken)).replace).toEqual([{
      field: 'state', reason: expect.stringContaining('establishing it again needs a fresh peering token from the accepting cluster'),
    }]);
    await peering.delete(dc2.context, read);
    expect(await peering.read(dc2.context, 'b5', created)).toMatchObject({ gone: true, reason: expect.stringMatching(/does not exist/) });
  });

  it('imports by name with the fingerprint Consul keeps in the dialer meta: same token no change, a rotated one re-establishes', async () => {
    const configured = await token('a6');
    const created = await peering.create(dc2.context, inputs('b6', configured));
    const fingerprint = tokenFacts(configured)?.fingerprint;
    expect([created.tokenFingerprint, created.meta]).toEqual([fingerprint, undefined]);
    expect((await dc2.client.readPeering('b6')).Meta).toEqual({ [FINGERPRINT_META_KEY]: fingerprint });
    const parsed = peering.parseImportId('b6');
    if ('code' in parsed) throw new Error(parsed.message);
    const imported = await peering.read(dc2.context, parsed.id, parsed.prior);
    if (isGone(imported)) throw new Error('import found nothing');
    expect(imported.tokenFingerprint).toBe(fingerprint);
    const same = peering.diff({ ...imported, peeringToken: '' }, inputs('b6', configured));
    expect([same.changed, same.replace, same.issues]).toEqual([[], [], []]);
    dc2.reset();
    expect((await peering.update(dc2.context, imported, inputs('b6', configured))).tokenFingerprint).toBe(fingerprint);
    expect(dc2.calls()).toEqual([]);
    const rotated = await peeringToken.update(dc1.context, { peerName: 'a6', reissueAfter: '5m', issuedAt: '', peeringToken: '', peeringId: '', state: '' }, { peerName: 'a6', rotationTrigger: 'r' });
    expect(peering.diff({ ...imported, peeringToken: '' }, inputs('b6', rotated.peeringToken)).changed).toEqual(['peeringToken']);
    const updated = await peering.update(dc2.context, imported, inputs('b6', rotated.peeringToken));
    expect([updated.state, updated.tokenFingerprint]).toEqual(['ACTIVE', tokenFacts(rotated.peeringToken)?.fingerprint]);
  });

  it('a token sealed with the passphrase establishes; without it or with another one: an error on peeringToken and no request', async () => {
    const passphrase = 'a passphrase of some length';
    const sealing = (value: string | undefined) => ({ tokenSealing: { passphrase: value, setting: 'peering_token_passphrase' } });
    const sealed = (await peeringToken.create({ ...dc1.context, ...sealing(passphrase) }, { peerName: 'a7' })).peeringToken;
    expect([isSealedToken(sealed), sealed]).toEqual([true, expect.not.stringContaining('EstablishmentSecret')]);
    dc2.reset();
    for (const wrong of [undefined, 'another passphrase entirely']) {
      const failure = await peering.create({ ...dc2.context, ...sealing(wrong) }, inputs('b7', sealed)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ValidationError);
      expect((failure as ValidationError).issues.map((issue) => issue.path)).toEqual([['peeringToken']]);
    }
    expect(dc2.calls()).toEqual([]);
    const created = await peering.create({ ...dc2.context, ...sealing(passphrase) }, inputs('b7', sealed));
    expect([created.state, created.peerId, created.tokenFingerprint]).toEqual(['ACTIVE', tokenFacts(sealed)?.peerId, tokenFacts(sealed)?.fingerprint]);
  });
});

describe('Peering wait: FAILING during the wait fails at once, the deadline keeps partial state (emulator fault injection)', () => {
  it('reports FAILING with a hint and keeps the reached state', async () => {
    const sim = await startSimulator({ clusters: ['dc1', 'dc2'] });
    try {
      const dc1 = countingClient(sim.cluster('dc1'));
      const dc2 = countingClient(sim.cluster('dc2'));
      const token = (await peeringToken.create(dc1.context, { peerName: 'p' })).peeringToken;
      const failing = {
        ID: 'i', Name: 'q', State: 'FAILING', PeerServerAddresses: ['127.0.0.1:1'], CreateIndex: 1, ModifyIndex: 1, Remote: { Partition: '', Datacenter: 'dc1' },
        StreamStatus: { ImportedServices: null, ExportedServices: null, LastHeartbeat: null, LastReceive: null, LastSend: null },
      };
      sim.cluster('dc2').faults.add({ method: 'GET', path: '/v1/peering/q', status: 200, body: JSON.stringify(failing) });
      const error = await peering.create(dc2.context, peering.check({ peerName: 'q', peeringToken: token }).inputs).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PartialStateError);
      expect((error as Error).message).toMatch(/became FAILING while waiting for ACTIVE: .*127\.0\.0\.1:1/);
      expect((error as PartialStateError<PeeringState>).state.state).toBe('FAILING');
    } finally {
      await sim.stop();
    }
  });
});

describe('Peering wait: a server restarting during the wait is waited out; a failed read keeps partial state (emulator fault injection)', () => {
  it("outlasts dropped reads and 'No cluster leader' answers and finishes ACTIVE; a non-transient read failure keeps the established peering as partial state", async () => {
    const sim = await startSimulator({ clusters: ['dc1', 'dc2'] });
    try {
      const dc1 = countingClient(sim.cluster('dc1'));
      const dc2 = countingClient(sim.cluster('dc2'));
      const first = (await peeringToken.create(dc1.context, { peerName: 'r1' })).peeringToken;
      sim.cluster('dc2').faults.add({ method: 'GET', path: '/v1/peering/r1', drop: true, times: 6 });
      sim.cluster('dc2').faults.add({ method: 'GET', path: '/v1/peering/r1', status: 500, body: 'No cluster leader', times: 4 });
      const active = await peering.create(dc2.context, peering.check({ peerName: 'r1', peeringToken: first }).inputs);
      expect(active.state).toBe('ACTIVE');

      const second = (await peeringToken.create(dc1.context, { peerName: 'r2' })).peeringToken;
      sim.cluster('dc2').faults.add({ method: 'GET', path: '/v1/peering/r2', status: 403, body: 'Permission denied', times: 1 });
      const error = await peering.create(dc2.context, peering.check({ peerName: 'r2', peeringToken: second }).inputs).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PartialStateError);
      expect((error as Error).message).toMatch(/was established but could not be read while waiting for ACTIVE: .*403/);
      expect((error as PartialStateError<PeeringState>).state).toMatchObject({ peerName: 'r2', state: '' });
    } finally {
      await sim.stop();
    }
  }, 60_000);
});

describe('Peering establish: an answer lost in transit (the dialing server went away after committing) is not an orphan', () => {
  it('finds the peering with its token fingerprint and waits for ACTIVE; nothing committed: establishes once more', async () => {
    const sim = await startSimulator({ clusters: ['dc1', 'dc2'] });
    try {
      const dc1 = countingClient(sim.cluster('dc1'));
      const dc2 = countingClient(sim.cluster('dc2'));
      const token = (await peeringToken.create(dc1.context, { peerName: 'l1' })).peeringToken;
      sim.cluster('dc2').faults.add({ method: 'POST', path: '/v1/peering/establish', dropAnswer: true, times: 1 });
      const active = await peering.create(dc2.context, peering.check({ peerName: 'l1', peeringToken: token }).inputs);
      expect([active.state, active.tokenFingerprint]).toEqual(['ACTIVE', tokenFacts(token)?.fingerprint]);

      const other = (await peeringToken.create(dc1.context, { peerName: 'l2' })).peeringToken;
      sim.cluster('dc2').faults.add({ method: 'POST', path: '/v1/peering/establish', drop: true, times: 1 });
      dc2.requests.length = 0;
      const again = await peering.create(dc2.context, peering.check({ peerName: 'l2', peeringToken: other }).inputs);
      expect(again.state).toBe('ACTIVE');
      expect(dc2.calls().filter((call) => call === 'POST /v1/peering/establish')).toHaveLength(2);
    } finally {
      await sim.stop();
    }
  }, 60_000);
});
