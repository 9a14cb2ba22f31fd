// The ACL system of one emulated cluster: who a request is, whether it may do something, and the
// ACL HTTP endpoints (policy, token, token/self, internal authorize), as real Consul 1.22 CE with
// `default_policy = "deny"` answers them.
import { PolicyAuthorizer } from './authorizer';
import { authorize } from './authorize-endpoint';
import { text, type AclContext } from './http';
import { ACL_DISABLED_TEXT, ACL_NOT_FOUND, anonymousDenied, tokenDenied } from './messages';
import { createPolicy, deletePolicy, readPolicy, readPolicyByName, updatePolicy } from './policy-endpoints';
import { ANONYMOUS_ACCESSOR_ID, AclStore, GLOBAL_MANAGEMENT_ID, randomUuid, type TokenRecord } from './store';
import { createToken, deleteToken, readSelf, readToken, updateToken } from './token-endpoints';
import type { AclCheck, AclDenial, AclHttpResult, AclIdentity } from './types';

/** Options of an emulated cluster's ACL system. */
export interface SimAclOptions {
  /** ACLs on (default policy deny) or off (everything allowed, ACL endpoints answer 401). */
  enabled: boolean;
  /** SecretID of the initial management token (a UUID); generated when ACLs are on and none is given. */
  managementToken?: string;
  /** Source of the cluster's raft-like indexes, shared with the rest of the emulated cluster (default: own counter). */
  nextIndex?: () => number;
}

interface Route {
  /** Methods the route accepts (the `Allow` header lists `OPTIONS,` + these). */
  methods: readonly string[];
  run(acl: SimAcl, method: string, rest: string, body: unknown, identity: AclIdentity): AclHttpResult;
}

const ROUTES: ReadonlyArray<{ path: string; prefix: boolean; route: Route }> = [
  { path: '/v1/internal/acl/authorize', prefix: false, route: { methods: ['POST'], run: (acl, _m, _r, body, who) => acl.authorizeEndpoint(body, who) } },
  { path: '/v1/acl/policy', prefix: false, route: { methods: ['PUT'], run: (acl, _m, _r, body, who) => createPolicy(acl.context, who, body) } },
  {
    path: '/v1/acl/policy/name/',
    prefix: true,
    route: { methods: ['GET'], run: (acl, _m, name, _b, who) => readPolicyByName(acl.context, who, name) },
  },
  {
    path: '/v1/acl/policy/',
    prefix: true,
    route: {
      methods: ['GET', 'PUT', 'DELETE'],
      run(acl, method, id, body, who) {
        if (method === 'GET') return readPolicy(acl.context, who, id);
        if (method === 'DELETE') return deletePolicy(acl.context, who, id);
        return id === '' ? createPolicy(acl.context, who, body) : updatePolicy(acl.context, who, id, body);
      },
    },
  },
  { path: '/v1/acl/token', prefix: false, route: { methods: ['PUT'], run: (acl, _m, _r, body, who) => createToken(acl.context, who, body) } },
  { path: '/v1/acl/token/self', prefix: false, route: { methods: ['GET'], run: (acl, _m, _r, _b, who) => readSelf(acl.context, who) } },
  {
    path: '/v1/acl/token/',
    prefix: true,
    route: {
      methods: ['GET', 'PUT', 'DELETE'],
      run(acl, method, id, body, who) {
        if (method === 'GET') return readToken(acl.context, who, id);
        if (method === 'DELETE') return deleteToken(acl.context, who, id);
        return id === '' ? createToken(acl.context, who, body) : updateToken(acl.context, who, id, body);
      },
    },
  },
];

