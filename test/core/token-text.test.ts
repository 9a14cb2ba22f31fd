import { isSealedToken, openToken, passphraseProblem, sealToken, tokenFacts, TokenSealError } from '../../src/core';

// Sealed peering tokens: what Terraform state holds when a passphrase is configured. Pure (no Consul).
const RAW = Buffer.from(JSON.stringify({
  CA: ['-----BEGIN CERTIFICATE-----'], ManualServerAddresses: null, ServerAddresses: ['127.0.0.1:8503'], ServerName: 'server.dc1.peering.x.consul',
  PeerID: '6f1b2c1e-0000-4000-8000-000000000001', EstablishmentSecret: '0b7c9a3e-1111-4222-8333-444455556666', Remote: { Partition: '', Datacenter: 'dc1' },
})).toString('base64');
const PASSPHRASE = 'correct horse battery staple';
const SETTING = 'peering_token_passphrase';

describe('sealed peering tokens', () => {
  it('seal hides the secret and the raw text; the public facts and fingerprint stay readable without the passphrase', async () => {
    const sealed = await sealToken(RAW, PASSPHRASE);
    expect(isSealedToken(sealed)).toBe(true);
    expect(sealed).not.toContain(RAW);
    expect(Buffer.from(sealed.split(':')[1] ?? '', 'base64url').toString('latin1')).not.toContain('0b7c9a3e');
    expect(sealed).not.toContain('0b7c9a3e');
    expect(tokenFacts(sealed)).toEqual({ ...tokenFacts(RAW), sealed: true });
    expect(tokenFacts(RAW)).toEqual({ peerId: '6f1b2c1e-0000-4000-8000-000000000001', serverName: 'server.dc1.peering.x.consul', fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{32}$/), sealed: false });
    expect(await sealToken(RAW, PASSPHRASE)).not.toBe(sealed); // fresh salt and IV each time
  });

  it('opens with the same passphrase only; plain tokens pass through; a damaged or edited envelope is refused', async () => {
    const sealed = await sealToken(RAW, PASSPHRASE);
    expect(await openToken(sealed, PASSPHRASE, SETTING)).toBe(RAW);
    expect(await openToken(RAW, undefined, SETTING)).toBe(RAW);
    await expect(openToken(sealed, undefined, SETTING)).rejects.toThrow('the peering token is sealed: set peering_token_passphrase');
    await expect(openToken(sealed, 'wrong passphrase here', SETTING)).rejects.toThrow(/does not open with this peering_token_passphrase/);
    const [prefix, header, body] = [sealed.slice(0, sealed.indexOf(':') + 1), ...sealed.slice(sealed.indexOf(':') + 1).split('.')];
    const edited = JSON.parse(Buffer.from(header ?? '', 'base64url').toString('utf8')) as Record<string, string>;
    const forged = `${prefix}${Buffer.from(JSON.stringify({ ...edited, peerId: 'someone-else' })).toString('base64url')}.${body ?? ''}`;
    await expect(openToken(forged, PASSPHRASE, SETTING)).rejects.toBeInstanceOf(TokenSealError);
    await expect(openToken(sealed.slice(0, -4), PASSPHRASE, SETTING)).rejects.toBeInstanceOf(TokenSealError);
    await expect(openToken(`${prefix}garbage`, PASSPHRASE, SETTING)).rejects.toThrow(/damaged/);
  });

  it('refuses to seal what is not a Consul token, and passphrases shorter than 16 characters', async () => {
    await expect(sealToken('not-a-token', PASSPHRASE)).rejects.toBeInstanceOf(TokenSealError);
    expect([passphraseProblem('short'), passphraseProblem('sixteen chars ok')]).toEqual(['must be at least 16 characters long', undefined]);
    expect(tokenFacts('consulpeering-sealed-v1:x.y')).toBeUndefined();
  });
});
