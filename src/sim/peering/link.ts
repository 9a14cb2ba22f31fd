import { newUuid } from '../ids';
import type { ExportSnapshot } from '../routes/catalog';
import type { PeeringEngine, SimReply } from './engine';
import { multiError, postToPeer } from './peer-http';
import { newLinkStatus, type LinkStatus, type PeeringRecord } from './record';

/** Timing of the link between emulated clusters. */
export interface LinkTiming {
  /** How often a dialer sends its stream heartbeat (and replicates exported services). */
  readonly heartbeatMs: number;
  /** How long an acceptor waits without a heartbeat before it shows FAILING. */
  readonly linkTimeoutMs: number;
  /** How long establish keeps trying an unreachable acceptor (Consul: 3 s). */
  readonly establishTimeoutMs: number;
  /** How long a deleted peering stays readable as DELETING; 0 = Consul's own timing (see `deletionDelayMs`). */
  readonly deleteDelayMs: number;
}

/** Where a dialer dials: the token's ServerExternalAddresses when it had some, else the acceptor's server addresses. */
function dialAddress(record: PeeringRecord): string {
  return record.manualServerAddresses?.[0] ?? record.PeerServerAddresses?.[0] ?? '';
}

/** One write of Consul's peering deletion routine per 100 ms once its burst is spent. */
const DELETION_WRITE_INTERVAL_MS = 100;

/** Consul's heartbeat period: LastHeartbeat stays null until one is due. */
const HEARTBEAT_PERIOD_MS = 15_000;

/**
 * The emulated peering stream: establish's secret exchange, the dialer's periodic stream calls that carry
 * exported services both ways, termination, and the acceptor's side of all three (its peer endpoint).
 */
export class PeerLink {
  engine!: PeeringEngine;
  private readonly dialers = new Map<string, NodeJS.Timeout>();
  private sweeper: NodeJS.Timeout | undefined;
  /** Aborted when the cluster goes down: its exchange and stream calls in flight die with it. */
  private life = new AbortController();
  /** Stream calls under way (a close waits for them, so that none lands after it). */
  private readonly inFlight = new Set<Promise<void>>();
  /** When true this cluster's peer traffic fails both ways (fault injection: a broken network link). */
  broken = false;

  constructor(
    private readonly timing: LinkTiming,
    private readonly exportsFor: (peerName: string) => ExportSnapshot,
  ) {
    this.startSweeper();
  }

  private startSweeper(): void {
    this.sweeper = setInterval(() => this.sweepAcceptors(), Math.max(20, this.timing.heartbeatMs));
    this.sweeper.unref();
  }

