// A Peering's state as Consul shows it: the record read back, with what Consul never returns taken from the inputs.
import type { Peering } from '../../../consul';
import { defaultOf } from '../../schema';
import { FINGERPRINT_META_KEY, peeringSchema, type PeeringInputs, type PeeringState } from './schema';

/** The remedy for a peering whose acceptor side is gone. */
export const FRESH_TOKEN = 'establishing it again needs a fresh peering token from the accepting cluster';

/** Consul's meta without the fingerprint key this resource adds, and that fingerprint. */
function splitMeta(meta: Readonly<Record<string, string>> | undefined): { meta: Record<string, string> | undefined; fingerprint: string } {
  if (meta === undefined) return { meta: undefined, fingerprint: '' };
  const { [FINGERPRINT_META_KEY]: fingerprint, ...rest } = meta;
  return { meta: Object.keys(rest).length === 0 && fingerprint !== undefined ? undefined : rest, fingerprint: fingerprint ?? '' };
}

/** Peering state from Consul's record and the inputs Consul never returns. */
export function toState(inputs: PeeringInputs, peering: Peering): PeeringState {
  const stream = peering.StreamStatus;
  const { meta, fingerprint } = splitMeta(peering.Meta);
  return {
    ...inputs,
    meta,
    tokenFingerprint: fingerprint,
    state: peering.State,
    peerId: peering.PeerID ?? '',
    peerServerName: peering.PeerServerName ?? '',
    peerServerAddresses: peering.PeerServerAddresses ?? [],
    peerCaPems: peering.PeerCAPems ?? [],
    remoteDatacenter: peering.Remote.Datacenter,
    remotePartition: peering.Remote.Partition,
    importedServices: stream.ImportedServices ?? [],
    exportedServices: stream.ExportedServices ?? [],
    lastHeartbeat: stream.LastHeartbeat ?? '',
  };
}

/**
 * A peering read from Consul as Peering state: `prior` supplies what Consul never returns (the token, the wait
 * settings). Used by read and by adapters that list peerings (one request instead of one per peering).
 */
export function peeringStateFromConsul(found: Peering, prior: Partial<PeeringInputs> | undefined, partition: string | undefined): PeeringState {
  const inputs: PeeringInputs = {
    waitForActive: defaultOf(peeringSchema, 'waitForActive'), activeTimeout: defaultOf(peeringSchema, 'activeTimeout'), ...prior, peerName: found.Name, peeringToken: prior?.peeringToken ?? '',
    ...(partition === undefined ? {} : { partition }),
  };
  return toState(inputs, found);
}

/** The state of a peering established but never read back (the wait ended before its first read). */
export function notReadState(inputs: PeeringInputs): PeeringState {
  return {
    ...inputs, tokenFingerprint: '', state: '', peerId: '', peerServerName: '', peerServerAddresses: [], peerCaPems: [],
    remoteDatacenter: '', remotePartition: '', importedServices: [], exportedServices: [], lastHeartbeat: '',
  };
}
