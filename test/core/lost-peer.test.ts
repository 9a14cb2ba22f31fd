import type { Peering } from '../../src/consul';
import { lastContact, lostPeerReason } from '../../src/core/resources/peering-shared';

// The rule that lets a rebuilt dialing cluster converge (issue 20): an acceptor side FAILING with no message from its
// peer for longer than `reissueAfter` is reported gone, so the next plan generates a new token in place. Pure: the
// record as Consul 1.22.7 shows it (measured: FAILING at once when the dialer is lost, LastReceive frozen).
const NOW = Date.parse('2026-12-06T12:00:00Z');
const record = (State: Peering['State'], LastReceive: string | null, LastHeartbeat: string | null = null) => ({
  Name: 'dc2', State, StreamStatus: { LastReceive, LastHeartbeat, LastSend: '2026-12-06T11:00:00Z', ImportedServices: null, ExportedServices: null },
});

describe('lostPeerReason', () => {
  it('FAILING and silent for longer than reissueAfter: lost, saying since when and what the plan will do', () => {
    const reason = lostPeerReason(record('FAILING', '2026-12-06T11:50:00Z'), '5m', '2026-12-06T10:00:00Z', NOW);
    expect(reason).toContain('has been FAILING with no message from its peer for 600 s (since 2026-12-06T11:50:00.000Z, more than 5m)');
    expect(reason).toContain('a new token will be generated in place');
  });

  it('a short outage changes nothing: FAILING for less than reissueAfter, or never FAILING', () => {
    expect(lostPeerReason(record('FAILING', '2026-12-06T11:58:00Z'), '5m', undefined, NOW)).toBeUndefined();
    for (const state of ['ACTIVE', 'PENDING', 'ESTABLISHING', 'TERMINATED'] as const) expect(lostPeerReason(record(state, '2026-12-06T10:00:00Z'), '5m', undefined, NOW)).toBeUndefined();
  });

  it('a token issued after the peer went silent waits for the dialer: it is not issued again', () => {
    expect(lostPeerReason(record('FAILING', '2026-12-06T11:50:00Z'), '5m', '2026-12-06T11:51:00Z', NOW)).toBeUndefined();
    expect(lostPeerReason(record('FAILING', '2026-12-06T11:50:00Z'), '5m', '', NOW)).toContain('a new token will be generated');
  });

  it('the later of LastReceive and LastHeartbeat counts; no known contact or "0s" never reissues', () => {
    expect(lostPeerReason(record('FAILING', '2026-12-06T11:00:00Z', '2026-12-06T11:59:00Z'), '5m', undefined, NOW)).toBeUndefined();
    expect(lostPeerReason(record('FAILING', null), '5m', undefined, NOW)).toBeUndefined();
    expect(lostPeerReason(record('FAILING', '0001-01-01T00:00:00Z'), '5m', undefined, NOW)).toBeUndefined();
    expect(lostPeerReason(record('FAILING', '2026-12-06T10:00:00Z'), '0s', undefined, NOW)).toBeUndefined();
    expect(lastContact(record('FAILING', '2026-12-06T11:00:00.5Z', '2026-12-06T10:00:00Z'))?.toISOString()).toBe('2026-12-06T11:00:00.500Z');
  });
});