  /** Establish's synchronous secret exchange, retried against unreachable addresses for the establish window. */
  async exchangeSecret(targets: readonly string[], peerId: string, secret: string):
  Promise<{ ok: true; streamSecret: string } | { ok: false; reply: SimReply }> {
    const deadline = Date.now() + this.timing.establishTimeoutMs;
    const errors: string[] = [];
    for (;;) {
      for (const address of targets) {
        const result = this.broken ? { ok: false as const, error: `dial tcp ${address}: i/o timeout` }
          : await postToPeer(address, '/peering/exchange', { PeerID: peerId, EstablishmentSecret: secret }, 2_000, this.life.signal);
        if (this.life.signal.aborted) return { ok: false, reply: { status: 503, text: 'server stopped while exchanging the peering secret' } };
        if (result.ok && result.status === 200 && typeof result.json['StreamSecret'] === 'string') {
          return { ok: true, streamSecret: result.json['StreamSecret'] };
        }
        if (result.ok && result.status === 403) {
          return { ok: false, reply: { status: 403, text: 'a new peering token must be generated: invalid peering establishment secret' } };
        }
        const reason = result.ok ? String(result.json['error'] ?? 'unexpected answer') : result.error;
        // Consul's multierror gains one item per failed attempt.
        errors.push(`failed to exchange peering secret through address "${address}": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: ${reason}"`);
      }
      if (Date.now() >= deadline) return { ok: false, reply: { status: 503, text: multiError(errors) } };
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 100));
    }
  }

  /** Starts (or keeps) the dialer's stream loop for `record`. */
  startDialing(record: PeeringRecord): void {
    if (this.dialers.has(record.ID)) return;
    const tick = (): void => {
      const call = this.streamOnce(record).finally(() => this.inFlight.delete(call));
      this.inFlight.add(call);
    };
    const timer = setInterval(tick, this.timing.heartbeatMs);
    timer.unref();
    this.dialers.set(record.ID, timer);
    tick();
  }

  private stopDialing(id: string): void {
    clearInterval(this.dialers.get(id));
    this.dialers.delete(id);
  }

  private async streamOnce(record: PeeringRecord): Promise<void> {
    const engine = this.engine;
    if (engine.find(record.Name) !== record || record.streamSecret === undefined || record.state === 'DELETING' || record.state === 'TERMINATED') {
      this.stopDialing(record.ID);
      return;
    }
    const link = engine.links.get(record.ID) ?? newLinkStatus();
    engine.links.set(record.ID, link);
    const snapshot = this.exportsFor(record.Name);
    const exported = snapshot.names;
    const sentSecret = record.streamSecret;
    const address = link.connected && link.stream?.secret === sentSecret ? link.stream.address : dialAddress(record);
    const result = this.broken ? { ok: false as const, error: 'link broken' } : await postToPeer(address, '/peering/stream', {
      PeerID: record.PeerID, StreamSecret: sentSecret, Datacenter: engine.identity.datacenter,
      CA: [engine.identity.caPem], ExportedServices: exported, Catalog: { node: snapshot.node, instances: snapshot.instances },
    }, Math.max(500, this.timing.linkTimeoutMs));
    // A re-establish replaced the secret meanwhile: this answer is about the old stream.
    if (engine.find(record.Name) !== record || (record.state as string) === 'DELETING' || record.streamSecret !== sentSecret) return;
    const now = new Date();
    if (result.ok && result.status === 200 && result.json['terminated'] === true) {
      record.state = 'TERMINATED';
      link.connected = false;
      engine.touch(record);
      this.stopDialing(record.ID);
      return;
    }
    if (!result.ok || result.status !== 200) {
      if (link.connected || (result.ok && result.status !== 200)) {
        link.connected = false;
        link.lastError = result.ok ? String(result.json['error']) : result.error;
      }
      return;
    }
    const firstConnect = !link.connected && link.lastReceive === undefined;
    if (!link.connected) link.connectedAt = now; // a new stream: its heartbeats are due from now
    link.connected = true;
    link.stream = { address, secret: sentSecret };
    link.lastError = undefined;
    link.lastSend = now;
    link.lastReceive = now;
    this.heartbeat(link, now);
    link.exportedServices = exported;
    link.importedServices = Array.isArray(result.json['ExportedServices']) ? (result.json['ExportedServices'] as string[]) : [];
    this.importCatalog(link, result.json['Catalog']);
    const ca = result.json['CA'];
    if (firstConnect || (Array.isArray(ca) && JSON.stringify(ca) !== JSON.stringify(record.PeerCAPems))) {
      if (Array.isArray(ca)) record.PeerCAPems = ca as string[];
      engine.touch(record);
    }
  }

  /** Tells the acceptor that this dialer deleted the peering (best effort, like Consul's Terminated message). */
  async terminate(record: PeeringRecord): Promise<void> {
    this.stopDialing(record.ID);
    const link = this.engine.links.get(record.ID);
    const address = link?.connected === true && link.stream !== undefined ? link.stream.address : dialAddress(record);
    if (address === '' || record.streamSecret === undefined || this.broken) return;
    await postToPeer(address, '/peering/terminate', { PeerID: record.PeerID, StreamSecret: record.streamSecret }, 1_000);
  }

  /**
   * How long a deleted record stays DELETING: `deleteDelayMs` when set (a slowed deletion), else Consul's timing:
   * none, or, when `terminated` TERMINATED peerings keep the deletion routine's limiter (10 writes/s) drained, one
   * wait for a write per TERMINATED peering it re-checks first plus one for the deletion.
   */
  deletionDelayMs(terminated: number): number {
    if (this.timing.deleteDelayMs > 0) return this.timing.deleteDelayMs;
    return terminated === 0 ? 0 : (terminated + 1) * DELETION_WRITE_INTERVAL_MS;
  }

  /** Runs `remove` after `delayMs`. */
  scheduleRemoval(remove: () => void, delayMs: number): void {
    setTimeout(remove, delayMs).unref();
  }

  /**
   * Closes every stream this cluster dials, as the kernel does for a killed server's connections: each acceptor
   * sees its stream end at once (FAILING, LastReceive left at the last message). Best effort, bounded.
   */
  async closeStreams(): Promise<void> {
    const engine = this.engine;
    for (const id of [...this.dialers.keys()]) this.stopDialing(id);
    await this.settle();
    // Consul replicates each change at once; the emulator's periodic calls catch up before the streams end.
    const connected = [...engine.records.values()].filter((record) => record.role === 'dialer' && engine.links.get(record.ID)?.connected === true);
    await Promise.all(connected.map((record) => this.streamOnce(record)));
    const open = [...engine.records.values()].flatMap((record) => {
      const link = engine.links.get(record.ID);
      if (record.role !== 'dialer' || link?.connected !== true || link.stream === undefined) return [];
      link.connected = false;
      link.lastError = 'stream closed';
      return [{ record, address: link.stream.address, secret: link.stream.secret }];
    });
    if (this.broken) return;
    await Promise.all(open.map(({ record, address, secret }) =>
      postToPeer(address, '/peering/close', { PeerID: record.PeerID, StreamSecret: secret }, 500)));
  }

  /** Resolves once the stream calls under way have answered. */
  settle(): Promise<unknown> {
    return Promise.all([...this.inFlight]);
  }

  /** Starts again after {@link PeerLink.stop} (a restarted server): the acceptor sweep and every dialer's stream. */
  start(): void {
    if (this.life.signal.aborted) this.life = new AbortController();
    if (this.sweeper === undefined) this.startSweeper();
    const live = (record: PeeringRecord): boolean => record.streamSecret !== undefined && record.state !== 'DELETING' && record.state !== 'TERMINATED';
    for (const record of this.engine.records.values()) if (record.role === 'dialer' && live(record)) this.startDialing(record);
  }

  /** The acceptor's peer endpoint: `/peering/exchange`, `/peering/stream`, `/peering/terminate`, `/peering/close`. */
  handle(path: string, body: Record<string, unknown>): { status: number; json: Record<string, unknown> } {
    const engine = this.engine;
    const id = String(body['PeerID'] ?? '');
    const record = engine.findById(id);
    const live = record !== undefined && record.role === 'acceptor' && record.state !== 'DELETING' && record.state !== 'TERMINATED';
    if (path === '/peering/exchange') {
      if (!live || record.establishmentSecret === undefined || record.establishmentSecret !== body['EstablishmentSecret']) {
        return { status: 403, json: { error: 'invalid peering establishment secret' } };
      }
      record.establishmentSecret = undefined;
      record.previousStreamSecret = record.streamSecret;
      record.streamSecret = newUuid();
      engine.touch(record);
      return { status: 200, json: { StreamSecret: record.streamSecret } };
    }
    if (engine.tombstones.has(id) || (record !== undefined && !live)) return { status: 200, json: { terminated: true } };
    if (record === undefined) return { status: 400, json: { error: `initial subscription for unknown PeerID: ${id}` } };
    if (record.streamSecret !== undefined && body['StreamSecret'] === record.streamSecret) record.previousStreamSecret = undefined;
    const secretOk = record.streamSecret !== undefined
      && (body['StreamSecret'] === record.streamSecret || (record.previousStreamSecret !== undefined && body['StreamSecret'] === record.previousStreamSecret));
    if (!secretOk) {
      return { status: 403, json: { error: 'invalid peering stream secret' } };
    }
    if (path === '/peering/close') {
      // The dialer's connection ended (its server went away): FAILING at once, the stream times left as they were.
      const closed = engine.links.get(record.ID);
      if (closed !== undefined && closed.connected) Object.assign(closed, { connected: false, lastError: 'stream closed by the peer' });
      return { status: 200, json: {} };
    }
    if (path === '/peering/terminate') {
      record.state = 'TERMINATED';
      const link = engine.links.get(record.ID);
      if (link !== undefined) link.connected = false;
      engine.touch(record);
      return { status: 200, json: {} };
    }
    const link = engine.links.get(record.ID) ?? newLinkStatus();
    engine.links.set(record.ID, link);
    const now = new Date();
    const firstConnect = record.Remote.Datacenter === '';
    if (!link.connected) link.connectedAt = now; // a new stream: its heartbeats are due from now
    Object.assign(link, { connected: true, lastError: undefined, lastReceive: now, lastSend: now });
    this.heartbeat(link, now);
    link.importedServices = Array.isArray(body['ExportedServices']) ? (body['ExportedServices'] as string[]) : [];
    this.importCatalog(link, body['Catalog']);
    const snapshot = this.exportsFor(record.Name);
    link.exportedServices = snapshot.names;
    if (firstConnect) {
      record.Remote = { Partition: '', Datacenter: String(body['Datacenter'] ?? '') };
      if (Array.isArray(body['CA'])) record.PeerCAPems = body['CA'] as string[];
      engine.touch(record);
    }
    return {
      status: 200,
      json: { ExportedServices: link.exportedServices, Catalog: { node: snapshot.node, instances: snapshot.instances }, CA: [engine.identity.caPem] },
    };
  }

  /**
   * Consul's heartbeats: the first one 15 s after the stream opened, then every 15 s (LastHeartbeat null before; a
   * new stream after a broken one keeps the last value until its own first heartbeat).
   */
  private heartbeat(link: LinkStatus, now: Date): void {
    link.connectedAt ??= now;
    const since = Math.max(link.lastHeartbeat?.getTime() ?? 0, link.connectedAt.getTime());
    if (now.getTime() - since >= HEARTBEAT_PERIOD_MS) link.lastHeartbeat = now;
  }

  /** Stores what the peer exports here; a change is a catalog write on this cluster (new index). */
  private importCatalog(link: LinkStatus, raw: unknown): void {
    const catalog = raw as { node?: Record<string, unknown>; instances?: unknown } | undefined;
    if (catalog?.node === undefined || !Array.isArray(catalog.instances) || catalog.instances.length === 0) {
      if (link.imported !== undefined) this.engine.store.write('catalog');
      link.imported = undefined;
      return;
    }
    const previous = link.imported;
    if (previous !== undefined && JSON.stringify({ node: previous.node, instances: previous.instances }) === JSON.stringify(catalog)) return;
    link.imported = { node: catalog.node, instances: catalog.instances as NonNullable<LinkStatus['imported']>['instances'], index: this.engine.store.write('catalog') };
  }

  private sweepAcceptors(): void {
    const engine = this.engine as PeeringEngine | undefined;
    if (engine === undefined) return;
    const now = Date.now();
    for (const record of engine.records.values()) {
      const link = engine.links.get(record.ID);
      if (record.role !== 'acceptor' || link === undefined || !link.connected) continue;
      if (this.broken || now - (link.lastReceive?.getTime() ?? 0) > this.timing.linkTimeoutMs) {
        link.connected = false;
        link.lastError = 'stream heartbeat timed out';
      }
    }
  }

  /** Stops every timer. */
  stop(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    for (const id of [...this.dialers.keys()]) this.stopDialing(id);
    this.life.abort();
  }
}
