// The wait after an establish: polling the dialer's record until ACTIVE, telling a stale FAILING from a new one.
import { ConsulHttpError, ConsulNetworkError, ConsulTimeoutError } from '../../../consul/errors';
import { isRetryableStatus } from '../../../consul/retry';
import { PartialStateError, type OperationContext } from '../../lifecycle';
import { field, text } from '../../message';
import { parseDuration, poll } from '../../wait';
import { peeringResourceId, peeringScope } from '../peering-shared';
import type { PeeringInputs, PeeringState } from './schema';
import { FRESH_TOKEN, notReadState, toState } from './state';

/** The peering as Consul holds it now. */
export async function readOnce(context: OperationContext, inputs: PeeringInputs): Promise<PeeringState> {
  return toState(inputs, await context.client.readPeering(inputs.peerName, peeringScope(inputs.partition, context.signal)));
}

/**
 * How long FAILING may still be the old stream's state after an establish: a peering re-established in place (its
 * acceptor rebuilt, or a rotated token) reads FAILING until the new stream is up (seen on Consul 1.22.7 and the emulator).
 */
const STALE_FAILING_MS = 10_000;

/** A read the wait outlasts: Consul unreachable, timing out, or answering "try again" (a server restarting). */
export function isTransientReadFailure(error: unknown): boolean {
  if (error instanceof ConsulNetworkError || error instanceof ConsulTimeoutError) return true;
  return ConsulHttpError.isConsulHttpError(error) && isRetryableStatus(error.status, error.consulMessage);
}

/**
 * Polls until ACTIVE; TERMINATED fails at once, FAILING once it is the new stream's state (seen after another state, or
 * after {@link STALE_FAILING_MS}); the deadline keeps the state it reached. A read that fails transiently (the dialing
 * server restarting) is waited out, and the FAILING grace starts again when reads come back (its streams are new);
 * any failure keeps the established peering in partial state, so it is never orphaned.
 */
export async function waitForActive(context: OperationContext, inputs: PeeringInputs): Promise<PeeringState> {
  const timeout = inputs.activeTimeout;
  const timeoutMs = parseDuration(timeout) ?? 0;
  let started = Date.now();
  let movedOn = false;
  let last: PeeringState | undefined;
  context.log?.(`waiting up to ${timeout} for peering ${inputs.peerName} to become ACTIVE`);
  let unreadable = false;
  const partial = (message: ConstructorParameters<typeof PartialStateError>[0]): PartialStateError<PeeringState> => new PartialStateError(message, peeringResourceId(inputs), last ?? notReadState(inputs));
  return poll<PeeringState>(async () => {
    try {
      last = await readOnce(context, inputs);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (!isTransientReadFailure(error)) return { fail: partial(`peering "${inputs.peerName}" was established but could not be read while waiting for ACTIVE: ${reason}`) };
      unreadable = true;
      return { wait: `unreadable (${reason})` };
    }
    if (unreadable) [unreadable, movedOn, started] = [false, false, Date.now()];
    if (last.state === 'ACTIVE') return { done: last };
    if (last.state === 'FAILING' && !movedOn && Date.now() - started < STALE_FAILING_MS) return { wait: last.state };
    movedOn ||= last.state !== 'FAILING';
    if (last.state === 'FAILING' || last.state === 'TERMINATED' || last.state === 'DELETING') {
      const hint = last.state === 'FAILING' ? 'the dialing cluster cannot keep a connection to the accepting cluster\'s servers '
        + `(${last.peerServerAddresses.join(', ')}): check that they are reachable from here`
        : 'the accepting cluster deleted its side of the peering; ' + FRESH_TOKEN;
      return { fail: partial(`peering "${inputs.peerName}" became ${last.state} while waiting for ACTIVE: ${hint}`) };
    }
    return { wait: last.state };
  }, timeoutMs, (state) => partial(
    text`peering "${inputs.peerName}" was established but is still ${state} after ${timeout}; Consul keeps it and may still bring it up; raise ${
      field('activeTimeout')}, or set ${field('waitForActive')} = false`,
  ), { signal: context.signal });
}
