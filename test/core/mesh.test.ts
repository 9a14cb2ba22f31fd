import { type ConsulClient, isNotFound, type MeshEntry } from '../../src/consul';
import { formatPath, UNKNOWN } from '../../src/core';
import { checkMesh, mergeMesh, mesh, meshView, type MeshInputs } from '../../src/core/resources/mesh';
import { createAclToken } from '../harness/consul-servers';
import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';
import { countingClient as countedClient } from '../support/counting-client';

// Issue 22, point 1: Mesh owns the settings of the partition's mesh entry it sets, merged with check-and-set writes
// next to other owners' settings; the pure rules first, then the lifecycle against real Consul and the emulator.

const inputsOf = (settings: Partial<MeshInputs>): MeshInputs => ({ partition: 'default', ...settings });

describe('Mesh check', () => {
  const through = { peering: { peerThroughMeshGateways: true } };
  const tls = (incoming: Record<string, unknown>) => ({ tls: { incoming } });
  const cases: { title: string; input: Record<string, unknown>; issues: [string, string][] }[] = [
    { title: 'peering through mesh gateways', input: through, issues: [] },
    { title: 'every setting', input: {
      ...through, allowEnablingPermissiveMutualTls: true, transparentProxy: { meshDestinationsOnly: true }, http: { sanitizeXForwardedClientCert: true },
      tls: { incoming: { tlsMinVersion: 'TLSv1_2', tlsMaxVersion: 'TLSv1_3', cipherSuites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'] }, outgoing: { tlsMinVersion: 'TLS_AUTO' } },
      meta: { owner: 'platform' },
    }, issues: [] },
    { title: 'nothing set', input: {}, issues: [['required', '']] },
    { title: 'only empty objects', input: { peering: {}, tls: {} }, issues: [['required', '']] },
    { title: 'false is a setting', input: { peering: { peerThroughMeshGateways: false } }, issues: [] },
    { title: 'a non-boolean setting', input: { peering: { peerThroughMeshGateways: 'yes' } }, issues: [['invalid_type', 'peering.peerThroughMeshGateways']] },
    { title: 'a non-object', input: { http: true, ...through }, issues: [['invalid_type', 'http']] },
    { title: 'an unknown TLS version', input: tls({ tlsMinVersion: 'TLSv1_9' }), issues: [['invalid_value', 'tls.incoming.tlsMinVersion']] },
    { title: 'max below min', input: tls({ tlsMinVersion: 'TLSv1_3', tlsMaxVersion: 'TLSv1_2' }), issues: [['invalid_value', 'tls.incoming.tlsMaxVersion']] },
    { title: 'TLS_AUTO is not compared', input: tls({ tlsMinVersion: 'TLSv1_3', tlsMaxVersion: 'TLS_AUTO' }), issues: [] },
    { title: 'cipher suites with TLS 1.3', input: tls({ tlsMinVersion: 'TLSv1_3', cipherSuites: ['TLS_RSA_WITH_AES_128_CBC_SHA'] }), issues: [['conflicting_fields', 'tls.incoming.cipherSuites']] },
    { title: 'cipher suites without a minimum', input: tls({ cipherSuites: ['TLS_RSA_WITH_AES_128_CBC_SHA'] }), issues: [] },
    { title: 'an unknown cipher suite', input: tls({ cipherSuites: ['NOPE'] }), issues: [['invalid_value', 'tls.incoming.cipherSuites[0]']] },
    { title: 'a cipher suite twice', input: tls({ cipherSuites: ['TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_RSA_WITH_AES_128_CBC_SHA'] }), issues: [['duplicate', 'tls.incoming.cipherSuites[1]']] },
    { title: 'the wildcard partition', input: { ...through, partition: '*' }, issues: [['wildcard_not_allowed', 'partition']] },
    { title: 'meta beyond Consul\'s limits', input: { meta: { ['k'.repeat(129)]: 'v' } }, issues: [['too_long', `meta.${'k'.repeat(129)}`]] },
    { title: 'unknown values', input: { peering: UNKNOWN, tls: { incoming: { tlsMinVersion: UNKNOWN, cipherSuites: [UNKNOWN] } } }, issues: [] },
  ];

  it.each(cases)('$title', ({ input, issues }) => {
    expect(checkMesh(input).issues.map((issue) => [issue.code, formatPath(issue.path)])).toEqual(issues);
  });

  it('applies the default partition; is identified and imported by it', () => {
    expect(checkMesh({ peering: { peerThroughMeshGateways: true } }).inputs).toEqual(inputsOf({ peering: { peerThroughMeshGateways: true } }));
    expect(mesh.id(inputsOf({}))).toBe('default');
    expect(mesh.parseImportId('default')).toEqual({ id: 'default', prior: { partition: 'default' } });
    expect(mesh.parseImportId('a/b')).toMatchObject({ code: 'invalid_import_id' });
  });
});

describe('Mesh merge', () => {
  const others: MeshEntry = { Kind: 'mesh', TransparentProxy: { MeshDestinationsOnly: true }, HTTP: { SanitizeXForwardedClientCert: true }, Meta: { team: 'ops' }, ModifyIndex: 9 };
  const through = { peering: { peerThroughMeshGateways: true } };

  it('sets its settings next to the others\', without Name, indexes or the others\' meta lost', () => {
    expect(mergeMesh(others, {}, { ...through, meta: { owner: 'peering' } })).toEqual({
      Kind: 'mesh', TransparentProxy: { MeshDestinationsOnly: true }, HTTP: { SanitizeXForwardedClientCert: true }, Peering: { PeerThroughMeshGateways: true },
      Meta: { team: 'ops', owner: 'peering' },
    });
  });

  it('removes a setting it no longer sets, and the objects left empty; keeps the others\'', () => {
    const current: MeshEntry = { ...others, Peering: { PeerThroughMeshGateways: true }, TLS: { Incoming: { TLSMinVersion: 'TLSv1_2' } } };
    const owned = { ...through, tls: { incoming: { tlsMinVersion: 'TLSv1_2' } } };
    expect(mergeMesh(current, owned, through)).toEqual({ ...others, Peering: { PeerThroughMeshGateways: true }, ModifyIndex: undefined, Meta: { team: 'ops' } });
  });

  it('leaves nothing (delete the entry) when only zero values remain', () => {
    const current: MeshEntry = { Kind: 'mesh', TransparentProxy: { MeshDestinationsOnly: false }, Peering: { PeerThroughMeshGateways: true }, ModifyIndex: 3 };
    expect(mergeMesh(current, through, {})).toBeUndefined();
    expect(mergeMesh(undefined, {}, {})).toBeUndefined();
  });

  it('keeps the entry for a setting it does not know (another writer\'s)', () => {
    const current = { Kind: 'mesh', Peering: { PeerThroughMeshGateways: true }, ValidateClusters: true } as MeshEntry;
    expect(mergeMesh(current, through, {})).toEqual({ Kind: 'mesh', ValidateClusters: true });
  });

  it('views the owned settings as stored; an import adopts every setting that is not at its zero value', () => {
    const stored: MeshEntry = { ...others, TransparentProxy: { MeshDestinationsOnly: false }, Peering: { PeerThroughMeshGateways: true } };
    expect(meshView(stored, through)).toEqual(through);
    expect(meshView(stored, { peering: { peerThroughMeshGateways: true }, allowEnablingPermissiveMutualTls: true })).toEqual(through);
    expect(meshView(stored, { tls: { incoming: { cipherSuites: [] } } })).toEqual({ tls: { incoming: { cipherSuites: [] } } });
    expect(meshView(stored, { ...through, http: {}, tls: { outgoing: {} } })).toEqual({ ...through, http: {}, tls: { outgoing: {} } }); // owned empty objects read back as set
    expect(meshView(stored, undefined)).toEqual({ ...through, http: { sanitizeXForwardedClientCert: true }, meta: { team: 'ops' } });
  });
});

describeEachBackend('Mesh against a backend', (backend) => {
  let env: TestClusters;
  const clients: ConsulClient[] = [];
  const counted = (token?: string) => {
    const made = countedClient(env.clusters[0]!, token);
    clients.push(made.client);
    return made;
  };
  const stored = async (): Promise<MeshEntry | undefined> => counted().client.readConfigEntry('mesh', 'mesh').catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  });

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1'], { acl: true });
  });
  afterAll(async () => {
    clients.forEach((client) => client.close());
    await env?.stop();
  });
  afterEach(async () => {
    await counted().client.deleteConfigEntry('mesh', 'mesh');
  });

  it('creates, reads, updates and deletes with the documented request counts; destroy removes only its own settings', async () => {
    const other = counted().client;
    await other.writeConfigEntry({ Kind: 'mesh', HTTP: { SanitizeXForwardedClientCert: true }, Meta: { team: 'ops' } });
    const { context, take } = counted();
    const inputs = inputsOf({ peering: { peerThroughMeshGateways: true }, meta: { owner: 'peering' } });
    const created = await mesh.create(context, inputs);
    expect(take()).toEqual(['GET', 'PUT']);
    expect(await stored()).toMatchObject({ Peering: { PeerThroughMeshGateways: true }, HTTP: { SanitizeXForwardedClientCert: true }, Meta: { team: 'ops', owner: 'peering' } });
    expect(await mesh.read(context, 'default', created)).toEqual(inputs);
    expect(take()).toEqual(['GET']);
    expect(mesh.diff(created, inputs).changed).toEqual([]);

    const next = inputsOf({ tls: { incoming: { tlsMinVersion: 'TLSv1_2', cipherSuites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'] } } });
    const updated = await mesh.update(context, created, next);
    expect(take()).toEqual(['GET', 'PUT']);
    const after = await stored();
    expect([after?.Peering, after?.TLS, after?.HTTP, after?.Meta]).toEqual([
      undefined, { Incoming: { TLSMinVersion: 'TLSv1_2', CipherSuites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'] } }, { SanitizeXForwardedClientCert: true }, { team: 'ops' },
    ]);
    expect(await mesh.update(context, updated, next)).toEqual(next);
    expect(take()).toEqual(['GET']);

    await mesh.delete(context, updated);
    expect(take()).toEqual(['GET', 'PUT']);
    const left = await stored();
    expect([left?.TLS, left?.HTTP, left?.Meta]).toEqual([undefined, { SanitizeXForwardedClientCert: true }, { team: 'ops' }]);
    expect(await mesh.read(context, 'default', updated)).toMatchObject({ gone: true });
  });

  it('alone in the entry: destroy deletes it; a setting removed outside reads as drift; import adopts what is set', async () => {
    const { context, take } = counted();
    const inputs = inputsOf({ peering: { peerThroughMeshGateways: true }, transparentProxy: { meshDestinationsOnly: false } });
    const state = await mesh.create(context, inputs);
    await counted().client.writeConfigEntry({ Kind: 'mesh', Peering: { PeerThroughMeshGateways: true } });
    const drifted = await mesh.read(context, 'default', state);
    expect(drifted).toEqual(inputs); // Consul renders TransparentProxy.MeshDestinationsOnly false when unset: no drift there
    await counted().client.writeConfigEntry({ Kind: 'mesh', TransparentProxy: { MeshDestinationsOnly: true } });
    expect(await mesh.read(context, 'default', state)).toEqual(inputsOf({ transparentProxy: { meshDestinationsOnly: true } }));
    expect(await mesh.read(context, 'default', { partition: 'default' })).toEqual(inputsOf({ transparentProxy: { meshDestinationsOnly: true } }));
    await mesh.update(context, state, inputs);
    take();
    await mesh.delete(context, state);
    expect(take()).toEqual(['GET', 'DELETE']);
    expect(await stored()).toBeUndefined();
  });

  it('5 concurrent owners of different settings lose nothing; each destroy removes only its own', async () => {
    const settings: Partial<MeshInputs>[] = [
      { peering: { peerThroughMeshGateways: true } }, { allowEnablingPermissiveMutualTls: true }, { transparentProxy: { meshDestinationsOnly: true } },
      { http: { sanitizeXForwardedClientCert: true } }, { tls: { outgoing: { tlsMinVersion: 'TLSv1_2' } } },
    ];
    const owners = settings.map((setting) => ({ inputs: inputsOf(setting), ...counted() }));
    const states = await Promise.all(owners.map(({ context, inputs }) => mesh.create(context, inputs)));
    expect(await stored()).toMatchObject({
      Peering: { PeerThroughMeshGateways: true }, AllowEnablingPermissiveMutualTLS: true, TransparentProxy: { MeshDestinationsOnly: true },
      HTTP: { SanitizeXForwardedClientCert: true }, TLS: { Outgoing: { TLSMinVersion: 'TLSv1_2' } },
    });
    for (const [i, { context }] of owners.entries()) expect(await mesh.read(context, 'default', states[i])).toEqual(states[i]);
    await Promise.all(owners.slice(0, 4).map(({ context }, i) => mesh.delete(context, states[i]!)));
    const left = await stored();
    expect([left?.Peering, left?.AllowEnablingPermissiveMutualTLS, left?.HTTP, left?.TLS]).toEqual([undefined, undefined, undefined, { Outgoing: { TLSMinVersion: 'TLSv1_2' } }]);
  });

  it('a token without mesh:write is refused by Consul with nothing written', async () => {
    const scoped = await createAclToken(env.clusters[0]!, 'peering = "write"');
    const { context } = counted(scoped.secretId);
    await expect(mesh.create(context, inputsOf({ peering: { peerThroughMeshGateways: true } }))).rejects.toThrow(/mesh:write|Permission denied/);
    expect(await stored()).toBeUndefined();
  });
});
