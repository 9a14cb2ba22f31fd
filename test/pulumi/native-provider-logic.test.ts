import { PartialStateError, PASSPHRASE_ENV, peering, peeringTokenSchema, PREFLIGHT_ENV, sealToken, UNKNOWN } from '../../src/core';
import { settingsChanged, valuesFromVariables } from '../../src/pulumi/plugin/config';
import { NativeProvider, PartialFailure } from '../../src/pulumi/plugin/native-provider';
import { fromEngine, propertiesToEngine, secret } from '../../src/pulumi/plugin/properties';
import { UNKNOWN_SENTINEL as U } from '../../src/pulumi/plugin/properties';
import { configuredProvider, FAKE_TOKEN, failurePaths, NOWHERE, setEnv, typeToken, withEnv, type ResourceClass } from './native-helpers';

// The native provider's decisions that need no cluster (check, CheckConfig/Configure, diff, preview, partial results):
// every provider here is configured with an address nothing listens on, so any request would fail the test.

type Props = Record<string, unknown>;

// The permission preflight asks the cluster; these tests have none (the resource suite proves the preflight).
let restorePreflight: () => void;
beforeAll(() => {
  restorePreflight = setEnv(PREFLIGHT_ENV, 'off');
});
afterAll(() => restorePreflight());

const offline = (settings: Props = {}) => configuredProvider({ address: NOWHERE, ...settings });
const check = (className: ResourceClass, news: Props, provider = offline()) => provider.check(typeToken(className), news);

