import { X509Certificate } from 'node:crypto';

/** The content of a peering token, keys in the order Consul encodes them. */
export interface SimPeeringToken {
  readonly CA: string[] | null;
  readonly ManualServerAddresses: string[] | null;
  readonly ServerAddresses: string[] | null;
  readonly ServerName: string;
  readonly PeerID: string;
  readonly EstablishmentSecret: string;
  readonly Remote: { readonly Partition: string; readonly Datacenter: string; readonly Locality: null };
}

/** Encodes a token as Consul does: standard base64 of its JSON. */
export function encodePeeringToken(token: SimPeeringToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64');
}

/** Outcome of decoding a token string: the token, or Consul's error text. */
export type TokenDecode = { ok: true; token: Partial<SimPeeringToken> } | { ok: false; message: string };

const ALPHABET = /[A-Za-z0-9+/]/;

/**
 * Go's strict StdEncoding check (encoding/base64 decodeQuantum): the byte offset Go reports as `illegal base64
 * data at input byte N`, or -1 when `src` decodes. CR and LF are skipped, as Go does.
 */
function illegalBase64Offset(src: string): number {
  const newline = (ch: string | undefined): boolean => ch === '\n' || ch === '\r';
  let si = 0;
  while (si < src.length) {
    for (let j = 0; j < 4; j += 1) {
      if (si === src.length) return j === 0 ? -1 : si - j; // an incomplete quantum: its start
      const ch = src[si] ?? '';
      si += 1;
      if (ALPHABET.test(ch)) continue;
      if (newline(ch)) {
        j -= 1;
        continue;
      }
      if (ch !== '=') return si - 1;
      if (j < 2) return si - 1; // padding too early
      if (j === 2) { // "==" expected
        while (si < src.length && newline(src[si])) si += 1;
        if (si === src.length) return src.length;
        if (src[si] !== '=') return si - 1;
        si += 1;
      }
      while (si < src.length && newline(src[si])) si += 1;
      return si < src.length ? si : -1; // anything after the padding is trailing garbage
    }
  }
  return -1;
}

/** Decodes a peering token with the checks and texts of Consul's establish (§2 steps 3–4). */
export function decodePeeringToken(raw: string): TokenDecode {
  const offset = illegalBase64Offset(raw);
  if (offset >= 0) return { ok: false, message: `failed to decode token: illegal base64 data at input byte ${offset}` };
  let value: unknown;
  const text = Buffer.from(raw, 'base64').toString('utf8');
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: text.trim() === '' ? 'unexpected end of JSON input' : goJsonSyntaxError(text) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'json: cannot unmarshal into Go value of type structs.PeeringToken' };
  }
  return { ok: true, token: value as Partial<SimPeeringToken> };
}

function goJsonSyntaxError(text: string): string {
  const first = text.trimStart()[0] ?? '';
  if (!'{["-0123456789tfn'.includes(first)) return `invalid character '${first}' looking for beginning of value`;
  return 'unexpected end of JSON input';
}

/** Consul's token validation (§2 step 4): null when valid, else the error text. */
export function validatePeeringToken(token: Partial<SimPeeringToken>): string | null {
  for (const pem of token.CA ?? []) {
    try {
      new X509Certificate(pem);
    } catch (error) {
      return `peering token invalid CA: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const addresses = [...(token.ServerAddresses ?? []), ...(token.ManualServerAddresses ?? [])];
  if (addresses.length === 0) return 'peering token server addresses value is empty';
  for (const address of addresses) {
    const match = /^(.*):(\d+)$/.exec(address);
    const port = match === null ? 0 : Number(match[2]);
    if (match === null || match[1] === '' || port < 1 || port > 65535) return `${address} is not a valid peering server address`;
  }
  if ((token.CA ?? []).length > 0 && (token.ServerName ?? '') === '') return 'peering token server name value is empty';
  if ((token.PeerID ?? '') === '') return 'peering token peer ID value is empty';
  return null;
}

const PEER_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Consul's peer-name rule; null when valid, else the error text. */
export function peerNameError(name: string): string | null {
  return PEER_NAME.test(name) ? null
    : `${name} is not a valid peer name: a valid peering name must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`;
}

/** Consul's meta validation for peerings (§1 step 4); null when valid, else the error text. */
export function peeringMetaError(meta: Record<string, unknown> | undefined): string | null {
  if (meta === undefined || meta === null) return null;
  const entries = Object.entries(meta);
  if (entries.length > 64) return 'meta tags failed validation: Node metadata cannot contain more than 64 key/value pairs';
  for (const [key, value] of entries) {
    const text = String(value);
    const problem = key === '' ? 'Key cannot be blank'
      : !/^[a-zA-Z0-9_-]+$/.test(key) ? 'Key contains invalid characters'
        : key.length > 128 ? 'Key is too long (limit: 128 characters)'
          : key.startsWith('consul-') ? "Key prefix 'consul-' is reserved for internal use"
            : text.length > 512 ? 'Value is too long (limit: 512 characters)' : null;
    if (problem !== null) return `meta tags failed validation: Couldn't load metadata pair ('${key}', '${text}'): ${problem}`;
  }
  return null;
}
