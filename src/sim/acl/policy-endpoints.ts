// /v1/acl/policy endpoints: create, read (by ID or name), update, delete — checks in the order real
// Consul 1.22 makes them, with its texts.
import { decodeGoJson, decodeGoValue, type GoType } from '../go-json';
import { goQuote } from './messages';
import { denied, json, readError, readHeaders, text, type AclContext } from './http';
import { parsePolicyRules, PolicyRulesError } from './rules';
import { GLOBAL_MANAGEMENT_ID, GLOBAL_READ_ONLY_ID, isUuid, randomUuid, type PolicyRecord } from './store';
import type { AclHttpResult, AclIdentity } from './types';

const POLICY_TYPE: GoType = {
  kind: 'struct',
  goName: 'struct { Hash string; *structs.Alias }',
  structName: '',
  enterpriseHint: true,
  fields: [
    { name: 'ID', path: 'Alias.ID', type: { kind: 'string' } },
    { name: 'Name', path: 'Alias.Name', type: { kind: 'string' } },
    { name: 'Description', path: 'Alias.Description', type: { kind: 'string' } },
    { name: 'Rules', path: 'Alias.Rules', type: { kind: 'string' } },
    { name: 'Datacenters', path: 'Alias.Datacenters', type: { kind: 'slice', goName: '[]string', elem: { kind: 'string' } } },
    { name: 'Hash', path: 'Hash', type: { kind: 'string' } },
    { name: 'CreateIndex', path: 'Alias.RaftIndex.CreateIndex', type: { kind: 'uint64' } },
    { name: 'ModifyIndex', path: 'Alias.RaftIndex.ModifyIndex', type: { kind: 'uint64' } },
  ],
};

interface PolicyBody {
  ID?: string;
  Name?: string;
  Description?: string;
  Rules?: string;
  Datacenters?: Array<string | undefined>;
}

const BUILTIN_IDS = new Set([GLOBAL_MANAGEMENT_ID, GLOBAL_READ_ONLY_ID]);
const UUID_LOOKUP_ERROR = 'failed acl policy lookup: index error: UUID must be 36 characters';

function decodeBody(body: unknown): PolicyBody | AclHttpResult {
  const parsed = decodeGoJson(body);
  const decoded = parsed.ok ? decodeGoValue(parsed.value, POLICY_TYPE) : parsed;
  if (!decoded.ok) return text(400, `Policy decoding failed: ${decoded.message}`);
  return (decoded.value ?? {}) as PolicyBody;
}

function isResult(value: unknown): value is AclHttpResult {
  return typeof value === 'object' && value !== null && 'contentType' in value;
}

/** The name rules of Consul's policy validation, or null when the name is fine. */
function nameProblem(name: string): string | null {
  if (name === '') return 'Invalid Policy: no Name is set';
  if (name.length > 128) return 'Invalid Policy: invalid Name. Length must be greater than 0 and less than 128';
  if (name.startsWith('/') || name.startsWith('builtin/')) return "Invalid Policy: invalid Name. Names cannot be prefixed with '/' or 'builtin/'";
  if (!/^[A-Za-z0-9\-_]+\/?[A-Za-z0-9\-_]*$/.test(name)) {
    return "Invalid Policy: invalid Name. Only alphanumeric characters, a single '/', '-' and '_' are allowed";
  }
  return null;
}

function checkedRules(rules: string): AclHttpResult | null {
  try {
    parsePolicyRules(rules);
    return null;
  } catch (error) {
    if (error instanceof PolicyRulesError) return text(500, error.message);
    throw error;
  }
}

function fieldsOf(body: PolicyBody, id: string): Pick<PolicyRecord, 'id' | 'name' | 'description' | 'rules' | 'datacenters'> {
  return {
    id,
    name: body.Name ?? '',
    description: body.Description ?? '',
    rules: body.Rules ?? '',
    datacenters: (body.Datacenters ?? []).map((dc) => dc ?? ''),
  };
}

