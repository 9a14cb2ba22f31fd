// Shared types of the emulated ACL system (one emulated cluster).

/** Who a request is: a known token, the anonymous token, or an unknown secret. */
export type AclIdentity =
  | { kind: 'token'; accessorId: string; secretId: string }
  | { kind: 'anonymous' }
  | { kind: 'unknown' };

/** Resources a permission check can name (Consul CE). */
export type AclResource =
  | 'peering' | 'mesh' | 'operator' | 'service' | 'intention' | 'acl' | 'node' | 'key'
  | 'agent' | 'query' | 'event' | 'session' | 'keyring';

/** Access levels a permission check can ask for (`list` exists for `key` only). */
export type AclAccess = 'read' | 'write' | 'list';

/** A permission check as Consul phrases it: resource + optional segment + access. */
export interface AclCheck {
  resource: AclResource;
  segment?: string;
  access: AclAccess;
  /** Allowed when any rule of the resource allows the access (Consul's ServiceWriteAny and the like); no segment. */
  anySegment?: true;
}

/** A denial, as the HTTP layer must send it (plain text, status 403). */
export interface AclDenial {
  status: 403;
  message: string;
}

/** Content types an ACL endpoint answers with (`…; charset=utf-8` JSON only on OPTIONS, as Consul does). */
export type AclContentType = 'application/json' | 'text/plain; charset=utf-8' | 'application/json; charset=utf-8';

/**
 * The answer of an ACL endpoint. JSON bodies are values to pretty-print the way Consul does (4-space
 * indent, `<`, `>`, `&` escaped as `\u003c` …); text bodies are strings sent as they are; `undefined`
 * means an empty body. `headers` are extra response headers (`Allow`, `X-Consul-Index`, …).
 */
export interface AclHttpResult {
  status: number;
  body: unknown;
  contentType: AclContentType;
  headers?: Record<string, string>;
}
