// Texts of ACL denials, as real Consul 1.22 words them.
import type { AclCheck, AclDenial } from './types';

const GO_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v',
  '"': '\\"', '\\': '\\\\',
};

/** Go's `%q` of a string (printable characters kept, control characters escaped). */
export function goQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    const escaped = GO_ESCAPES[char];
    const code = char.codePointAt(0) ?? 0;
    if (escaped !== undefined) out += escaped;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if ((code >= 0x80 && code < 0xa0) || code === 0x2028 || code === 0x2029 || code === 0xfeff) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += char;
  }
  return `${out}"`;
}

/** Resources whose permission texts name the segment (` on "<segment>"`). */
const SEGMENTED: ReadonlySet<string> = new Set(['service', 'intention', 'node', 'key', 'agent', 'query', 'event', 'session']);

/** `peering:write`, `intention:read` …: the permission as the 403 text names it. */
export function permissionName(check: AclCheck): string {
  return `${check.resource}:${check.access}`;
}

/** The ` on "<segment>"` suffix of a permission text ('' for unsegmented resources or an empty segment). */
function onSegment(check: AclCheck): string {
  const segment = check.segment ?? '';
  return SEGMENTED.has(check.resource) && segment !== '' ? ` on ${goQuote(segment)}` : '';
}

/** 403 for a known token lacking a permission. */
export function tokenDenied(accessorId: string, check: AclCheck): AclDenial {
  return {
    status: 403,
    message: `Permission denied: token with AccessorID '${accessorId}' lacks permission '${permissionName(check)}'${onSegment(check)}`,
  };
}

/** 403 for the anonymous token lacking a permission. */
export function anonymousDenied(check: AclCheck): AclDenial {
  return {
    status: 403,
    message:
      `Permission denied: anonymous token lacks permission '${permissionName(check)}'${onSegment(check)}. ` +
      'The anonymous token is used implicitly when a request does not specify a token.',
  };
}

/** 403 for a secret that matches no token. */
export const ACL_NOT_FOUND: AclDenial = { status: 403, message: 'ACL not found' };

/** Body of every ACL endpoint (and of authorize) when ACLs are disabled (status 401). */
export const ACL_DISABLED_TEXT = 'ACL support disabled';
