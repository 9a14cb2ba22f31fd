import { CoreError } from '../errors';
import { isNotFound } from '../../consul/errors';
import type { Peering } from '../../consul';
import type { Gone, OperationContext } from '../lifecycle';
import { parseDuration, poll } from '../wait';

/** Seconds a delete waits for Consul to finish removing a peering. */
const DELETE_TIMEOUT_MS = 60_000;

/** Call options for a peering in `partition` (omitted when unset: Consul CE rejects `?partition=`). */
export function peeringScope(partition: string | undefined, signal: AbortSignal | undefined) {
  return { ...(partition === undefined || partition === '' ? {} : { partition }), signal };
}

/** DELETING and TERMINATED peerings are gone: their other side has to start again with a new token. */
export function isGonePeering(peering: Pick<Peering, 'State' | 'DeletedAt'>): boolean {
  return isBeingDeleted(peering) || peering.State === 'TERMINATED';
}

/**
 * Deleted but still readable for a moment: DELETING, or (measured on Consul 1.22.7) an ACTIVE acceptor whose stream
 * is still open, read right after the DELETE, which keeps its state and carries `DeletedAt`.
 */
export function isBeingDeleted(peering: Pick<Peering, 'State' | 'DeletedAt'>): boolean {
  return peering.State === 'DELETING' || (peering.DeletedAt !== undefined && peering.DeletedAt !== '');
}

/**
 * Reads a peering; 404 and a peering being deleted become {@link Gone} with a reason naming `what`. A TERMINATED record is returned:
 * it stays until deleted, so the resource keeps it (its diff replaces it) and a destroy still removes it.
 */
export async function readPeeringOrGone(
  context: OperationContext, name: string, partition: string | undefined, what: string,
): Promise<Peering | Gone> {
  try {
    const peering = await context.client.readPeering(name, peeringScope(partition, context.signal));
    if (isBeingDeleted(peering)) {
      return { gone: true, reason: `${what} "${name}" is being deleted (${peering.State})` };
    }
    return peering;
  } catch (error) {
    if (isNotFound(error)) return { gone: true, reason: `${what} "${name}" does not exist` };
    throw error;
  }
}

/** When the last message from the peer arrived (the later of Consul's LastReceive and LastHeartbeat), or undefined. */
export function lastContact(peering: Pick<Peering, 'StreamStatus'>): Date | undefined {
  const times = [peering.StreamStatus?.LastReceive, peering.StreamStatus?.LastHeartbeat]
    .map((text) => (text === undefined || text === null ? Number.NaN : Date.parse(text)))
    .filter((time) => Number.isFinite(time) && time > Date.UTC(1, 0, 2)); // Go's zero time means never
  return times.length === 0 ? undefined : new Date(Math.max(...times));
}

/**
 * Why an acceptor record counts as lost to its peer: FAILING with no message from the peer for longer than `after`
 * (a dialing cluster rebuilt without its data never comes back on its own: its token was used once, so the acceptor
 * must generate a new one). Undefined while the peer may still come back (another state, a shorter silence, no
 * known last contact, `after` of 0), and when the current token was issued after the peer went silent (`issuedAt`:
 * it waits, unused, for the dialer).
 */
export function lostPeerReason(peering: Pick<Peering, 'Name' | 'State' | 'StreamStatus'>, after: string, issuedAt?: string, now = Date.now()): string | undefined {
  const limit = parseDuration(after) ?? 0;
  const last = lastContact(peering);
  if (peering.State !== 'FAILING' || limit <= 0 || last === undefined || now - last.getTime() <= limit) return undefined;
  const issued = issuedAt === undefined || issuedAt === '' ? Number.NaN : Date.parse(issuedAt);
  if (Number.isFinite(issued) && issued > last.getTime()) return undefined;
  const silent = Math.round((now - last.getTime()) / 1000);
  return `the acceptor side of the peering "${peering.Name}" has been FAILING with no message from its peer for ${silent} s `
    + `(since ${last.toISOString()}, more than ${after}): a new token will be generated in place, so that the dialing cluster, `
    + 'if it was rebuilt without its data, can establish again';
}

/** Polls until the peering is really gone (404), so that a new one of the same name can be created. */
export async function waitUntilPeeringGone(context: OperationContext, name: string, partition: string | undefined): Promise<void> {
  await poll(async () => {
    try {
      const peering = await context.client.readPeering(name, peeringScope(partition, context.signal));
      return { wait: peering.State };
    } catch (error) {
      if (isNotFound(error)) return { done: undefined };
      throw error;
    }
  }, DELETE_TIMEOUT_MS, (last) => new CoreError('delete_timeout', [`peering "${name}" was still ${last} ${DELETE_TIMEOUT_MS / 1000} s after it was deleted`], { peerName: name }), { signal: context.signal });
}

/** `NAME`, or `PARTITION/NAME` in a partition: the ID (and import ID) of a peering or a peering token. */
export function peeringResourceId(inputs: { readonly peerName: string; readonly partition?: string | undefined }): string {
  return inputs.partition === undefined || inputs.partition === '' ? inputs.peerName : `${inputs.partition}/${inputs.peerName}`;
}

/** `NAME` or `PARTITION/NAME` → [partition, name]. */
export function splitPeeringId(id: string): [string | undefined, string] {
  const at = id.indexOf('/');
  return at < 0 ? [undefined, id] : [id.slice(0, at), id.slice(at + 1)];
}

/** The replacement a TERMINATED peering needs (the other side ended it; the record only waits to be deleted). */
export function terminatedReplacement(state: string | undefined, remedy: string): { readonly field: string; readonly reason: string } | undefined {
  return state === 'TERMINATED' ? { field: 'state', reason: `the other side ended the peering (TERMINATED): ${remedy}` } : undefined;
}
