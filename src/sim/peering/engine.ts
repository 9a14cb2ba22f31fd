import { newUuid } from '../ids';
import type { SimStore } from '../store';
import { goTimeNow, newLinkStatus, type LinkStatus, type PeeringRecord } from './record';
import { decodePeeringToken, encodePeeringToken, peerNameError, peeringMetaError, validatePeeringToken } from './token';
import { decodeStrictBody, ESTABLISH_REQUEST, GENERATE_TOKEN_REQUEST } from './decode';
import type { PeerLink } from './link';

/** An HTTP answer of the emulator: JSON body, plain-text error, or empty body. */
export type SimReply = { status: number; json?: unknown; text?: string; empty?: true };

/** What the engine needs to know about its own cluster. */
export interface EngineIdentity {
  readonly datacenter: string;
  readonly caPem: string;
  readonly serverName: string;
  /** `127.0.0.1:PORT` of this cluster's peer endpoint (Consul's gRPC-TLS port). */
  readonly peerAddress: string;
}

/** The addresses a new token names as `ServerAddresses`, or Consul's error text (answered with 500). */
export type LocalServerAddresses = () => { ok: true; addresses: string[] } | { ok: false; message: string };

/** Checks ACLs at the point Consul does; returns the 403 reply or null. */
export type Authorize = () => SimReply | null;

const text = (status: number, message: string): SimReply => ({ status, text: message });

/** The peerings of one emulated cluster: token generation, establish, delete, and their stored records. */
export class PeeringEngine {
  readonly records = new Map<string, PeeringRecord>();
  readonly links = new Map<string, LinkStatus>();
  /** IDs of acceptor peerings deleted locally: a dialer that still calls is told "terminated". */
  readonly tombstones = new Set<string>();
  /** The token's server addresses: this cluster's peer endpoint, or its mesh gateways (see ./gateways.ts). */
  serverAddresses: LocalServerAddresses = () => ({ ok: true, addresses: [this.identity.peerAddress] });

  constructor(readonly identity: EngineIdentity, readonly store: SimStore, readonly link: PeerLink) {}

  /** The record named `name` (case-insensitive, like Consul's lookup). */
  find(name: string): PeeringRecord | undefined {
    return this.records.get(name.toLowerCase());
  }

  /** The acceptor-side record with this ID. */
  findById(id: string): PeeringRecord | undefined {
    return [...this.records.values()].find((record) => record.ID === id);
  }

  /** Marks a record changed: new ModifyIndex, blocking readers woken. */
  touch(record: PeeringRecord): void {
    record.ModifyIndex = this.store.write('peerings');
  }

  /** `POST /v1/peering/token`. */
  generateToken(bodyText: string, authorize: Authorize): SimReply {
    const decoded = decodeStrictBody(bodyText, GENERATE_TOKEN_REQUEST);
    if (!decoded.ok) return text(400, decoded.message);
    const { PeerName, Partition, Meta, ServerExternalAddresses } = decoded.fields as {
      PeerName?: string; Partition?: string; Meta?: Record<string, string>; ServerExternalAddresses?: string[];
    };
    if (PeerName === undefined || PeerName === '') return text(400, 'PeerName is required in the payload when generating a new peering token.');
    if (Partition !== undefined && Partition !== '' && Partition.toLowerCase() !== 'default') return text(500, 'Partitions are a Consul Enterprise feature');
    const nameError = peerNameError(PeerName) ?? peeringMetaError(Meta);
    if (nameError !== null) return text(500, nameError);
    const denied = authorize();
    if (denied !== null) return denied;

    let record = this.find(PeerName);
    if (record !== undefined && record.role === 'dialer') {
      return text(500, `cannot create peering with name: "${PeerName}"; there is already an established peering`);
    }
    const secret = newUuid();
    if (record === undefined) {
      const index = this.store.write('peerings');
      record = {
        ID: newUuid(), Name: PeerName, Meta, state: 'PENDING', DeletedAt: undefined, role: 'acceptor',
        PeerID: undefined, PeerCAPems: undefined, PeerServerName: undefined, PeerServerAddresses: undefined,
        manualServerAddresses: undefined, Remote: { Partition: '', Datacenter: '' }, CreateIndex: index, ModifyIndex: index,
        establishmentSecret: secret, streamSecret: undefined,
      };
      this.records.set(PeerName.toLowerCase(), record);
    } else if (record.state === 'PENDING') {
      // Rotation: same ID, new one-time secret; an active link keeps its stream secret.
      record.establishmentSecret = secret;
      this.touch(record);
    }
    // A DELETING or TERMINATED acceptor is left as it is (Consul's write is a no-op): the token is never usable.
    // Consul reads the addresses after that write: a failure leaves the new (or re-secreted) PENDING peering behind.
    const servers = this.serverAddresses();
    if (!servers.ok) return text(500, servers.message);
    const token = encodePeeringToken({
      CA: [this.identity.caPem],
      ManualServerAddresses: ServerExternalAddresses === undefined || ServerExternalAddresses.length === 0 ? null : ServerExternalAddresses,
      ServerAddresses: servers.addresses,
      ServerName: this.identity.serverName,
      PeerID: record.ID,
      EstablishmentSecret: secret,
      Remote: { Partition: '', Datacenter: this.identity.datacenter, Locality: null },
    });
    return { status: 200, json: { PeeringToken: token } };
  }

