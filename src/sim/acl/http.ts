// Small helpers shared by the ACL endpoint handlers.
import type { AclStore, TokenRecord } from './store';
import type { AclCheck, AclDenial, AclHttpResult, AclIdentity } from './types';

/** What an endpoint handler needs from the ACL system. */
export interface AclContext {
  readonly store: AclStore;
  /** null when allowed, else the 403 to send. */
  check(identity: AclIdentity, check: AclCheck): AclDenial | null;
  /** The token record of a known identity (anonymous → the anonymous token), null for unknown. */
  tokenOf(identity: AclIdentity): TokenRecord | null;
}

/** A JSON answer. */
export function json(status: number, body: unknown, headers?: Record<string, string>): AclHttpResult {
  return headers === undefined ? { status, body, contentType: 'application/json' } : { status, body, contentType: 'application/json', headers };
}

/** A plain-text answer (Consul's error bodies). */
export function text(status: number, message: string, headers?: Record<string, string>): AclHttpResult {
  return headers === undefined
    ? { status, body: message, contentType: 'text/plain; charset=utf-8' }
    : { status, body: message, contentType: 'text/plain; charset=utf-8', headers };
}

/** Headers of a blocking-query read endpoint at `index` (Consul never sends 0). */
export function readHeaders(index: number): Record<string, string> {
  return { 'X-Consul-Index': String(Math.max(index, 1)), 'X-Consul-Query-Backend': 'blocking-query' };
}

/** A 403 / error on a blocking read endpoint carries index 1, as Consul sends it. */
export function readError(status: number, message: string): AclHttpResult {
  return text(status, message, readHeaders(1));
}

/** The denial as an HTTP answer, or null. */
export function denied(denial: AclDenial | null, onRead = false): AclHttpResult | null {
  if (denial === null) return null;
  return onRead ? readError(denial.status, denial.message) : text(denial.status, denial.message);
}
