import { X509Certificate } from 'node:crypto';
import { createSimCa } from '../../src/sim/ca';

describe('emulated Connect CA', () => {
  it('always encodes a valid self-signed CA certificate (200 random serials, leading zero bytes included)', () => {
    for (let i = 0; i < 200; i += 1) {
      const ca = createSimCa('11111111-2222-3333-4444-555555555555');
      const certificate = new X509Certificate(ca.pem);
      expect(certificate.ca).toBe(true);
      expect(certificate.verify(certificate.publicKey)).toBe(true);
      expect(certificate.subjectAltName).toBe('URI:spiffe://11111111-2222-3333-4444-555555555555.consul');
    }
  });
});
