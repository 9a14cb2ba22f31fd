import { ConsulHttpError, ConsulNetworkError, ConsulTimeoutError, isNotFound } from '../../../consul/errors';
import { diffBySchema } from '../../diff';
import { isIssue, parseImportParts } from '../../import-id';
import { CoreError } from '../../errors';
import { makeIssue, ValidationError } from '../../issues';
import { checkBySchema } from '../../check';
import { inputsForApply, isGone, type DefinitionOf, type OperationContext } from '../../lifecycle';
import { field, text } from '../../message';
import { openToken, PASSPHRASE_ENV, TokenSealError, tokenFacts } from '../../token-text';
import { isUnknown } from '../../unknown';
import { poll } from '../../wait';
import { peeringResourceId, peeringScope, readPeeringOrGone, splitPeeringId, terminatedReplacement, waitUntilPeeringGone } from '../peering-shared';
import { isTransientReadFailure, readOnce, waitForActive } from './active-wait';
import { FINGERPRINT_META_KEY, peeringSchema, type PeeringInputs, type PeeringState } from './schema';
import { FRESH_TOKEN, peeringStateFromConsul } from './state';
import { validatePeering } from './validate';

/** Consul's texts that call for a specific remedy; matched here, once, so adapters never parse messages. */
const isRejectedSecret = (error: unknown): boolean =>
  ConsulHttpError.isConsulHttpError(error) && error.status === 403 && error.consulMessage.includes('a new peering token must be generated');
const isExchangeFailure = (error: unknown): boolean =>
  ConsulHttpError.isConsulHttpError(error) && error.status >= 500 && error.consulMessage.includes('failed to exchange peering secret');
/** The acceptor addresses Consul says it could not reach (`... through address "H:P": ...`), each once. */
const unreachableAddresses = (error: ConsulHttpError): string[] => [...new Set([...error.consulMessage.matchAll(/through address "([^"]+)"/g)].map((match) => match[1] ?? ''))];
const isMarkedForDeletion = (error: unknown): boolean =>
  ConsulHttpError.isConsulHttpError(error) && error.consulMessage.includes('marked for deletion');

/**
 * Whether `token` needs a new establish of the peering `state` describes. Unknown: yes. Otherwise by fingerprint (kept in
 * Consul in the dialer's meta, so an import knows it too); a peering established by other tools has none, and then
 * only a token of another acceptor peering (another peer ID) counts as new — the configured one is adopted.
 */
export function tokenChanges(state: Partial<PeeringState>, token: unknown): boolean {
  if (isUnknown(token)) return true;
  if (typeof token !== 'string' || token === '') return false;
  const facts = tokenFacts(token);
  if (facts === undefined) return true;
  if (state.tokenFingerprint !== undefined && state.tokenFingerprint !== '') return facts.fingerprint !== state.tokenFingerprint;
  if (state.peeringToken !== undefined && state.peeringToken !== '') return facts.fingerprint !== tokenFacts(state.peeringToken)?.fingerprint;
  return facts.peerId !== state.peerId;
}

/** Consul's token from the (maybe sealed) configured one; a seal problem is a validation error on the token attribute. */
async function consulToken(context: OperationContext, text: string): Promise<string> {
  try {
    return await openToken(text, context.tokenSealing?.passphrase, context.tokenSealing?.setting ?? PASSPHRASE_ENV);
  } catch (error) {
    if (!(error instanceof TokenSealError)) throw error;
    throw new ValidationError(peeringSchema.className, [makeIssue('invalid_value', ['peeringToken'], error.message)]);
  }
}

/** How long an establish whose answer was lost (the dialing server restarting) waits for the peering to be readable; then its error stands. */
const LOST_ANSWER_WAIT_MS = 60_000;

/**
 * After an establish POST failed in transit (not retried blindly: it is not idempotent), what Consul holds under the
 * name: `established` with this token's fingerprint (committed, then the server went away: ours, never orphaned);
 * `half` written (PENDING on the dialer: Consul 1.22.7 writes that record before exchanging the token's secret with
 * the acceptor, so the token is still unused); or `absent` (nothing was written, or another token's peering).
 */
async function afterLostAnswer(context: OperationContext, inputs: PeeringInputs, fingerprint: string, lost: unknown): Promise<'established' | 'half' | 'absent'> {
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
  }, LOST_ANSWER_WAIT_MS, () => lost as Error, { signal: context.signal });
}

