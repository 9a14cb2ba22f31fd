// Establishing a peering on the dialing cluster: the POST is not idempotent (a token works once), so a failed one is
// never resent blindly; what Consul holds under the name afterwards decides.
import { ConsulHttpError, ConsulNetworkError, ConsulTimeoutError, isNotFound } from '../../../consul/errors';
import { CoreError } from '../../errors';
import { makeIssue, ValidationError } from '../../issues';
import type { OperationContext } from '../../lifecycle';
import { field, text } from '../../message';
import { openToken, PASSPHRASE_ENV, TokenSealError, tokenFacts } from '../../token-text';
import { isUnknown } from '../../unknown';
import { poll } from '../../wait';
import { peeringScope, waitUntilPeeringGone } from '../peering-shared';
import { isTransientReadFailure, readOnce, waitForActive } from './active-wait';
import { FINGERPRINT_META_KEY, peeringSchema, type PeeringInputs, type PeeringState } from './schema';

/** Consul's texts that call for a specific remedy; matched here, once, so adapters never parse messages. */
const isRejectedSecret = (error: unknown): boolean =>
  ConsulHttpError.isConsulHttpError(error) && error.status === 403 && error.consulMessage.includes('a new peering token must be generated');
const isExchangeFailure = (error: unknown): boolean =>
  ConsulHttpError.isConsulHttpError(error) && error.status >= 500 && error.consulMessage.includes('failed to exchange peering secret');
const isMarkedForDeletion = (error: unknown): boolean =>
  ConsulHttpError.isConsulHttpError(error) && error.consulMessage.includes('marked for deletion');