/** PUT /v1/acl/policy (and PUT /v1/acl/policy/ with no ID): create a policy. */
export function createPolicy(ctx: AclContext, identity: AclIdentity, rawBody: unknown): AclHttpResult {
  const body = decodeBody(rawBody);
  if (isResult(body)) return body;
  if ((body.ID ?? '') !== '') return text(400, 'Cannot specify the ID when creating a new policy');
  const denial = denied(ctx.check(identity, { resource: 'acl', access: 'write' }));
  if (denial !== null) return denial;
  const fields = fieldsOf(body, randomUuid());
  const problem = nameProblem(fields.name);
  if (problem !== null) return text(500, problem);
  if (ctx.store.policyByName(fields.name) !== undefined) {
    return text(500, `Invalid Policy: A Policy with Name ${goQuote(fields.name)} already exists`);
  }
  const bad = checkedRules(fields.rules);
  if (bad !== null) return bad;
  return json(200, ctx.store.policyJson(ctx.store.putPolicy(fields)));
}

/** PUT /v1/acl/policy/:id: replace a policy. */
export function updatePolicy(ctx: AclContext, identity: AclIdentity, id: string, rawBody: unknown): AclHttpResult {
  const body = decodeBody(rawBody);
  if (isResult(body)) return body;
  if ((body.ID ?? '') !== '' && body.ID !== id) return text(400, 'Policy ID in URL and payload do not match');
  const denial = denied(ctx.check(identity, { resource: 'acl', access: 'write' }));
  if (denial !== null) return denial;
  const fields = fieldsOf(body, id);
  const problem = nameProblem(fields.name);
  if (problem !== null) return text(500, problem);
  if (!isUuid(id)) return text(500, 'Policy ID invalid UUID');
  const existing = ctx.store.policies.get(id);
  if (existing === undefined) return text(500, `cannot find policy ${id}`);
  if (BUILTIN_IDS.has(id) && fields.rules !== existing.rules) {
    return text(500, `Changing the Rules for the builtin ${existing.name} policy is not permitted`);
  }
  const sameName = ctx.store.policyByName(fields.name);
  if (sameName !== undefined && sameName.id !== id) {
    return text(500, `Invalid Policy: A policy with name ${goQuote(fields.name)} already exists`);
  }
  const bad = checkedRules(fields.rules);
  if (bad !== null) return bad;
  return json(200, ctx.store.policyJson(ctx.store.putPolicy(fields)));
}

/** GET /v1/acl/policy/:id. */
export function readPolicy(ctx: AclContext, identity: AclIdentity, id: string): AclHttpResult {
  if (id === '') return text(400, 'Missing policy ID');
  const denial = denied(ctx.check(identity, { resource: 'acl', access: 'read' }), true);
  if (denial !== null) return denial;
  if (!isUuid(id)) return readError(500, UUID_LOOKUP_ERROR);
  const policy = ctx.store.policies.get(id);
  if (policy === undefined) return text(404, 'Requested policy does not exist: ACL not found', readHeaders(ctx.store.policiesIndex));
  return json(200, ctx.store.policyJson(policy), readHeaders(ctx.store.policiesIndex));
}

/** GET /v1/acl/policy/name/:name. */
export function readPolicyByName(ctx: AclContext, identity: AclIdentity, name: string): AclHttpResult {
  if (name === '') return text(400, 'Missing policy Name');
  const denial = denied(ctx.check(identity, { resource: 'acl', access: 'read' }), true);
  if (denial !== null) return denial;
  const policy = ctx.store.policyByName(name);
  if (policy === undefined) return text(404, 'Requested policy does not exist: ACL not found', readHeaders(ctx.store.policiesIndex));
  return json(200, ctx.store.policyJson(policy), readHeaders(ctx.store.policiesIndex));
}

/** DELETE /v1/acl/policy/:id. */
export function deletePolicy(ctx: AclContext, identity: AclIdentity, id: string): AclHttpResult {
  if (id === '') return text(400, 'Missing policy ID');
  const denial = denied(ctx.check(identity, { resource: 'acl', access: 'write' }));
  if (denial !== null) return denial;
  if (!isUuid(id)) return text(500, UUID_LOOKUP_ERROR);
  const policy = ctx.store.policies.get(id);
  if (policy === undefined) return text(404, 'Cannot find policy to delete');
  if (BUILTIN_IDS.has(id)) return text(500, `Delete operation not permitted on the builtin ${policy.name} policy`);
  ctx.store.deletePolicy(id);
  return json(200, true);
}
