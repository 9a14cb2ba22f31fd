import { compactForWrite } from '../../../consul/request';
import type { ServiceIntentionsEntry } from '../../../consul';
import { sameValue } from '../../diff';
import { mergeOwnedMeta, ownedMetaView, wireMeta } from '../../owned-meta';
import { scopeKey } from '../../service-scope';
import { entryJwtView, fromWireJwt, mergeEntryJwt, toWireJwt } from './jwt';
import type { IntentionHeader, IntentionHttp, IntentionJwt, IntentionPermission, IntentionSource } from './schema';

// Pure translation between the resource's sources and Consul's service-intentions entry, and the merge rules: a
// resource owns sources (by name, peer, partition, namespace, sameness group) and meta keys, never others'.

/** One source of the wire entry. */
export type WireSource = NonNullable<ServiceIntentionsEntry['Sources']>[number];
type WirePermission = NonNullable<WireSource['Permissions']>[number];
type WireHttp = NonNullable<WirePermission['HTTP']>;
type WireHeader = NonNullable<WireHttp['Header']>[number];

/** The destination's scope, which local sources inherit when they name no partition/namespace. */
export interface IntentionsScope {
  readonly partition?: string | undefined;
  readonly namespace?: string | undefined;
}

/** The sources, meta keys and entry JWT requirement a resource manages. */
export interface OwnedIntentions {
  readonly sources: readonly IntentionSource[];
  readonly meta?: Readonly<Record<string, string>> | undefined;
  readonly jwt?: IntentionJwt | undefined;
}

/** What a merge is asked to do: the destination, what is wanted now, what was owned before, whole-entry ownership. */
export interface IntentionsPlan extends IntentionsScope {
  readonly name: string;
  readonly desired: OwnedIntentions;
  readonly owned: OwnedIntentions;
  readonly exclusive: boolean;
}

type KeyFields = Pick<IntentionSource, 'name' | 'peer' | 'partition' | 'namespace' | 'samenessGroup'>;

/** Identity of a source as Consul normalises it (local sources inherit the destination's partition and namespace). */
export function sourceKey(source: KeyFields, scope: IntentionsScope): string {
  const remote = nonEmpty(source.peer) || nonEmpty(source.samenessGroup);
  const partition = scopeKey(remote ? source.partition : source.partition || scope.partition);
  const namespace = scopeKey(source.namespace || (remote ? '' : scope.namespace));
  return JSON.stringify([source.name, source.peer ?? '', partition, namespace, source.samenessGroup ?? '']);
}

/**
 * The entry to store: exclusive → exactly the desired sources and meta; shared → the stored entry minus the sources and
 * meta keys owned before and no longer desired, with every desired source (replacing its stored version) and meta key;
 * undefined when no source is left (the entry is deleted).
 */
export function mergeIntentions(current: ServiceIntentionsEntry | undefined, plan: IntentionsPlan): ServiceIntentionsEntry | undefined {
  const { Sources: _sources, Meta: storedMeta, JWT: storedJwt, CreateIndex: _c, ModifyIndex: _m, Hash: _h, ...rest } = current ?? {};
  const base: ServiceIntentionsEntry = {
    ...rest, Kind: 'service-intentions', Name: plan.name,
    ...(scopeKey(plan.partition) === '' ? {} : { Partition: plan.partition }),
    ...(scopeKey(plan.namespace) === '' ? {} : { Namespace: plan.namespace }),
  };
  const { desired, owned } = plan;
  if (plan.exclusive) {
    if (desired.sources.length === 0) return undefined;
    return { ...base, ...wireMeta(desired.meta), ...mergeEntryJwt(storedJwt, owned.jwt, desired.jwt, true), Sources: desired.sources.map(toWireSource) };
  }
  const key = (source: KeyFields): string => sourceKey(source, plan);
  const wanted = new Set(desired.sources.map(key));
  const drop = new Set(owned.sources.map(key).filter((k) => !wanted.has(k)));
  const sources = (current?.Sources ?? []).filter((source) => !drop.has(key(fromWireSource(source))));
  for (const source of desired.sources) {
    const at = sources.findIndex((stored) => key(fromWireSource(stored)) === key(source));
    if (at >= 0) sources[at] = toWireSource(source);
    else sources.push(toWireSource(source));
  }
  if (sources.length === 0) return undefined;
  return {
    ...base, ...wireMeta(mergeOwnedMeta(storedMeta, owned.meta, desired.meta)), ...mergeEntryJwt(storedJwt, owned.jwt, desired.jwt, false),
    Sources: sources,
  };
}

