import type { AclIdentity } from '../acl';
import {
  checkConfigEntryDelete, checkConfigEntryGraph, configEntryPermission, configKindError, renderConfigEntry, sameConfigContent,
  validateConfigEntryBody, type SimConfigEntry,
} from '../config-entries';
import type { SimRequest, SimResponse } from '../http/server';
import { parseWait, type SimStore } from '../store';
import { deny, enterpriseScopeError, permissionCheck, queryMeta, textReply, type ClusterContext } from './context';

/** A stored entry with its raft indexes. */
interface StoredEntry {
  entry: SimConfigEntry;
  createIndex: number;
  modifyIndex: number;
}

/** The config entries of one emulated cluster, keyed by kind and name. */
export class ConfigTable {
  private readonly entries = new Map<string, StoredEntry>();

  constructor(private readonly store: SimStore) {}

  /** The stored entry, if any. */
  get(kind: string, name: string): StoredEntry | undefined {
    return this.entries.get(`${kind}/${name}`);
  }

  /** Entries of one kind, sorted by name. */
  list(kind: string): StoredEntry[] {
    return [...this.entries.entries()].filter(([key]) => key.startsWith(`${kind}/`)).map(([, stored]) => stored)
      .sort((a, b) => a.entry.Name.localeCompare(b.entry.Name));
  }

  /** Upsert with a new ModifyIndex (CreateIndex kept). */
  put(entry: SimConfigEntry): void {
    const index = this.store.write('config');
    const existing = this.get(entry.Kind, entry.Name);
    this.entries.set(`${entry.Kind}/${entry.Name}`, { entry, createIndex: existing?.createIndex ?? index, modifyIndex: index });
  }

  /** Removes an entry. */
  remove(kind: string, name: string): void {
    this.entries.delete(`${kind}/${name}`);
    this.store.write('config');
  }

  /** Lookup function for the config-entry graph checks. */
  readonly lookup = (kind: string, name: string): SimConfigEntry | undefined => this.get(kind, name)?.entry;

  /** Lister function for the config-entry graph checks. */
  readonly lister = (kind: string): SimConfigEntry[] => this.list(kind).map((stored) => stored.entry);
}

function parseCas(query: URLSearchParams): number | undefined | SimResponse {
  const raw = query.get('cas');
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw)) return textReply(500, `strconv.ParseUint: parsing "${raw}": invalid syntax`);
  return Number(raw);
}

/** ACL check for a config entry access; no permission needed → null. */
function configDenied(context: ClusterContext, identity: AclIdentity, kind: string, name: string, access: 'read' | 'write'): SimResponse | null {
  const needed = configEntryPermission(kind, name, access);
  // No permission needed (mesh, proxy-defaults reads), but the token is still resolved first: an unknown one is refused.
  if (needed.permission === '') return identity.kind === 'unknown' ? textReply(403, 'ACL not found') : null;
  if (needed.orAnyService && deny(context, identity, { resource: 'service', anySegment: true, access: needed.orAnyService }) === null) return null;
  return deny(context, identity, permissionCheck(needed.permission, needed.resource));
}

/**
 * `PUT /v1/config[?cas=N]`, with Consul's order of checks: decoding (400), cas parsing (500), unknown
 * token (403), validation (500), missing permission (403), same-content skip (true), cas (false), graph (500).
 */
