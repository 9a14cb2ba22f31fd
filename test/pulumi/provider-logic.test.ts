import { unknownValue } from '@pulumi/pulumi/runtime';
import { PartialStateError, PASSPHRASE_ENV, peering, sealToken, UNKNOWN } from '../../src/core';
import { providerRuntime } from '../../src/pulumi';
import { fromPulumi, toPulumi, UNKNOWN_SENTINEL } from '../../src/pulumi/wire';
import { captureProviderLog, provider } from './helpers';

// check and diff need no cluster: they are pure (the core decides, the adapter translates).

const U = UNKNOWN_SENTINEL;
const TOKEN = Buffer.from(JSON.stringify({ CA: null, ServerAddresses: ['127.0.0.1:8503'], PeerID: 'p1' })).toString('base64');
const paths = (result: { failures?: { property: string }[] }) => (result.failures ?? []).map((failure) => failure.property);

beforeAll(() => captureProviderLog());

describe('check: failures carry property paths', () => {
  it.each([
    ['peeringToken', { peerName: 'Bad_Name', serverExternalAddresses: ['10.0.0.1:8503', 'nope'] }, ['peerName', 'serverExternalAddresses[1]']],
    ['peering', { peerName: 'dc1', peeringToken: 'not-a-token', activeTimeout: 'soon' }, ['peeringToken', 'activeTimeout']],
    ['exportedServices', { services: [{ name: 'api', consumers: [{ peer: 'dc2' }, { peer: 'Bad' }] }] }, ['services[0].consumers[1].peer']],
    ['serviceIntentions', { name: 'api', sources: [{ name: 'web', peer: 'dc2', action: 'maybe' }, { name: 'db', peer: '*', action: 'allow' }] },
      ['sources[0].action', 'sources[1].peer']],
  ] as const)('%s', async (kind, news, expected) => {
    const result = await provider(kind).check({}, { ...news });
    expect(paths(result)).toEqual(expected);
    expect(result.failures?.map((failure) => failure.reason).join(' ')).not.toContain('not-a-token');
  });

  it.each([['an empty string', ''], ['an empty object (an undecryptable StackReference secret)', {}]])(
    'an empty peering token (%s) fails with a message naming the StackReference cause',
    async (_title, token) => {
      const result = await provider('peering').check({}, { peerName: 'dc1', peeringToken: token });
      expect(paths(result)).toEqual(['peeringToken']);
      expect(result.failures?.[0]?.reason).toMatch(/is required \(it is empty: a StackReference output .* cannot decrypt .* same secrets provider or passphrase/);
    },
  );

  it('connection settings: unknown names, wrong types and what the client rejects, under connection.*', async () => {
    const bad = await provider('peeringToken').check({}, {
      peerName: 'dc2', connection: { address: 'ftp://x', bogus: 1, insecureHttps: 'perhaps' },
    });
    expect(paths(bad)).toEqual(['connection.bogus', 'connection.insecureHttps']);
    const address = await provider('peeringToken').check({}, { peerName: 'dc2', connection: { address: 'ftp://x' } });
    expect(address.failures).toEqual([{ property: 'connection.address', reason: expect.stringMatching(/Invalid Consul setting "address"/) }]);
    const pem = await provider('peeringToken').check({}, { peerName: 'dc2', connection: { caPem: 'not a pem' } });
    expect(paths(pem)).toEqual(['connection.caPem']);
    expect(JSON.stringify(pem.failures)).not.toContain('not a pem');
  });
});

describe('check: a token sealed by a Terraform acceptor', () => {
  it('opens with CONSUL_PEERING_TOKEN_PASSPHRASE; without it or with another one the preview fails on peeringToken', async () => {
    const sealed = await sealToken(TOKEN, 'the shared passphrase');
    const previous = process.env[PASSPHRASE_ENV];
    try {
      delete process.env[PASSPHRASE_ENV];
      const missing = await provider('peering').check({}, { peerName: 'dc1', peeringToken: sealed });
      process.env[PASSPHRASE_ENV] = 'another passphrase here';
      const wrong = await provider('peering').check({}, { peerName: 'dc1', peeringToken: sealed });
      process.env[PASSPHRASE_ENV] = 'the shared passphrase';
      const right = await provider('peering').check({}, { peerName: 'dc1', peeringToken: sealed });
      expect([missing.failures, wrong.failures, right.failures]).toEqual([
        [{ property: 'peeringToken', reason: expect.stringContaining(`is sealed: set consul-peering:peeringTokenPassphrase (or ${PASSPHRASE_ENV})`) }],
        [{ property: 'peeringToken', reason: expect.stringContaining(`does not open with this consul-peering:peeringTokenPassphrase (or ${PASSPHRASE_ENV})`) }],
        [],
      ]);
    } finally {
      if (previous === undefined) delete process.env[PASSPHRASE_ENV];
      else process.env[PASSPHRASE_ENV] = previous;
    }
  });

  it('opens with the stack config consul-peering:peeringTokenPassphrase, which wins over the environment', async () => {
    const sealed = await sealToken(TOKEN, 'the shared passphrase');
    const previous = process.env[PASSPHRASE_ENV];
    try {
      process.env[PASSPHRASE_ENV] = 'another passphrase here';
      const configured = providerRuntime.settingsFromConfig({ get: (key) => (key === 'consul-peering:peeringTokenPassphrase' ? 'the shared passphrase' : undefined) });
      expect(configured).toEqual({ peeringTokenPassphrase: 'the shared passphrase' });
      expect((await providerRuntime.check('peering', {}, { peerName: 'dc1', peeringToken: sealed }, configured)).failures).toEqual([]);
      expect(() => providerRuntime.settingsFromConfig({ get: (key) => (key === 'consul-peering:peeringTokenPassphrase' ? 'short' : undefined) }))
        .toThrow(/consul-peering:peeringTokenPassphrase .*16/);
    } finally {
      if (previous === undefined) delete process.env[PASSPHRASE_ENV];
      else process.env[PASSPHRASE_ENV] = previous;
    }
  });
});

describe('check: unknown values at preview', () => {
  it('never fail, come back as Pulumi unknowns, and defaults still apply', async () => {
    expect(UNKNOWN_SENTINEL).toBe(unknownValue);
    const result = await provider('peering').check({}, { peerName: U, peeringToken: U, meta: { a: U }, connection: U });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({ peerName: U, peeringToken: U, meta: { a: U }, waitForActive: true, activeTimeout: '2m', connection: U });
    const nested = await provider('exportedServices').check({}, { services: [{ name: U, consumers: [{ peer: U }, U] }], connection: { address: U } });
    expect(nested.failures).toEqual([]);
    expect(nested.inputs).toMatchObject({ partition: 'default', exclusive: false, services: [{ name: U, consumers: [{ peer: U }, U] }] });
  });

  it('translate both ways at any depth; undefined never reaches Pulumi', () => {
    expect(fromPulumi({ a: [U, { b: U }], c: 'x' })).toEqual({ a: [UNKNOWN, { b: UNKNOWN }], c: 'x' });
    expect(toPulumi({ a: [UNKNOWN, undefined], b: undefined, c: { d: UNKNOWN } })).toEqual({ a: [U, null], c: { d: U } });
  });
});

describe('diff: replace vs in place, delete-before-replace', () => {
  const provided = (props: Record<string, unknown>, code = 'code-1') => ({ ...props, __provider: code });
  const token = { peerName: 'dc2', peeringToken: TOKEN, peeringId: 'p1', state: 'PENDING' };

  it('PeeringToken: the name replaces (delete first); addresses and the rotation trigger update in place', async () => {
    const p = provider('peeringToken');
    expect(await p.diff('dc2', provided(token), provided({ peerName: 'dc3' }))).toEqual({ changes: true, replaces: ['peerName'], deleteBeforeReplace: true });
    expect(await p.diff('dc2', provided(token), provided({ peerName: 'dc2', meta: { a: 'b' } }))).toMatchObject({ replaces: ['meta'], deleteBeforeReplace: true });
    expect(await p.diff('dc2', provided(token), provided({ peerName: 'dc2', serverExternalAddresses: ['10.0.0.1:8503'] })))
      .toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await p.diff('dc2', provided(token), provided({ peerName: 'dc2', rotationTrigger: 'r2' }))).toMatchObject({ changes: true, replaces: [] });
    expect(await p.diff('dc2', provided(token), provided({ peerName: 'dc2' }))).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(await p.diff('dc2', provided(token), provided({ peerName: U }))).toMatchObject({ changes: true, replaces: ['peerName'] });
  });

  it('Peering: a new token re-establishes in place; meta alone cannot change (the diff fails with the reason)', async () => {
    const p = provider('peering');
    const state = { peerName: 'dc1', peeringToken: TOKEN, waitForActive: true, activeTimeout: '2m', state: 'ACTIVE', peerId: 'p1' };
    const inputs = { peerName: 'dc1', peeringToken: TOKEN, waitForActive: true, activeTimeout: '2m' };
    expect(await p.diff('dc1', provided(state), provided({ ...inputs, peeringToken: `${TOKEN}x` }))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await p.diff('dc1', provided(state), provided({ ...inputs, peeringToken: U }))).toMatchObject({ changes: true, replaces: [] });
    expect(await p.diff('dc1', provided(state), provided({ ...inputs, peerName: 'dc9' }))).toMatchObject({ replaces: ['peerName'], deleteBeforeReplace: true });
    await expect(p.diff('dc1', provided(state), provided({ ...inputs, meta: { a: 'b' } }))).rejects.toThrow(/meta: meta can only change together with a new peeringToken/);
  });

  it('ExportedServices and ServiceIntentions: the entry key replaces, the listed parts update in place', async () => {
    const exports = { partition: 'default', exclusive: false, services: [{ name: 'api', consumers: [{ peer: 'dc2' }] }] };
    const more = { ...exports, services: [{ name: 'api', consumers: [{ peer: 'dc2' }, { peer: 'dc3' }] }] };
    expect(await provider('exportedServices').diff('default', provided(exports), provided(more))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await provider('exportedServices').diff('default', provided(exports), provided({ ...exports, partition: 'p1' })))
      .toMatchObject({ replaces: ['partition'], deleteBeforeReplace: true });
    const intentions = { name: 'api', exclusive: false, sources: [{ name: 'web', peer: 'dc2', action: 'allow', precedence: 9 }] };
    const asInputs = { name: 'api', exclusive: false, sources: [{ name: 'web', peer: 'dc2', action: 'allow' }] };
    expect(await provider('serviceIntentions').diff('api', provided(intentions), provided(asInputs))).toMatchObject({ changes: false });
    expect(await provider('serviceIntentions').diff('api', provided(intentions), provided({ ...asInputs, name: 'db' })))
      .toEqual({ changes: true, replaces: ['name'], deleteBeforeReplace: true });
  });

  it('new connection settings or new provider code: an in-place update that only rewrites state', async () => {
    const p = provider('peeringToken');
    const stored = provided({ ...token, connection: { address: 'http://127.0.0.1:8500', token: 'old' } });
    expect(await p.diff('dc2', stored, provided({ peerName: 'dc2', connection: { address: 'http://127.0.0.1:8500', token: 'new' } })))
      .toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await p.diff('dc2', provided(token), provided({ peerName: 'dc2' }, 'code-2'))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    // Only the stored properties change: no request is made (the address is unreachable, the old token is kept).
    const updated = await p.update('dc2', stored, provided({ peerName: 'dc2', connection: { address: 'http://127.0.0.1:1', token: 'new' } }));
    expect(updated.outs).toEqual({ ...token, connection: { address: 'http://127.0.0.1:1', token: 'new' } });
  });
});

