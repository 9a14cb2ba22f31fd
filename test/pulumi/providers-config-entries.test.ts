import { ConsulClient, isNotFound, type ExportedServicesEntry } from '../../src/consul';
import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';
import { captureProviderLog, provider } from './helpers';

// Every provider method of ExportedServices and ServiceIntentions against a backend, in Pulumi's calling order.

type Props = Record<string, unknown>;
const CODE = { __provider: 'serialized-provider-text' };

describeEachBackend('Pulumi providers: ExportedServices and ServiceIntentions', (backend) => {
  let env: TestClusters;
  let consul: ConsulClient;
  let log: string[] = [];
  const exportsProvider = provider('exportedServices');
  const intentionsProvider = provider('serviceIntentions');

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1'], { acl: true });
    consul = ConsulClient.fromSettings(connection(), {}, {});
    log = captureProviderLog();
  });
  afterAll(async () => {
    consul?.close();
    await env?.stop();
  });

  function connection() {
    return { address: env.clusters[0]!.address, token: env.clusters[0]!.token ?? '' };
  }
  const checked = async (p: typeof exportsProvider, news: Props): Promise<Props> => {
    const result = await p.check({}, { ...news, connection: connection(), ...CODE });
    expect(result.failures).toEqual([]);
    return result.inputs!;
  };
  const entry = (): Promise<ExportedServicesEntry | undefined> =>
    consul.readConfigEntry('exported-services', 'default').catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
  const pairs = async (): Promise<string[]> =>
    ((await entry())?.Services ?? []).flatMap((service) => (service.Consumers ?? []).map((consumer) => `${service.Name}>${consumer.Peer ?? ''}`)).sort();
  const exportsOf = (...items: [string, ...string[]][]) => ({ services: items.map(([name, ...peers]) => ({ name, consumers: peers.map((peer) => ({ peer })) })) });

  it('ExportedServices: create merges beside another owner; read; update in place; delete removes only its own pairs', async () => {
    const other = await exportsProvider.create(await checked(exportsProvider, exportsOf(['db', 'dc2'])));
    const inputs = await checked(exportsProvider, exportsOf(['api', 'dc2']));
    const created = await exportsProvider.create(inputs);
    expect(created).toEqual({ id: 'default', outs: { ...exportsOf(['api', 'dc2']), partition: 'default', exclusive: false, connection: connection() } });
    expect(await pairs()).toEqual(['api>dc2', 'db>dc2']);

    const read = await exportsProvider.read('default', { ...created.outs, ...CODE });
    expect(read).toEqual({ id: 'default', props: created.outs, inputs: created.outs });
    expect(await exportsProvider.diff('default', { ...read.props, ...CODE }, inputs)).toMatchObject({ changes: false });

    const more = await checked(exportsProvider, exportsOf(['api', 'dc2', 'dc3']));
    expect(await exportsProvider.diff('default', { ...created.outs, ...CODE }, more)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = await exportsProvider.update('default', { ...created.outs, ...CODE }, more);
    expect(await pairs()).toEqual(['api>dc2', 'api>dc3', 'db>dc2']);

    await exportsProvider.delete('default', { ...updated.outs, ...CODE });
    expect(await pairs()).toEqual(['db>dc2']);
    await exportsProvider.delete('default', { ...other.outs, ...CODE });
    expect(await entry()).toBeUndefined();
  });

  it('ExportedServices: a pair removed outside Pulumi shows up on refresh and the update heals it; all removed → gone', async () => {
    const inputs = await checked(exportsProvider, exportsOf(['api', 'dc2', 'dc3']));
    const created = await exportsProvider.create(inputs);
    const stored = (await entry())!;
    await consul.writeConfigEntry({ ...stored, Services: [{ Name: 'api', Consumers: [{ Peer: 'dc2' }] }] });

    const read = await exportsProvider.read('default', { ...created.outs, ...CODE });
    expect(read.inputs).toMatchObject(exportsOf(['api', 'dc2']));
    const diff = await exportsProvider.diff('default', { ...read.props, ...CODE }, inputs);
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    await exportsProvider.update('default', { ...read.props, ...CODE }, inputs);
    expect(await pairs()).toEqual(['api>dc2', 'api>dc3']);

    await consul.deleteConfigEntry('exported-services', 'default');
    expect((await exportsProvider.read('default', { ...created.outs, ...CODE })).id).toBe('');
    expect(log.some((message) => /ExportedServices default is gone \(the exported-services entry of partition "default" does not exist\)/.test(message))).toBe(true);
    const again = await exportsProvider.create(inputs);
    expect(await pairs()).toEqual(['api>dc2', 'api>dc3']);
    await exportsProvider.delete('default', { ...again.outs, ...CODE });
  });

  const source = (name: string, action = 'allow') => ({ name, peer: 'dc2', action });

  it('ServiceIntentions: create (precedence computed), read (precedence not an input), update in place, replace on a new name, delete', async () => {
    const inputs = await checked(intentionsProvider, { name: 'api', sources: [source('web')] });
    const created = await intentionsProvider.create(inputs);
    expect(created.id).toBe('api');
    expect(created.outs).toMatchObject({ name: 'api', exclusive: false, connection: connection(), sources: [{ ...source('web'), precedence: expect.any(Number) }] });

    const read = await intentionsProvider.read('api', { ...created.outs, ...CODE });
    expect(read.props).toEqual(created.outs);
    expect(read.inputs).toEqual({ name: 'api', exclusive: false, sources: [source('web')], connection: connection() });
    expect(await intentionsProvider.diff('api', { ...read.props, ...CODE }, inputs)).toMatchObject({ changes: false });

    const more = await checked(intentionsProvider, { name: 'api', sources: [source('web'), source('admin', 'deny')] });
    expect(await intentionsProvider.diff('api', { ...created.outs, ...CODE }, more)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = await intentionsProvider.update('api', { ...created.outs, ...CODE }, more);
    const sources = (await consul.readConfigEntry('service-intentions', 'api')).Sources ?? [];
    expect(sources.map((item) => `${item.Name}:${item.Action ?? ''}`).sort()).toEqual(['admin:deny', 'web:allow']);

    const renamed = await checked(intentionsProvider, { name: 'db', sources: [source('web')] });
    expect(await intentionsProvider.diff('api', { ...updated.outs, ...CODE }, renamed)).toEqual({ changes: true, replaces: ['name'], deleteBeforeReplace: true });

    await intentionsProvider.delete('api', { ...updated.outs, ...CODE });
    expect(await consul.readConfigEntry('service-intentions', 'api').catch((error: unknown) => isNotFound(error))).toBe(true);
  });

  it('ServiceIntentions: the entry deleted outside Pulumi reads as gone; a source removed outside shows on refresh', async () => {
    const inputs = await checked(intentionsProvider, { name: 'web', sources: [source('a'), source('b')] });
    const created = await intentionsProvider.create(inputs);
    const stored = await consul.readConfigEntry('service-intentions', 'web');
    await consul.writeConfigEntry({ ...stored, Sources: (stored.Sources ?? []).filter((item) => item.Name === 'a') });
    const read = await intentionsProvider.read('web', { ...created.outs, ...CODE });
    expect(read.inputs).toMatchObject({ sources: [source('a')] });
    expect(await intentionsProvider.diff('web', { ...read.props, ...CODE }, inputs)).toMatchObject({ changes: true, replaces: [] });
    await intentionsProvider.update('web', { ...read.props, ...CODE }, inputs);
    expect(((await consul.readConfigEntry('service-intentions', 'web')).Sources ?? []).map((item) => item.Name).sort()).toEqual(['a', 'b']);

    await consul.deleteConfigEntry('service-intentions', 'web');
    expect((await intentionsProvider.read('web', { ...created.outs, ...CODE })).id).toBe('');
  });
});
