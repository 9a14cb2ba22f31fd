import type { AuthorizationRequest } from './wire/acl';
import type { ConfigEntry, ConfigEntryKind } from './wire/config-entries';
import type { EstablishPeeringRequest, GeneratePeeringTokenRequest } from './wire/peering';

/** Where a request applies: Enterprise partition/namespace and datacenter, each sent only when set. */
export interface RequestScope {
  readonly partition?: string | undefined;
  readonly namespace?: string | undefined;
  readonly datacenter?: string | undefined;
}

/** A request before transport concerns (token, TLS, timeouts): what to send and whether resending is safe. */
export interface RequestSpec {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Safe to send again after a network error or 429/5xx: reads, deletes and config writes. */
  readonly idempotent: boolean;
}

/** Options of a blocking read (`?index=&wait=`). */
export interface BlockingOptions {
  readonly index?: number | undefined;
  readonly waitMs?: number | undefined;
}

type Query = Record<string, string>;

function setIf(query: Query, key: string, value: string | undefined): Query {
  if (value !== undefined && value !== '') query[key] = value;
  return query;
}

/** Peering endpoints read only the partition; `?ns=` and `?dc=` are ignored by Consul there (§0.1). */
function peeringQuery(scope: RequestScope, blocking: BlockingOptions = {}): Query {
  const query = setIf({}, 'partition', scope.partition);
  return withBlocking(query, blocking);
}

/** Config endpoints honour `dc`, `partition` and `ns`. */
function configQuery(scope: RequestScope, blocking: BlockingOptions = {}): Query {
  const query = setIf(setIf(setIf({}, 'dc', scope.datacenter), 'partition', scope.partition), 'ns', scope.namespace);
  return withBlocking(query, blocking);
}

function withBlocking(query: Query, blocking: BlockingOptions): Query {
  if (blocking.index !== undefined) query['index'] = String(blocking.index);
  if (blocking.waitMs !== undefined) query['wait'] = `${Math.max(1, Math.round(blocking.waitMs))}ms`;
  return query;
}

const segment = (value: string): string => encodeURIComponent(value);

/** Keys Consul adds on read and that a write must not echo back. */
const READ_ONLY_ENTRY_KEYS = new Set(['CreateIndex', 'ModifyIndex', 'Hash']);

/**
 * A copy of `value` without empty `Partition`/`Namespace` keys at any depth (Consul CE rejects those keys
 * even when empty) and, at the top level, without read-only bookkeeping keys.
 */
export function compactForWrite(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((item) => compactForWrite(item, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    if ((key === 'Partition' || key === 'Namespace') && item === '') continue;
    if (depth === 0 && READ_ONLY_ENTRY_KEYS.has(key)) continue;
    out[key] = compactForWrite(item, depth + 1);
  }
  return out;
}

/** Pure builders of every Consul request this project makes; no I/O happens here. */
export const requests = {
  /** `POST /v1/peering/token`: never retried (each call rotates the establishment secret). */
  generatePeeringToken(body: GeneratePeeringTokenRequest): RequestSpec {
    return { method: 'POST', path: '/v1/peering/token', query: {}, body: compactForWrite(body), idempotent: false };
  },
  /** `POST /v1/peering/establish`: never retried (a token can be exchanged once). */
  establishPeering(body: EstablishPeeringRequest): RequestSpec {
    return { method: 'POST', path: '/v1/peering/establish', query: {}, body: compactForWrite(body), idempotent: false };
  },
  /** `GET /v1/peering/:name`. */
  readPeering(name: string, scope: RequestScope, blocking?: BlockingOptions): RequestSpec {
    return { method: 'GET', path: `/v1/peering/${segment(name)}`, query: peeringQuery(scope, blocking), idempotent: true };
  },
  /** `GET /v1/peerings`. */
  listPeerings(scope: RequestScope, blocking?: BlockingOptions): RequestSpec {
    return { method: 'GET', path: '/v1/peerings', query: peeringQuery(scope, blocking), idempotent: true };
  },
  /** `DELETE /v1/peering/:name`: asynchronous on Consul's side, 200 even when missing. */
  deletePeering(name: string, scope: RequestScope): RequestSpec {
    return { method: 'DELETE', path: `/v1/peering/${segment(name)}`, query: peeringQuery(scope), idempotent: true };
  },
  /** `PUT /v1/config[?cas=N]`: an upsert, or a check-and-set write when `cas` is given. */
  writeConfigEntry(entry: ConfigEntry, scope: RequestScope, cas?: number): RequestSpec {
    const query = configQuery(scope);
    if (cas !== undefined) query['cas'] = String(cas);
    return { method: 'PUT', path: '/v1/config', query, body: compactForWrite(entry), idempotent: true };
  },
  /** `GET /v1/config/:kind/:name`. */
  readConfigEntry(kind: ConfigEntryKind, name: string, scope: RequestScope, blocking?: BlockingOptions): RequestSpec {
    return { method: 'GET', path: `/v1/config/${kind}/${segment(name)}`, query: configQuery(scope, blocking), idempotent: true };
  },
  /** `GET /v1/config/:kind`. */
  listConfigEntries(kind: ConfigEntryKind, scope: RequestScope, blocking?: BlockingOptions): RequestSpec {
    return { method: 'GET', path: `/v1/config/${kind}`, query: configQuery(scope, blocking), idempotent: true };
  },
  /** `DELETE /v1/config/:kind/:name[?cas=N]`. */
  deleteConfigEntry(kind: ConfigEntryKind, name: string, scope: RequestScope, cas?: number): RequestSpec {
    const query = configQuery(scope);
    if (cas !== undefined) query['cas'] = String(cas);
    return { method: 'DELETE', path: `/v1/config/${kind}/${segment(name)}`, query, idempotent: true };
  },
  /** `POST /v1/internal/acl/authorize`: read-only permission questions for the calling token (at most 64). */
  authorize(checks: readonly AuthorizationRequest[]): RequestSpec {
    return { method: 'POST', path: '/v1/internal/acl/authorize', query: {}, body: checks, idempotent: true };
  },
  /** `GET /v1/agent/version` (Consul 1.15+, no ACL check). */
  agentVersion(): RequestSpec {
    return { method: 'GET', path: '/v1/agent/version', query: {}, idempotent: true };
  },
  /** `GET /v1/agent/self` (needs `agent:read`). */
  agentSelf(): RequestSpec {
    return { method: 'GET', path: '/v1/agent/self', query: {}, idempotent: true };
  },
  /** `GET /v1/exported-services` (Consul 1.17.3+). */
  listExportedServices(scope: RequestScope): RequestSpec {
    const query = setIf(setIf({}, 'dc', scope.datacenter), 'partition', scope.partition);
    return { method: 'GET', path: '/v1/exported-services', query, idempotent: true };
  },
} as const;