function header(headers: Record<string, string | string[] | undefined>, name: string): string {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** The ACL system of one emulated cluster (see the module comment). */
export class SimAcl {
  /** Whether ACLs are enabled (default policy deny). */
  readonly enabled: boolean;
  /** SecretID of the initial management token; null when ACLs are disabled. */
  readonly managementToken: string | null;
  /** Policies and tokens (for the HTTP server's own needs, e.g. tests). */
  readonly store: AclStore;
  /** What the endpoint handlers use. */
  readonly context: AclContext;

  constructor(options: SimAclOptions) {
    this.enabled = options.enabled;
    let counter = 3;
    this.store = new AclStore(options.nextIndex ?? (() => ++counter));
    this.managementToken = this.enabled ? (options.managementToken ?? randomUuid()) : null;
    if (this.managementToken !== null) this.store.bootstrap(this.managementToken);
    this.context = {
      store: this.store,
      check: (identity, check) => this.check(identity, check),
      tokenOf: (identity) => this.tokenOf(identity),
    };
  }

  /** Resolve the request's token: `?token=` > `X-Consul-Token` > `Authorization: Bearer` (case-insensitive scheme) > anonymous. */
  identify(headers: Record<string, string | string[] | undefined>, query: URLSearchParams): AclIdentity {
    let secret = query.get('token') ?? '';
    if (secret === '') secret = header(headers, 'x-consul-token');
    if (secret === '') {
      const [scheme, value] = header(headers, 'authorization').trim().split(/\s+/);
      if (scheme?.toLowerCase() === 'bearer' && value !== undefined) secret = value;
    }
    if (secret === '' || secret === 'anonymous') return { kind: 'anonymous' };
    const token = this.store.tokenBySecret(secret);
    return token === undefined ? { kind: 'unknown' } : { kind: 'token', accessorId: token.accessorId, secretId: token.secretId };
  }

  /** null when allowed (or ACLs disabled); else the 403 with Consul's exact text (`ACL not found` for unknown secrets). */
  check(identity: AclIdentity, check: AclCheck): AclDenial | null {
    if (!this.enabled) return null;
    if (identity.kind === 'unknown') return ACL_NOT_FOUND;
    const token = this.tokenOf(identity);
    if (token === null) return ACL_NOT_FOUND; // a token deleted since the request was identified
    if (this.allows(token, check)) return null;
    return identity.kind === 'anonymous' ? anonymousDenied(check) : tokenDenied(token.accessorId, check);
  }

  /** Handles the ACL HTTP endpoints it owns; returns null for paths it does not own. */
  handle(method: string, path: string, query: URLSearchParams, body: unknown, identity: AclIdentity): AclHttpResult | null {
    void query; // no ACL endpoint here reads query parameters (the token was taken by identify)
    const found = ROUTES.find((entry) => (entry.prefix ? path.startsWith(entry.path) : path === entry.path));
    if (found === undefined) return null;
    const { route } = found;
    const allow = `OPTIONS,${route.methods.join(',')}`;
    if (method === 'OPTIONS') return { status: 200, body: undefined, contentType: 'application/json; charset=utf-8', headers: { Allow: allow } };
    if (!route.methods.includes(method)) return text(405, `method ${method} not allowed`, { Allow: allow });
    if (!this.enabled) return text(401, ACL_DISABLED_TEXT);
    return route.run(this, method, found.prefix ? path.slice(found.path.length) : '', body, identity);
  }

  /** The authorize endpoint (ACLs enabled). */
  authorizeEndpoint(body: unknown, identity: AclIdentity): AclHttpResult {
    return authorize(
      body,
      identity,
      (who) => (who.kind === 'unknown' || this.tokenOf(who) === null ? ACL_NOT_FOUND : null),
      (check) => {
        const token = this.tokenOf(identity);
        return token !== null && this.allows(token, check);
      },
    );
  }

  /** The token record of an identity (anonymous → the anonymous token), null when unknown. */
  private tokenOf(identity: AclIdentity): TokenRecord | null {
    if (identity.kind === 'unknown') return null;
    const accessorId = identity.kind === 'anonymous' ? ANONYMOUS_ACCESSOR_ID : identity.accessorId;
    return this.store.tokens.get(accessorId) ?? null;
  }

  private allows(token: TokenRecord, check: AclCheck): boolean {
    if (token.management || token.policyIds.includes(GLOBAL_MANAGEMENT_ID)) return true;
    return new PolicyAuthorizer(this.store.rulesOf(token)).allowed(check);
  }
}