/**
 * Consul writes the dialer's PENDING record before the acceptor checks the token, and keeps it when the token is
 * refused or the acceptor cannot be reached: a record of this token that never comes up (and whose fingerprint would
 * make the next plan empty). It is deleted, so a failed establish leaves nothing behind.
 */
async function removeOwnPendingRecord(context: OperationContext, inputs: PeeringInputs, fingerprint: string): Promise<void> {
  const scope = peeringScope(inputs.partition, context.signal);
  try {
    const left = await context.client.readPeering(inputs.peerName, scope);
    if (fingerprint === '' || left.State !== 'PENDING' || left.Meta?.[FINGERPRINT_META_KEY] !== fingerprint) return;
    await context.client.deletePeering(inputs.peerName, scope);
    await waitUntilPeeringGone(context, inputs.peerName, inputs.partition);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/**
 * Before a token of ANOTHER acceptor peering (another peer ID: the accepting cluster was rebuilt, or its side deleted and
 * generated again) is established over the dialer's record, that record is deleted and gone. Established in place,
 * Consul 1.22.7 can keep dialing with the old stream secret: its stream restarts only when no attempt is connected at
 * the moment the record changes, so the peering may stay FAILING ("invalid peering stream secret") until some other
 * peering write. A new record gets a new stream. A token of the same acceptor peering (a rotation) is established in
 * place, so its stream is never interrupted.
 */
async function removeRecordOfOtherAcceptor(context: OperationContext, state: Partial<PeeringState>, inputs: PeeringInputs): Promise<void> {
  const tokenPeerId = isUnknown(inputs.peeringToken) ? undefined : tokenFacts(inputs.peeringToken)?.peerId;
  if (state.peerId === undefined || state.peerId === '' || tokenPeerId === undefined || tokenPeerId === '' || tokenPeerId === state.peerId) return;
  context.log?.(`peering ${inputs.peerName} was established with another acceptor peering (${state.peerId}; the token is for ${tokenPeerId}): deleting it before establishing the new one`);
  try {
    await context.client.deletePeering(inputs.peerName, peeringScope(inputs.partition, context.signal));
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await waitUntilPeeringGone(context, inputs.peerName, inputs.partition);
}

/**
 * POST establish (after a leftover DELETING record of the name is gone), then wait for ACTIVE if asked. A POST lost in
 * transit is settled by reading the name back: established → the wait; half written → deleted, and established once
 * more with the same (still unused) token; absent → established once more.
 */
async function establish(context: OperationContext, inputs: PeeringInputs): Promise<PeeringState> {
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
      // Only a lost answer is settled by reading back: an HTTP error (503, 429) is Consul's answer, and the POST is not idempotent.
      if (!(error instanceof ConsulNetworkError || error instanceof ConsulTimeoutError)) throw error;
      const found = await afterLostAnswer(context, inputs, fingerprint, error);
      context.log?.(`peering ${inputs.peerName}: the answer to establish was lost; Consul holds it ${found === 'half' ? 'half written' : found}`);
      if (found === 'half') {
        await context.client.deletePeering(inputs.peerName, scope);
        await waitUntilPeeringGone(context, inputs.peerName, inputs.partition);
      }
      if (found !== 'established') await post();
    }
  } catch (error) {
    if (isExchangeFailure(error)) {
      await removeOwnPendingRecord(context, inputs, fingerprint);
      const addresses = unreachableAddresses(error as ConsulHttpError).join(', ');
      throw new CoreError('acceptor_unreachable', text`the dialing cluster could not reach the accepting cluster's servers (${addresses}) to establish peering "${
        inputs.peerName}"; the token is still unused and nothing was left behind: check that those addresses (the token's server addresses, or its ${
        field('serverExternalAddresses')}) are reachable from the dialing cluster's servers, and apply again`,
      { peerName: inputs.peerName }, { cause: error });
    }
    if (!isRejectedSecret(error)) throw error;
    await removeOwnPendingRecord(context, inputs, fingerprint);
    throw new CoreError('token_rejected', [`Consul refused the peering token for "${inputs.peerName}": it was already used or a newer token replaced it `
      + '(a peering token works once). Generate a new token on the accepting cluster (re-create or rotate its PeeringToken) and apply again.'],
    { peerName: inputs.peerName }, { cause: error });
  }
  return inputs.waitForActive === false ? readOnce(context, inputs) : waitForActive(context, inputs);
}

/**
 * Peering lifecycle. Requests per operation: create 1 POST establish + polling GETs until ACTIVE (1 GET with
 * wait_for_active = false); read 1 GET; update with a new token like create (a token of another acceptor peering: first
 * 1 DELETE + polling GETs until 404), other updates none; delete 1 DELETE + polling GETs until 404.
 */
export const peering: DefinitionOf<typeof peeringSchema> = {
  schema: peeringSchema,

  check: (raw) => checkBySchema(peeringSchema, raw, validatePeering),

  diff(state, inputs) {
    const base = diffBySchema(peeringSchema, state, inputs);
    // The token is compared by fingerprint (Terraform never stores it; an import has none), not as text.
    const newToken = tokenChanges(state, inputs.peeringToken);
    const changed = [...base.changed.filter((field) => field !== 'peeringToken'), ...(newToken ? ['peeringToken'] : [])];
    const terminated = terminatedReplacement(state.state, `it is deleted and established again (${FRESH_TOKEN})`);
    const issues = changed.includes('meta') && !newToken && terminated === undefined
      ? [makeIssue('unsupported_change', ['meta'], text`meta can only change together with a new ${field('peeringToken')} (tokens are single-use); rotate the token on the accepting cluster`)]
      : [];
    if (terminated === undefined) return { ...base, changed, issues };
    return { ...base, changed: [...changed, 'state'], replace: [...base.replace, terminated], deleteBeforeReplace: true, issues };
  },

  id: peeringResourceId,

  create: async (context, raw) => establish(context, inputsForApply(peeringSchema.className, peering.check, raw)),

  async read(context, id, prior) {
    const [partition, name] = splitPeeringId(id);
    const found = await readPeeringOrGone(context, name, partition, 'the peering');
    if (isGone(found)) return { gone: true, reason: `${found.reason}; ${FRESH_TOKEN}` };
    return peeringStateFromConsul(found, prior, partition);
  },

  async update(context, state, raw) {
    const inputs = inputsForApply(peeringSchema.className, peering.check, raw);
    if (!tokenChanges(state, inputs.peeringToken)) return { ...state, ...inputs, meta: state.meta, tokenFingerprint: state.tokenFingerprint ?? '' };
    await removeRecordOfOtherAcceptor(context, state, inputs);
    return establish(context, inputs);
  },

  async delete(context, state) {
    await context.client.deletePeering(state.peerName, peeringScope(state.partition, context.signal));
    await waitUntilPeeringGone(context, state.peerName, state.partition);
  },

  permissions: (_inputs, access) => [{ resource: 'peering', access, field: 'peerName' }],

  parseImportId(id) {
    const parts = parseImportParts(id, peeringSchema.importIdForms);
    if (isIssue(parts)) return parts;
    const [partition, name] = parts.length === 1 ? [undefined, parts[0] ?? ''] : [parts[0], parts[1] ?? ''];
    return { id, prior: { peerName: name, ...(partition === undefined ? {} : { partition }) } };
  },
};
