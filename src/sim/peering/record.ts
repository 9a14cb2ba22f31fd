import { markGoMap } from '../config-entries';
import type { ImportedCatalog } from '../routes/health';

/** States Consul stores; ACTIVE and FAILING are computed on read from the live link. */
export type StoredPeeringState = 'PENDING' | 'ESTABLISHING' | 'DELETING' | 'TERMINATED';

/** One peering of one emulated cluster, with the hidden parts Consul never returns. */
export interface PeeringRecord {
  readonly ID: string;
  readonly Name: string;
  Meta: Record<string, string> | undefined;
  state: StoredPeeringState;
  DeletedAt: string | undefined;
  /** Dialers have server addresses; acceptors generated a token. */
  readonly role: 'acceptor' | 'dialer';
  PeerID: string | undefined;
  PeerCAPems: string[] | undefined;
  PeerServerName: string | undefined;
  PeerServerAddresses: string[] | undefined;
  /** From the token's ServerExternalAddresses; used for dialing, never returned. */
  manualServerAddresses: string[] | undefined;
  Remote: { Partition: string; Datacenter: string };
  readonly CreateIndex: number;
  ModifyIndex: number;
  /** Acceptor: the one-time secret of the newest token. */
  establishmentSecret: string | undefined;
  /** Both sides: the secret authenticating the live link. */
  streamSecret: string | undefined;
  /**
   * Acceptor: the stream secret a re-establish replaced, still accepted until the dialer uses the new one (Consul
   * keeps the open stream across a re-establish; calls already in flight must not fail).
   */
  previousStreamSecret?: string | undefined;
}

/** What the live link knows about a peering (Consul's stream tracker). */
export interface LinkStatus {
  connected: boolean;
  /** Set when the link broke with an error (→ FAILING). */
  lastError: string | undefined;
  lastHeartbeat: Date | undefined;
  lastReceive: Date | undefined;
  lastSend: Date | undefined;
  importedServices: string[];
  exportedServices: string[];
  /** The instances and node the peer exports here (what `GET /v1/health/service/:name?peer=` shows). */
  imported: ImportedCatalog | undefined;
  /** When the stream first connected (heartbeats are due every 15 s from then). */
  connectedAt: Date | undefined;
  /**
   * Dialer: the address of the open stream and the stream secret it was opened with. Consul keeps an open stream
   * when a later establish writes other addresses; it redials (with the newest addresses) only when the stream
   * broke or the stream secret changed.
   */
  stream: { readonly address: string; readonly secret: string } | undefined;
}

/** A fresh tracker entry, as Consul creates when a link is first attempted. */
export function newLinkStatus(): LinkStatus {
  return {
    connected: false, lastError: undefined, lastHeartbeat: undefined, lastReceive: undefined, lastSend: undefined,
    importedServices: [], exportedServices: [], imported: undefined, connectedAt: undefined, stream: undefined,
  };
}

/**
 * The state a read shows: live link → ACTIVE, broken link → FAILING, else the stored state. An acceptor deleted
 * while its stream is still open reads ACTIVE (with DeletedAt) until the record is gone, as Consul's tracker says.
 */
export function effectiveState(record: PeeringRecord, link: LinkStatus | undefined): string {
  if (record.state === 'DELETING' && link?.connected === true) return 'ACTIVE';
  if (record.state === 'DELETING' || record.state === 'TERMINATED' || link === undefined) return record.state;
  if (link.connected) return 'ACTIVE';
  if (link.lastError !== undefined) return 'FAILING';
  return record.state;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

/** A time as Go's RFC 3339 with nanoseconds renders it (trailing zeros of the fraction dropped). */
export function goTime(date: Date, extraNanos = 0): string {
  const nanos = String(date.getUTCMilliseconds() * 1_000_000 + extraNanos).padStart(9, '0').replace(/0+$/, '');
  return `${date.toISOString().slice(0, 19)}${nanos === '' ? '' : `.${nanos}`}Z`;
}

/** Now, with the nanoseconds Go's clock shows. */
export function goTimeNow(): string {
  return goTime(new Date(), Number(process.hrtime.bigint() % 1_000_000n));
}

const goTimeOrNull = (date: Date | undefined): string | null => (date === undefined ? null : goTime(date));
const nullIfEmpty = (list: string[]): string[] | null => (list.length === 0 ? null : [...list].sort());

/** The peering as `GET /v1/peering/:name` returns it, keys in Consul's order, empty optional keys omitted. */
export function renderPeering(record: PeeringRecord, link: LinkStatus | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ID: record.ID, Name: record.Name };
  if (record.DeletedAt !== undefined) out['DeletedAt'] = record.DeletedAt;
  if (record.Meta !== undefined && Object.keys(record.Meta).length > 0) out['Meta'] = markGoMap({ ...record.Meta });
  out['State'] = effectiveState(record, link);
  if (record.PeerID !== undefined && record.PeerID !== '') out['PeerID'] = record.PeerID;
  if (record.PeerCAPems !== undefined && record.PeerCAPems.length > 0) out['PeerCAPems'] = record.PeerCAPems;
  if (record.PeerServerName !== undefined && record.PeerServerName !== '') out['PeerServerName'] = record.PeerServerName;
  if (record.PeerServerAddresses !== undefined && record.PeerServerAddresses.length > 0) out['PeerServerAddresses'] = record.PeerServerAddresses;
  out['StreamStatus'] = link === undefined
    ? { ImportedServices: null, ExportedServices: null, LastHeartbeat: null, LastReceive: null, LastSend: null }
    : {
      ImportedServices: nullIfEmpty(link.importedServices),
      ExportedServices: nullIfEmpty(link.exportedServices),
      LastHeartbeat: goTimeOrNull(link.lastHeartbeat),
      LastReceive: goTimeOrNull(link.lastReceive) ?? ZERO_TIME,
      LastSend: goTimeOrNull(link.lastSend) ?? ZERO_TIME,
    };
  out['CreateIndex'] = record.CreateIndex;
  out['ModifyIndex'] = record.ModifyIndex;
  out['Remote'] = { Partition: record.Remote.Partition, Datacenter: record.Remote.Datacenter };
  return out;
}
