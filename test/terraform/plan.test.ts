import { exportedServices, field, PartialStateError, peering, peeringToken, serviceIntentions, text, UNKNOWN } from '../../src/core';
import { errorDiagnostics } from '../../src/terraform/diagnostics';
import type { Definition } from '../../src/terraform/catalog';
import { objectType, type TfValue } from '../../src/terraform/cty';
import { planChange, plaintextSecretWarnings, sealedTokenDiagnostics, validateConfig } from '../../src/terraform/plan';
import { sealToken, tokenFacts } from '../../src/core';
import { fillUnknowns, fromCore, keepPriorSpelling, toCore } from '../../src/terraform/values';

// Plan rules of the adapter, with the real core definitions (pure: check and diff never call Consul).
const token = peeringToken as unknown as Definition;
const dialer = peering as unknown as Definition;
const intentions = serviceIntentions as unknown as Definition;
const exporting = exportedServices as unknown as Definition;
const typeOf = (definition: Definition) => objectType(definition.schema.fields);
const full = (definition: Definition, value: Record<string, unknown>): { [name: string]: TfValue } => fromCore(definition.schema.fields, value);
const plan = (definition: Definition, prior: Record<string, unknown> | null, config: Record<string, unknown>, writeOnly = true) => {
  const configValue = full(definition, config);
  return planChange(definition, typeOf(definition), prior === null ? null : full(definition, prior), configValue, configValue, writeOnly);
};
const tokenText = (peerId: string, secret: string) => Buffer.from(JSON.stringify({ CA: null, ServerAddresses: ['127.0.0.1:8503'], PeerID: peerId, EstablishmentSecret: secret })).toString('base64');
const TOKEN = tokenText('x', 's1');

