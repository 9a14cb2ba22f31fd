// Checks Consul makes against other stored entries when an entry is written or deleted (inside the
// state store, so after the ACL check and the cas comparison): L7 intention permissions need an HTTP-like
// protocol on the destination, referenced JWT providers must exist, and MutualTLSMode=permissive needs the
// mesh entry's consent.
import { goQuote, multiError } from './go-text';
import { intentionSources, referencedJwtProviders, sourcePermissions } from './service-intentions';
import type { EntryLister, EntryLookup, SimConfigEntry } from './types';

const HTTP_LIKE = new Set(['http', 'http2', 'grpc']);

/** The protocol of a service's discovery chain: its service-defaults, else proxy-defaults, else tcp. */
export function serviceProtocol(service: string, lookup: EntryLookup): string {
  const defaults = lookup('service-defaults', service);
  if (defaults) return (String(defaults['Protocol'] ?? '') || 'tcp').toLowerCase();
  const proxy = String(lookup('proxy-defaults', 'global')?.['Protocol'] ?? '');
  return proxy === '' ? 'tcp' : proxy.toLowerCase();
}

function l7Problem(intentions: SimConfigEntry, lookup: EntryLookup): string | null {
  if (intentions.Name === '*') return null;
  const hasPermissions = intentionSources(intentions).some((src) => src !== null && sourcePermissions(src).length > 0);
  if (!hasPermissions) return null;
  const protocol = serviceProtocol(intentions.Name, lookup);
  if (HTTP_LIKE.has(protocol)) return null;
  return `service ${goQuote(intentions.Name)} has protocol ${goQuote(protocol)}, which is incompatible with L7 intentions permissions`;
}

function intentionsToCheck(name: string | null, lookup: EntryLookup, list?: EntryLister): SimConfigEntry[] {
  const out: SimConfigEntry[] = [];
  const own = name === null ? undefined : lookup('service-intentions', name);
  if (own) out.push(own);
  const all = [...(list?.('service-intentions') ?? [])].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
  return out.concat(all);
}

function firstL7Problem(candidates: readonly SimConfigEntry[], lookup: EntryLookup): string | null {
  for (const intentions of candidates) {
    const problem = l7Problem(intentions, lookup);
    if (problem) return problem;
  }
  return null;
}

function permissiveProblem(entry: SimConfigEntry, lookup: EntryLookup): string | null {
  if (entry['MutualTLSMode'] !== 'permissive') return null;
  if (lookup(entry.Kind, entry.Name)?.['MutualTLSMode'] === 'permissive') return null;
  if (lookup('mesh', 'mesh')?.['AllowEnablingPermissiveMutualTLS'] === true) return null;
  return 'cannot set MutualTLSMode=permissive because AllowEnablingPermissiveMutualTLS=false in the mesh config entry';
}

function overlay(lookup: EntryLookup, kind: string, name: string, replacement: SimConfigEntry | undefined): EntryLookup {
  return (k, n) => (k === kind && n === name ? replacement : lookup(k, n));
}

// `list` is needed for proxy-defaults writes (every intention is re-checked).
/** Consul's graph checks (500 texts) for writing `entry` over the stored entries; null when the write may proceed. */
export function checkConfigEntryGraph(entry: SimConfigEntry, lookup: EntryLookup, list?: EntryLister): string | null {
  switch (entry.Kind) {
    case 'service-intentions': {
      const missing = referencedJwtProviders(entry).filter((name) => !lookup('jwt-provider', name));
      if (missing.length > 0) return multiError(missing.map((n) => `Referenced JWT Provider does not exist. Provider Name: ${n}`));
      return l7Problem(entry, lookup);
    }
    case 'service-defaults': {
      const mtls = permissiveProblem(entry, lookup);
      if (mtls) return mtls;
      const next = overlay(lookup, 'service-defaults', entry.Name, entry);
      return firstL7Problem(intentionsToCheck(entry.Name, lookup, list), next);
    }
    case 'proxy-defaults': {
      const mtls = permissiveProblem(entry, lookup);
      if (mtls) return mtls;
      const next = overlay(lookup, 'proxy-defaults', 'global', entry);
      return firstL7Problem(intentionsToCheck(null, lookup, list), next);
    }
    default:
      return null;
  }
}

// E.g. removing the service-defaults (or proxy-defaults) that made L7 intentions valid.
/** Consul's graph checks (500 text) for deleting the stored entry kind/name; null when the delete may proceed. */
export function checkConfigEntryDelete(kind: string, name: string, lookup: EntryLookup, list?: EntryLister): string | null {
  if (!lookup(kind, name)) return null;
  if (kind === 'service-defaults') {
    return firstL7Problem(intentionsToCheck(name, lookup, list), overlay(lookup, kind, name, undefined));
  }
  if (kind === 'proxy-defaults' && name === 'global') {
    return firstL7Problem(intentionsToCheck(null, lookup, list), overlay(lookup, kind, name, undefined));
  }
  if (kind === 'jwt-provider') {
    const user = [...(list?.('service-intentions') ?? [])].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0))
      .find((intentions) => referencedJwtProviders(intentions).includes(name));
    if (user) return `cannot delete jwt provider config entry referenced by an intention. Provider name: ${name}, intention name: ${user.Name}`;
  }
  return null;
}