export function writeConfigRoute(context: ClusterContext, request: SimRequest, identity: AclIdentity): SimResponse {
  const scope = enterpriseScopeError(request.query, request.headers, true);
  if (scope !== null) return scope;
  let body: unknown;
  try {
    body = request.body.trim() === '' ? undefined : JSON.parse(request.body);
  } catch {
    return textReply(400, `Request decoding failed: ${request.body.trim() === '' ? 'EOF' : 'unexpected EOF'}`);
  }
  const checked = validateConfigEntryBody(body);
  if (!checked.ok && checked.status === 400) return textReply(400, checked.message);
  const cas = parseCas(request.query);
  if (typeof cas === 'object') return cas;
  if (identity.kind === 'unknown') return deny(context, identity, { resource: 'mesh', access: 'write' }) ?? textReply(403, 'ACL not found');
  if (!checked.ok) return textReply(checked.status, checked.message);
  const { entry } = checked;
  const denied = configDenied(context, identity, entry.Kind, entry.Name, 'write');
  if (denied !== null) return denied;
  const existing = context.config.get(entry.Kind, entry.Name);
  if (existing !== undefined && sameConfigContent(existing.entry, entry)) return { status: 200, json: true };
  if (cas !== undefined && (cas === 0 ? existing !== undefined : existing?.modifyIndex !== cas)) return { status: 200, json: false };
  const graph = checkConfigEntryGraph(entry, context.config.lookup, context.config.lister);
  if (graph !== null) return textReply(500, graph);
  context.config.put(entry);
  return { status: 200, json: true };
}

/** `GET /v1/config/:kind[/:name]` (blocking) and `DELETE /v1/config/:kind/:name[?cas=N]`. */
export async function configByKindRoute(context: ClusterContext, request: SimRequest, identity: AclIdentity): Promise<SimResponse> {
  const scope = enterpriseScopeError(request.query, request.headers, true);
  if (scope !== null) return scope;
  const [kind = '', ...rest] = request.path.slice('/v1/config/'.length).split('/');
  const name = decodeURIComponent(rest.join('/'));
  const kindError = configKindError(kind);
  if (request.method === 'DELETE') {
    if (name === '') return textReply(404, 'Must provide both a kind and name to delete');
    if (kindError !== null) return textReply(400, kindError);
    const cas = parseCas(request.query);
    if (typeof cas === 'object') return cas;
    const denied = configDenied(context, identity, kind, name, 'write');
    if (denied !== null) return denied;
    const existing = context.config.get(kind, name);
    if (cas !== undefined && existing !== undefined && existing.modifyIndex !== cas) return { status: 200, json: false };
    if (existing !== undefined) {
      const blocked = checkConfigEntryDelete(kind, name, context.config.lookup, context.config.lister);
      if (blocked !== null) return textReply(500, blocked);
      context.config.remove(kind, name);
    }
    return { status: 200, json: cas === undefined ? {} : true };
  }
  if (kindError !== null) return textReply(500, kindError);
  const wait = parseWait(request.query.get('wait'));
  if (typeof wait !== 'number') return textReply(400, wait.error);
  const minIndex = request.query.has('index') ? Number(request.query.get('index')) : undefined;
  if (name === '') return listConfig(context, kind, identity, minIndex, wait);
  const denied = configDenied(context, identity, kind, name, 'read');
  if (denied !== null) return denied;
  await context.store.block('config', minIndex, wait, () => context.config.get(kind, name)?.modifyIndex ?? context.store.indexOf('config'));
  const stored = context.config.get(kind, name);
  if (stored === undefined) {
    return { status: 404, text: `Config entry not found for "${kind}" / "${name}"`, headers: queryMeta(context.store.indexOf('config')) };
  }
  const json = renderConfigEntry(stored.entry, { createIndex: stored.createIndex, modifyIndex: stored.modifyIndex });
  return { status: 200, json, headers: queryMeta(stored.modifyIndex) };
}

async function listConfig(
  context: ClusterContext, kind: string, identity: AclIdentity, minIndex: number | undefined, wait: number,
): Promise<SimResponse> {
  // The token is resolved before anything is listed: an unknown one is refused (not given a filtered list).
  if (identity.kind === 'unknown') return textReply(403, 'ACL not found');
  await context.store.block('config', minIndex, wait, () => context.store.indexOf('config'));
  const all = context.config.list(kind);
  const visible = all.filter((stored) => configDenied(context, identity, kind, stored.entry.Name, 'read') === null);
  const headers: Record<string, string> = queryMeta(context.store.indexOf('config'));
  if (visible.length < all.length) headers['X-Consul-Results-Filtered-By-Acls'] = 'true';
  const json = visible.map((stored) => renderConfigEntry(stored.entry, { createIndex: stored.createIndex, modifyIndex: stored.modifyIndex }));
  return { status: 200, json, headers };
}