describe('planChange', () => {
  it('create: configured values kept, defaults filled (optional+computed), every computed attribute unknown', () => {
    const { planned, diagnostics, requiresReplace } = plan(dialer, null, { peerName: 'dc1', peeringToken: UNKNOWN });
    expect([diagnostics, requiresReplace]).toEqual([[], []]);
    expect(planned).toMatchObject({ peerName: 'dc1', peeringToken: null, meta: null, waitForActive: true, activeTimeout: '2m', state: UNKNOWN, peerId: UNKNOWN });
    // Before Terraform 1.11 (no write-only capability) the token is planned as configured.
    expect(plan(dialer, null, { peerName: 'dc1', peeringToken: TOKEN }, false).planned).toMatchObject({ peeringToken: TOKEN });
  });

  it('write-only token: compared by fingerprint, never planned; an imported peering adopts a token of its own acceptor peering', () => {
    const fingerprint = tokenFacts(TOKEN)?.fingerprint;
    const established = { peerName: 'dc1', waitForActive: true, activeTimeout: '2m', state: 'ACTIVE', peerId: 'x', tokenFingerprint: fingerprint };
    const same = plan(dialer, established, { peerName: 'dc1', peeringToken: TOKEN });
    expect(same.planned).toEqual(full(dialer, established));
    const rotated = plan(dialer, established, { peerName: 'dc1', peeringToken: tokenText('x', 's2') });
    expect(rotated.planned).toMatchObject({ peeringToken: null, state: UNKNOWN, tokenFingerprint: UNKNOWN });
    const imported = { ...established, tokenFingerprint: '' };
    expect(plan(dialer, imported, { peerName: 'dc1', peeringToken: tokenText('x', 's2') }).planned).toEqual(full(dialer, imported));
    expect(plan(dialer, imported, { peerName: 'dc1', peeringToken: tokenText('other', 's2') }).planned).toMatchObject({ state: UNKNOWN });
  });

  it('create: computed attributes nested in lists (precedence) are unknown, their siblings as configured', () => {
    const { planned } = plan(intentions, null, { name: 'web', sources: [{ name: 'frontend', peer: 'dc2', action: 'allow' }] });
    expect(planned).toMatchObject({ exclusive: false, sources: [{ name: 'frontend', peer: 'dc2', action: 'allow', precedence: UNKNOWN, permissions: null }] });
  });

  it('no change per the core: the plan is the prior state, except that a null argument stays null as configured', () => {
    const prior = { peerName: 'dc2', meta: { a: 'b' }, serverExternalAddresses: [], reissueAfter: '5m', peeringToken: 'secret', peeringId: 'id', state: 'ACTIVE' };
    const { planned, requiresReplace } = plan(token, prior, { peerName: 'dc2', meta: { a: 'b' } });
    expect(requiresReplace).toEqual([]);
    expect(planned).toEqual({ ...full(token, prior), serverExternalAddresses: null });
    const sources = [{ name: 'frontend', peer: 'dc2', action: 'allow', precedence: 9 }];
    expect(plan(intentions, { name: 'web', sources, exclusive: false }, { name: 'web', sources: [{ name: 'frontend', peer: 'dc2', action: 'allow' }] }).planned)
      .toEqual(full(intentions, { name: 'web', sources, exclusive: false }));
  });

  it('rotation: new server_external_addresses is an in-place update with the token unknown', () => {
    const prior = { peerName: 'dc2', peeringToken: 'secret', peeringId: 'id', state: 'ACTIVE' };
    const { planned, requiresReplace } = plan(token, prior, { peerName: 'dc2', serverExternalAddresses: ['10.0.0.1:8503'] });
    expect(requiresReplace).toEqual([]);
    expect(planned).toMatchObject({ serverExternalAddresses: ['10.0.0.1:8503'], peeringToken: UNKNOWN, state: UNKNOWN });
  });

  it('only state-only settings changed (reissue_after, active_timeout): an update that writes nothing, computed attributes kept', () => {
    const prior = { peerName: 'dc2', peeringToken: 'secret', peeringId: 'id', state: 'ACTIVE', reissueAfter: '5m', issuedAt: '2026-12-07T00:00:00Z' };
    const reissue = plan(token, prior, { peerName: 'dc2', reissueAfter: '10m' });
    expect(reissue.planned).toMatchObject({ reissueAfter: '10m', peeringToken: 'secret', peeringId: 'id', state: 'ACTIVE', issuedAt: '2026-12-07T00:00:00Z' });
    expect(reissue.writes).toBeDefined();
    expect(plan(token, prior, { peerName: 'dc2', reissueAfter: '10m', rotationTrigger: 'r' }).planned).toMatchObject({ peeringToken: UNKNOWN, state: UNKNOWN });
    const fingerprint = tokenFacts(TOKEN)?.fingerprint;
    const established = { peerName: 'dc1', waitForActive: true, activeTimeout: '2m', state: 'ACTIVE', peerId: 'x', tokenFingerprint: fingerprint };
    expect(plan(dialer, established, { peerName: 'dc1', peeringToken: TOKEN, activeTimeout: '5m' }).planned).toMatchObject({ activeTimeout: '5m', state: 'ACTIVE', peerId: 'x' });
  });

  it('a changed peer_name requires replacement (path from the core diff); a new peering token does not', () => {
    const prior = { peerName: 'dc2', peeringToken: 'secret', peeringId: 'id', state: 'ACTIVE' };
    expect(plan(token, prior, { peerName: 'dc3' }).requiresReplace).toEqual([[{ attribute: 'peer_name' }]]);
    const established = { peerName: 'dc1', peeringToken: TOKEN, waitForActive: true, activeTimeout: '2m', state: 'ACTIVE' };
    const rotated = plan(dialer, established, { peerName: 'dc1', peeringToken: UNKNOWN });
    expect([rotated.requiresReplace, rotated.diagnostics]).toEqual([[], []]);
    expect(rotated.planned).toMatchObject({ peeringToken: null, state: UNKNOWN });
  });

  it('an unsupported change (meta without a new token) fails the plan on meta', () => {
    const established = { peerName: 'dc1', peeringToken: TOKEN, waitForActive: true, activeTimeout: '2m', state: 'ACTIVE' };
    const { diagnostics } = plan(dialer, established, { peerName: 'dc1', peeringToken: TOKEN, meta: { a: 'b' } });
    expect(diagnostics.map((diagnostic) => [diagnostic.severity, diagnostic.path])).toEqual([['error', [{ attribute: 'meta' }]]]);
  });

  it('invalid configurations fail with snake_case paths; unknown values are skipped', () => {
    const { diagnostics } = plan(exporting, null, { services: [{ name: 'web', consumers: [{ peer: 'dc2', samenessGroup: 'g' }] }] });
    expect(diagnostics.map((diagnostic) => diagnostic.summary)).toEqual(['Invalid value for services[0].consumers[0]']);
    expect(validateConfig(exporting, typeOf(exporting), full(exporting, { services: [{ name: UNKNOWN, consumers: [{ peer: UNKNOWN }] }] }))).toEqual([]);
    const maybe = validateConfig(intentions, typeOf(intentions), full(intentions, { name: 'web', sources: [{ name: 'a', peer: 'dc2', action: 'maybe' }] }));
    expect(maybe.map((diagnostic) => diagnostic.path)).toEqual([[{ attribute: 'sources' }, { index: 0 }, { attribute: 'action' }]]);
  });

  it('core messages name attributes in snake_case', () => {
    const { diagnostics } = plan(exporting, null, { services: [{ name: 'web', consumers: [{ peer: 'dc2', samenessGroup: 'g' }] }] });
    expect(diagnostics[0]?.detail).toContain('peer, partition or sameness_group, got peer and sameness_group');
    const established = { peerName: 'dc1', peeringToken: TOKEN, waitForActive: true, activeTimeout: '2m', state: 'ACTIVE' };
    const metaOnly = plan(dialer, established, { peerName: 'dc1', peeringToken: TOKEN, meta: { a: 'b' } });
    expect(metaOnly.diagnostics[0]?.detail).toContain('meta can only change together with a new peering_token (tokens are single-use)');
  });

  it('core errors name attributes in snake_case (a peering that is not ACTIVE in time)', () => {
    const error = new PartialStateError(text`still PENDING; raise ${field('activeTimeout')}, or set ${field('waitForActive')} = false`, 'dc1', {});
    expect(errorDiagnostics(typeOf(dialer), error, 'Peering not ready')[0]?.detail).toBe('still PENDING; raise active_timeout, or set wait_for_active = false');
    expect(error.message).toBe('still PENDING; raise activeTimeout, or set waitForActive = false');
  });

  it('a generated token planned while no passphrase seals it is a warning on peering_token; sealed, none', () => {
    const { planned } = plan(token, null, { peerName: 'dc2' });
    expect(plaintextSecretWarnings(token.schema.fields, planned, false)).toEqual([expect.objectContaining({
      severity: 'warning', path: [{ attribute: 'peering_token' }], summary: 'peering_token will be stored in plain text in the Terraform state',
    })]);
    expect(plaintextSecretWarnings(token.schema.fields, planned, true)).toEqual([]);
    expect(plaintextSecretWarnings(token.schema.fields, full(token, { peerName: 'dc2', peeringToken: 't' }), false)).toEqual([]);
  });

  it('a sealed token the configured passphrase cannot open fails the plan on peering_token', async () => {
    const sealed = await sealToken(TOKEN, 'the right passphrase');
    const config = full(dialer, { peerName: 'dc1', peeringToken: sealed });
    const setting = 'peering_token_passphrase';
    expect(await sealedTokenDiagnostics(dialer, typeOf(dialer), config, { passphrase: 'the right passphrase', setting })).toEqual([]);
    const wrong = await sealedTokenDiagnostics(dialer, typeOf(dialer), config, { passphrase: 'another passphrase!', setting });
    const missing = await sealedTokenDiagnostics(dialer, typeOf(dialer), config, { setting });
    expect([...wrong, ...missing].map((diagnostic) => [diagnostic.path, diagnostic.detail])).toEqual([
      [[{ attribute: 'peering_token' }], expect.stringContaining('does not open with this peering_token_passphrase')],
      [[{ attribute: 'peering_token' }], expect.stringContaining('is sealed: set peering_token_passphrase')],
    ]);
  });

  it('destroy (proposed null) plans null', () => {
    expect(planChange(token, typeOf(token), full(token, { peerName: 'dc2' }), null, null).planned).toBeNull();
  });
});

