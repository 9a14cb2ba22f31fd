import type { AclCheck, AclIdentity, SimAcl } from '../acl';
import type { SimCa } from '../ca';
import type { SimResponse } from '../http/server';
import type { SimNode } from '../node';
import type { PeeringEngine } from '../peering/engine';
import type { SimStore } from '../store';
import type { SimCatalog } from './catalog';
import type { ConfigTable } from './config';

/** Everything a route handler of one emulated cluster may use. */
export interface ClusterContext {
  readonly datacenter: string;
  readonly store: SimStore;
  readonly acl: SimAcl;
  readonly peerings: PeeringEngine;
  readonly config: ConfigTable;
  readonly catalog: SimCatalog;
  /** The cluster's single node (a dev server). */
  readonly node: SimNode;
  /** The cluster's Connect CA. */
  readonly ca: SimCa;
}

/** Plain-text error reply. */
export const textReply = (status: number, message: string): SimResponse => ({ status, text: message });

/** Read-endpoint headers Consul sets (setMeta). */
export function queryMeta(index: number): Record<string, string> {
  return {
    'X-Consul-Index': String(Math.max(1, index)), 'X-Consul-Knownleader': 'true', 'X-Consul-Lastcontact': '0',
    'X-Consul-Query-Backend': 'blocking-query',
  };
}

/** The 403 reply for `check`, or null when allowed. */
export function deny(context: ClusterContext, identity: AclIdentity, check: AclCheck): SimResponse | null {
  const denied = context.acl.check(identity, check);
  return denied === null ? null : textReply(denied.status, denied.message);
}

/** Converts `mesh:write` / `intention:read` (+ segment) into an ACL check. */
export function permissionCheck(permission: string, segment?: string): AclCheck {
  const [resource, access] = permission.split(':') as [AclCheck['resource'], AclCheck['access']];
  return segment === undefined ? { resource, access } : { resource, segment, access };
}

/** CE rejects any `?partition=` (and, where namespaces are parsed, `?ns=`) and the matching headers (§0.1). */
export function enterpriseScopeError(query: URLSearchParams, headers: Record<string, unknown>, namespaces: boolean): SimResponse | null {
  if ((query.get('partition') ?? '') !== '') return textReply(400, 'Invalid query parameter: "partition" - Partitions are a Consul Enterprise feature');
  if (headers['x-consul-partition'] !== undefined) return textReply(400, 'Invalid header: "X-Consul-Partition" - Partitions are a Consul Enterprise feature');
  if (!namespaces) return null;
  if ((query.get('ns') ?? '') !== '') return textReply(400, 'Invalid query parameter: "ns" - Namespaces are a Consul Enterprise feature');
  if (headers['x-consul-namespace'] !== undefined) return textReply(400, 'Invalid header: "X-Consul-Namespace" - Namespaces are a Consul Enterprise feature');
  return null;
}