  /** `POST /v1/peering/establish`: first write, then the synchronous secret exchange with the acceptor. */
  async establish(bodyText: string, authorize: Authorize): Promise<SimReply> {
    const decoded = decodeStrictBody(bodyText, ESTABLISH_REQUEST);
    if (!decoded.ok) return text(400, decoded.message);
    const { PeerName, PeeringToken, Meta } = decoded.fields as {
      PeerName?: string; PeeringToken?: string; Meta?: Record<string, string>;
    };
    if (PeerName === undefined || PeerName === '') return text(400, 'PeerName is required in the payload when establishing a peering.');
    if (PeeringToken === undefined || PeeringToken === '') return text(400, 'PeeringToken is required in the payload when establishing a peering.');
    // CE 1.22.7 ignores the establish body's Partition (any value): the peering is created in the only partition.
    const nameError = peerNameError(PeerName);
    if (nameError !== null) return text(500, nameError);
    const tokenResult = decodePeeringToken(PeeringToken);
    if (!tokenResult.ok) return text(500, tokenResult.message);
    const token = tokenResult.token;
    const invalid = validatePeeringToken(token) ?? peeringMetaError(Meta);
    if (invalid !== null) return text(500, invalid);
    const denied = authorize();
    if (denied !== null) return denied;
    if (token.ServerName === this.identity.serverName) {
      return text(500, `cannot create a peering within the same cluster "${this.identity.serverName}". Refer to the \`exported-services\` documentation if you want to export between partitions without peering`);
    }
    let record = this.find(PeerName);
    if (record?.role === 'acceptor') {
      return text(500, `cannot create peering with name: "${PeerName}"; there is an existing peering expecting to be dialed`);
    }
    if (record?.state === 'DELETING') return text(500, 'failed to write peering: cannot write to peering that is marked for deletion');

    const index = this.store.write('peerings');
    const fields = {
      PeerID: token.PeerID, PeerCAPems: token.CA ?? undefined, PeerServerName: token.ServerName,
      manualServerAddresses: token.ManualServerAddresses ?? undefined,
      Remote: { Partition: token.Remote?.Partition ?? '', Datacenter: token.Remote?.Datacenter ?? '' }, Meta,
    };
    if (record === undefined) {
      record = {
        ID: newUuid(), Name: PeerName, state: 'PENDING', DeletedAt: undefined, role: 'dialer', CreateIndex: index, ModifyIndex: index,
        PeerServerAddresses: token.ServerAddresses ?? undefined, establishmentSecret: undefined, streamSecret: undefined, ...fields,
      };
      this.records.set(PeerName.toLowerCase(), record);
    } else {
      const connected = this.links.get(record.ID)?.connected === true;
      Object.assign(record, fields, connected ? {} : { PeerServerAddresses: token.ServerAddresses ?? undefined });
      if (record.state === 'TERMINATED') record.state = 'PENDING';
      record.ModifyIndex = index;
    }

    const targets = record.manualServerAddresses ?? record.PeerServerAddresses ?? [];
    const exchange = await this.link.exchangeSecret(targets, token.PeerID ?? '', token.EstablishmentSecret ?? '');
    if (!exchange.ok) return exchange.reply;
    record.streamSecret = exchange.streamSecret;
    if (record.state === 'PENDING') record.state = 'ESTABLISHING';
    this.touch(record);
    if (!this.links.has(record.ID)) this.links.set(record.ID, newLinkStatus());
    this.link.startDialing(record);
    return { status: 200, json: {} };
  }

  /**
   * `DELETE /v1/peering/:name`: the record becomes DELETING (Consul writes it with only its ID, name, addresses and
   * Remote, and DeletedAt now), the peer is told, and the leader's deletion routine removes it. That routine
   * applies at most 10 writes a second, and while any TERMINATED peering exists it spends them all re-checking
   * it: then DELETING stays readable for a moment; otherwise the record is gone before the DELETE answer.
   */
  async delete(name: string, authorize: Authorize): Promise<SimReply> {
    const denied = authorize();
    if (denied !== null) return denied;
    const record = this.find(name);
    if (record === undefined || record.state === 'DELETING') return { status: 200, empty: true };
    const drained = [...this.records.values()].filter((other) => other.state === 'TERMINATED').length;
    const link = this.links.get(record.ID);
    if (record.role === 'acceptor') this.tombstones.add(record.ID);
    else await this.link.terminate(record);
    record.state = 'DELETING';
    record.DeletedAt = goTimeNow();
    Object.assign(record, { Meta: undefined, PeerID: undefined, PeerCAPems: undefined, PeerServerName: undefined });
    record.establishmentSecret = undefined;
    record.streamSecret = undefined;
    // The dialer closed its stream; an acceptor's stream stays open until the record is gone.
    if (link !== undefined && record.role === 'dialer') link.connected = false;
    this.touch(record);
    const remove = (): void => {
      if (this.records.get(record.Name.toLowerCase()) !== record) return;
      this.records.delete(record.Name.toLowerCase());
      this.links.delete(record.ID);
      this.store.write('peerings');
    };
    const delayMs = this.link.deletionDelayMs(drained);
    if (delayMs === 0) remove();
    else this.link.scheduleRemoval(remove, delayMs);
    return { status: 200, empty: true };
  }
}
