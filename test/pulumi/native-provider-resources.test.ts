import { ConsulClient, isNotFound, type ExportedServicesEntry } from '../../src/consul';
import type { NativeProvider } from '../../src/pulumi/plugin/native-provider';
import { secret } from '../../src/pulumi/plugin/properties';
import { createAclToken } from '../harness/consul-servers';
import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';
import { captureStderr, checkedInputs, clusterProvider, secretValue, typeToken, withEnv } from './native-helpers';

// The four resources on NativeProvider against a backend, called the way the engine calls the plugin: Configure
// with the cluster's settings, Check, then the operation with the checked inputs; olds are the stored properties.

type Props = Record<string, unknown>;
const TOKEN = typeToken('PeeringToken');
const PEERING = typeToken('Peering');

describeEachBackend('NativeProvider: the four resources', (backend) => {
  let env: TestClusters;
  let acceptor: NativeProvider;
  let dialer: NativeProvider;
  let stderr: ReturnType<typeof captureStderr>;
  const clients: ConsulClient[] = [];

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2'], { acl: true });
    acceptor = clusterProvider(env.clusters[0]!);
    dialer = clusterProvider(env.clusters[1]!);
    stderr = captureStderr();
  });
  afterAll(async () => {
    stderr?.restore();
    clients.forEach((client) => client.close());
    await env?.stop();
  });

  const consul = (index: number) => {
    const cluster = env.clusters[index]!;
    const made = ConsulClient.fromSettings({ address: cluster.address, token: cluster.token ?? '' }, {}, {});
    clients.push(made);
    return made;
  };
  const logged = (pattern: RegExp) => stderr.lines.some((line) => pattern.test(line));
  const newToken = async (peerName: string) => {
    const inputs = await checkedInputs(acceptor, 'PeeringToken', { peerName });
    return { inputs, created: await acceptor.create(TOKEN, inputs, false) };
  };
  const newPeering = async (peerName: string, token: Props) => {
    const inputs = await checkedInputs(dialer, 'Peering', { peerName, peeringToken: token['peeringToken'] });
    return { inputs, created: await dialer.create(PEERING, inputs, false) };
  };
  const gone = (index: number, name: string) => consul(index).readPeering(name).then(() => false, (error: unknown) => isNotFound(error));

  it('create: the token (a secret output) and an ACTIVE peering; the outputs repeat the inputs', async () => {
    const token = await newToken('dc2');
    expect(token.created.id).toBe('dc2');
    expect(token.created.properties).toMatchObject({ peerName: 'dc2', state: 'PENDING' });
    expect(secretValue(token.created.properties['peeringToken'])).toEqual(expect.stringMatching(/^[A-Za-z0-9+/]+=*$/));
    const peering = await newPeering('dc1', token.created.properties);
    expect(peering.created.id).toBe('dc1');
    expect(peering.created.properties).toMatchObject({
      peerName: 'dc1', peeringToken: token.created.properties['peeringToken'], state: 'ACTIVE', remoteDatacenter: 'dc1', waitForActive: true, activeTimeout: '2m',
    });
    expect(peering.created.properties['peerId']).toBe(token.created.properties['peeringId']);
    expect(logged(/waiting up to 2m for peering dc1 to become ACTIVE/)).toBe(true);
  });

  it('read: the properties and the inputs they imply (no computed attribute); the token is kept from state', async () => {
    const token = await newToken('r1');
    const refreshed = await acceptor.read(TOKEN, 'r1', token.created.properties);
    expect(refreshed).toMatchObject({ id: 'r1', properties: { peerName: 'r1', peeringToken: token.created.properties['peeringToken'] } });
    expect(refreshed.inputs).toEqual({ peerName: 'r1', reissueAfter: '5m' });
    const peering = await newPeering('r0', token.created.properties);
    const again = await dialer.read(PEERING, 'r0', peering.created.properties);
    expect(again.properties).toMatchObject({ state: 'ACTIVE', peeringToken: token.created.properties['peeringToken'] });
    expect(again.inputs).toEqual({ peerName: 'r0', peeringToken: token.created.properties['peeringToken'], waitForActive: true, activeTimeout: '2m' });
    expect(await dialer.diff(PEERING, again.properties, peering.inputs)).toMatchObject({ changes: false });
  });

  it('read: gone when deleted outside Pulumi (empty id), and a new create heals it', async () => {
    const token = await newToken('g1');
    await consul(0).deletePeering('g1');
    expect(await acceptor.read(TOKEN, 'g1', token.created.properties)).toEqual({ id: '', properties: {}, inputs: {} });
    expect(logged(/PeeringToken g1 is gone \(the acceptor side of the peering "g1" (is DELETING|does not exist)\)/)).toBe(true);
    const healed = await acceptor.create(TOKEN, token.inputs, false);
    expect(secretValue(healed.properties['peeringToken'])).not.toBe(secretValue(token.created.properties['peeringToken']));
    const peering = await newPeering('g0', healed.properties);
    expect(peering.created.properties['state']).toBe('ACTIVE');
    await consul(1).deletePeering('g0');
    expect((await dialer.read(PEERING, 'g0', peering.created.properties)).id).toBe('');
    expect(logged(/Peering g0 is gone .*fresh peering token/)).toBe(true);
  });

  it('update: rotating the token keeps the peering; the new token re-establishes it in place', async () => {
    const token = await newToken('u1');
    const peering = await newPeering('u0', token.created.properties);
    const before = await consul(1).readPeering('u0');

    const rotate = await checkedInputs(acceptor, 'PeeringToken', { peerName: 'u1', rotationTrigger: 'r1' });
    expect(await acceptor.diff(TOKEN, token.created.properties, rotate)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, detailed: { rotationTrigger: 'add' } });
    const rotated = await acceptor.update(TOKEN, 'u1', token.created.properties, rotate, false);
    expect(secretValue(rotated['peeringToken'])).not.toBe(secretValue(token.created.properties['peeringToken']));
    expect(rotated).toMatchObject({ peeringId: token.created.properties['peeringId'], rotationTrigger: 'r1' });

    const reestablish = await checkedInputs(dialer, 'Peering', { peerName: 'u0', peeringToken: rotated['peeringToken'] });
    expect(await dialer.diff(PEERING, peering.created.properties, reestablish))
      .toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, detailed: { peeringToken: 'update' } });
    const updated = await dialer.update(PEERING, 'u0', peering.created.properties, reestablish, false);
    expect(updated).toMatchObject({ state: 'ACTIVE', peeringToken: rotated['peeringToken'] });
    expect((await consul(1).readPeering('u0')).ID).toBe(before.ID);
  });

  it('delete: both sides, each waited until really gone; reads then report gone', async () => {
    const token = await newToken('d1');
    const peering = await newPeering('d0', token.created.properties);
    await dialer.delete(PEERING, peering.created.properties);
    expect(await gone(1, 'd0')).toBe(true);
    await acceptor.delete(TOKEN, token.created.properties);
    expect(await gone(0, 'd1')).toBe(true);
    expect((await acceptor.read(TOKEN, 'd1', token.created.properties)).id).toBe('');
  });

  it('getPeering and getPeerings return the live status from either side', async () => {
    const token = await newToken('q1');
    const pending = await acceptor.invoke('consulpeering:index:getPeering', { peerName: 'q1' });
    expect(pending).toEqual({ result: expect.objectContaining({ peerName: 'q1', state: 'PENDING' }), failures: [] });
    await newPeering('q0', token.created.properties);
    expect((await dialer.invoke('consulpeering:index:getPeering', { peerName: 'q0' })).result).toMatchObject({ peerName: 'q0', state: 'ACTIVE', remoteDatacenter: 'dc1' });
    expect((await acceptor.invoke('consulpeering:index:getPeering', { peerName: 'q1' })).result).toMatchObject({ state: 'ACTIVE', remoteDatacenter: 'dc2' });
    const listed = await acceptor.invoke('consulpeering:index:getPeerings', {});
    expect(listed.result['peerings']).toEqual(expect.arrayContaining([expect.objectContaining({ peerName: 'q1', state: 'ACTIVE' })]));
    expect(JSON.stringify(listed.result)).not.toContain(String(secretValue(token.created.properties['peeringToken'])));
    expect((await acceptor.invoke('consulpeering:index:getPeering', {})).failures).toEqual([{ property: 'peerName', reason: 'is required' }]);
    await expect(acceptor.invoke('consulpeering:index:getPeering', { peerName: 'nobody' })).rejects.toThrow(/peering "nobody" not found/);
  });

  it('import of PeeringToken and Peering: a read with the import ID alone gives inputs that check and diff find unchanged', async () => {
    const made = await consul(0).generatePeeringToken({ PeerName: 'i1' });
    const token = await acceptor.read(TOKEN, 'i1', undefined);
    expect(token).toMatchObject({ id: 'i1', properties: { peerName: 'i1', state: 'PENDING' }, inputs: { peerName: 'i1' } });
    const tokenInputs = await checkedInputs(acceptor, 'PeeringToken', token.inputs);
    expect(await acceptor.diff(TOKEN, token.properties, tokenInputs)).toMatchObject({ changes: false });

    await consul(1).establishPeering({ PeerName: 'i0', PeeringToken: made });
    const peering = await dialer.read(PEERING, 'i0', undefined);
    expect(peering).toMatchObject({ id: 'i0', properties: { peerName: 'i0' } });
    const program = { ...peering.inputs, peeringToken: secret(made) };
    const peeringInputs = await checkedInputs(dialer, 'Peering', program);
    expect(await dialer.diff(PEERING, peering.properties, peeringInputs)).toMatchObject({ changes: false });
    await expect(dialer.read(PEERING, 'a/b/c', undefined)).rejects.toThrow(/import ID "a\/b\/c" has none of the accepted forms/);
  });

  const EXPORTS = typeToken('ExportedServices');
  const INTENTIONS = typeToken('ServiceIntentions');
  const exportsEntry = (): Promise<ExportedServicesEntry | undefined> =>
    consul(0).readConfigEntry('exported-services', 'default').catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
  const pairs = async (): Promise<string[]> =>
    ((await exportsEntry())?.Services ?? []).flatMap((service) => (service.Consumers ?? []).map((consumer) => `${service.Name}>${consumer.Peer ?? ''}`)).sort();
  const exportsOf = (...items: [string, ...string[]][]) => ({ services: items.map(([name, ...peers]) => ({ name, consumers: peers.map((peer) => ({ peer })) })) });
  const newExports = async (...items: [string, ...string[]][]) => {
    const inputs = await checkedInputs(acceptor, 'ExportedServices', exportsOf(...items));
    return { inputs, created: await acceptor.create(EXPORTS, inputs, false) };
  };

  it('ExportedServices: create merges beside another owner; read; update in place; delete removes only its own pairs', async () => {
    const other = await newExports(['db', 'dc2']);
    const mine = await newExports(['api', 'dc2']);
    expect(mine.created).toEqual({ id: 'default', properties: { ...exportsOf(['api', 'dc2']), partition: 'default', exclusive: false } });
    expect(await pairs()).toEqual(['api>dc2', 'db>dc2']);

    const read = await acceptor.read(EXPORTS, 'default', mine.created.properties);
    expect(read).toEqual({ id: 'default', properties: mine.created.properties, inputs: mine.created.properties });
    expect(await acceptor.diff(EXPORTS, read.properties, mine.inputs)).toMatchObject({ changes: false });

    const more = await checkedInputs(acceptor, 'ExportedServices', exportsOf(['api', 'dc2', 'dc3']));
    expect(await acceptor.diff(EXPORTS, mine.created.properties, more)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, detailed: { services: 'update' } });
    const updated = await acceptor.update(EXPORTS, 'default', mine.created.properties, more, false);
    expect(await pairs()).toEqual(['api>dc2', 'api>dc3', 'db>dc2']);

    await acceptor.delete(EXPORTS, updated);
    expect(await pairs()).toEqual(['db>dc2']);
    await acceptor.delete(EXPORTS, other.created.properties);
    expect(await exportsEntry()).toBeUndefined();
  });

  it('ExportedServices: a pair removed outside shows on refresh and the update heals it; all removed → gone; import adopts the entry', async () => {
    const { inputs, created } = await newExports(['api', 'dc2', 'dc3']);
    await consul(0).writeConfigEntry({ ...(await exportsEntry())!, Services: [{ Name: 'api', Consumers: [{ Peer: 'dc2' }] }] });

    const read = await acceptor.read(EXPORTS, 'default', created.properties);
    expect(read.inputs).toMatchObject(exportsOf(['api', 'dc2']));
    expect(await acceptor.diff(EXPORTS, read.properties, inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, detailed: { services: 'update' } });
    await acceptor.update(EXPORTS, 'default', read.properties, inputs, false);
    expect(await pairs()).toEqual(['api>dc2', 'api>dc3']);

    const imported = await acceptor.read(EXPORTS, 'default', undefined);
    expect(imported.inputs).toEqual({ ...exportsOf(['api', 'dc2', 'dc3']), partition: 'default', exclusive: false });
    const program = await checkedInputs(acceptor, 'ExportedServices', exportsOf(['api', 'dc2', 'dc3']));
    expect(await acceptor.diff(EXPORTS, imported.properties, program)).toMatchObject({ changes: false });

    await consul(0).deleteConfigEntry('exported-services', 'default');
    expect((await acceptor.read(EXPORTS, 'default', created.properties)).id).toBe('');
    expect(logged(/ExportedServices default is gone \(the exported-services entry of partition "default" does not exist\)/)).toBe(true);
    const again = await acceptor.create(EXPORTS, inputs, false);
    expect(await pairs()).toEqual(['api>dc2', 'api>dc3']);
    await acceptor.delete(EXPORTS, again.properties);
  });

  const source = (name: string, action = 'allow') => ({ name, peer: 'dc2', action });
  const intentionSources = async (service: string) => ((await consul(0).readConfigEntry('service-intentions', service)).Sources ?? [])
    .map((item) => `${item.Name}:${item.Action ?? ''}`).sort();

  it('ServiceIntentions: create (precedence computed, not an input), read, update in place, replace on a new name, delete', async () => {
    const inputs = await checkedInputs(acceptor, 'ServiceIntentions', { name: 'api', sources: [source('web')] });
    expect(inputs['sources']).toEqual([source('web')]);
    const created = await acceptor.create(INTENTIONS, inputs, false);
    expect(created).toEqual({ id: 'api', properties: { name: 'api', exclusive: false, sources: [{ ...source('web'), precedence: expect.any(Number) }] } });

    const read = await acceptor.read(INTENTIONS, 'api', created.properties);
    expect(read.properties).toEqual(created.properties);
    expect(read.inputs).toEqual({ name: 'api', exclusive: false, sources: [source('web')] });
    expect(await acceptor.diff(INTENTIONS, read.properties, inputs)).toMatchObject({ changes: false });

    const more = await checkedInputs(acceptor, 'ServiceIntentions', { name: 'api', sources: [source('web'), source('admin', 'deny')] });
    expect(await acceptor.diff(INTENTIONS, created.properties, more)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, detailed: { sources: 'update' } });
    const updated = await acceptor.update(INTENTIONS, 'api', created.properties, more, false);
    expect(await intentionSources('api')).toEqual(['admin:deny', 'web:allow']);

    const renamed = await checkedInputs(acceptor, 'ServiceIntentions', { name: 'db', sources: [source('web')] });
    expect(await acceptor.diff(INTENTIONS, updated, renamed)).toMatchObject({ changes: true, replaces: ['name'], deleteBeforeReplace: true });

    await acceptor.delete(INTENTIONS, updated);
    expect(await consul(0).readConfigEntry('service-intentions', 'api').then(() => false, (error: unknown) => isNotFound(error))).toBe(true);
  });

  it('ServiceIntentions: a source removed outside shows on refresh and the update heals it; import adopts; deleted outside → gone', async () => {
    const inputs = await checkedInputs(acceptor, 'ServiceIntentions', { name: 'web', sources: [source('a'), source('b')] });
    const created = await acceptor.create(INTENTIONS, inputs, false);
    const stored = await consul(0).readConfigEntry('service-intentions', 'web');
    await consul(0).writeConfigEntry({ ...stored, Sources: (stored.Sources ?? []).filter((item) => item.Name === 'a') });
    const read = await acceptor.read(INTENTIONS, 'web', created.properties);
    expect(read.inputs).toMatchObject({ sources: [source('a')] });
    expect(await acceptor.diff(INTENTIONS, read.properties, inputs)).toMatchObject({ changes: true, replaces: [], detailed: { sources: 'update' } });
    await acceptor.update(INTENTIONS, 'web', read.properties, inputs, false);
    expect(await intentionSources('web')).toEqual(['a:allow', 'b:allow']);

    const imported = await acceptor.read(INTENTIONS, 'web', undefined);
    const program = await checkedInputs(acceptor, 'ServiceIntentions', { name: 'web', sources: [source('a'), source('b')] });
    expect(await acceptor.diff(INTENTIONS, imported.properties, program)).toMatchObject({ changes: false });

    await consul(0).deleteConfigEntry('service-intentions', 'web');
    expect((await acceptor.read(INTENTIONS, 'web', created.properties)).id).toBe('');
  });

  it('the configured token is what authorizes: a planned write fails naming the missing peering:write (check passes); without the preflight, Consul\'s 403 names it', async () => {
    const reader = await createAclToken(env.clusters[0]!, 'peering = "read"');
    const limited = clusterProvider(env.clusters[0]!, reader.secretId);
    const refused = (write: Promise<unknown>): Promise<Error> => write.then(() => new Error('written without permission'), (error: unknown) => error as Error);
    const result = await limited.check(TOKEN, { peerName: 'a1' });
    expect(result.failures).toEqual([]);
    for (const preview of [true, false]) {
      const failure = await refused(limited.create(TOKEN, result.inputs, preview, 'a1'));
      expect(failure.message).toContain("the ACL token lacks permission 'peering:write', needed by PeeringToken \"a1\"; add `peering = \"write\"`");
      expect(failure.message).not.toContain(reader.secretId);
    }
    // Nothing to write (the stored inputs are the new ones): nothing to authorize.
    await expect(limited.update(TOKEN, 'a1', result.inputs, result.inputs, true, 'a1')).resolves.toMatchObject({ peerName: 'a1' });
    const denied = await withEnv('CONSUL_PEERING_PREFLIGHT', 'off', () => refused(limited.create(TOKEN, result.inputs, false, 'a1')));
    expect(denied.message).toMatch(/403.*lacks permission 'peering:write'/);
    expect(denied.message).not.toContain(reader.secretId);
    expect(await gone(0, 'a1')).toBe(true);
  });
});