const isLostInTransit = (error: unknown): boolean => error instanceof ConsulNetworkError || error instanceof ConsulTimeoutError;
/** The acceptor addresses Consul says it could not reach (`... through address "H:P": ...`), each once. */
const unreachableAddresses = (error: ConsulHttpError): string[] => [...new Set([...error.consulMessage.matchAll(/through address "([^"]+)"/g)].map((match) => match[1] ?? ''))];

/** Consul's token from the (maybe sealed) configured one; a seal problem is a validation error on the token attribute. */
async function consulToken(context: OperationContext, tokenText: string): Promise<string> {
  try {
    return await openToken(tokenText, context.tokenSealing?.passphrase, context.tokenSealing?.setting ?? PASSPHRASE_ENV);
  } catch (error) {
    if (!(error instanceof TokenSealError)) throw error;
    throw new ValidationError(peeringSchema.className, [makeIssue('invalid_value', ['peeringToken'], error.message)]);
  }
}

/** How long an establish whose answer was lost (the dialing server restarting) waits for the peering to be readable; then its error stands. */
const LOST_ANSWER_WAIT_MS = 60_000;
/** The same after an error answer (the cluster, or a proxy in front of it, answered): it is up, so a short wait. */
const ANSWERED_WAIT_MS = 10_000;

/**
 * After a failed establish POST, what Consul holds under the name: `established` with this token's fingerprint (the
 * POST was committed and its answer lost, or replaced by a proxy's 5xx: ours, never orphaned); `half` written (PENDING
 * on the dialer: Consul 1.22.7 writes that record before exchanging the token's secret with the acceptor); or `absent`
 * (nothing was written, or another token's peering).
 */
async function heldAfterFailure(context: OperationContext, inputs: PeeringInputs, fingerprint: string, failure: unknown, waitMs: number): Promise<'established' | 'half' | 'absent'> {
  if (fingerprint === '') return 'absent';
  return poll<'established' | 'half' | 'absent'>(async () => {
    try {
      const found = await context.client.readPeering(inputs.peerName, peeringScope(inputs.partition, context.signal));
      if (found.Meta?.[FINGERPRINT_META_KEY] !== fingerprint || found.State === 'DELETING' || found.State === 'TERMINATED') return { done: 'absent' };
      return { done: found.State === 'PENDING' ? 'half' : 'established' };
    } catch (error) {
      if (isNotFound(error)) return { done: 'absent' };
      return isTransientReadFailure(error) ? { wait: 'unreadable' } : { fail: error as Error };
    }
  }, waitMs, () => failure as Error, { signal: context.signal });
}

/** Deletes the peering under the name and waits until it is gone (already gone is fine). */
async function deleteAndWait(context: OperationContext, inputs: PeeringInputs): Promise<void> {
  try {
    await context.client.deletePeering(inputs.peerName, peeringScope(inputs.partition, context.signal));
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await waitUntilPeeringGone(context, inputs.peerName, inputs.partition);
}

/**
 * Before a token of ANOTHER acceptor peering (another peer ID: the accepting cluster was rebuilt, or its side deleted and
 * generated again) is established over the dialer's record, that record is deleted and gone. Established in place,
 * Consul 1.22.7 can keep dialing with the old stream secret: its stream restarts only when no attempt is connected at
 * the moment the record changes, so the peering may stay FAILING ("invalid peering stream secret") until some other
 * peering write. A new record gets a new stream. A token of the same acceptor peering (a rotation) is established in
 * place, so its stream is never interrupted.
 */
export async function removeRecordOfOtherAcceptor(context: OperationContext, state: Partial<PeeringState>, inputs: PeeringInputs): Promise<void> {
  const tokenPeerId = isUnknown(inputs.peeringToken) ? undefined : tokenFacts(inputs.peeringToken)?.peerId;
  if (state.peerId === undefined || state.peerId === '' || tokenPeerId === undefined || tokenPeerId === '' || tokenPeerId === state.peerId) return;
  context.log?.(`peering ${inputs.peerName} was established with another acceptor peering (${state.peerId}; the token is for ${tokenPeerId}): deleting it before establishing the new one`);
  await deleteAndWait(context, inputs);
}

/** The error a failed establish reports, after what it left behind is gone: Consul's remedies spelled out, others as they are. */
function explainedFailure(inputs: PeeringInputs, error: unknown): unknown {
  if (isExchangeFailure(error)) {
    const addresses = unreachableAddresses(error as ConsulHttpError).join(', ');
    return new CoreError('acceptor_unreachable', text`the dialing cluster could not reach the accepting cluster's servers (${addresses}) to establish peering "${
      inputs.peerName}"; the token is still unused and nothing was left behind: check that those addresses (the token's server addresses, or its ${
      field('serverExternalAddresses')}) are reachable from the dialing cluster's servers, and apply again`,
    { peerName: inputs.peerName }, { cause: error });
  }
  if (isRejectedSecret(error)) {
    return new CoreError('token_rejected', [`Consul refused the peering token for "${inputs.peerName}": it was already used or a newer token replaced it `
      + '(a peering token works once). Generate a new token on the accepting cluster (re-create or rotate its PeeringToken) and apply again.'],
    { peerName: inputs.peerName }, { cause: error });
  }
  return error;
}

/**
 * POST establish (after a leftover DELETING record of the name is gone), then wait for ACTIVE if asked. A failed POST is
 * settled by reading the name back, never resent blindly. Established with this token (the answer lost in transit or
 * replaced by a proxy's 5xx, or a 403 because this very record already used it) → the wait. Lost in transit and not
 * established → a half-written record deleted, and established once more with the still unused token. An answered
 * error → the PENDING record Consul keeps of this token deleted (it never comes up, and its fingerprint would make the
 * next plan empty), and the error explained.
 */
export async function establish(context: OperationContext, inputs: PeeringInputs): Promise<PeeringState> {
  const scope = peeringScope(inputs.partition, context.signal);
  const fingerprint = tokenFacts(inputs.peeringToken)?.fingerprint ?? '';
  const body = {
    PeerName: inputs.peerName, PeeringToken: await consulToken(context, inputs.peeringToken), Meta: { ...inputs.meta, [FINGERPRINT_META_KEY]: fingerprint },
  };
  const post = async (): Promise<void> => {
    try {
      await context.client.establishPeering(body, scope);
    } catch (error) {
      if (!isMarkedForDeletion(error)) throw error;
      context.log?.(`peering ${inputs.peerName} is still being deleted; waiting for it to be gone`);
      await waitUntilPeeringGone(context, inputs.peerName, inputs.partition);
      await context.client.establishPeering(body, scope);
    }
  };
  try {
    try {
      await post();
    } catch (error) {
      if (!isLostInTransit(error)) throw error;
      const found = await heldAfterFailure(context, inputs, fingerprint, error, LOST_ANSWER_WAIT_MS);
      context.log?.(`peering ${inputs.peerName}: the answer to establish was lost; Consul holds it ${found === 'half' ? 'half written' : found}`);
      if (found === 'half') await deleteAndWait(context, inputs);
      if (found !== 'established') await post();
    }
  } catch (error) {
    if (!ConsulHttpError.isConsulHttpError(error) || (error.status < 500 && !isRejectedSecret(error))) throw error;
    const found = await heldAfterFailure(context, inputs, fingerprint, error, ANSWERED_WAIT_MS);
    if (found !== 'established') {
      if (found === 'half') await deleteAndWait(context, inputs);
      throw explainedFailure(inputs, error);
    }
    context.log?.(`peering ${inputs.peerName}: Consul answered ${error.status} to establish, but holds the peering established with this token`);
  }
  return inputs.waitForActive === false ? readOnce(context, inputs) : waitForActive(context, inputs);
}
