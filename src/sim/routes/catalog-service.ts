import type { AclIdentity } from '../acl';
import { markGoMap } from '../config-entries';
import type { SimRequest, SimResponse } from '../http/server';
import { parseWait } from '../store';
import { canSeeEntry, filteredMeta } from './catalog';
import { textReply, type ClusterContext } from './context';
import { importedEntries, localEntries, type HealthEntry } from './health';

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
  const name = decodeURIComponent(request.path.slice('/v1/catalog/service/'.length));
  if (name === '') return textReply(400, 'Missing service name');
  const dc = request.query.get('dc') ?? '';
  if (dc !== '' && dc !== context.datacenter) return textReply(500, 'No path to datacenter');
  if (identity.kind === 'unknown') return textReply(403, 'ACL not found');
  const wait = parseWait(request.query.get('wait'));
  if (typeof wait !== 'number') return textReply(400, wait.error);
  const minIndex = request.query.has('index') ? Number(request.query.get('index')) : undefined;
  await context.store.block('catalog', minIndex, wait, () => context.store.indexOf('catalog'));

  const peer = request.query.get('peer') ?? '';
  const all = peer === '' ? localEntries(context, name) : importedEntries(context, peer, name);
  const tags = request.query.getAll('tag');
  const matching = all.filter((entry) => tags.every((tag) => (entry.Service['Tags'] as string[]).includes(tag)));
  const visible = matching.filter((entry) => canSeeEntry(context, identity, name, String(entry.Node['Node'])));
  const index = peer === '' ? context.store.indexOf('catalog') : Math.max(1, ...all.map((entry) => Number(entry.Service['ModifyIndex'])));
  return { status: 200, json: visible.map(serviceNode), headers: filteredMeta(index, visible.length < matching.length, identity) };
}