describe('Check: failures carry property paths', () => {
  it.each([
    ['PeeringToken', { peerName: 'Bad_Name', serverExternalAddresses: ['10.0.0.1:8503', 'nope'] }, ['peerName', 'serverExternalAddresses[1]']],
    ['Peering', { peerName: 'dc1', peeringToken: secret('not-a-token'), activeTimeout: 'soon' }, ['peeringToken', 'activeTimeout']],
    ['ExportedServices', { services: [{ name: 'api', consumers: [{ peer: 'dc2' }, { peer: 'Bad' }] }] }, ['services[0].consumers[1].peer']],
    ['ExportedServices', { services: [{ name: 'api', consumers: [{ peer: 'Bad' }] }] }, ['services[0].consumers[0].peer']],
    ['ServiceIntentions', { name: 'api', sources: [{ name: 'web', peer: 'dc2', action: 'maybe' }, { name: 'db', peer: '*', action: 'allow' }] },
      ['sources[0].action', 'sources[1].peer']],
  ] as const)('%s %#', async (className, news, expected) => {
    const result = await check(className, { ...news });
    expect(failurePaths(result.failures)).toEqual(expected);
    expect(JSON.stringify(result.failures)).not.toContain('not-a-token');
  });

  it.each([['an empty string', ''], ['an empty object (an undecryptable StackReference secret)', {}]])(
    'an empty peering token (%s) fails with a message naming the StackReference cause',
    async (_title, token) => {
      const result = await check('Peering', { peerName: 'dc1', peeringToken: secret(token) });
      expect(failurePaths(result.failures)).toEqual(['peeringToken']);
      expect(result.failures[0]?.reason).toMatch(/is required \(it is empty: a StackReference output .* cannot decrypt .* same secrets provider or passphrase/);
    },
  );
});

describe('CheckConfig and Configure: problems of the provider settings, by setting name', () => {
  const provider = new NativeProvider();

  it('unknown names and wrong types; the engine\'s own keys are no settings and pass', () => {
    expect(provider.checkConfig({ address: 'ftp://x', bogus: 1, insecureHttps: 'perhaps', token: secret(7) })).toEqual([
      { property: 'bogus', reason: expect.stringMatching(/is not a setting of the consulpeering provider; use one of address, token, .*peeringTokenPassphrase/) },
      { property: 'insecureHttps', reason: 'must be true or false' },
      { property: 'token', reason: 'must be a string, got number' },
    ]);
    expect(provider.checkConfig({ version: '1.2.3', pluginDownloadURL: 'x', address: NOWHERE, insecureHttps: 'true', token: secret('t') })).toEqual([]);
    expect(provider.checkConfig(undefined)).toEqual([]);
  });

  it('what the Consul client rejects, without echoing secrets', () => {
    expect(provider.checkConfig({ address: 'ftp://x' })).toEqual([{ property: 'address', reason: expect.stringMatching(/Invalid Consul setting "address"/) }]);
    const pem = provider.checkConfig({ caPem: secret('not a pem') });
    expect(failurePaths(pem)).toEqual(['caPem']);
    expect(JSON.stringify(pem)).not.toContain('not a pem');
    expect(provider.checkConfig({ peeringTokenPassphrase: secret('short') })).toEqual([{ property: 'peeringTokenPassphrase', reason: expect.stringMatching(/16/) }]);
  });

  it('a setting left unset falls back to Consul\'s CONSUL_* variable, whose problem is reported under the setting', async () => {
    await withEnv('CONSUL_HTTP_ADDR', 'ftp://from-env', () => {
      expect(failurePaths(provider.checkConfig({}))).toEqual(['address']);
      expect(provider.checkConfig({ address: NOWHERE })).toEqual([]);
    });
  });

  it('Configure refuses what CheckConfig reports, naming the setting', () => {
    expect(() => new NativeProvider().configure({ address: 'ftp://x', insecureHttps: 'perhaps' })).toThrow(/^insecureHttps: must be true or false$/);
    expect(() => new NativeProvider().configure({ address: 'ftp://x' })).toThrow(/^address: Invalid Consul setting "address"/);
  });

  it('the default provider\'s stack config (consulpeering:<name>, text values) becomes settings', () => {
    const values = valuesFromVariables(new Map([
      ['consulpeering:address', 'https://consul:8501'], ['consulpeering:config:token', 't'], ['consulpeering:insecureHttps', 'true'],
    ]));
    expect(values).toEqual({ address: 'https://consul:8501', token: 't', insecureHttps: 'true' });
    expect(provider.checkConfig(values)).toEqual([]);
    expect(() => new NativeProvider().configure(values)).not.toThrow();
  });

  it('DiffConfig: only a change of a setting counts (no setting replaces the provider\'s resources)', () => {
    expect(settingsChanged({ address: NOWHERE, token: secret('a') }, { address: NOWHERE, token: secret('b') })).toBe(true);
    expect(settingsChanged({ address: NOWHERE, version: '1' }, { address: NOWHERE, version: '2' })).toBe(false);
    expect(settingsChanged({ address: NOWHERE }, { address: NOWHERE })).toBe(false);
  });
});

describe('Check: a token sealed by a Terraform acceptor', () => {
  const news = async (passphrase = 'the shared passphrase') => ({ peerName: 'dc1', peeringToken: secret(await sealToken(FAKE_TOKEN, passphrase)) });

  it('opens with CONSUL_PEERING_TOKEN_PASSPHRASE; without it or with another one check fails on peeringToken', async () => {
    const outcome = async (passphrase: string | undefined) => withEnv(PASSPHRASE_ENV, passphrase, async () => (await check('Peering', await news(), offline())).failures);
    const setting = `peeringTokenPassphrase (or ${PASSPHRASE_ENV})`;
    expect(await outcome(undefined)).toEqual([{ property: 'peeringToken', reason: expect.stringContaining(`is sealed: set ${setting}`) }]);
    expect(await outcome('another passphrase here')).toEqual([{ property: 'peeringToken', reason: expect.stringContaining(`does not open with this ${setting}`) }]);
    expect(await outcome('the shared passphrase')).toEqual([]);
  });

  it('opens with the provider setting peeringTokenPassphrase, which wins over the environment', async () => {
    await withEnv(PASSPHRASE_ENV, 'another passphrase here', async () => {
      const configured = offline({ peeringTokenPassphrase: secret('the shared passphrase') });
      expect((await check('Peering', await news(), configured)).failures).toEqual([]);
      expect(failurePaths((await check('Peering', await news('a third passphrase!'), configured)).failures)).toEqual(['peeringToken']);
    });
  });
});

describe('unknown values at preview', () => {
  it('never fail check, come back as unknowns (secrets kept secret), and defaults still apply', async () => {
    const result = await check('Peering', { peerName: U, peeringToken: secret(U), meta: { a: U } });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({ peerName: U, peeringToken: secret(U), meta: { a: U }, waitForActive: true, activeTimeout: '2m' });
    const nested = await check('ExportedServices', { services: [{ name: U, consumers: [{ peer: U }, U] }] });
    expect(nested.failures).toEqual([]);
    expect(nested.inputs).toEqual({ partition: 'default', exclusive: false, services: [{ name: U, consumers: [{ peer: U }, U] }] });
  });

  it('translate both ways at any depth: secrets unwrapped and wrapped again per the schema; nulls and undefined never cross', () => {
    expect(fromEngine({ a: [U, { b: U }], c: secret('x'), d: null })).toEqual({ a: [UNKNOWN, { b: UNKNOWN }], c: 'x' });
    expect(propertiesToEngine(peeringTokenSchema.fields, { peerName: 'dc2', peeringToken: 't', meta: undefined, serverExternalAddresses: [UNKNOWN, undefined] }))
      .toEqual({ peerName: 'dc2', peeringToken: secret('t'), serverExternalAddresses: [U, null] });
  });

  it('a preview create or update makes no request: the inputs, every computed attribute unknown', async () => {
    // A preview's ID is unknown (empty), as the engine shows it before the object exists.
    const provider = offline();
    const created = await provider.create(typeToken('PeeringToken'), { peerName: 'dc2' }, true);
    expect(created).toEqual({ id: '', properties: { peerName: 'dc2', peeringToken: secret(U), peeringId: U, state: U, issuedAt: U } });
    const updated = await provider.update(typeToken('Peering'), 'dc1', { peerName: 'dc1', peeringToken: secret(FAKE_TOKEN), state: 'ACTIVE' },
      { peerName: 'dc1', peeringToken: secret(U) }, true);
    expect(updated).toMatchObject({ peerName: 'dc1', peeringToken: secret(U), state: U });
    // Only a state-only setting changed: nothing is written, so the computed attributes are known as they are.
    const kept = await provider.update(typeToken('PeeringToken'), 'dc2', { peerName: 'dc2', reissueAfter: '5m', peeringToken: secret('t'), peeringId: 'p1', state: 'ACTIVE', issuedAt: 'i' },
      { peerName: 'dc2', reissueAfter: '10m' }, true);
    expect(kept).toMatchObject({ reissueAfter: '10m', peeringToken: secret('t'), peeringId: 'p1', state: 'ACTIVE', issuedAt: 'i' });
  });
});

describe('Diff: replace vs in place, delete-before-replace, a detailed kind per property', () => {
  const provider = offline();
  const diff = (className: ResourceClass, olds: Props, news: Props) => provider.diff(typeToken(className), olds, news);
  const inPlace = (detailed: Props) => ({ changes: true, replaces: [], deleteBeforeReplace: false, detailed });
  const token = { peerName: 'dc2', peeringToken: secret(FAKE_TOKEN), peeringId: 'p1', state: 'PENDING' };

  it('PeeringToken: the name and meta replace (delete first); addresses and the rotation trigger update in place', async () => {
    expect(await diff('PeeringToken', token, { peerName: 'dc3' }))
      .toEqual({ changes: true, replaces: ['peerName'], deleteBeforeReplace: true, detailed: { peerName: 'update-replace' } });
    expect(await diff('PeeringToken', token, { peerName: 'dc2', meta: { a: 'b' } }))
      .toEqual({ changes: true, replaces: ['meta'], deleteBeforeReplace: true, detailed: { meta: 'add-replace' } });
    expect(await diff('PeeringToken', { ...token, meta: { a: 'b' } }, { peerName: 'dc2' }))
      .toEqual({ changes: true, replaces: ['meta'], deleteBeforeReplace: true, detailed: { meta: 'delete-replace' } });
    expect(await diff('PeeringToken', token, { peerName: 'dc2', serverExternalAddresses: ['10.0.0.1:8503'] })).toEqual(inPlace({ serverExternalAddresses: 'add' }));
    expect(await diff('PeeringToken', { ...token, rotationTrigger: 'r1' }, { peerName: 'dc2', rotationTrigger: 'r2' })).toEqual(inPlace({ rotationTrigger: 'update' }));
    expect(await diff('PeeringToken', { ...token, rotationTrigger: 'r1' }, { peerName: 'dc2' })).toEqual(inPlace({ rotationTrigger: 'delete' }));
    expect(await diff('PeeringToken', token, { peerName: 'dc2' })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false, detailed: {} });
    expect(await diff('PeeringToken', token, { peerName: U })).toMatchObject({ changes: true, replaces: ['peerName'], deleteBeforeReplace: true });
  });

  it('Peering: a new token re-establishes in place; meta alone cannot change (the diff fails with the reason)', async () => {
    const inputs = { peerName: 'dc1', peeringToken: secret(FAKE_TOKEN), waitForActive: true, activeTimeout: '2m' };
    const state = { ...inputs, state: 'ACTIVE', peerId: 'p1' };
    expect(await diff('Peering', state, { ...inputs, peeringToken: secret(`${FAKE_TOKEN}x`) })).toEqual(inPlace({ peeringToken: 'update' }));
    expect(await diff('Peering', state, { ...inputs, peeringToken: secret(U) })).toEqual(inPlace({ peeringToken: 'update' }));
    expect(await diff('Peering', state, { ...inputs, meta: { a: 'b' }, peeringToken: secret(`${FAKE_TOKEN}x`) })).toMatchObject({ changes: true, replaces: [] });
    expect(await diff('Peering', state, { ...inputs, peerName: 'dc9' }))
      .toMatchObject({ replaces: ['peerName'], deleteBeforeReplace: true, detailed: { peerName: 'update-replace' } });
    expect(await diff('Peering', state, inputs)).toMatchObject({ changes: false });
    await expect(diff('Peering', state, { ...inputs, meta: { a: 'b' } })).rejects.toThrow(/meta: meta can only change together with a new peeringToken/);
  });

  it('ExportedServices and ServiceIntentions: the entry key replaces, the listed parts update in place', async () => {
    const exports = { partition: 'default', exclusive: false, services: [{ name: 'api', consumers: [{ peer: 'dc2' }] }] };
    const more = { ...exports, services: [{ name: 'api', consumers: [{ peer: 'dc2' }, { peer: 'dc3' }] }] };
    expect(await diff('ExportedServices', exports, more)).toEqual(inPlace({ services: 'update' }));
    expect(await diff('ExportedServices', exports, { ...exports, partition: 'p1' }))
      .toEqual({ changes: true, replaces: ['partition'], deleteBeforeReplace: true, detailed: { partition: 'update-replace' } });
    const intentions = { name: 'api', exclusive: false, sources: [{ name: 'web', peer: 'dc2', action: 'allow', precedence: 9 }] };
    const asInputs = { name: 'api', exclusive: false, sources: [{ name: 'web', peer: 'dc2', action: 'allow' }] };
    expect(await diff('ServiceIntentions', intentions, asInputs)).toMatchObject({ changes: false });
    expect(await diff('ServiceIntentions', intentions, { ...asInputs, sources: [{ name: 'web', peer: 'dc2', action: 'deny' }] })).toEqual(inPlace({ sources: 'update' }));
    expect(await diff('ServiceIntentions', intentions, { ...asInputs, name: 'db' }))
      .toEqual({ changes: true, replaces: ['name'], deleteBeforeReplace: true, detailed: { name: 'update-replace' } });
  });
});

