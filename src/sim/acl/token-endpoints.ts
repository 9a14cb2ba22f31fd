// /v1/acl/token endpoints: create, read (self or by AccessorID), update, delete — checks in the order
// real Consul 1.22 makes them, with its texts. Token features beyond policies (roles, service/node
// identities, templated policies, auth methods, expiration) are not emulated and are refused openly.
import { decodeGoJson, decodeGoValue, type GoType } from '../go-json';
import { goQuote } from './messages';
import { denied, json, readError, readHeaders, text, type AclContext } from './http';
import { ANONYMOUS_ACCESSOR_ID, isUuid, randomUuid, type TokenRecord } from './store';
import type { AclHttpResult, AclIdentity } from './types';

const UNSUPPORTED: readonly string[] = ['Roles', 'ServiceIdentities', 'NodeIdentities', 'TemplatedPolicies', 'AuthMethod', 'ExpirationTime', 'ExpirationTTL'];

const LINK_TYPE: GoType = {
  kind: 'struct',
  goName: 'structs.ACLTokenPolicyLink',
  structName: 'ACLTokenPolicyLink',
  fields: [
    { name: 'ID', path: 'ID', type: { kind: 'string' } },
    { name: 'Name', path: 'Name', type: { kind: 'string' } },
  ],
};

const TOKEN_TYPE: GoType = {
  kind: 'struct',
  goName: 'struct { ExpirationTTL interface {}; Hash string; *structs.Alias }',
  structName: '',
  enterpriseHint: true,
  fields: [
    { name: 'AccessorID', path: 'Alias.AccessorID', type: { kind: 'string' } },
    { name: 'SecretID', path: 'Alias.SecretID', type: { kind: 'string' } },
    { name: 'Description', path: 'Alias.Description', type: { kind: 'string' } },
    { name: 'Policies', path: 'Alias.Policies', type: { kind: 'slice', goName: '[]structs.ACLTokenPolicyLink', elem: LINK_TYPE } },
    { name: 'Local', path: 'Alias.Local', type: { kind: 'bool' } },
    { name: 'Hash', path: 'Hash', type: { kind: 'string' } },
    { name: 'CreateTime', path: 'Alias.CreateTime', type: { kind: 'any' } },
    { name: 'CreateIndex', path: 'Alias.RaftIndex.CreateIndex', type: { kind: 'uint64' } },
    { name: 'ModifyIndex', path: 'Alias.RaftIndex.ModifyIndex', type: { kind: 'uint64' } },
    ...UNSUPPORTED.map((name) => ({ name, path: `Alias.${name}`, type: { kind: 'any' } as const })),
  ],
};

interface TokenBody {
  AccessorID?: string;
  SecretID?: string;
  Description?: string;
  Policies?: Array<{ ID?: string; Name?: string } | undefined>;
  Local?: boolean;
  [unsupported: string]: unknown;
}

function decodeBody(rawBody: unknown): TokenBody | AclHttpResult {
  const parsed = decodeGoJson(rawBody);
  const decoded = parsed.ok ? decodeGoValue(parsed.value, TOKEN_TYPE) : parsed;
  if (!decoded.ok) return text(400, `Token decoding failed: ${decoded.message}`);
  return (decoded.value ?? {}) as TokenBody;
}