describe('partial results', () => {
  afterEach(() => jest.restoreAllMocks());

  it('a core PartialStateError becomes the error Pulumi keeps as partial state (id, properties, reasons)', async () => {
    const state = { peerName: 'dc1', peeringToken: TOKEN, state: 'ESTABLISHING', meta: undefined };
    jest.spyOn(peering, 'create').mockRejectedValue(new PartialStateError('peering "dc1" is still ESTABLISHING after 1s', 'dc1', state));
    const error = await provider('peering').create({ peerName: 'dc1', peeringToken: TOKEN, connection: { address: 'http://127.0.0.1:1' } })
      .catch((caught: unknown) => caught) as Error & { id: string; properties: unknown; reasons: string[] };
    expect(error.message).toMatch(/still ESTABLISHING/);
    expect(error.id).toBe('dc1');
    expect(error.properties).toEqual({ peerName: 'dc1', peeringToken: TOKEN, state: 'ESTABLISHING', connection: { address: 'http://127.0.0.1:1' } });
    expect(error.reasons).toEqual([error.message]);
  });
});

describe('configure', () => {
  it('reads consul-peering:* from the stack config', () => {
    const config: Record<string, string> = {
      'consul-peering:address': 'https://consul:8501', 'consul-peering:token': 't', 'consul-peering:insecureHttps': 'true', 'project:address': 'x',
    };
    expect(providerRuntime.settingsFromConfig({ get: (key) => config[key] })).toEqual({ address: 'https://consul:8501', token: 't', insecureHttps: true });
  });
});