/**
 * The resource's view of the entry. Without owned sources (import): everything. Shared: the owned sources still present
 * (in `owned`'s order and spelling when Consul holds the same content), owned meta keys and the JWT requirement when
 * owned. Exclusive: the same, plus every other source, all meta and the requirement. Each source carries Consul's precedence.
 */
export function intentionsView(
  entry: ServiceIntentionsEntry, owned: Partial<OwnedIntentions>, exclusive: boolean, scope: IntentionsScope,
): { sources: IntentionSource[]; meta: Readonly<Record<string, string>> | undefined; jwt: IntentionJwt | undefined } {
  const all = (entry.Sources ?? []).map(fromWireSource);
  if (owned.sources === undefined) return { sources: all, meta: entry.Meta, jwt: fromWireJwt(entry.JWT) };
  const byKey = new Map(all.map((source) => [sourceKey(source, scope), source]));
  const sources = owned.sources.flatMap((mine) => {
    const stored = byKey.get(sourceKey(mine, scope));
    return stored === undefined ? [] : [reconcile(mine, stored)];
  });
  if (exclusive) {
    const mineKeys = new Set(owned.sources.map((source) => sourceKey(source, scope)));
    sources.push(...all.filter((source) => !mineKeys.has(sourceKey(source, scope))));
  }
  return { sources, meta: ownedMetaView(entry.Meta, owned.meta, exclusive), jwt: entryJwtView(entry.JWT, owned.jwt, exclusive) };
}

/** The precedence Consul computed for each source of `entry`, by source key. */
export function precedenceByKey(entry: ServiceIntentionsEntry | undefined, scope: IntentionsScope): Map<string, number> {
  const out = new Map<string, number>();
  for (const source of entry?.Sources ?? []) if (source.Precedence !== undefined) out.set(sourceKey(fromWireSource(source), scope), source.Precedence);
  return out;
}

/** True when two entries mean the same to Consul (precedence, default Type and source order ignored). */
export function sameIntentions(a: ServiceIntentionsEntry, b: ServiceIntentionsEntry): boolean {
  const canonical = (entry: ServiceIntentionsEntry): unknown => {
    const sources = (entry.Sources ?? []).map(({ Precedence: _p, Type, ...source }) => compactForWrite({ ...source, Type: Type || 'consul' }));
    return { ...(compactForWrite({ ...entry, Sources: undefined }) as object), Sources: sources.map((s) => JSON.stringify(s)).sort() };
  };
  return sameValue(canonical(a), canonical(b));
}

/** A resource source in Consul's shape (empty values omitted). */
export function toWireSource(source: IntentionSource): WireSource {
  const permissions = source.permissions ?? [];
  return {
    Name: source.name,
    ...optional('Peer', source.peer), ...optional('Partition', source.partition), ...optional('Namespace', source.namespace),
    ...optional('SamenessGroup', source.samenessGroup), ...optional('Action', source.action), ...optional('Description', source.description),
    ...(permissions.length === 0 ? {} : { Permissions: permissions.map(toWirePermission) }),
  };
}

