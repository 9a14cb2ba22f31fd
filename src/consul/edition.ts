// Consul CE or Enterprise: told by the version the agent reports (Enterprise builds carry `ent` in the semver build
// metadata: `1.22.7+ent`, `1.22.7+ent.fips1402`; CE 1.22.7 answers `1.22.7`), asked once per cluster per process.
// CE has one partition and one namespace, both `default`, and refuses (400) every `?partition=`/`?ns=` and most
// Partition/Namespace keys, even `default`; it silently drops an exported service's Namespace. So on CE the client
// sends `default` as nothing at all, and refuses any other value before Consul can reject it or drop it.
import { ConsulEditionError } from './errors';
import type { RequestScope } from './request';

/** Consul's two editions, Community (CE) and Enterprise, or `unknown` when the cluster answered without saying. */
export type ConsulEdition = 'ce' | 'enterprise' | 'unknown';

/** What a cluster says about itself. */
export interface EditionInfo {
  readonly edition: ConsulEdition;
  /** The version as the agent reports it, e.g. `1.22.7` or `1.22.7+ent` (empty when unknown). */
  readonly version: string;
}

/** The edition a version string names: Enterprise when its build metadata (after `+`) has an `ent` part. */
export function editionOfVersion(version: string): 'ce' | 'enterprise' {
  const plus = version.indexOf('+');
  if (plus < 0) return 'ce';
  return version.slice(plus + 1).toLowerCase().split('.').includes('ent') ? 'enterprise' : 'ce';
}

/** Empty or `default` (any case): the only partition and namespace CE has. */
export function isDefaultScope(value: string | undefined): boolean {
  return value === undefined || value === '' || value.toLowerCase() === 'default';
}

/** How a CE cluster is described in messages: where it is, what it runs, what it lacks. */
export function ceDescription(cluster: string, info: EditionInfo): string {
  return `the cluster at ${cluster} runs Consul CE ${info.version}, which has one partition and one namespace, both "default", and no sameness groups`;
}

const known = new Map<string, Promise<EditionInfo>>();

/**
 * The edition of `cluster`, detected by `detect` the first time only: callers at the same time share one request,
 * later callers get the remembered answer for the life of the process. A failed detection (no answer) is forgotten.
 */
export function cachedEdition(cluster: string, detect: () => Promise<EditionInfo>): Promise<EditionInfo> {
  const cached = known.get(cluster);
  if (cached !== undefined) return cached;
  const pending = detect();
  known.set(cluster, pending);
  pending.catch(() => {
    if (known.get(cluster) === pending) known.delete(cluster);
  });
  return pending;
}

/** Where a configured partition and namespace came from (`partition` setting, `CONSUL_PARTITION`, ...), for messages. */
export interface ScopeSources {
  readonly partition?: string | undefined;
  readonly namespace?: string | undefined;
}

/** A request scope for a CE cluster: `default` partition/namespace left out; any other throws {@link ConsulEditionError}. */
export function ceScope(scope: RequestScope, sources: ScopeSources, cluster: string, info: EditionInfo): RequestScope {
  const out: { partition?: string; namespace?: string; datacenter?: string } = {};
  if (scope.datacenter !== undefined) out.datacenter = scope.datacenter;
  for (const kind of ['partition', 'namespace'] as const) {
    const value = scope[kind];
    if (isDefaultScope(value)) continue;
    const source = sources[kind] ?? kind;
    throw new ConsulEditionError(source, `${kind} ${JSON.stringify(value)}${source === kind ? '' : ` (from ${source})`} needs Consul Enterprise: `
      + `${ceDescription(cluster, info)}. Set it to "default" or leave it unset.`);
  }
  return out;
}

/** True when the body holds a non-empty `Partition` or `Namespace` key at any depth (so the edition matters). */
export function hasScopeKeys(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasScopeKeys);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, item]) => ((key === 'Partition' || key === 'Namespace') && typeof item === 'string' && item !== '') || hasScopeKeys(item));
}

/**
 * A request body for a CE cluster: `Partition`/`Namespace` keys naming `default` left out (CE refuses them or drops
 * them); any other namespace or partition throws {@link ConsulEditionError} naming its place. An exported service's
 * consumer `Partition` is kept as it is: CE stores it (and exports nothing to it).
 */
export function ceBody(value: unknown, cluster: string, info: EditionInfo, at = ''): unknown {
  if (Array.isArray(value)) return value.map((item, index) => ceBody(item, cluster, info, `${at}[${index}]`));
  if (typeof value !== 'object' || value === null) return value;
  const consumer = /Consumers\[\d+\]$/.test(at);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const place = at === '' ? key : `${at}.${key}`;
    const scoped = key === 'Namespace' || (key === 'Partition' && !consumer);
    if (scoped && typeof item === 'string') {
      if (isDefaultScope(item)) continue;
      throw new ConsulEditionError(place, `${key.toLowerCase()} ${JSON.stringify(item)} (${place}) needs Consul Enterprise: ${ceDescription(cluster, info)}`);
    }
    out[key] = ceBody(item, cluster, info, place);
  }
  return out;
}
