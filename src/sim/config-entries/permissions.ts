// Validation of one L7 permission of an intention source (Action, HTTP path, headers and methods).
import { goQuote } from './go-text';
import type { GoStruct } from './types';

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE']);

function validateHeaders(http: GoStruct, prefix: string): string | null {
  const headers = Array.isArray(http['Header']) ? (http['Header'] as GoStruct[]) : [];
  for (let k = 0; k < headers.length; k++) {
    const hdr = headers[k] as GoStruct;
    const at = `${prefix}.Header[${k}]`;
    if (hdr['Name'] === '') return `${at} missing required Name field`;
    const parts =
      (hdr['Present'] === true ? 1 : 0) +
      ['Exact', 'Regex', 'Prefix', 'Suffix', 'Contains'].filter((key) => hdr[key] !== '').length;
    if (parts !== 1) return `${at} should only contain one of Present, Exact, Prefix, Suffix, Contains, or Regex`;
    if (hdr['IgnoreCase'] === true && (hdr['Present'] === true || hdr['Regex'] !== '')) {
      return `${at} should set one of Exact, Prefix, Suffix, or Contains when using IgnoreCase`;
    }
  }
  return null;
}

/** Consul's checks of Sources[i].Permissions[j], in its order; null when the permission is valid. */
export function validatePermission(perm: GoStruct, i: number, j: number): string | null {
  const action = perm['Action'];
  if (action !== 'allow' && action !== 'deny') return `Sources[${i}].Permissions[${j}].Action must be set to 'allow' or 'deny'`;
  const prefix = `Sources[${i}].Permissions[${j}].HTTP`;
  const http = perm['HTTP'] as GoStruct | null;
  if (!http) return `${prefix} is required`;
  let pathParts = 0;
  for (const key of ['PathExact', 'PathPrefix'] as const) {
    const value = http[key] as string;
    if (value === '') continue;
    pathParts++;
    if (!value.startsWith('/')) return `${prefix}.${key} doesn't start with '/': ${goQuote(value)}`;
  }
  if (http['PathRegex'] !== '') pathParts++;
  if (pathParts > 1) return `${prefix} should only contain at most one of PathExact, PathPrefix, or PathRegex`;
  const headerProblem = validateHeaders(http, prefix);
  if (headerProblem) return headerProblem;
  const headers = Array.isArray(http['Header']) ? http['Header'].length : 0;
  const methods = Array.isArray(http['Methods']) ? (http['Methods'] as string[]) : [];
  const seen = new Set<string>();
  for (const m of methods) {
    if (!HTTP_METHODS.has(m)) return `${prefix}.Methods contains an invalid method ${goQuote(m)}`;
    if (seen.has(m)) return `${prefix}.Methods contains ${goQuote(m)} more than once`;
    seen.add(m);
  }
  if (pathParts + headers + (methods.length > 0 ? 1 : 0) === 0) return `${prefix} should not be empty`;
  return null;
}