describe('value plumbing', () => {
  it('toCore drops nulls at every depth, and computed fields for arguments; fromCore fills every field with null', () => {
    const value = full(intentions, { name: 'web', sources: [{ name: 'a', precedence: 3 }] });
    expect(toCore(intentions.schema.fields, value, true)).toEqual({ name: 'web', sources: [{ name: 'a' }] });
    expect(toCore(intentions.schema.fields, value, false)).toEqual({ name: 'web', sources: [{ name: 'a', precedence: 3 }] });
  });

  it('fillUnknowns takes unknowns from the result and keeps every known planned value', () => {
    const type = typeOf(intentions);
    const planned = full(intentions, { name: 'web', exclusive: false, sources: [{ name: 'a', precedence: UNKNOWN }] });
    const result = full(intentions, { name: 'WEB', exclusive: true, sources: [{ name: 'b', precedence: 7 }] });
    expect(fillUnknowns(type, planned, result)).toEqual(full(intentions, { name: 'web', exclusive: false, sources: [{ name: 'a', precedence: 7 }] }));
    expect(fillUnknowns(type, full(token, { state: UNKNOWN }), full(token, {}))).toMatchObject({ state: null });
  });

  it('keepPriorSpelling keeps the prior spelling of equal arguments and takes computed values as read', () => {
    const prior = full(token, { peerName: 'dc2', meta: null, state: 'PENDING' });
    const read = fromCore(token.schema.fields, { peerName: 'dc2', meta: {}, state: 'ACTIVE' });
    expect(keepPriorSpelling(token.schema.fields, prior, read)).toMatchObject({ meta: null, state: 'ACTIVE' });
    expect(keepPriorSpelling(token.schema.fields, prior, { ...read, meta: { a: 'b' } })).toMatchObject({ meta: { a: 'b' } });
  });
});
