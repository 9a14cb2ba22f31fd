import { compactForWrite, requests } from '../../src/consul';

describe('request builder', () => {
  it('sends ?partition= only when set, and never ns/dc on peering endpoints', () => {
    expect(requests.readPeering('web', {}).query).toEqual({});
    expect(requests.readPeering('web', { partition: 'p1', namespace: 'n', datacenter: 'dc2' }).query).toEqual({ partition: 'p1' });
    expect(requests.listPeerings({ partition: '' }).query).toEqual({});
  });

  it('sends dc, partition and ns on config endpoints when set', () => {
    expect(requests.readConfigEntry('service-intentions', 'web', {}).query).toEqual({});
    expect(requests.readConfigEntry('service-intentions', 'web', { partition: 'p', namespace: 'n', datacenter: 'd' }).query)
      .toEqual({ dc: 'd', partition: 'p', ns: 'n' });
  });

  it('adds cas to config writes and deletes, including cas=0', () => {
    const entry = { Kind: 'exported-services' as const, Name: 'default', Services: [] };
    expect(requests.writeConfigEntry(entry, {}, 0).query).toEqual({ cas: '0' });
    expect(requests.writeConfigEntry(entry, {}).query).toEqual({});
    expect(requests.deleteConfigEntry('exported-services', 'default', {}, 17).query).toEqual({ cas: '17' });
  });

  it('formats blocking-query parameters', () => {
    expect(requests.readPeering('a', {}, { index: 42, waitMs: 2000 }).query).toEqual({ index: '42', wait: '2000ms' });
  });

  it('escapes names in paths', () => {
    expect(requests.readPeering('a/b c', {}).path).toBe('/v1/peering/a%2Fb%20c');
  });

  it('marks token generation and establish as not idempotent and everything else as idempotent', () => {
    expect(requests.generatePeeringToken({ PeerName: 'a' }).idempotent).toBe(false);
    expect(requests.establishPeering({ PeerName: 'a', PeeringToken: 't' }).idempotent).toBe(false);
    expect(requests.deletePeering('a', {}).idempotent).toBe(true);
    expect(requests.writeConfigEntry({ Kind: 'service-intentions', Name: 'a' }, {}, 3).idempotent).toBe(true);
  });

  it('drops empty Partition/Namespace keys at every depth and read-only keys at the top', () => {
    const entry = {
      Kind: 'exported-services', Name: 'default', Partition: '', CreateIndex: 3, ModifyIndex: 4, Hash: 5,
      Services: [{ Name: 'web', Namespace: '', Consumers: [{ Peer: 'dc2', Partition: '' }, { Partition: 'other' }] }],
    };
    expect(compactForWrite(entry)).toEqual({
      Kind: 'exported-services', Name: 'default',
      Services: [{ Name: 'web', Consumers: [{ Peer: 'dc2' }, { Partition: 'other' }] }],
    });
    expect(requests.generatePeeringToken({ PeerName: 'a', Partition: '' }).body).toEqual({ PeerName: 'a' });
  });
});
