import { isIssue, parseImportParts } from '../../import-id';
import { diffBySchema } from '../../diff';
import { makeIssue } from '../../issues';
import { checkBySchema } from '../../check';
import { inputsForApply, isGone, type DefinitionOf } from '../../lifecycle';
import { field, text } from '../../message';
import { tokenFacts } from '../../token-text';
import { isUnknown } from '../../unknown';
import { peeringResourceId, peeringScope, readPeeringOrGone, splitPeeringId, terminatedReplacement, waitUntilPeeringGone } from '../peering-shared';
import { establish, removeRecordOfOtherAcceptor } from './establish';
import { peeringSchema, type PeeringState } from './schema';
import { FRESH_TOKEN, peeringStateFromConsul } from './state';
import { validatePeering } from './validate';

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
