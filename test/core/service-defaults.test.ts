import { type ConsulClient, isNotFound, type ServiceDefaultsEntry } from '../../src/consul';
import { formatPath, grantingRule, UNKNOWN } from '../../src/core';
import { checkServiceDefaults, mergeServiceDefaults, serviceDefaults, serviceDefaultsView, type ServiceDefaultsInputs } from '../../src/core/resources/service-defaults';
import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';
import { countingClient as countedClient } from '../support/counting-client';

// Issue 22, point 2: ServiceDefaults owns a service's protocol, mesh gateway mode and meta keys in its service-defaults
// entry, next to the entry's other settings; the pure rules first, then the lifecycle against real Consul and the emulator.

const inputsOf = (settings: Partial<ServiceDefaultsInputs>): ServiceDefaultsInputs => ({ name: 'api', ...settings });

describe('ServiceDefaults check', () => {
  const cases: { title: string; input: Record<string, unknown>; issues: [string, string][] }[] = [
    { title: 'a protocol', input: { name: 'api', protocol: 'http' }, issues: [] },
    { title: 'every setting', input: { name: 'api', protocol: 'grpc', meshGateway: { mode: 'local' }, meta: { owner: 'team' } }, issues: [] },
    { title: 'nothing set', input: { name: 'api' }, issues: [['required', '']] },
    { title: 'only an empty mesh_gateway', input: { name: 'api', meshGateway: {} }, issues: [['required', '']] },
    { title: 'no name', input: { protocol: 'http' }, issues: [['required', 'name']] },
    { title: 'a wildcard name', input: { name: '*', protocol: 'http' }, issues: [['wildcard_not_allowed', 'name']] },
    { title: 'an unknown protocol', input: { name: 'api', protocol: 'HTTP' }, issues: [['invalid_value', 'protocol']] },
    { title: 'a mode Consul would store and ignore', input: { name: 'api', meshGateway: { mode: 'bogus' } }, issues: [['invalid_value', 'meshGateway.mode']] },
    { title: 'mesh_gateway not an object', input: { name: 'api', meshGateway: 'local' }, issues: [['invalid_type', 'meshGateway'], ['required', '']] },
    { title: 'unknown values', input: { name: UNKNOWN, protocol: UNKNOWN, meshGateway: UNKNOWN }, issues: [] },
  ];

  it.each(cases)('$title', ({ input, issues }) => {
    expect(checkServiceDefaults(input).issues.map((issue) => [issue.code, formatPath(issue.path)])).toEqual(issues);
  });

  it('is identified by name (or PARTITION/NAMESPACE/NAME) and needs service:write on it', () => {
    expect(serviceDefaults.id(inputsOf({ protocol: 'http' }))).toBe('api');
    expect(serviceDefaults.id(inputsOf({ protocol: 'http', partition: 'p1' }))).toBe('p1/default/api');
    expect(serviceDefaults.parseImportId('p1/ns/api')).toEqual({ id: 'p1/ns/api', prior: { name: 'api', partition: 'p1', namespace: 'ns' } });
    expect(serviceDefaults.permissions(inputsOf({}), 'write').map(grantingRule)).toEqual(['service "api" { policy = "write" }']);
  });
});

