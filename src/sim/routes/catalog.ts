import { isIP } from 'node:net';
import { markGoMap } from '../config-entries';
import type { SimResponse } from '../http/server';
import type { SimNode } from '../node';
import { queryMeta, type ClusterContext } from './context';

/** One health check of a registered instance. */
export interface SimCheck {
  readonly CheckID: string;
  readonly Name: string;
  readonly Status: string;
  readonly Type: string;
  readonly Interval: string;
  readonly Timeout: string;
}

/** A `structs.ServiceAddress`: one tagged address of a service. */
export interface ServiceAddress {
  readonly Address: string;
  readonly Port: number;
}

/** One registered service instance, with the fields the emulator keeps. */
export interface ServiceInstance {
  readonly ID: string;
  readonly Service: string;
  readonly Kind: string;
  readonly Tags: string[];
  readonly Port: number;
  readonly Address: string;
  /** The tagged addresses given at registration (e.g. a mesh gateway's `wan`), or null. */
  readonly TaggedAddresses?: Readonly<Record<string, ServiceAddress>> | null;
  /** null when registered without meta (Consul then renders `"Meta": null`). */
  readonly Meta: Record<string, string> | null;
  readonly Weights: { readonly Passing: number; readonly Warning: number };
  readonly EnableTagOverride: boolean;
  readonly checks: readonly SimCheck[];
  readonly createIndex: number;
}

/** What an exporting cluster sends its peer: its node and the instances of the services exported to that peer. */
export interface ExportSnapshot {
  readonly names: string[];
  readonly node: Record<string, unknown>;
  readonly instances: Omit<ServiceInstance, 'createIndex'>[];
}

/** The service catalog of one emulated cluster (a single node): what exports and imports are made of. */
export class SimCatalog {
  readonly instances = new Map<string, ServiceInstance>();

  /** Registered service names (with the built-in `consul` service), sorted. */
  serviceNames(): string[] {
    return [...new Set(['consul', ...[...this.instances.values()].map((instance) => instance.Service)])].sort();
  }

  /** Whether any instance of `name` is registered. */
  has(name: string): boolean {
    return name === 'consul' || [...this.instances.values()].some((instance) => instance.Service === name);
  }

  /** Instances of one service, sorted by ID. */
  instancesOf(name: string): ServiceInstance[] {
    return [...this.instances.values()].filter((instance) => instance.Service === name).sort((a, b) => a.ID.localeCompare(b.ID));
  }

  /** The snapshot of the services `names` for a peer. */
  snapshot(node: SimNode, names: string[]): ExportSnapshot {
    const instances = names.flatMap((name) => this.instancesOf(name)).map(({ createIndex: _index, ...rest }) => rest);
    return { names, node: node.catalogNode(), instances };
  }
}

/**
 * A service's `TaggedAddresses`: the registered ones, plus the `lan_ipv4`/`wan_ipv4` (or `_ipv6`) the agent derives
 * from an IP service address when they were not given; omitted when empty.
 */
function serviceTaggedAddresses(given: Readonly<Record<string, ServiceAddress>> | null | undefined, address: string, port: number): Record<string, unknown> | undefined {
  const out: Record<string, ServiceAddress> = { ...(given ?? {}) };
  const family = isIP(address);
  if (family !== 0) {
    const suffix = family === 4 ? 'ipv4' : 'ipv6';
    for (const key of [`lan_${suffix}`, `wan_${suffix}`]) out[key] ??= { Address: address, Port: port };
  }
  return Object.keys(out).length === 0 ? undefined : markGoMap(out);
}

/** The `Service` object of a health or catalog answer (keys in Consul's order, empty optional keys omitted). */
export function renderService(instance: Omit<ServiceInstance, 'createIndex'>, index: number, peerName: string): Record<string, unknown> {
  return {
    ...(instance.Kind === '' ? {} : { Kind: instance.Kind }),
    ID: instance.ID, Service: instance.Service, Tags: instance.Tags, Address: instance.Address,
    TaggedAddresses: serviceTaggedAddresses(instance.TaggedAddresses, instance.Address, instance.Port),
    Meta: instance.Meta === null ? null : markGoMap({ ...instance.Meta }),
    Port: instance.Port === 0 ? undefined : instance.Port,
    Weights: instance.Weights, EnableTagOverride: instance.EnableTagOverride,
    Proxy: { Mode: '', MeshGateway: {}, Expose: {} }, Connect: {}, PeerName: peerName, CreateIndex: index, ModifyIndex: index,
  };
}

/** One check as health answers render it. */
export function renderCheck(
  nodeName: string, instance: Omit<ServiceInstance, 'createIndex'>, check: SimCheck, index: number, peerName?: string,
): Record<string, unknown> {
  return {
    Node: nodeName, CheckID: check.CheckID, Name: check.Name, Status: check.Status, Notes: '', Output: '',
    ServiceID: instance.ID, ServiceName: instance.Service, ServiceTags: instance.Tags, Type: check.Type,
    Interval: check.Interval, Timeout: check.Timeout, ExposedPort: 0, ...(peerName === undefined ? {} : { PeerName: peerName }),
    Definition: {}, CreateIndex: index, ModifyIndex: index,
  };
}

/** Whether the token may see a catalog entry: `node:read` on the node and `service:read` on the service. */
export function canSeeEntry(
  context: ClusterContext, identity: Parameters<ClusterContext['acl']['check']>[0], service: string, nodeName = context.node.nodeName,
): boolean {
  return context.acl.check(identity, { resource: 'node', segment: nodeName, access: 'read' }) === null
    && context.acl.check(identity, { resource: 'service', segment: service, access: 'read' }) === null;
}

/** Headers of a filtered read: `X-Consul-Results-Filtered-By-Acls` only for a real token (never the anonymous one). */
export function filteredMeta(index: number, filtered: boolean, identity: { kind: string }): Record<string, string> {
  const headers = { ...queryMeta(index), 'X-Consul-Effective-Consistency': 'leader' };
  return filtered && identity.kind === 'token' ? { ...headers, 'X-Consul-Results-Filtered-By-Acls': 'true' } : headers;
}

/** `GET /v1/catalog/services`: service name → tags, filtered by ACLs. */
export function catalogServicesRoute(context: ClusterContext, identity: Parameters<ClusterContext['acl']['check']>[0]): SimResponse {
  if (identity.kind === 'unknown') return { status: 403, text: 'ACL not found', headers: { ...queryMeta(1), 'X-Consul-Knownleader': 'false' } };
  const json: Record<string, string[]> = markGoMap({});
  let filtered = false;
  for (const name of context.catalog.serviceNames()) {
    if (!canSeeEntry(context, identity, name)) {
      filtered = true;
      continue;
    }
    json[name] = [...new Set(context.catalog.instancesOf(name).flatMap((instance) => instance.Tags))];
  }
  return { status: 200, json, headers: filteredMeta(context.store.indexOf('catalog'), filtered, identity) };
}

/** `GET /v1/catalog/datacenters`: an emulated cluster knows only its own datacenter (peering does not federate). */
export function catalogDatacentersRoute(context: ClusterContext): SimResponse {
  return { status: 200, json: [context.datacenter] };
}
