import type { AclIdentity } from '../acl';
import { markGoMap } from '../config-entries';
import type { SimRequest, SimResponse } from '../http/server';
import { parseWait } from '../store';
import { canSeeEntry, filteredMeta, renderCheck, renderService, type ServiceInstance } from './catalog';
import { textReply, type ClusterContext } from './context';

/** Catalog data imported from a peer over the peering stream (what the peer exported to this cluster). */
export interface ImportedCatalog {
  readonly node: Record<string, unknown>;
  readonly instances: readonly Omit<ServiceInstance, 'createIndex'>[];
  /** The importing cluster's index at which this data was written. */
  readonly index: number;
}

/** One entry of a health answer: the node, the service instance and its checks. */
export type HealthEntry = { Node: Record<string, unknown>; Service: Record<string, unknown>; Checks: Record<string, unknown>[] };

/** The aggregated status of an exported instance (Consul's `overall-check` on the importing side). */
function overallStatus(instance: Omit<ServiceInstance, 'createIndex'>): string {
  const statuses = instance.checks.map((check) => check.Status);
  return statuses.includes('critical') ? 'critical' : statuses.includes('warning') ? 'warning' : 'passing';
}

/** The local instances of `name` as health answers render them. */
export function localEntries(context: ClusterContext, name: string): HealthEntry[] {
  const { node } = context;
  if (name === 'consul') return [{ Node: node.catalogNode(), Service: node.consulService(), Checks: [node.serfHealthCheck()] }];
  return context.catalog.instancesOf(name).map((instance) => ({
    Node: node.catalogNode(),
    Service: renderService(instance, instance.createIndex, ''),
    Checks: [node.serfHealthCheck(), ...instance.checks.map((check) => renderCheck(node.nodeName, instance, check, instance.createIndex))],
  }));
}

/** The instances of `name` that `peer` exports here, as health answers render them (each with its `overall-check`). */
export function importedEntries(context: ClusterContext, peer: string, name: string): HealthEntry[] {
  const record = context.peerings.find(peer);
  const imported = record === undefined ? undefined : context.peerings.links.get(record.ID)?.imported;
  if (imported === undefined || record === undefined) return [];
  const { node, index } = imported;
  const nodeName = String(node['Node'] ?? '');
  const peerNode = {
    ID: node['ID'], Node: nodeName, Address: node['Address'], Datacenter: node['Datacenter'], PeerName: record.Name,
    TaggedAddresses: node['TaggedAddresses'] === null ? null : markGoMap({ ...(node['TaggedAddresses'] as Record<string, string>) }),
    Meta: markGoMap({ ...(node['Meta'] as Record<string, string>) }), CreateIndex: index, ModifyIndex: index,
  };
  return imported.instances.filter((instance) => instance.Service === name).map((instance) => ({
    Node: peerNode,
    Service: renderService(instance, index, record.Name),
    Checks: [renderCheck(nodeName, instance, {
      CheckID: `${instance.ID}:overall-check`, Name: 'overall-check', Status: overallStatus(instance), Type: '', Interval: '', Timeout: '',
    }, index, record.Name)],
  }));
}

/** Consul's boolean query parameter: present without a value (or `true`/`1`) means true. */
/** A service query's name, peer and instances (local, or imported from the peer), after its checks and blocking wait. */
export interface ServiceQuery {
  readonly name: string;
  readonly peer: string;
  readonly all: HealthEntry[];
}

/**
 * What `/v1/health/service/:name` and `/v1/catalog/service/:name` share: the name after `prefix`, Consul's answers to a
 * missing name, another datacenter and an unknown token, the blocking wait on the catalog, then the instances.
 */
export async function serviceQuery(context: ClusterContext, request: SimRequest, identity: AclIdentity, prefix: string): Promise<ServiceQuery | SimResponse> {
  const name = decodeURIComponent(request.path.slice(prefix.length));
  if (name === '') return textReply(400, 'Missing service name');
  const dc = request.query.get('dc') ?? '';
  if (dc !== '' && dc !== context.datacenter) return textReply(500, 'No path to datacenter');
  if (identity.kind === 'unknown') return textReply(403, 'ACL not found');
  const wait = parseWait(request.query.get('wait'));
  if (typeof wait !== 'number') return textReply(400, wait.error);
  const minIndex = request.query.has('index') ? Number(request.query.get('index')) : undefined;
  await context.store.block('catalog', minIndex, wait, () => context.store.indexOf('catalog'));
  const peer = request.query.get('peer') ?? '';
  return { name, peer, all: peer === '' ? localEntries(context, name) : importedEntries(context, peer, name) };
}

export function boolParam(query: URLSearchParams, name: string): boolean {
  if (!query.has(name)) return false;
  const value = (query.get(name) ?? '').toLowerCase();
  return value !== 'false' && value !== '0';
}

/**
 * `GET /v1/health/service/:name[?peer=][&passing][&tag=][&dc=]` (blocking): local instances with the node's
 * `serfHealth` check, or, with `peer`, the instances that peer exports here (each with an `overall-check`).
 */
export async function healthServiceRoute(context: ClusterContext, request: SimRequest, identity: AclIdentity): Promise<SimResponse> {
  const query = await serviceQuery(context, request, identity, '/v1/health/service/');
  if ('status' in query) return query;
  const { name, peer, all } = query;
  const tags = request.query.getAll('tag');
  const passing = boolParam(request.query, 'passing');
  const matching = all.filter((entry) => tags.every((tag) => (entry.Service['Tags'] as string[]).includes(tag))
    && (!passing || entry.Checks.every((check) => check['Status'] === 'passing')));
  const visible = matching.filter((entry) => canSeeEntry(context, identity, name, String(entry.Node['Node'])));
  const index = peer === '' ? context.store.indexOf('catalog') : Math.max(1, ...all.map((entry) => Number(entry.Service['ModifyIndex'])));
  return { status: 200, json: visible, headers: filteredMeta(index, visible.length < matching.length, identity) };
}
