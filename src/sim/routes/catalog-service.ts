import type { AclIdentity } from '../acl';
import { markGoMap } from '../config-entries';
import type { SimRequest, SimResponse } from '../http/server';
import { canSeeEntry, filteredMeta } from './catalog';
import type { ClusterContext } from './context';
import { serviceQuery, type HealthEntry } from './health';

/** One `structs.ServiceNode` as `GET /v1/catalog/service/:name` renders it (keys in Consul's order, empty omitempty keys left out). */
function serviceNode(entry: HealthEntry): Record<string, unknown> {
  const { Node: node, Service: service } = entry;
  const peerName = String(service['PeerName'] ?? '');
  return {
    ID: node['ID'], Node: node['Node'], Address: node['Address'], Datacenter: node['Datacenter'],
    TaggedAddresses: node['TaggedAddresses'], NodeMeta: node['Meta'],
    ServiceKind: service['Kind'] ?? '', ServiceID: service['ID'], ServiceName: service['Service'], ServiceTags: service['Tags'],
    ServiceAddress: service['Address'], ServiceTaggedAddresses: service['TaggedAddresses'], ServiceWeights: service['Weights'],
    ServiceMeta: service['Meta'] === null ? markGoMap({}) : service['Meta'], ServicePort: service['Port'] ?? 0, ServicePorts: null,
    ServiceSocketPath: '', ServiceEnableTagOverride: service['EnableTagOverride'], ServiceProxy: service['Proxy'],
    ServiceConnect: service['Connect'], ServiceLocality: null, ...(peerName === '' ? {} : { PeerName: peerName }),
    CreateIndex: service['CreateIndex'], ModifyIndex: service['ModifyIndex'],
  };
}

/**
 * `GET /v1/catalog/service/:name[?peer=][&tag=][&dc=]` (blocking): the local instances of a service, or, with
 * `peer`, the instances that peer exports to this cluster; `[]` for a service nobody has.
 */
export async function catalogServiceRoute(context: ClusterContext, request: SimRequest, identity: AclIdentity): Promise<SimResponse> {
  const query = await serviceQuery(context, request, identity, '/v1/catalog/service/');
  if ('status' in query) return query;
  const { name, peer, all } = query;
  const tags = request.query.getAll('tag');
  const matching = all.filter((entry) => tags.every((tag) => (entry.Service['Tags'] as string[]).includes(tag)));
  const visible = matching.filter((entry) => canSeeEntry(context, identity, name, String(entry.Node['Node'])));
  const index = peer === '' ? context.store.indexOf('catalog') : Math.max(1, ...all.map((entry) => Number(entry.Service['ModifyIndex'])));
  return { status: 200, json: visible.map(serviceNode), headers: filteredMeta(index, visible.length < matching.length, identity) };
}
