// POST /v1/internal/acl/authorize: the calling token's answers to a list of permission checks, with
// real Consul 1.22's order of checks (decode, size limit, token, then each item) and texts.
import { decodeGoJson, decodeGoValue, type GoType } from '../go-json';
import { json, text } from './http';
import { goQuote } from './messages';
import type { AclAccess, AclCheck, AclDenial, AclHttpResult, AclIdentity, AclResource } from './types';

const MAX_AUTHORIZATIONS = 64;

const REQUEST_TYPE: GoType = {
  kind: 'slice',
  goName: '[]structs.ACLAuthorizationRequest',
  elem: {
    kind: 'struct',
    goName: 'structs.ACLAuthorizationRequest',
    structName: 'ACLAuthorizationRequest',
    fields: [
      { name: 'Resource', path: 'Resource', type: { kind: 'string', goName: 'acl.Resource' } },
      { name: 'Segment', path: 'Segment', type: { kind: 'string' } },
      { name: 'Access', path: 'Access', type: { kind: 'string' } },
    ],
  },
};

/** Resources the endpoint knows (CE). */
const RESOURCES: ReadonlySet<string> = new Set([
  'acl', 'agent', 'event', 'intention', 'key', 'keyring', 'mesh', 'node', 'operator', 'peering', 'query', 'service', 'session',
]);

interface AuthorizationRequest {
  Resource?: string;
  Segment?: string;
  Access?: string;
}

/** The item as a check, or the 400 text for an unknown resource / access level (levels are case-insensitive). */
function toCheck(item: AuthorizationRequest): AclCheck | string {
  const resource = item.Resource ?? '';
  const access = (item.Access ?? '').toLowerCase();
  if (!RESOURCES.has(resource)) return `Invalid ACL resource requested: ${goQuote(resource)}`;
  const valid = access === 'read' || access === 'write' || (access === 'list' && resource === 'key');
  if (!valid) return `Invalid access level for ${resource} resource: ${item.Access ?? ''}`;
  const check: AclCheck = { resource: resource as AclResource, access: access as AclAccess };
  if ((item.Segment ?? '') !== '') check.segment = item.Segment ?? '';
  return check;
}

/**
 * Answers the authorize endpoint. `resolve` returns null for a usable identity or the 403 for an
 * unknown token; `allows` decides one check for the caller (ACLs enabled).
 */
export function authorize(
  rawBody: unknown,
  identity: AclIdentity,
  resolve: (identity: AclIdentity) => AclDenial | null,
  allows: (check: AclCheck) => boolean,
): AclHttpResult {
  const parsed = decodeGoJson(rawBody);
  const decoded = parsed.ok ? decodeGoValue(parsed.value, REQUEST_TYPE) : parsed;
  if (!decoded.ok) return text(400, `Failed to decode request body: ${decoded.message}`);
  const items = ((decoded.value ?? []) as Array<AuthorizationRequest | undefined>).map((item) => item ?? {});
  if (items.length > MAX_AUTHORIZATIONS) return text(400, `Refusing to process more than ${MAX_AUTHORIZATIONS} authorizations at once`);
  const denial = resolve(identity);
  if (denial !== null) return text(denial.status, denial.message);
  const answers: Array<Record<string, unknown>> = [];
  for (const item of items) {
    const check = toCheck(item);
    if (typeof check === 'string') return text(400, check);
    answers.push({
      Resource: check.resource,
      ...(check.segment !== undefined ? { Segment: check.segment } : {}),
      Access: item.Access ?? '',
      Allow: allows(check),
    });
  }
  return json(200, answers);
}
