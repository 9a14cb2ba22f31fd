import { ConsulError } from './consul-error';

const brand = Symbol.for('consul-peering/ConsulHttpError');

/** What an HTTP error response from Consul carried, already redacted. */
export interface ConsulHttpErrorDetails {
  /** HTTP status code, e.g. 403. */
  readonly status: number;
  /** Request method, e.g. `PUT`. */
  readonly method: string;
  /** Request path without the query string, e.g. `/v1/config`. */
  readonly path: string;
  /** Consul's own message (error bodies are plain text), trimmed and redacted. */
  readonly consulMessage: string;
  /** The cluster's address the request went to (`http://host:port`), named in the message when given. */
  readonly address?: string | undefined;
}

/** Pattern of Consul's ACL denial text: `... lacks permission 'peering:write' [on "web"]`. */
const LACKS_PERMISSION = /lacks permission '([a-z]+:[a-z]+)'(?: on "([^"]*)")?/;

/** Consul answered with a non-2xx status. */
export class ConsulHttpError extends ConsulError implements ConsulHttpErrorDetails {
  readonly [brand] = true;
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly consulMessage: string;
  readonly address: string | undefined;
  /** The ACL permission Consul said was missing (`peering:write`, `intention:write`, ...), when it said so. */
  readonly missingPermission: string | undefined;
  /** The resource the missing permission applies to (intentions name the destination service). */
  readonly permissionResource: string | undefined;

  constructor(details: ConsulHttpErrorDetails) {
    const denied = LACKS_PERMISSION.exec(details.consulMessage);
    super(describe(details, denied?.[1], denied?.[2]));
    this.name = 'ConsulHttpError';
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.consulMessage = details.consulMessage;
    this.address = details.address;
    this.missingPermission = denied?.[1];
    this.permissionResource = denied?.[2];
  }

  /** 404: the object does not exist. */
  isNotFound(): boolean {
    return this.status === 404;
  }

  /** 403 caused by ACLs (a missing permission or an unknown token), not by a rejected peering secret. */
  isPermissionDenied(): boolean {
    return this.status === 403 && /Permission denied|ACL not found/.test(this.consulMessage);
  }

  /** True for a ConsulHttpError from any copy of this package. */
  static isConsulHttpError(value: unknown): value is ConsulHttpError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

function describe(details: ConsulHttpErrorDetails, permission?: string, resource?: string): string {
  const at = details.address === undefined ? '' : ` at ${details.address}`;
  const head = `Consul request failed with status ${details.status}: ${details.method} ${details.path}${at}`;
  const said = details.consulMessage === '' ? '' : `: ${details.consulMessage}`;
  if (permission !== undefined) {
    const on = resource === undefined ? '' : ` on "${resource}"`;
    return `${head}: the ACL token lacks permission '${permission}'${on} (Consul said: ${details.consulMessage})`;
  }
  if (details.status === 403 && details.consulMessage.startsWith('ACL not found')) {
    return `${head}: the ACL token is not known to this Consul cluster (Consul said: ACL not found)`;
  }
  return head + said;
}