/** A wire source in the resource's shape, with Consul's precedence. */
export function fromWireSource(source: WireSource): IntentionSource {
  const permissions = source.Permissions ?? [];
  return {
    name: source.Name,
    ...optional('peer', source.Peer), ...optional('partition', source.Partition), ...optional('namespace', source.Namespace),
    ...optional('samenessGroup', source.SamenessGroup), ...optional('action', source.Action), ...optional('description', source.Description),
    ...(permissions.length === 0 ? {} : { permissions: permissions.map(fromWirePermission) }),
    ...(source.Precedence === undefined ? {} : { precedence: source.Precedence }),
  };
}

/** `mine` with Consul's precedence when Consul holds the same content; else Consul's content under `mine`'s key spelling. */
function reconcile(mine: IntentionSource, stored: IntentionSource): IntentionSource {
  const precedence = stored.precedence === undefined ? {} : { precedence: stored.precedence };
  const content = (source: IntentionSource): unknown => {
    const { Name: _n, Peer: _p, Partition: _pa, Namespace: _ns, SamenessGroup: _s, ...rest } = toWireSource(source);
    return rest;
  };
  if (sameValue(content(mine), content(stored))) return { ...mine, ...precedence };
  const { name: _n, peer: _p, partition: _pa, namespace: _ns, samenessGroup: _s, precedence: _pr, ...storedContent } = stored;
  const { name, peer, partition, namespace, samenessGroup } = mine;
  return { name, ...optional('peer', peer), ...optional('partition', partition), ...optional('namespace', namespace), ...optional('samenessGroup', samenessGroup), ...storedContent, ...precedence };
}

function toWirePermission(permission: IntentionPermission): WirePermission {
  const { http } = permission;
  const headers = http.headers ?? [];
  const methods = http.methods ?? [];
  return {
    Action: permission.action,
    HTTP: {
      ...optional('PathExact', http.pathExact), ...optional('PathPrefix', http.pathPrefix), ...optional('PathRegex', http.pathRegex),
      ...(headers.length === 0 ? {} : { Header: headers.map(toWireHeader) }),
      ...(methods.length === 0 ? {} : { Methods: [...methods] }),
    },
    ...(permission.jwt === undefined ? {} : { JWT: toWireJwt(permission.jwt) }),
  };
}

function fromWirePermission(permission: WirePermission): IntentionPermission {
  const http = permission.HTTP ?? {};
  const headers = http.Header ?? [];
  const methods = http.Methods ?? [];
  const view: IntentionHttp = {
    ...optional('pathExact', http.PathExact), ...optional('pathPrefix', http.PathPrefix), ...optional('pathRegex', http.PathRegex),
    ...(methods.length === 0 ? {} : { methods: [...methods] }),
    ...(headers.length === 0 ? {} : { headers: headers.map(fromWireHeader) }),
  };
  const jwt = fromWireJwt(permission.JWT);
  return { action: permission.Action, http: view, ...(jwt === undefined ? {} : { jwt }) };
}

function toWireHeader(header: IntentionHeader): WireHeader {
  return {
    Name: header.name, ...(header.present === true ? { Present: true } : {}),
    ...optional('Exact', header.exact), ...optional('Prefix', header.prefix), ...optional('Suffix', header.suffix),
    ...optional('Contains', header.contains), ...optional('Regex', header.regex),
    ...(header.invert === true ? { Invert: true } : {}), ...(header.ignoreCase === true ? { IgnoreCase: true } : {}),
  };
}

function fromWireHeader(header: WireHeader): IntentionHeader {
  return {
    name: header.Name, ...(header.Present === true ? { present: true } : {}),
    ...optional('exact', header.Exact), ...optional('prefix', header.Prefix), ...optional('suffix', header.Suffix),
    ...optional('contains', header.Contains), ...optional('regex', header.Regex),
    ...(header.Invert === true ? { invert: true } : {}), ...(header.IgnoreCase === true ? { ignoreCase: true } : {}),
  };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (nonEmpty(value) ? { [key]: value } : {}) as { [P in K]?: string };
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}
