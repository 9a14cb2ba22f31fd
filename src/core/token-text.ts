// The text of a peering token as users hand it around: Consul's own token (base64 JSON), or that token sealed
// with a passphrase so that Terraform state, plans and remote-state outputs never hold it in plain text.
// A sealed token keeps the public parts in clear (peer ID, server name, a fingerprint) so plans can compare
// tokens without the passphrase; the secret part is AES-256-GCM under a scrypt key, authenticated with them.
import { CoreError } from './errors';
import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt } from 'node:crypto';
import type { Issue } from './issues';
import type { TokenSealing } from './lifecycle';
import type { ResourceSchema } from './schema';

const SEALED_PREFIX = 'consulpeering-sealed-v1:';
/** scrypt cost: N = 2^14, r = 8 (16 MiB, ~40 ms): paid once per token generation and per establish. */
const SCRYPT = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
/** Environment variable holding the passphrase when no setting gives it. */
export const PASSPHRASE_ENV = 'CONSUL_PEERING_TOKEN_PASSPHRASE';
/** Shortest passphrase accepted: sealing is only as strong as the passphrase. */
export const MIN_PASSPHRASE_LENGTH = 16;

/** What a token says about itself without revealing its secret. */
export interface TokenFacts {
  /** ID of the acceptor side of the peering the token belongs to. */
  readonly peerId: string;
  readonly serverName: string;
  /** `sha256:` and the first 32 hex digits of SHA-256 of Consul's token text: equal for a token and its sealed form. */
  readonly fingerprint: string;
  readonly sealed: boolean;
}

/** A token that cannot be opened: wrong or missing passphrase, or damaged text. The message names no secret. */
export class TokenSealError extends CoreError {
  constructor(message: string) {
    super('token_seal', [message]);
    this.name = 'TokenSealError';
  }
}

interface SealedHeader {
  readonly peerId: string;
  readonly serverName: string;
  readonly fingerprint: string;
  readonly salt: string;
  readonly iv: string;
}

const fingerprintOf = (token: string): string => `sha256:${createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 32)}`;

function rawFacts(token: string): TokenFacts | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Record<string, unknown>;
    const addresses = Array.isArray(parsed['ServerAddresses']) || Array.isArray(parsed['ManualServerAddresses']);
    if (typeof parsed['PeerID'] !== 'string' || !addresses) return undefined;
    const serverName = typeof parsed['ServerName'] === 'string' ? parsed['ServerName'] : '';
    return { peerId: parsed['PeerID'], serverName, fingerprint: fingerprintOf(token), sealed: false };
  } catch {
    return undefined;
  }
}

