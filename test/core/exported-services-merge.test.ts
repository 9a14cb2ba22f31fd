import type { ExportedServicesEntry } from '../../src/consul';
import { exportsView, mergeExports, ownedView, type ExportedService } from '../../src/core/resources/exported-services';

// The pure merge rules of ExportedServices: what a resource writes into the partition's shared entry and what it
// sees of it (the lifecycle against real Consul and the emulator is in exported-services.test.ts).

const peerExport = (name: string, ...peers: string[]): ExportedService => ({ name, consumers: peers.map((peer) => ({ peer })) });

describe('ExportedServices merge', () => {
  const stored = (...services: { Name: string; Consumers: { Peer?: string; Partition?: string }[] }[]): ExportedServicesEntry => ({
    Kind: 'exported-services', Name: 'default', Meta: { owner: 'ops' }, ModifyIndex: 7, Services: services,
  });
  const plan = (desired: ExportedService[], owned: ExportedService[] = [], exclusive = false) => ({ partition: 'default', desired: { services: desired }, owned: { services: owned }, exclusive });
  const cases: { title: string; current?: ExportedServicesEntry; plan: ReturnType<typeof plan>; services: unknown; meta?: unknown }[] = [
    { title: 'creates the entry', plan: plan([peerExport('web', 'dc2')]), services: [{ Name: 'web', Consumers: [{ Peer: 'dc2' }] }] },
    {
      title: "appends next to others' services", current: stored({ Name: 'db', Consumers: [{ Peer: 'dc9' }] }), plan: plan([peerExport('web', 'dc2')]),
      services: [{ Name: 'db', Consumers: [{ Peer: 'dc9' }] }, { Name: 'web', Consumers: [{ Peer: 'dc2' }] }],
    },
    {
      title: "adds a consumer to a service others export too", current: stored({ Name: 'web', Consumers: [{ Partition: 'p1' }] }),
      plan: plan([peerExport('web', 'dc2')]), services: [{ Name: 'web', Consumers: [{ Partition: 'p1' }, { Peer: 'dc2' }] }],
    },
    {
      title: "removes a pair it no longer lists, keeping others' consumers of that service",
      current: stored({ Name: 'web', Consumers: [{ Peer: 'dc2' }, { Peer: 'dc3' }, { Peer: 'other' }] }),
      plan: plan([peerExport('web', 'dc2')], [peerExport('web', 'dc2', 'dc3')]), services: [{ Name: 'web', Consumers: [{ Peer: 'dc2' }, { Peer: 'other' }] }],
    },
    {
      title: 'drops a service once its last consumer is removed', current: stored({ Name: 'web', Consumers: [{ Peer: 'dc2' }] }, { Name: 'db', Consumers: [{ Peer: 'dc2' }] }),
      plan: plan([], [peerExport('web', 'dc2')]), services: [{ Name: 'db', Consumers: [{ Peer: 'dc2' }] }],
    },
    { title: 'leaves nothing (delete the entry)', current: stored({ Name: 'web', Consumers: [{ Peer: 'dc2' }] }), plan: plan([], [peerExport('web', 'dc2')]), services: undefined },
    {
      title: 'exclusive: exactly its services (and meta)', current: stored({ Name: 'db', Consumers: [{ Peer: 'dc9' }] }), plan: plan([peerExport('web', 'dc2')], [], true),
      services: [{ Name: 'web', Consumers: [{ Peer: 'dc2' }] }], meta: undefined,
    },
    { title: 'exclusive with nothing: delete the entry', current: stored({ Name: 'db', Consumers: [{ Peer: 'dc9' }] }), plan: plan([], [], true), services: undefined },
  ];

  it.each(cases)('$title', (testCase) => {
    const { current, plan: wanted, services } = testCase;
    const next = mergeExports(current, wanted);
    expect(next?.Services).toEqual(services);
    if (next !== undefined) {
      expect(next).toMatchObject({ Kind: 'exported-services', Name: 'default' });
      expect(next.ModifyIndex).toBeUndefined();
      if (current !== undefined) expect(next.Meta).toEqual('meta' in testCase ? testCase.meta : { owner: 'ops' });
    }
  });

  it('meta: shared owners manage only their keys (others\' kept, keys no longer listed removed); exclusive writes exactly its own', () => {
    const current = { ...stored({ Name: 'web', Consumers: [{ Peer: 'dc2' }] }), Meta: { owner: 'ops', team: 'old', gone: 'x' } };
    const web = [peerExport('web', 'dc2')];
    const shared = mergeExports(current, { partition: 'default', desired: { services: web, meta: { team: 'new' } }, owned: { services: web, meta: { team: 'old', gone: 'x' } }, exclusive: false });
    expect(shared?.Meta).toEqual({ owner: 'ops', team: 'new' });
    const none = mergeExports(current, { partition: 'default', desired: { services: web }, owned: { services: web, meta: { team: 'old', gone: 'x' } }, exclusive: false });
    expect(none?.Meta).toEqual({ owner: 'ops' });
    const exclusive = mergeExports(current, { partition: 'default', desired: { services: web, meta: { team: 'new' } }, owned: { services: [] }, exclusive: true });
    expect(exclusive?.Meta).toEqual({ team: 'new' });
  });

  it('meta in the view: shared sees its own keys still present; exclusive and import see all of it', () => {
    const entry = { ...stored({ Name: 'web', Consumers: [{ Peer: 'dc2' }] }), Meta: { owner: 'ops', team: 'a' } };
    expect(exportsView(entry, { services: [peerExport('web', 'dc2')], meta: { team: 'a', lost: 'b' } }, false).meta).toEqual({ team: 'a' });
    expect(exportsView(entry, { services: [peerExport('web', 'dc2')] }, false).meta).toBeUndefined();
    expect(exportsView(entry, { services: [peerExport('web', 'dc2')], meta: { team: 'a' } }, true).meta).toEqual({ owner: 'ops', team: 'a' });
    expect(exportsView(entry, undefined, false)).toEqual({ services: [peerExport('web', 'dc2')], meta: { owner: 'ops', team: 'a' } });
  });

  it('views only the owned pairs that are present, in the owned order; everything without owned pairs', () => {
    const entry = stored({ Name: 'db', Consumers: [{ Peer: 'dc2' }] }, { Name: 'web', Consumers: [{ Peer: 'dc2' }, { Peer: 'x' }] });
    expect(ownedView(entry, [peerExport('web', 'dc2', 'dc3'), peerExport('api', 'dc2')])).toEqual([peerExport('web', 'dc2')]);
    expect(ownedView(entry, undefined)).toEqual([peerExport('db', 'dc2'), peerExport('web', 'dc2', 'x')]);
  });
});
