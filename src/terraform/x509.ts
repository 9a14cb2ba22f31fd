// A throwaway self-signed ECDSA P-256 certificate for the plugin's TLS server (go-plugin AutoMTLS): node:crypto
// makes the key and the signature, the few DER structures of one X.509 certificate are written here.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/** A server certificate and its key, in the forms the TLS server and the handshake line need. */
export interface ServerCertificate {
  /** The certificate, DER (sent base64 without padding in the handshake line). */
  readonly der: Buffer;
  readonly certPem: string;
  /** PKCS#8 PEM of the private key. */
  readonly keyPem: string;
}

const der = (tag: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  let length: Buffer;
  if (body.length < 0x80) length = Buffer.from([body.length]);
  else if (body.length < 0x100) length = Buffer.from([0x81, body.length]);
  else length = Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
};
const sequence = (...parts: Buffer[]): Buffer => der(0x30, ...parts);
const boolTrue = (): Buffer => der(0x01, Buffer.from([0xff]));

/** An OBJECT IDENTIFIER from its dotted form. */
export function derOid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

/** A minimal positive INTEGER from big-endian bytes (leading zeros dropped, a sign byte added when needed). */
export function derInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const minimal = bytes.subarray(start);
  return der(0x02, ((minimal[0] ?? 0) & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
}

/** UTCTime (years up to 2049) or GeneralizedTime, as RFC 5280 requires. */
function derTime(date: Date): Buffer {
  const text = date.toISOString().slice(0, 19).replace(/[-:T]/g, '');
  return date.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(`${text.slice(2)}Z`)) : der(0x18, Buffer.from(`${text}Z`));
}

const name = (commonName: string, organization: string): Buffer => sequence(
  der(0x31, sequence(derOid('2.5.4.10'), der(0x0c, Buffer.from(organization)))),
  der(0x31, sequence(derOid('2.5.4.3'), der(0x0c, Buffer.from(commonName)))),
);
const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  sequence(derOid(id), ...(critical ? [boolTrue()] : []), der(0x04, value));

/**
 * A self-signed certificate for `localhost` / 127.0.0.1, valid from 5 minutes ago for one year, marked CA (the
 * client uses it as its only root, like go-plugin's own) with serverAuth and clientAuth usages.
 */
export function createServerCertificate(now = new Date()): ServerCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const subject = name('localhost', 'consul-peering');
  const ecdsaWithSha256 = sequence(derOid('1.2.840.10045.4.3.2'));
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - 5 * 60_000);
  const notAfter = new Date(notBefore.getTime() + 365 * 24 * 3600_000);
  const tbs = sequence(
    der(0xa0, derInteger(Buffer.from([2]))),
    derInteger(serial),
    ecdsaWithSha256,
    subject,
    sequence(derTime(notBefore), derTime(notAfter)),
    subject,
    spki,
    der(0xa3, sequence(
      extension('2.5.29.15', true, der(0x03, Buffer.from([0x02, 0x84]))), // keyUsage: digitalSignature, keyCertSign
      extension('2.5.29.37', false, sequence(derOid('1.3.6.1.5.5.7.3.1'), derOid('1.3.6.1.5.5.7.3.2'))), // serverAuth, clientAuth
      extension('2.5.29.19', true, sequence(boolTrue())), // basicConstraints: CA
      extension('2.5.29.17', false, sequence(der(0x82, Buffer.from('localhost')), der(0x87, Buffer.from([127, 0, 0, 1])))),
    )),
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificate = sequence(tbs, ecdsaWithSha256, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return {
    der: certificate,
    certPem: toPem('CERTIFICATE', certificate),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** PEM armour of DER bytes. */
export function toPem(label: string, bytes: Buffer): string {
  const body = bytes.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}
