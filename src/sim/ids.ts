import { randomBytes, randomUUID } from 'node:crypto';

/** A random UUID in Consul's format (Consul's IDs are random v4-looking UUIDs). */
export function newUuid(): string {
  return randomUUID();
}

/** A short random lowercase hex string, for certificate names. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
