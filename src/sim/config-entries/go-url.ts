// Go's url.ParseRequestURI as far as accepting a string or naming why it fails (Go 1.26, the toolchain
// Consul 1.22.7 is built with; strict colons in http/https hosts).
import { isIPv6 } from 'node:net';
import { goQuote } from './go-text';

const HOST_PUNCTUATION = new Set([...'!"$&\'()*+,-.:;<=>[]_~']);
const USERINFO_PUNCTUATION = new Set([...'-._:~!$&\'()*+,;=%@']);
const isAlnum = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

type Step = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: string };

function unescape(s: string, mode: 'host' | 'path' | 'user'): Step {
  for (let i = 0; i < s.length; ) {
    const c = s[i] as string;
    if (c === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) return { ok: false, error: `invalid URL escape ${goQuote(s.slice(i, i + 3))}` };
      if (mode === 'host' && parseInt(s[i + 1] as string, 16) < 8 && s.slice(i, i + 3) !== '%25') {
        return { ok: false, error: `invalid URL escape ${goQuote(s.slice(i, i + 3))}` };
      }
      i += 3;
      continue;
    }
    if (mode === 'host' && c.charCodeAt(0) < 0x80 && !isAlnum(c) && !HOST_PUNCTUATION.has(c)) {
      return { ok: false, error: `invalid character ${goQuote(c)} in host name` };
    }
    i++;
  }
  return { ok: true, value: decodeURIComponentLoose(s) };
}

function decodeURIComponentLoose(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

function parseHost(scheme: string, host: string): Step {
  const open = host.lastIndexOf('[');
  if (open > 0) return { ok: false, error: 'invalid IP-literal' };
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) return { ok: false, error: "missing ']' in host" };
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) return { ok: false, error: `invalid port ${goQuote(colonPort)} after host` };
    const literal = host.slice(1, close);
    const zone = literal.indexOf('%25');
    const address = unescape(zone >= 0 ? literal.slice(0, zone) : literal, 'host');
    if (!address.ok) return address;
    // netip.ParseAddr's detailed texts are not reproduced: only whether the literal is an IPv6 address.
    if (!isIPv6(address.value)) return { ok: false, error: `invalid host: ParseAddr(${goQuote(address.value)}): unable to parse IP` };
    return { ok: true, value: host };
  }
  const first = host.indexOf(':');
  if (first !== -1) {
    const at = scheme === 'http' || scheme === 'https' ? first : host.lastIndexOf(':');
    const colonPort = host.slice(at);
    if (!validOptionalPort(colonPort)) return { ok: false, error: `invalid port ${goQuote(colonPort)} after host` };
  }
  return unescape(host, 'host');
}

function parseAuthority(scheme: string, authority: string): Step {
  const at = authority.lastIndexOf('@');
  const host = parseHost(scheme, at < 0 ? authority : authority.slice(at + 1));
  if (!host.ok || at < 0) return host;
  const userinfo = authority.slice(0, at);
  if (![...userinfo].every((c) => isAlnum(c) || USERINFO_PUNCTUATION.has(c))) return { ok: false, error: 'net/url: invalid userinfo' };
  for (const part of userinfo.includes(':') ? userinfo.split(':', 2) : [userinfo]) {
    const decoded = unescape(part, 'user');
    if (!decoded.ok) return decoded;
  }
  return host;
}

function splitScheme(raw: string): { scheme: string; rest: string } | { error: string } {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (c === ':') return i === 0 ? { error: 'missing protocol scheme' } : { scheme: raw.slice(0, i).toLowerCase(), rest: raw.slice(i + 1) };
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

function parseRequestUri(raw: string): string | null {
  if ([...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return 'net/url: invalid control character in URL';
  if (raw === '') return 'empty url';
  if (raw === '*') return null;
  const split = splitScheme(raw);
  if ('error' in split) return split.error;
  const { scheme } = split;
  let rest = split.rest;
  if (rest.endsWith('?') && rest.split('?').length === 2) rest = rest.slice(0, -1);
  else rest = rest.split('?')[0] as string;
  if (!rest.startsWith('/')) return scheme !== '' ? null : 'invalid URI for request';
  if (scheme !== '' && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) [authority, rest] = [authority.slice(0, slash), authority.slice(slash)];
    const parsed = parseAuthority(scheme, authority);
    if (!parsed.ok) return parsed.error;
  }
  const path = unescape(rest, 'path');
  return path.ok ? null : path.error;
}

/** null when Go's url.ParseRequestURI accepts `raw`, else its error text (`parse "…": …`). */
export function goParseRequestUriError(raw: string): string | null {
  const problem = parseRequestUri(raw);
  return problem === null ? null : `parse ${goQuote(raw)}: ${problem}`;
}
