import { PartialStateError, peering, peeringToken, UNKNOWN, type OperationContext } from '../../src/core';
import { PROVIDER_FIELDS, type Definition } from '../../src/terraform/catalog';
import { setLogSink } from '../../src/terraform/log';
import { ProviderInstance } from '../../src/terraform/provider';
import { objectType, type TfValue } from '../../src/terraform/cty';
import { applyChange, importResource, readResource } from '../../src/terraform/resources';
import { fromCore } from '../../src/terraform/values';

// The apply/read/import plumbing around the core lifecycle, with the Peering's schema and check but scripted
// create/update/read/delete (no Consul): partial state kept, errors as diagnostics, gone as null.
const TOKEN = Buffer.from(JSON.stringify({ CA: null, ServerAddresses: ['127.0.0.1:8503'], PeerID: 'x' })).toString('base64');
const context = {} as OperationContext;
const type = objectType(peering.schema.fields);
const value = (record: Record<string, unknown>) => fromCore(peering.schema.fields, record);
const config = value({ peerName: 'dc1', peeringToken: TOKEN });
const planned: TfValue = { ...value({ peerName: 'dc1', peeringToken: TOKEN, waitForActive: true, activeTimeout: '2m' }), state: UNKNOWN as TfValue, peerId: UNKNOWN as TfValue };
const established = { peerName: 'dc1', peeringToken: TOKEN, waitForActive: true, activeTimeout: '2m', state: 'ACTIVE', peerId: 'p' };

function scripted(overrides: Partial<Definition>): Definition {
  return { ...(peering as unknown as Definition), ...overrides };
}