function isResult(value: unknown): value is AclHttpResult {
  return typeof value === 'object' && value !== null && 'contentType' in value;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Refuses the token features the emulator does not have (never silently drops a grant). */
function unsupported(body: TokenBody): AclHttpResult | null {
  const field = UNSUPPORTED.find((name) => !isEmpty(body[name]));
  return field === undefined ? null : text(500, `consul-peering emulator: ACL token field ${field} is not supported`);
}

/** Resolves policy links by ID (preferred) or name, deduplicated, with Consul's texts for failures. */
function resolvePolicies(ctx: AclContext, body: TokenBody): string[] | AclHttpResult {
  const ids: string[] = [];
  for (const link of body.Policies ?? []) {
    const id = link?.ID ?? '';
    const name = link?.Name ?? '';
    let resolved: string;
    if (id !== '') {
      if (!isUuid(id)) return text(500, `Error looking up policy for ID: ${goQuote(id)}: failed acl policy lookup: index error: UUID must be 36 characters`);
      if (!ctx.store.policies.has(id)) return text(500, `No such ACL policy with ID ${goQuote(id)}`);
      resolved = id;
    } else {
      const policy = ctx.store.policyByName(name);
      if (policy === undefined) return text(500, `No such ACL policy with name ${goQuote(name)}`);
      resolved = policy.id;
    }
    if (!ids.includes(resolved)) ids.push(resolved);
  }
  return ids;
}

/** PUT /v1/acl/token (and PUT /v1/acl/token/ with no AccessorID): create a token. */
export function createToken(ctx: AclContext, identity: AclIdentity, rawBody: unknown): AclHttpResult {
  const body = decodeBody(rawBody);
  if (isResult(body)) return body;
  const denial = denied(ctx.check(identity, { resource: 'acl', access: 'write' }));
  if (denial !== null) return denial;
  const accessorId = body.AccessorID ?? '';
  const secretId = body.SecretID ?? '';
  if (accessorId !== '') {
    if (!isUuid(accessorId)) return text(500, 'Invalid Token: AccessorID - not a valid UUID');
    if (ctx.store.tokens.has(accessorId)) return text(500, 'Invalid Token: AccessorID is already in use');
  }
  if (secretId !== '') {
    if (!isUuid(secretId)) return text(500, 'Invalid Token: SecretID - not a valid UUID');
    if (ctx.store.tokenBySecret(secretId) !== undefined) return text(500, 'Invalid Token: SecretID is already in use');
  }
  const refused = unsupported(body);
  if (refused !== null) return refused;
  const policyIds = resolvePolicies(ctx, body);
  if (isResult(policyIds)) return policyIds;
  const token = ctx.store.putToken({
    accessorId: accessorId === '' ? randomUuid() : accessorId,
    secretId: secretId === '' ? randomUuid() : secretId,
    description: body.Description ?? '',
    policyIds,
    local: body.Local ?? false,
  });
  return json(200, ctx.store.tokenJson(token));
}

/** PUT /v1/acl/token/:accessor: replace a token's description and policies. */
export function updateToken(ctx: AclContext, identity: AclIdentity, accessorId: string, rawBody: unknown): AclHttpResult {
  const body = decodeBody(rawBody);
  if (isResult(body)) return body;
  if ((body.AccessorID ?? '') !== '' && body.AccessorID !== accessorId) return text(400, 'Token Accessor ID in URL and payload do not match');
  const denial = denied(ctx.check(identity, { resource: 'acl', access: 'write' }));
  if (denial !== null) return denial;
  if (!isUuid(accessorId)) return text(500, 'AccessorID is not a valid UUID');
  const existing = ctx.store.tokens.get(accessorId);
  if (existing === undefined) return text(500, `Cannot find token ${goQuote(accessorId)}`);
  if ((body.SecretID ?? '') !== '' && body.SecretID !== existing.secretId) return text(500, "Changing a token's SecretID is not permitted");
  if ((body.Local ?? false) !== existing.local) return text(500, `Cannot toggle local mode of ${accessorId}`);
  const refused = unsupported(body);
  if (refused !== null) return refused;
  const policyIds = resolvePolicies(ctx, body);
  if (isResult(policyIds)) return policyIds;
  const token = ctx.store.putToken({ ...existing, description: body.Description ?? '', policyIds });
  return json(200, ctx.store.tokenJson(token));
}

/** GET /v1/acl/token/self: the calling token's own record. */
export function readSelf(ctx: AclContext, identity: AclIdentity): AclHttpResult {
  const token = identity.kind === 'token' ? ctx.tokenOf(identity) : null;
  if (token === null) return readError(403, 'token does not exist: ACL not found');
  return json(200, ctx.store.tokenJson(token), readHeaders(ctx.store.tokensIndex));
}

/** GET /v1/acl/token/:accessor (SecretID shown only to holders of acl:write). */
export function readToken(ctx: AclContext, identity: AclIdentity, accessorId: string): AclHttpResult {
  if (accessorId === '') return text(400, 'Missing token AccessorID');
  const denial = denied(ctx.check(identity, { resource: 'acl', access: 'read' }), true);
  if (denial !== null) return denial;
  if (!isUuid(accessorId)) return readError(500, 'failed acl token lookup: index error: UUID must be 36 characters');
  const token: TokenRecord | undefined = ctx.store.tokens.get(accessorId);
  if (token === undefined) return readError(403, 'token does not exist: ACL not found');
  const hide = ctx.check(identity, { resource: 'acl', access: 'write' }) !== null;
  return json(200, ctx.store.tokenJson(token, hide), readHeaders(ctx.store.tokensIndex));
}

/** DELETE /v1/acl/token/:accessor. */
export function deleteToken(ctx: AclContext, identity: AclIdentity, accessorId: string): AclHttpResult {
  if (accessorId === '') return text(400, 'Missing token AccessorID');
  const denial = denied(ctx.check(identity, { resource: 'acl', access: 'write' }));
  if (denial !== null) return denial;
  if (!isUuid(accessorId)) return text(500, 'Accessor ID is missing or an invalid UUID');
  if (accessorId === ANONYMOUS_ACCESSOR_ID) return text(500, 'Delete operation not permitted on the anonymous token');
  if (!ctx.store.tokens.has(accessorId)) return text(404, 'Cannot find token to delete');
  ctx.store.deleteToken(accessorId);
  return json(200, true);
}
