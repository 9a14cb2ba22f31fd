import { ConsulHttpError, ConsulNetworkError, ConsulTimeoutError, isNotFound } from '../../../consul/errors';
import { isRetryableStatus } from '../../../consul/retry';
import type { Peering } from '../../../consul';
import { diffBySchema } from '../../diff';
import { isIssue, parseImportParts } from '../../import-id';
import { CoreError } from '../../errors';
import { makeIssue, ValidationError } from '../../issues';
import { checkBySchema } from '../../check';
import { inputsForApply, isGone, PartialStateError, type DefinitionOf, type OperationContext } from '../../lifecycle';
import { field, text } from '../../message';
import { defaultOf } from '../../schema';
import { openToken, PASSPHRASE_ENV, TokenSealError, tokenFacts } from '../../token-text';
import { isUnknown } from '../../unknown';
import { parseDuration, poll } from '../../wait';
import { peeringResourceId, peeringScope, readPeeringOrGone, splitPeeringId, terminatedReplacement, waitUntilPeeringGone } from '../peering-shared';
import { FINGERPRINT_META_KEY, peeringSchema, type PeeringInputs, type PeeringState } from './schema';
import { validatePeering } from './validate';

const FRESH_TOKEN = 'establishing it again needs a fresh peering token from the accepting cluster';

/** Consul's meta without the fingerprint key this resource adds, and that fingerprint. */
function splitMeta(meta: Readonly<Record<string, string>> | undefined): { meta: Record<string, string> | undefined; fingerprint: string } {
  if (meta === undefined) return { meta: undefined, fingerprint: '' };
  const { [FINGERPRINT_META_KEY]: fingerprint, ...rest } = meta;
  return { meta: Object.keys(rest).length === 0 && fingerprint !== undefined ? undefined : rest, fingerprint: fingerprint ?? '' };
}

function toState(inputs: PeeringInputs, peering: Peering): PeeringState {
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

/** Consul's texts that call for a specific remedy; matched here, once, so adapters never parse messages. */
const isRejectedSecret = (error: unknown): boolean =>
  ConsulHttpError.isConsulHttpError(error) && error.status === 403 && error.consulMessage.includes('a new peering token must be generated');
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
 * refused: a record of this token that can never come up. It is deleted, so a refused establish leaves nothing behind.
 */
async function removeRejectedRecord(context: OperationContext, inputs: PeeringInputs, fingerprint: string): Promise<void> {
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
    if (!isRejectedSecret(error)) throw error;
    await removeRejectedRecord(context, inputs, fingerprint);
    throw new CoreError('token_rejected', [`Consul refused the peering token for "${inputs.peerName}": it was already used or a newer token replaced it `
      + '(a peering token works once). Generate a new token on the accepting cluster (re-create or rotate its PeeringToken) and apply again.'],
    { peerName: inputs.peerName }, { cause: error });
  }
  return inputs.waitForActive === false ? readOnce(context, inputs) : waitForActive(context, inputs);
}

/** The state of a peering established but never read back (the wait ended before its first read). */
function notReadState(inputs: PeeringInputs): PeeringState {
  return {
    ...inputs, tokenFingerprint: '', state: '', peerId: '', peerServerName: '', peerServerAddresses: [], peerCaPems: [],
    remoteDatacenter: '', remotePartition: '', importedServices: [], exportedServices: [], lastHeartbeat: '',
  };
}

async function readOnce(context: OperationContext, inputs: PeeringInputs): Promise<PeeringState> {
  return toState(inputs, await context.client.readPeering(inputs.peerName, peeringScope(inputs.partition, context.signal)));
}

/**
 * How long FAILING may still be the old stream's state after an establish: a peering re-established in place (its
 * acceptor rebuilt, or a rotated token) reads FAILING until the new stream is up (seen on Consul 1.22.7 and the emulator).
 */
const STALE_FAILING_MS = 10_000;

/** A read the wait outlasts: Consul unreachable, timing out, or answering "try again" (a server restarting). */
function isTransientReadFailure(error: unknown): boolean {
  if (error instanceof ConsulNetworkError || error instanceof ConsulTimeoutError) return true;
  return ConsulHttpError.isConsulHttpError(error) && isRetryableStatus(error.status, error.consulMessage);
}

/**
 * Polls until ACTIVE; TERMINATED fails at once, FAILING once it is the new stream's state (seen after another state, or
 * after {@link STALE_FAILING_MS}); the deadline keeps the state it reached. A read that fails transiently (the dialing
 * server restarting) is waited out, and the FAILING grace starts again when reads come back (its streams are new);
 * any failure keeps the established peering in partial state, so it is never orphaned.
 */
async function waitForActive(context: OperationContext, inputs: PeeringInputs): Promise<PeeringState> {
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

/**
 * Peering lifecycle. Requests per operation: create 1 POST establish + polling GETs until ACTIVE (1 GET with
 * wait_for_active = false); read 1 GET; update with a new token like create, other updates none; delete 1 DELETE +
 * polling GETs until 404.
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
    if (tokenChanges(state, inputs.peeringToken)) return establish(context, inputs);
    return { ...state, ...inputs, meta: state.meta, tokenFingerprint: state.tokenFingerprint ?? '' };
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