describe('applyChange / readResource / importResource', () => {
  it('create: the result fills the planned unknowns, known planned values are kept', async () => {
    const definition = scripted({ create: async (_context, inputs) => ({ ...inputs, activeTimeout: '9m', state: 'ACTIVE', peerId: 'p' }) });
    const outcome = await applyChange(definition, type, context, null, planned, config);
    expect(outcome.diagnostics).toEqual([]);
    expect(outcome.state).toMatchObject({ state: 'ACTIVE', peerId: 'p', activeTimeout: '2m', peerServerName: null });
  });

  it('a PartialStateError keeps its state (saved by Terraform) and reports an error', async () => {
    const definition = scripted({
      create: async (_context, inputs) => {
        throw new PartialStateError('peering "dc1" is still ESTABLISHING after 2m', 'dc1', { ...inputs, state: 'ESTABLISHING', peerId: 'p' });
      },
    });
    const outcome = await applyChange(definition, type, context, null, planned, config);
    expect(outcome.state).toMatchObject({ state: 'ESTABLISHING', peerId: 'p' });
    expect(outcome.diagnostics).toEqual([
      { severity: 'error', summary: 'Could not create the Peering', detail: 'peering "dc1" is still ESTABLISHING after 2m' },
      expect.objectContaining({ severity: 'warning', summary: 'The Peering exists in Consul and is recorded as tainted', detail: expect.stringContaining('terraform untaint') }),
    ]);
  });

  it('other failures: create leaves no state, update keeps the prior state, delete keeps it too', async () => {
    const failing = scripted({
      create: async () => { throw new Error('boom'); },
      update: async () => { throw new Error('boom'); },
      delete: async () => { throw new Error('boom'); },
    });
    const prior = value(established);
    expect((await applyChange(failing, type, context, null, planned, config)).state).toBeNull();
    expect((await applyChange(failing, type, context, prior, planned, config)).state).toBe(prior);
    const destroyed = await applyChange(failing, type, context, prior, null, null);
    expect([destroyed.state, destroyed.diagnostics[0]?.summary]).toEqual([prior, 'Could not delete the Peering']);
  });

  it('invalid configuration at apply: no lifecycle call, diagnostics with paths', async () => {
    const create = jest.fn();
    const outcome = await applyChange(scripted({ create }), type, context, null, planned, value({ peerName: 'Bad', peeringToken: TOKEN }));
    expect(create).not.toHaveBeenCalled();
    expect(outcome.diagnostics.map((diagnostic) => diagnostic.path)).toEqual([[{ attribute: 'peer_name' }]]);
  });

  it('read: gone becomes a null state with a warning naming the reason; found keeps the prior spelling', async () => {
    const gone = scripted({ read: async () => ({ gone: true, reason: 'the peering "dc1" does not exist' }) });
    expect(await readResource(gone, context, value(established))).toEqual({
      state: null, diagnostics: [expect.objectContaining({ severity: 'warning', detail: 'the peering "dc1" does not exist' })],
    });
    const found = scripted({ read: async (_context, _id, prior) => ({ ...prior, meta: {}, state: 'FAILING' }) });
    expect((await readResource(found, context, value(established))).state).toMatchObject({ meta: null, state: 'FAILING', peeringToken: TOKEN });
    // A write-only attribute is never read back: it stays what the state held (null since Terraform 1.11).
    expect((await readResource(found, context, value({ ...established, peeringToken: null }))).state).toMatchObject({ peeringToken: null });
  });

  it('import: a bad ID lists the accepted forms; a missing object is an error; a found one has every attribute', async () => {
    const bad = await importResource(peering as unknown as Definition, type, context, 'a/b/c');
    expect(bad.diagnostics[0]).toMatchObject({ severity: 'error', summary: 'Invalid import ID', detail: expect.stringContaining('NAME, PARTITION/NAME') });
    const missing = await importResource(scripted({ read: async () => ({ gone: true, reason: 'nope' }) }), type, context, 'dc1');
    expect(missing).toEqual({ state: null, diagnostics: [{ severity: 'error', summary: 'Cannot import "dc1"', detail: 'nope' }] });
    const found = await importResource(scripted({ read: async (_context, _id, prior) => ({ ...prior, ...established, meta: {} }) }), type, context, 'dc1');
    expect(found.state).toMatchObject({ peerName: 'dc1', meta: null, partition: null, state: 'ACTIVE' });
    expect(found.diagnostics).toEqual([]);
    // The write-only token is never stored, so an import has nothing to warn about (and a plan nothing to change).
    const tokenless = await importResource(scripted({ read: async (_context, _id, prior) => ({ ...prior, ...established, peeringToken: '' }) }), type, context, 'dc1');
    expect([tokenless.diagnostics, (tokenless.state as Record<string, unknown>)['peeringToken']]).toEqual([[], null]);
    // A generated token cannot be read back: the imported PeeringToken says so.
    const generated = await importResource(peeringToken as unknown as Definition, objectType(peeringToken.schema.fields),
      { client: { readPeering: async () => ({ Name: 'dc2', ID: 'id', State: 'ACTIVE' }) } } as unknown as OperationContext, 'dc2');
    expect(generated.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', summary: 'peering_token cannot be read from Consul', detail: expect.stringContaining('rotation_trigger') })]);
  });

  it('provider configuration errors point at the setting; unknown settings are refused', async () => {
    const lines: string[] = [];
    const previous = setLogSink((line) => lines.push(line));
    const instance = new ProviderInstance();
    const bad = await instance.configure(fromCore(PROVIDER_FIELDS, { address: '127.0.0.1:8500', scheme: 'gopher' }));
    expect(bad).toEqual([expect.objectContaining({ severity: 'error', path: [{ attribute: 'scheme' }], detail: expect.stringContaining('"http" or "https"') })]);
    const unknown = await instance.configure(fromCore(PROVIDER_FIELDS, { address: UNKNOWN }));
    expect(unknown.map((diagnostic) => diagnostic.path)).toEqual([[{ attribute: 'address' }]]);
    expect(await instance.configure(fromCore(PROVIDER_FIELDS, { address: 'http://127.0.0.1:1', token: 'secret-token-value' }))).toEqual([]);
    expect(() => new ProviderInstance().context()).toThrow(/not configured/);
    const weak = await instance.configure(fromCore(PROVIDER_FIELDS, { address: 'http://127.0.0.1:1', peeringTokenPassphrase: 'short' }));
    expect(weak).toEqual([expect.objectContaining({ path: [{ attribute: 'peering_token_passphrase' }], detail: 'peering_token_passphrase must be at least 16 characters long' })]);
    expect(await instance.configure(fromCore(PROVIDER_FIELDS, { address: 'http://127.0.0.1:1', peeringTokenPassphrase: 'long enough passphrase' }))).toEqual([]);
    expect(instance.context().tokenSealing).toEqual({ passphrase: 'long enough passphrase', setting: expect.stringContaining('peering_token_passphrase') });
    setLogSink(previous);
    expect(lines).toEqual(['[INFO] consulpeering: configured for http://127.0.0.1:1\n', '[INFO] consulpeering: configured for http://127.0.0.1:1\n']);
  });
});
