import type { AclIdentity } from '../acl';
import type { SimRequest, SimResponse } from '../http/server';
import { renderPeering } from '../peering/record';
import { parseWait } from '../store';
import { deny, enterpriseScopeError, queryMeta, textReply, type ClusterContext } from './context';

const peeringRead = { resource: 'peering', access: 'read' } as const;
const peeringWrite = { resource: 'peering', access: 'write' } as const;

/** `POST /v1/peering/token`. */
export function generateTokenRoute(context: ClusterContext, request: SimRequest, identity: AclIdentity): SimResponse {
  const scope = enterpriseScopeError(request.query, request.headers, false);
  if (scope !== null) return scope;
  return context.peerings.generateToken(request.body, () => deny(context, identity, peeringWrite));
}

/** `POST /v1/peering/establish`. */
export async function establishRoute(context: ClusterContext, request: SimRequest, identity: AclIdentity): Promise<SimResponse> {
  const scope = enterpriseScopeError(request.query, request.headers, false);
  if (scope !== null) return scope;
  return context.peerings.establish(request.body, () => deny(context, identity, peeringWrite));
}

/** `GET /v1/peering/:name` (blocking) and `DELETE /v1/peering/:name`. */
export async function peeringByNameRoute(context: ClusterContext, request: SimRequest, identity: AclIdentity): Promise<SimResponse> {
  const name = decodeURIComponent(request.path.slice('/v1/peering/'.length));
  const scope = enterpriseScopeError(request.query, request.headers, false);
  if (scope !== null) return scope;
  if (name === '') {
    return textReply(400, 'Must specify a name to fetch.');
  }
  if (request.method === 'DELETE') {
    return context.peerings.delete(name, () => deny(context, identity, peeringWrite));
  }
  const denied = deny(context, identity, peeringRead);
  if (denied !== null) return denied;
  const wait = parseWait(request.query.get('wait'));
  if (typeof wait !== 'number') return textReply(400, wait.error);
  const current = (): number => context.peerings.find(name)?.ModifyIndex ?? context.store.indexOf('peerings');
  const minIndex = request.query.has('index') ? Number(request.query.get('index')) : undefined;
  await context.store.block('peerings', minIndex, wait, current);
  const record = context.peerings.find(name);
  if (record === undefined) return textReply(404, `Peering not found for "${name}"`);
  return { status: 200, json: renderPeering(record, context.peerings.links.get(record.ID)), headers: queryMeta(record.ModifyIndex) };
}

/** `GET /v1/peerings` (blocking), sorted by lower-cased name. */
export async function listPeeringsRoute(context: ClusterContext, request: SimRequest, identity: AclIdentity): Promise<SimResponse> {
  const scope = enterpriseScopeError(request.query, request.headers, false);
  if (scope !== null) return scope;
  const denied = deny(context, identity, peeringRead);
  if (denied !== null) return denied;
  const wait = parseWait(request.query.get('wait'));
  if (typeof wait !== 'number') return textReply(400, wait.error);
  const minIndex = request.query.has('index') ? Number(request.query.get('index')) : undefined;
  await context.store.block('peerings', minIndex, wait, () => context.store.indexOf('peerings'));
  const records = [...context.peerings.records.values()].sort((a, b) => a.Name.toLowerCase().localeCompare(b.Name.toLowerCase()));
  const json = records.map((record) => renderPeering(record, context.peerings.links.get(record.ID)));
  return { status: 200, json, headers: queryMeta(context.store.indexOf('peerings')) };
}