describe('ServiceDefaults merge', () => {
  const stored: ServiceDefaultsEntry = {
    Kind: 'service-defaults', Name: 'api', Protocol: '', TransparentProxy: {}, MeshGateway: {}, Expose: {}, MaxInboundConnections: 10, ModifyIndex: 4,
  } as ServiceDefaultsEntry;

  it('sets its settings and keeps the others\'', () => {
    expect(mergeServiceDefaults(stored, 'api', {}, { protocol: 'http', meshGateway: { mode: 'local' } })).toEqual({
      Kind: 'service-defaults', Name: 'api', Protocol: 'http', TransparentProxy: {}, MeshGateway: { Mode: 'local' }, Expose: {}, MaxInboundConnections: 10,
    });
  });

  it('deletes the entry once only unset settings remain, keeps it for another writer\'s setting', () => {
    const mine = { ...stored, Protocol: 'http', MaxInboundConnections: undefined } as ServiceDefaultsEntry;
    expect(mergeServiceDefaults(mine, 'api', { protocol: 'http' }, {})).toBeUndefined();
    expect(mergeServiceDefaults({ ...stored, Protocol: 'http' }, 'api', { protocol: 'http' }, {})).toMatchObject({ MaxInboundConnections: 10 });
  });

  it('views the owned settings as stored (an owned empty mesh_gateway stays); an import adopts what is set', () => {
    const written = { ...stored, Protocol: 'http', Meta: { owner: 'team' } } as ServiceDefaultsEntry;
    expect(serviceDefaultsView(written, { protocol: 'http', meshGateway: {} })).toEqual({ protocol: 'http', meshGateway: {} });
    expect(serviceDefaultsView(written, undefined)).toEqual({ protocol: 'http', meta: { owner: 'team' } });
    expect(serviceDefaultsView({ ...stored }, { protocol: 'http' })).toEqual({ protocol: '' });
  });
});

describeEachBackend('ServiceDefaults against a backend', (backend) => {
  let env: TestClusters;
  const clients: ConsulClient[] = [];
  const counted = () => {
    const made = countedClient(env.clusters[0]!);
    clients.push(made.client);
    return made;
  };
  const stored = async (): Promise<ServiceDefaultsEntry | undefined> => counted().client.readConfigEntry('service-defaults', 'api').catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  });

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1']);
  });
  afterAll(async () => {
    clients.forEach((client) => client.close());
    await env?.stop();
  });

  it('creates, reads (no drift), updates and deletes with the documented request counts; another writer\'s setting is kept', async () => {
    await counted().client.writeConfigEntry({ Kind: 'service-defaults', Name: 'api', MaxInboundConnections: 10 } as never);
    const { context, take } = counted();
    const inputs = inputsOf({ protocol: 'http', meshGateway: {} });
    const created = await serviceDefaults.create(context, inputs);
    expect(take()).toEqual(['GET', 'PUT']);
    const read = await serviceDefaults.read(context, 'api', created);
    expect(take()).toEqual(['GET']);
    expect(serviceDefaults.diff(read as never, inputs).changed).toEqual([]);
    expect(await stored()).toMatchObject({ Protocol: 'http', MaxInboundConnections: 10 });

    const next = inputsOf({ meshGateway: { mode: 'local' }, meta: { owner: 'team' } });
    const updated = await serviceDefaults.update(context, created, next);
    expect(take()).toEqual(['GET', 'PUT']);
    expect(await stored()).toMatchObject({ Protocol: '', MeshGateway: { Mode: 'local' }, Meta: { owner: 'team' }, MaxInboundConnections: 10 });

    await serviceDefaults.delete(context, updated);
    expect(take()).toEqual(['GET', 'PUT']);
    const left = await stored();
    expect([left?.MeshGateway, left?.Meta, (left as Record<string, unknown> | undefined)?.['MaxInboundConnections']]).toEqual([{}, undefined, 10]);
  });

  it('alone in the entry: a protocol changed outside reads as drift; destroy deletes the entry; import adopts what is set', async () => {
    await counted().client.deleteConfigEntry('service-defaults', 'api');
    const { context, take } = counted();
    const state = await serviceDefaults.create(context, inputsOf({ protocol: 'http' }));
    await counted().client.writeConfigEntry({ Kind: 'service-defaults', Name: 'api', Protocol: 'tcp' } as never);
    expect(await serviceDefaults.read(context, 'api', state)).toEqual(inputsOf({ protocol: 'tcp' }));
    expect(await serviceDefaults.read(context, 'api', { name: 'api' })).toEqual(inputsOf({ protocol: 'tcp' }));
    await serviceDefaults.update(context, { ...state, protocol: 'tcp' }, inputsOf({ protocol: 'http' }));
    take();
    await serviceDefaults.delete(context, state);
    expect(take()).toEqual(['GET', 'DELETE']);
    expect(await stored()).toBeUndefined();
  });
});
