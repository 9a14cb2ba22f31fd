import { ConsulHttpError, isPermissionDenied } from '../consul/errors';
import type { AuthorizationRequest, ConsulClient } from '../consul';
import { isUnknown } from './unknown';

/** One ACL permission a planned change needs, as Consul's authorizer names it. */
export interface Permission {
  readonly resource: 'peering' | 'mesh' | 'intention' | 'service';
  /** The service: the destination of intentions, the service of service-defaults. */
  readonly segment?: string;
  readonly access: 'read' | 'write';
  /** The attribute that makes it needed (camelCase), for pointing at the configuration. */
  readonly field?: string;
}

/** The needs of one planned change: the resource's write permissions, leaving out those whose target is not known yet. */
export function writeNeeds(permissions: readonly Permission[], neededBy: string): PermissionNeed[] {
  return permissions.filter((permission) => !isUnknown(permission.segment)).map((permission) => ({ neededBy, permission }));
}

/** A permission and who needs it (e.g. `consulpeering_exported_services.web`). */
export interface PermissionNeed {
  readonly neededBy: string;
  readonly permission: Permission;
}

/** `mesh:write`, `intention:write` (the segment is named separately, as in Consul's 403 texts). */
export function permissionName(permission: Permission): string {
  return `${permission.resource}:${permission.access}`;
}

/** The ACL policy rule that grants `permission`, in Consul's HCL. */
export function grantingRule(permission: Permission): string {
  if (permission.resource !== 'intention' && permission.resource !== 'service') return `${permission.resource} = "${permission.access}"`;
  const service = permission.segment ?? '';
  const block = service === '*' ? 'service_prefix ""' : `service "${service}"`;
  return permission.resource === 'service' ? `${block} { policy = "${permission.access}" }` : `${block} { policy = "read" intentions = "${permission.access}" }`;
}

/** Outcome of a preflight: all granted, skipped (ACLs off), unknown (cannot tell: a warning), or what is missing. */
export type PreflightOutcome =
  | { readonly kind: 'granted'; readonly requests: number }
  | { readonly kind: 'skipped'; readonly reason: string; readonly requests: number }
  | { readonly kind: 'unknown'; readonly warning: string; readonly requests: number }
  | {
    readonly kind: 'missing'; readonly missing: readonly { readonly need: PermissionNeed; readonly message: string }[]; readonly requests: number;
    /** Consul refused the check itself (an unknown token): every need is missing, for the same reason. */
    readonly tokenRejected?: boolean;
  };

/** What a plan says about one missing permission: the cluster, the permission, who needs it, the rule to add. */
export function preflightMessage(cluster: string, need: PermissionNeed): string {
  const on = need.permission.segment === undefined ? '' : ` on "${need.permission.segment}"`;
  return `cluster ${cluster}: the ACL token lacks permission '${permissionName(need.permission)}'${on}, needed by ${need.neededBy}; `
    + `add \`${grantingRule(need.permission)}\` to one of its policies`;
}

const MAX_CHECKS = 64;

/**
 * Asks one cluster, read-only and in one request (per 64 distinct permissions), whether the configured token
 * has every permission the planned changes need. ACLs off (401) → skipped; no answer → a warning, never a
 * failure. With no token and a cluster known to default-allow, no request is made at all.
 */
export async function preflightPermissions(client: ConsulClient, cluster: string, needs: readonly PermissionNeed[], signal?: AbortSignal): Promise<PreflightOutcome> {
  if (needs.length === 0) return { kind: 'granted', requests: 0 };
  // Without a token every request is anonymous: either ACLs are off or allow it (nothing to check), or every write
  // fails alike (nothing can be half-written). Only a cluster known to deny by default is still asked.
  if (client.config.token === undefined && client.defaultAclPolicy !== 'deny') {
    return { kind: 'skipped', reason: 'no ACL token is configured', requests: 0 };
  }
  const distinct = [...new Map(needs.map((need) => [JSON.stringify(need.permission), need.permission])).values()];
  const answers = new Map<string, boolean>();
  let requests = 0;
  try {
    for (let start = 0; start < distinct.length; start += MAX_CHECKS) {
      const batch = distinct.slice(start, start + MAX_CHECKS);
      const checks: AuthorizationRequest[] = batch.map((permission) => ({
        Resource: permission.resource, Access: permission.access, ...(permission.segment === undefined ? {} : { Segment: permission.segment }),
      }));
      requests += 1;
      const results = await client.authorize(checks, { signal });
      batch.forEach((permission, index) => answers.set(JSON.stringify(permission), results[index]?.Allow === true));
    }
  } catch (error) {
    if (ConsulHttpError.isConsulHttpError(error) && error.status === 401) return { kind: 'skipped', reason: 'ACLs are disabled on this cluster', requests };
    if (isPermissionDenied(error)) {
      const message = `cluster ${cluster}: Consul refused to check the ACL token's permissions (${(error as Error).message})`;
      return { kind: 'missing', requests, tokenRejected: true, missing: needs.map((need) => ({ need, message })) };
    }
    return { kind: 'unknown', requests, warning: `cluster ${cluster}: could not check ACL permissions before applying (${error instanceof Error ? error.message : String(error)})` };
  }
  const missing = needs.filter((need) => answers.get(JSON.stringify(need.permission)) === false)
    .map((need) => ({ need, message: preflightMessage(cluster, need) }));
  return missing.length === 0 ? { kind: 'granted', requests } : { kind: 'missing', missing, requests };
}

/** Environment variable that turns the permission preflight off (`off`, `false` or `0`), e.g. for offline unit tests. */
export const PREFLIGHT_ENV = 'CONSUL_PEERING_PREFLIGHT';

/** Whether plans and previews ask the cluster about permissions (on unless {@link PREFLIGHT_ENV} turns it off). */
export function preflightEnabled(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return !['off', 'false', '0'].includes((env[PREFLIGHT_ENV] ?? '').trim().toLowerCase());
}
