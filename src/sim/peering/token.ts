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

/** Go's strict StdEncoding check: the byte offset Go reports as `illegal base64 data at input byte N`, or -1. */
function illegalBase64Offset(text: string): number {
  let end = text.length;
  while (end > 0 && text[end - 1] === '=') end -= 1;
  for (let i = 0; i < end; i += 1) {
    if (!ALPHABET.test(text[i] ?? '')) return i;
  }
  const padding = text.length - end;
  if (padding > 2) return end + 2;
  if ((end + padding) % 4 !== 0) {
    if (padding > 0) return text.length;
    return end % 4 === 1 ? end - 1 : end;
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