describe('partial results', () => {
  afterEach(() => jest.restoreAllMocks());

  it('a core PartialStateError becomes PartialFailure with the id, the properties to keep (secrets wrapped) and the inputs', async () => {
    const state = { peerName: 'dc1', peeringToken: FAKE_TOKEN, state: 'ESTABLISHING', meta: undefined };
    jest.spyOn(peering, 'create').mockRejectedValue(new PartialStateError('peering "dc1" is still ESTABLISHING after 1s', 'dc1', state));
    const inputs = { peerName: 'dc1', peeringToken: secret(FAKE_TOKEN), waitForActive: true, activeTimeout: '1s' };
    const error = await offline().create(typeToken('Peering'), inputs, false).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PartialFailure);
    const failure = error as PartialFailure;
    expect(failure.message).toMatch(/still ESTABLISHING/);
    expect(failure.id).toBe('dc1');
    expect(failure.properties).toEqual({ peerName: 'dc1', peeringToken: secret(FAKE_TOKEN), state: 'ESTABLISHING' });
    expect(failure.inputs).toEqual(inputs);
  });

  it('any other failure is a plain error (nothing for the engine to keep)', async () => {
    const error = await offline().create(typeToken('PeeringToken'), { peerName: 'dc2' }, false).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PartialFailure);
  });
});
