import { createHash, createPrivateKey, generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { randomHex } from './ids';

/** A cluster's Connect CA: a self-signed P-256 certificate like the one Consul's built-in CA creates. */
export interface SimCa {
  /** PEM of the root certificate, ending with a newline (as Consul's roots do). */
  readonly pem: string;
  /** Private key of the root (kept for future leaf signing). */
  readonly key: KeyObject;
  /** The trust domain, `<uuid>.consul`. */
  readonly trustDomain: string;
  /** The certificate's serial number. */
  readonly serial: bigint;
  /** Subject key identifier (SHA-256 of the public key), colon-separated hex as Consul's `SigningKeyID`. */
  readonly signingKeyId: string;
  /** SHA-1 fingerprint of the certificate, colon-separated hex as Consul's root `ID`. */
  readonly id: string;
  /** Validity start and end (whole seconds). */
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** Colon-separated lowercase hex of bytes (Consul's `connect.HexString`). */
export function colonHex(bytes: Buffer): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(':');
}

// Minimal DER encoding: just what one self-signed certificate needs.
const der = (tag: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  const length = body.length < 0x80 ? Buffer.from([body.length])
    : body.length < 0x100 ? Buffer.from([0x81, body.length]) : Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
};
const seq = (...parts: Buffer[]): Buffer => der(0x30, ...parts);
const oid = (dotted: string): Buffer => {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const value of rest) {
    const chunk = [value & 0x7f];
    for (let v = value >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
};
const utf8 = (text: string): Buffer => der(0x0c, Buffer.from(text, 'utf8'));
/** A DER INTEGER must be minimal: no leading zero bytes, except one that keeps a high-bit value positive. */
const integer = (bytes: Buffer): Buffer => {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const minimal = bytes.subarray(start);
  return der(0x02, (minimal[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
};
const utcTime = (date: Date): Buffer => der(0x17, Buffer.from(`${date.toISOString().slice(2, 19).replace(/[-:T]/g, '')}Z`));
const name = (commonName: string): Buffer => seq(der(0x31, seq(oid('2.5.4.3'), utf8(commonName))));
const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  seq(oid(id), ...(critical ? [der(0x01, Buffer.from([0xff]))] : []), der(0x04, value));

/**
 * Creates a new CA for one emulated cluster: CN `pri-<id>.consul.ca.<short>.consul`, key identifiers and a
 * SPIFFE trust-domain URI SAN, like Consul's built-in CA; `serial` defaults to a random 64-bit number.
 */
export function createSimCa(clusterUuid: string, serial?: number): SimCa {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const keyId = createHash('sha256').update(spki.subarray(spki.length - 65)).digest();
  const serialBytes = serial === undefined ? Buffer.from(randomHex(8), 'hex') : Buffer.from(serial.toString(16).padStart(16, '0'), 'hex');
  const trustDomain = `${clusterUuid}.consul`;
  const commonName = `pri-${randomHex(4)}.consul.ca.${clusterUuid.slice(0, 8)}.consul`;
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const notAfter = new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000);
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const tbs = seq(
    der(0xa0, integer(Buffer.from([2]))),
    integer(serialBytes),
    ecdsaWithSha256,
    name(commonName),
    seq(utcTime(now), utcTime(notAfter)),
    name(commonName),
    spki,
    der(0xa3, seq(
      extension('2.5.29.15', true, der(0x03, Buffer.from([0x01, 0x86]))), // keyUsage: digitalSignature, keyCertSign, cRLSign
      extension('2.5.29.19', true, seq(der(0x01, Buffer.from([0xff])))), // basicConstraints: CA
      extension('2.5.29.14', false, der(0x04, keyId)), // subjectKeyIdentifier
      extension('2.5.29.35', false, seq(der(0x80, keyId))), // authorityKeyIdentifier
      extension('2.5.29.17', false, seq(der(0x86, Buffer.from(`spiffe://${trustDomain}`)))), // subjectAltName URI
    )),
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificate = seq(tbs, ecdsaWithSha256, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const body = certificate.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  const pem = `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
  const parsed = new X509Certificate(pem); // fails loudly if the encoding above were ever wrong
  return {
    pem, key: createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' })), trustDomain,
    serial: BigInt(`0x${parsed.serialNumber}`), signingKeyId: colonHex(keyId), id: colonHex(createHash('sha1').update(certificate).digest()),
    notBefore: now, notAfter,
  };
}
