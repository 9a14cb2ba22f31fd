import { ConsulClient, isNotFound } from '../../src/consul';
import { resourceEntry } from '../../src/core';
import { PREFLIGHT_KEY, preflightAnswer } from '../../src/pulumi/preflight';
import { createAclToken } from '../harness/consul-servers';
import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';
import { captureProviderLog, provider } from './helpers';

// Every provider method of PeeringToken and Peering against a backend, called the way Pulumi's provider process calls
// them (check first, then the operation with the checked inputs; olds are the stored outputs incl. __provider).

type Props = Record<string, unknown>;
const CODE = { __provider: 'serialized-provider-text' };

describeEachBackend('Pulumi providers: PeeringToken and Peering', (backend) => {
  let env: TestClusters;
  const clients: ConsulClient[] = [];
  let log: string[] = [];
  const tokens = provider('peeringToken');
  const peerings = provider('peering');

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2'], { acl: true });
    log = captureProviderLog();
  });
  afterAll(async () => {
    clients.forEach((client) => client.close());
    await env?.stop();
  });

  const connection = (index: number) => ({ address: env.clusters[index]!.address, token: env.clusters[index]!.token ?? '' });
  const client = (index: number) => {
    const made = ConsulClient.fromSettings(connection(index), {}, {});
    clients.push(made);
    return made;
  };
  const checked = async (kind: 'token' | 'peering', news: Props): Promise<Props> => {
    const result = await (kind === 'token' ? tokens : peerings).check({}, { ...news, ...CODE });
    expect(result.failures).toEqual([]);
    return result.inputs!;
  };
  const newToken = async (peerName: string) => {
    const inputs = await checked('token', { peerName, connection: connection(0) });
    return { inputs, created: await tokens.create(inputs) };
  };
  const newPeering = async (peerName: string, peeringToken: unknown) => {
    const inputs = await checked('peering', { peerName, peeringToken, connection: connection(1) });
    return { inputs, created: await peerings.create(inputs) };
  };

  it('create: the token (secret output) and an ACTIVE peering; outputs repeat the inputs and the connection', async () => {
    const token = await newToken('dc2');
    expect(token.created.id).toBe('dc2');
    expect(token.created.outs).toMatchObject({ peerName: 'dc2', state: 'PENDING', connection: connection(0) });
    expect(token.created.outs).not.toHaveProperty('__provider');
    expect(token.created.outs?.['peeringToken']).toEqual(expect.stringMatching(/^[A-Za-z0-9+/]+=*$/));
    const peering = await newPeering('dc1', token.created.outs?.['peeringToken']);
    expect(peering.created.id).toBe('dc1');
    expect(peering.created.outs).toMatchObject({
      peerName: 'dc1', peeringToken: token.created.outs?.['peeringToken'], state: 'ACTIVE', remoteDatacenter: 'dc1',
      waitForActive: true, activeTimeout: '2m', connection: connection(1),
    });
    expect(peering.created.outs?.['peerId']).toBe(token.created.outs?.['peeringId']);
    expect(log.some((message) => /waiting up to 2m for peering dc1 to become ACTIVE/.test(message))).toBe(true);
  });

  it('read: outputs and the inputs they imply (no computed attribute among the inputs); the token is kept from state', async () => {
    const token = await newToken('r1');
    const refreshed = await tokens.read('r1', { ...token.created.outs, ...CODE });
    expect(refreshed).toMatchObject({ id: 'r1', props: { peerName: 'r1', peeringToken: token.created.outs?.['peeringToken'] } });
    expect(refreshed.inputs).toEqual({ peerName: 'r1', connection: connection(0) });
    const peering = await newPeering('r0', token.created.outs?.['peeringToken']);
    const again = await peerings.read('r0', { ...peering.created.outs, ...CODE });
    expect(again.props).toMatchObject({ state: 'ACTIVE', peeringToken: token.created.outs?.['peeringToken'] });
    expect(again.inputs).toEqual({
      peerName: 'r0', peeringToken: token.created.outs?.['peeringToken'], waitForActive: true, activeTimeout: '2m', connection: connection(1),
    });
    expect(await peerings.diff('r0', { ...again.props, ...CODE }, { ...peering.inputs, ...CODE })).toMatchObject({ changes: false });
  });

  it('read: gone when deleted outside Pulumi (empty id), and a new create heals it', async () => {
    const token = await newToken('g1');
    await client(0).deletePeering('g1');
    const gone = await tokens.read('g1', { ...token.created.outs, ...CODE });
    expect(gone.id).toBe('');
    expect(log.some((message) => /PeeringToken g1 is gone \(the acceptor side of the peering "g1" (is DELETING|does not exist)\)/.test(message))).toBe(true);
    const healed = await tokens.create(token.inputs);
    expect(healed.outs?.['peeringToken']).not.toBe(token.created.outs?.['peeringToken']);
    const peering = await newPeering('g0', healed.outs?.['peeringToken']);
    expect(peering.created.outs?.['state']).toBe('ACTIVE');
    await client(1).deletePeering('g0');
    const peeringGone = await peerings.read('g0', { ...peering.created.outs, ...CODE });
    expect(peeringGone.id).toBe('');
    expect(log.some((message) => /Peering g0 is gone .*fresh peering token/.test(message))).toBe(true);
  });

  it('update: rotating the token keeps the peering; the new token re-establishes it in place', async () => {
    const token = await newToken('u1');
    const peering = await newPeering('u0', token.created.outs?.['peeringToken']);
    const before = await client(1).readPeering('u0');

    const rotate = await checked('token', { peerName: 'u1', rotationTrigger: 'r1', connection: connection(0) });
    expect(await tokens.diff('u1', { ...token.created.outs, ...CODE }, rotate)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const rotated = await tokens.update('u1', { ...token.created.outs, ...CODE }, rotate);
    expect(rotated.outs?.['peeringToken']).not.toBe(token.created.outs?.['peeringToken']);
    expect(rotated.outs).toMatchObject({ peeringId: token.created.outs?.['peeringId'], rotationTrigger: 'r1' });

    const reestablish = await checked('peering', { peerName: 'u0', peeringToken: rotated.outs?.['peeringToken'], connection: connection(1) });
    expect(await peerings.diff('u0', { ...peering.created.outs, ...CODE }, reestablish)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = await peerings.update('u0', { ...peering.created.outs, ...CODE }, reestablish);
    expect(updated.outs).toMatchObject({ state: 'ACTIVE', peeringToken: rotated.outs?.['peeringToken'] });
    expect((await client(1).readPeering('u0')).ID).toBe(before.ID);
  });

  it('update: new connection settings only rewrite state (no new token is generated)', async () => {
    const token = await newToken('c1');
    const sameCluster = { ...connection(0), address: connection(0).address.replace('127.0.0.1', 'localhost') };
    const news = await checked('token', { peerName: 'c1', connection: sameCluster });
    expect(await tokens.diff('c1', { ...token.created.outs, ...CODE }, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = await tokens.update('c1', { ...token.created.outs, ...CODE }, news);
    expect(updated.outs).toEqual({ ...token.created.outs, connection: sameCluster });
  });

  it('delete: both sides, each waited until really gone; reads then report gone', async () => {
    const token = await newToken('d1');
    const peering = await newPeering('d0', token.created.outs?.['peeringToken']);
    await peerings.delete('d0', { ...peering.created.outs, ...CODE });
    expect(await client(1).readPeering('d0').catch((error: unknown) => isNotFound(error))).toBe(true);
    await tokens.delete('d1', { ...token.created.outs, ...CODE });
    expect(await client(0).readPeering('d1').catch((error: unknown) => isNotFound(error))).toBe(true);
    expect((await tokens.read('d1', { ...token.created.outs, ...CODE })).id).toBe('');
  });

  it('the connection\'s token is what authorizes: check (preview) fails on the missing peering:write; create gets the 403 naming it', async () => {
    const reader = await createAclToken(env.clusters[0]!, 'peering = "read"');
    const news = { peerName: 'a1', connection: { ...connection(0), token: reader.secretId } };
    // The program computes the answer (one request per cluster) and hands it over as a hidden input; check decides.
    expect((await tokens.check({}, { ...news, ...CODE })).failures).toEqual([]);
    const answer = await new Promise((resolve) => preflightAnswer(resourceEntry('PeeringToken'), 'a1', news)?.apply(resolve));
    const result = await tokens.check({}, { ...news, ...CODE, [PREFLIGHT_KEY]: answer });
    expect(result.inputs).not.toHaveProperty(PREFLIGHT_KEY);
    expect(result.failures).toEqual([{
      property: 'peerName', reason: expect.stringContaining("the ACL token lacks permission 'peering:write', needed by PeeringToken \"a1\"; add `peering = \"write\"`"),
    }]);
    expect(JSON.stringify(result.failures)).not.toContain(reader.secretId);
    const inputs = result.inputs!;
    const failure = await tokens.create(inputs).then(() => new Error('created without permission'), (error: unknown) => error as Error);
    expect(failure.message).toMatch(/403.*lacks permission 'peering:write'/);
    expect(failure.message).not.toContain(reader.secretId);
  });
});