/** The services the `exported-services` entry exports to `peer`, registered ones only, `*` expanded. */
export function exportsFor(context: ClusterContext, peer: string): string[] {
  const services = (context.config.get('exported-services', 'default')?.entry['Services'] ?? []) as
    { Name: string; Consumers?: { Peer?: string }[] }[];
  const names = new Set<string>();
  for (const service of services) {
    if (!(service.Consumers ?? []).some((consumer) => consumer.Peer === peer)) continue;
    if (service.Name === '*') context.catalog.serviceNames().filter((name) => name !== 'consul').forEach((name) => names.add(name));
    else if (service.Name !== 'consul' && context.catalog.has(service.Name)) names.add(service.Name);
  }
  return [...names].sort();
}

/**
 * `GET /v1/exported-services`: every exported service with its consumer peers resolved. CE lists no consumer
 * partitions (a `Partition` consumer is stored but resolves to nothing: CE has one partition).
 */
export function exportedServicesRoute(context: ClusterContext, request: SimRequest, identity: AclIdentity): SimResponse {
  const scope = enterpriseScopeError(request.query, request.headers, false);
  if (scope !== null) return scope;
  const denied = deny(context, identity, { resource: 'mesh', access: 'read' });
  if (denied !== null) return denied;
  const services = (context.config.get('exported-services', 'default')?.entry['Services'] ?? []) as
    { Name: string; Consumers?: { Peer?: string }[] }[];
  const byName = new Map<string, Set<string>>();
  for (const service of services) {
    const names = service.Name === '*' ? context.catalog.serviceNames().filter((name) => name !== 'consul') : [service.Name];
    for (const name of names) {
      const peers = byName.get(name) ?? new Set<string>();
      for (const consumer of service.Consumers ?? []) if (consumer.Peer !== undefined && consumer.Peer !== '') peers.add(consumer.Peer);
      byName.set(name, peers);
    }
  }
  const json = [...byName.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, peers]) => ({
    Service: name,
    Consumers: peers.size > 0 ? { Peers: [...peers].sort() } : {},
  }));
  return { status: 200, json, headers: queryMeta(context.store.indexOf('config')) };
}

/**
 * `GET /v1/imported-services` (CE 1.22): derived from the service-intentions entries, not from the peering
 * streams — every intention source with a `Peer` counts as the destination service imported from that peer.
 */
export function importedServicesRoute(context: ClusterContext, request: SimRequest, identity: AclIdentity): SimResponse {
  const scope = enterpriseScopeError(request.query, request.headers, false);
  if (scope !== null) return scope;
  const denied = deny(context, identity, { resource: 'mesh', access: 'read' });
  if (denied !== null) return denied;
  const entries = context.config.list('service-intentions');
  const pairs = new Set<string>();
  for (const stored of entries) {
    for (const source of (stored.entry['Sources'] ?? []) as { Peer?: string }[]) {
      if ((source.Peer ?? '') !== '') pairs.add(JSON.stringify([stored.entry.Name, source.Peer]));
    }
  }
  const byBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const json = [...pairs].map((pair) => JSON.parse(pair) as [string, string])
    .sort(([s1, p1], [s2, p2]) => byBytes(s1, s2) || byBytes(p1, p2))
    .map(([service, peer]) => ({ Service: service, SourcePeer: peer }));
  const index = Math.max(1, ...entries.map((stored) => stored.modifyIndex));
  return { status: 200, json, headers: queryMeta(index) };
}
