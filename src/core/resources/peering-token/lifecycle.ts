import { isNotFound } from '../../../consul/errors';
import { diffBySchema } from '../../diff';
import { isIssue, parseImportParts } from '../../import-id';
import { checkBySchema } from '../../check';
import { inputsForApply, isGone, type DefinitionOf, type OperationContext, type ReadResult } from '../../lifecycle';
import { sealToken, tokenFacts } from '../../token-text';
import { lostPeerReason, peeringResourceId, peeringScope, readPeeringOrGone, splitPeeringId, terminatedReplacement, waitUntilPeeringGone } from '../peering-shared';
import { defaultOf } from '../../schema';
import { peeringTokenSchema, type PeeringTokenInputs, type PeeringTokenState } from './schema';
import { validatePeeringToken } from './validate';

function tokenRequest(inputs: PeeringTokenInputs) {
  return {
    PeerName: inputs.peerName,
    ...(inputs.meta === undefined ? {} : { Meta: inputs.meta }),
    ...(inputs.serverExternalAddresses === undefined || inputs.serverExternalAddresses.length === 0
      ? {} : { ServerExternalAddresses: inputs.serverExternalAddresses }),
  };
}

function toState(inputs: PeeringTokenInputs, token: string, peering: { readonly ID: string; readonly State: string }): PeeringTokenState {
  return { ...inputs, peeringToken: token, peeringId: peering.ID, state: peering.State, issuedAt: new Date().toISOString() };
}

/** The ID inside a token (the acceptor's peering ID), read without trusting anything else in it. */
const peerIdOf = (token: string): string => tokenFacts(token)?.peerId ?? '';

/** POST token; the token sealed when a passphrase is configured (it then never leaves this process in plain text). */
async function generate(context: OperationContext, inputs: PeeringTokenInputs): Promise<string> {
  const token = await context.client.generatePeeringToken(tokenRequest(inputs), peeringScope(inputs.partition, context.signal));
  const passphrase = context.tokenSealing?.passphrase;
  return passphrase === undefined || passphrase === '' ? token : sealToken(token, passphrase);
}

/**
 * PeeringToken lifecycle. A read of an acceptor side lost to its peer (FAILING, silent for longer than `reissueAfter`)
 * reports it gone, so the plan generates a new token, in place (see {@link lostPeerReason}). Requests per operation (normal case):
 * create 2 (GET to clear a DELETING/TERMINATED leftover of the same name, then POST token; +1 DELETE and
 * polling GETs when such a leftover exists); read 1 GET; update 1 POST token; delete 1 DELETE + polling GETs
 * until 404 (usually 1–2).
 */
export const peeringToken: DefinitionOf<typeof peeringTokenSchema> = {
  schema: peeringTokenSchema,

  check: (raw) => checkBySchema(peeringTokenSchema, raw, validatePeeringToken),

  diff(state, inputs) {
    const base = diffBySchema(peeringTokenSchema, state, inputs);
    const terminated = terminatedReplacement(state.state, 'it is deleted and a new token generated');
    return terminated === undefined ? base : { ...base, changed: [...base.changed, 'state'], replace: [...base.replace, terminated], deleteBeforeReplace: true };
  },

  id: peeringResourceId,

  async create(context, raw) {
    const inputs = inputsForApply(peeringTokenSchema.className, peeringToken.check, raw);
    const scope = peeringScope(inputs.partition, context.signal);
    // A TERMINATED or DELETING record of this name would take the request but never honour the token.
    try {
      const existing = await context.client.readPeering(inputs.peerName, scope);
      if (existing.State === 'TERMINATED' || existing.State === 'DELETING') {
        context.log?.(`peering ${inputs.peerName} is ${existing.State}: deleting it before generating a new token`);
        await context.client.deletePeering(inputs.peerName, scope);
        await waitUntilPeeringGone(context, inputs.peerName, inputs.partition);
      }
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    const token = await generate(context, inputs);
    return toState(inputs, token, { ID: peerIdOf(token), State: 'PENDING' });
  },

  async read(context: OperationContext, id, prior): Promise<ReadResult<PeeringTokenState>> {
    const [partition, name] = splitPeeringId(id);
    const found = await readPeeringOrGone(context, name, partition, 'the acceptor side of the peering');
    if (isGone(found)) return found;
    const reissueAfter = prior?.reissueAfter ?? defaultOf(peeringTokenSchema, 'reissueAfter');
    const lost = lostPeerReason(found, reissueAfter, prior?.issuedAt);
    if (lost !== undefined) return { gone: true, reason: lost };
    return {
      ...prior,
      reissueAfter,
      peerName: found.Name,
      ...(partition === undefined ? {} : { partition }),
      ...(found.Meta === undefined ? { meta: undefined } : { meta: found.Meta }),
      peeringToken: prior?.peeringToken ?? '',
      issuedAt: prior?.issuedAt ?? '',
      peeringId: found.ID,
      state: found.State,
    };
  },

  async update(context, state, raw) {
    const inputs = inputsForApply(peeringTokenSchema.className, peeringToken.check, raw);
    // reissueAfter only steers later reads: changing it alone generates nothing.
    if (diffBySchema(peeringTokenSchema, state, inputs).changed.every((name) => name === 'reissueAfter')) return { ...state, reissueAfter: inputs.reissueAfter };
    const token = await generate(context, inputs);
    return toState(inputs, token, { ID: peerIdOf(token) || state.peeringId, State: state.state });
  },

  async delete(context, state) {
    await context.client.deletePeering(state.peerName, peeringScope(state.partition, context.signal));
    await waitUntilPeeringGone(context, state.peerName, state.partition);
  },

  permissions: (_inputs, access) => [{ resource: 'peering', access, field: 'peerName' }],

  parseImportId(id) {
    const parts = parseImportParts(id, peeringTokenSchema.importIdForms);
    if (isIssue(parts)) return parts;
    const [partition, name] = parts.length === 1 ? [undefined, parts[0] ?? ''] : [parts[0], parts[1] ?? ''];
    return { id, prior: { peerName: name, ...(partition === undefined ? {} : { partition }) } };
  },
};