function splitSealed(text: string): { header: SealedHeader; headerText: string; sealedBytes: Buffer } | undefined {
  if (!text.startsWith(SEALED_PREFIX)) return undefined;
  const [headerText, body, extra] = text.slice(SEALED_PREFIX.length).split('.');
  if (headerText === undefined || body === undefined || extra !== undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(headerText, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { peerId, serverName, fingerprint, salt, iv } = parsed;
    const sealedBytes = Buffer.from(body, 'base64url');
    if (typeof peerId !== 'string' || typeof serverName !== 'string' || typeof fingerprint !== 'string' || typeof salt !== 'string'
      || typeof iv !== 'string' || sealedBytes.length <= 16) return undefined;
    return { header: { peerId, serverName, fingerprint, salt, iv }, headerText, sealedBytes };
  } catch {
    return undefined;
  }
}

/** The public facts of a Consul token or a sealed one; undefined when the text is neither. Never needs the passphrase. */
export function tokenFacts(text: string): TokenFacts | undefined {
  const sealed = splitSealed(text);
  if (sealed === undefined) return rawFacts(text);
  const { peerId, serverName, fingerprint } = sealed.header;
  return { peerId, serverName, fingerprint, sealed: true };
}

/** True for text a sealed token starts with. */
export const isSealedToken = (text: string): boolean => text.startsWith(SEALED_PREFIX);

const deriveKey = (passphrase: string, salt: Buffer): Promise<Buffer> => new Promise((resolve, reject) => {
  scrypt(passphrase, salt, 32, SCRYPT, (error, key) => (error === null ? resolve(key) : reject(error)));
});

/** Problems with a passphrase, as a sentence, or undefined when it is usable. */
export function passphraseProblem(passphrase: string): string | undefined {
  return passphrase.length < MIN_PASSPHRASE_LENGTH ? `must be at least ${MIN_PASSPHRASE_LENGTH} characters long` : undefined;
}

/** Consul's token sealed with `passphrase` (AES-256-GCM, scrypt key, random salt and IV, public facts authenticated). */
export async function sealToken(token: string, passphrase: string): Promise<string> {
  const facts = rawFacts(token);
  if (facts === undefined) throw new TokenSealError('only a Consul peering token can be sealed');
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const header: SealedHeader = { peerId: facts.peerId, serverName: facts.serverName, fingerprint: facts.fingerprint, salt: salt.toString('base64url'), iv: iv.toString('base64url') };
  const headerText = Buffer.from(JSON.stringify(header), 'utf8').toString('base64url');
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(passphrase, salt), iv);
  cipher.setAAD(Buffer.from(headerText, 'utf8'));
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${SEALED_PREFIX}${headerText}.${body.toString('base64url')}`;
}

/**
 * Consul's token from `text`: a plain token as it is, a sealed one opened with `passphrase`. `setting` names where the
 * passphrase comes from, for the messages (e.g. `peering_token_passphrase`).
 */
export async function openToken(text: string, passphrase: string | undefined, setting: string): Promise<string> {
  if (!isSealedToken(text)) return text;
  const sealed = splitSealed(text);
  if (sealed === undefined) throw new TokenSealError('the sealed peering token is damaged (it was cut or edited)');
  if (passphrase === undefined || passphrase === '') {
    throw new TokenSealError(`the peering token is sealed: set ${setting} to the passphrase the accepting side sealed it with`);
  }
  const { header, headerText, sealedBytes } = sealed;
  try {
    const decipher = createDecipheriv('aes-256-gcm', await deriveKey(passphrase, Buffer.from(header.salt, 'base64url')), Buffer.from(header.iv, 'base64url'));
    decipher.setAAD(Buffer.from(headerText, 'utf8'));
    decipher.setAuthTag(sealedBytes.subarray(sealedBytes.length - 16));
    const token = Buffer.concat([decipher.update(sealedBytes.subarray(0, sealedBytes.length - 16)), decipher.final()]).toString('utf8');
    if (fingerprintOf(token) !== header.fingerprint) throw new Error('fingerprint mismatch');
    return token;
  } catch {
    throw new TokenSealError(`the sealed peering token does not open with this ${setting}: the accepting side sealed it with another passphrase (or the text was altered)`);
  }
}

/**
 * Issues for sealed tokens among the sensitive arguments of `inputs` that `sealing` cannot open (wrong or missing
 * passphrase, damaged text), found at plan time without any request; other values are left to `check`.
 */
export async function sealedInputIssues(schema: ResourceSchema, inputs: Readonly<Record<string, unknown>>, sealing: TokenSealing | undefined): Promise<Issue[]> {
  const issues: Issue[] = [];
  for (const [name, field] of Object.entries(schema.fields)) {
    const value = inputs[name];
    if (field.mode === 'computed' || field.sensitive !== true || typeof value !== 'string' || !isSealedToken(value)) continue;
    try {
      await openToken(value, sealing?.passphrase, sealing?.setting ?? PASSPHRASE_ENV);
    } catch (error) {
      if (!(error instanceof TokenSealError)) throw error;
      issues.push({ code: 'invalid_value', path: [name], message: error.message });
    }
  }
  return issues;
}
