import type { AclIdentity } from '../acl';
import type { SimRequest, SimResponse } from '../http/server';
import { deny, queryMeta, textReply, type ClusterContext } from './context';

/** `PUT /v1/agent/service/register`: registers one instance on the emulated node. */
export function registerServiceRoute(context: ClusterContext, request: SimRequest, identity: AclIdentity): SimResponse {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(request.body) as Record<string, unknown>;
  } catch {
    return textReply(400, 'Request decode failed: unexpected end of JSON input');
  }
  const name = String(body['Name'] ?? body['name'] ?? '');
  if (name === '') return textReply(400, 'Missing service name');
  const denied = deny(context, identity, { resource: 'service', segment: name, access: 'write' });
  if (denied !== null) return denied;
  const id = String(body['ID'] ?? body['id'] ?? name);
  context.catalog.instances.set(id, {
    ID: id, Service: name, Tags: (body['Tags'] as string[] | undefined) ?? [], Port: Number(body['Port'] ?? 0),
    Address: String(body['Address'] ?? ''), Meta: (body['Meta'] as Record<string, string> | undefined) ?? {},
  });
  context.store.write('catalog');
  return { status: 200, text: '' };
}

/** `PUT /v1/agent/service/deregister/:id`. */
export function deregisterServiceRoute(context: ClusterContext, request: SimRequest, identity: AclIdentity): SimResponse {
  const id = decodeURIComponent(request.path.slice('/v1/agent/service/deregister/'.length));
  const instance = context.catalog.instances.get(id);
  if (instance === undefined) return textReply(404, `Unknown service ID "${id}". Ensure that the service ID is passed, not the service name.`);
  const denied = deny(context, identity, { resource: 'service', segment: instance.Service, access: 'write' });
  if (denied !== null) return denied;
  context.catalog.instances.delete(id);
  context.store.write('catalog');
  return { status: 200, text: '' };
}

/** `GET /v1/catalog/services`: service name → tags. */
export function catalogServicesRoute(context: ClusterContext): SimResponse {
  const json: Record<string, string[]> = {};
  for (const name of context.catalog.serviceNames()) {
    const tags = [...context.catalog.instances.values()].filter((instance) => instance.Service === name).flatMap((instance) => instance.Tags);
    json[name] = [...new Set(tags)];
  }
  return { status: 200, json, headers: queryMeta(context.store.indexOf('catalog')) };
}
