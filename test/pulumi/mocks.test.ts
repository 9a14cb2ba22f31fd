import * as pulumi from '@pulumi/pulumi';
import { exportedServicesSchema, peeringSchema, peeringTokenSchema, serviceIntentionsSchema, type ResourceSchema } from '../../src/core';
import { ClusterPeering, ExportedServices, Peering, PeeringToken, ServiceIntentions } from '../../src/pulumi';
import { isSerializedSecret, recordRegistrations, settle, valueOf, type Registration } from './helpers';

// Wiring under pulumi.runtime.setMocks: what each class registers (type, secret inputs, options) and how
// ClusterPeering orders its children. Provider methods never run here (see the provider and serialization tests).

const TOKEN = Buffer.from(JSON.stringify({ CA: null, ServerAddresses: ['127.0.0.1:8503'], PeerID: 'p1' })).toString('base64');
const ACL = 'acl-secret-0000';

/** Outputs the mocks give: a token for PeeringToken, ACTIVE for Peering, else the inputs. */
function mockState(type: string, _name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  if (type.endsWith(':PeeringToken')) return { ...inputs, peeringToken: TOKEN, peeringId: 'acceptor-id', state: 'PENDING' };
  if (type.endsWith(':Peering')) return { ...inputs, state: 'ACTIVE', remoteDatacenter: 'dc1' };
  return inputs;
}

let registrations: Registration[];
beforeEach(async () => {
  registrations = await recordRegistrations(mockState);
});
const registered = (name: string): Registration => {
  const found = registrations.find((item) => item.name === name);
  if (found === undefined) throw new Error(`${name} was not registered (have ${registrations.map((item) => item.name).join(', ')})`);
  return found;
};

describe('resource classes', () => {
  it.each([
    ['PeeringToken', peeringTokenSchema as ResourceSchema, () => new PeeringToken('t', { peerName: 'dc2', connection: { address: 'http://dc1:8500', token: ACL } }), ['peeringToken']],
    ['Peering', peeringSchema as ResourceSchema, () => new Peering('t', { peerName: 'dc1', peeringToken: TOKEN, connection: { token: ACL } }), ['peeringToken']],
    ['ExportedServices', exportedServicesSchema as ResourceSchema, () => new ExportedServices('t', { services: [{ name: 'api', consumers: [{ peer: 'dc2' }] }], connection: { token: ACL } }), []],
    ['ServiceIntentions', serviceIntentionsSchema as ResourceSchema, () => new ServiceIntentions('t', { name: 'api', sources: [{ name: 'web', peer: 'dc2', action: 'allow' }], connection: { token: ACL } }), []],
  ] as const)('%s: type token, secret inputs and outputs, delete-before-replace, an output per schema attribute', async (className, schema, make, sensitive) => {
    const resource = make() as unknown as Record<string, unknown>;
    await settle();
    const registration = registered('t');
    expect(registration.type).toBe(`pulumi-nodejs:dynamic/consulpeering:${className}`);
    expect(registration.deleteBeforeReplace).toBe(true);
    expect(registration.additionalSecretOutputs.sort()).toEqual([...sensitive, 'connection'].sort());
    expect(isSerializedSecret(registration.object['connection'])).toBe(true);
    for (const name of sensitive) {
      if (schema.fields[name]?.mode !== 'computed') expect(isSerializedSecret(registration.object[name])).toBe(true);
    }
    const code = registration.object['__provider'];
    expect(typeof code).toBe('string');
    expect(code).not.toContain(ACL);
    for (const name of Object.keys(schema.fields)) expect(pulumi.Output.isInstance(resource[name])).toBe(true);
  });

  it('the caller\'s options are kept: extra secret outputs, an explicit deleteBeforeReplace', async () => {
    new PeeringToken('t', { peerName: 'dc2' }, { additionalSecretOutputs: ['peeringId'], deleteBeforeReplace: false });
    await settle();
    expect(registered('t').additionalSecretOutputs.sort()).toEqual(['connection', 'peeringId', 'peeringToken']);
    expect(registered('t').deleteBeforeReplace).toBe(false);
  });

  it('outputs resolve from the provider\'s state; inputs pass through (deep inputs, outputs inside lists)', async () => {
    const token = new PeeringToken('t', { peerName: pulumi.output('dc2'), serverExternalAddresses: [pulumi.output('10.0.0.1:8503')] });
    expect(await valueOf(token.peeringToken)).toBe(TOKEN);
    expect(await valueOf(token.serverExternalAddresses)).toEqual(['10.0.0.1:8503']);
    expect(registered('t').inputs).toMatchObject({ peerName: 'dc2', serverExternalAddresses: ['10.0.0.1:8503'] });
  });
});

describe('ClusterPeering', () => {
  const make = () => new ClusterPeering('dc1-dc2', {
    acceptor: { name: 'dc1', connection: { address: 'http://dc1:8500', token: ACL }, exports: [{ service: 'api', allowFrom: ['web', 'admin'] }, { service: 'db' }] },
    dialer: { name: 'dc2', connection: { address: 'http://dc2:8500', token: pulumi.secret('dc2-acl') }, exports: [{ service: 'web' }] },
    rotationTrigger: 'r1',
  });

  it('declares token → peering → exports → intentions as children, each waiting for the previous step', async () => {
    const component = make();
    expect(await valueOf(component.state)).toBe('ACTIVE');
    await settle();
    expect(registrations.map((item) => item.name)).toEqual([
      'dc1-dc2', 'dc1-dc2-token', 'dc1-dc2-peering', 'dc1-dc2-acceptor-exports', 'dc1-dc2-dialer-exports', 'dc1-dc2-acceptor-api-intentions',
    ]);
    const urn = await valueOf(component.urn);
    for (const item of registrations.slice(1)) expect(item.parent).toBe(urn);
    const urnOf = async (resource: pulumi.Resource) => valueOf(resource.urn);
    expect(registered('dc1-dc2').type).toBe('consulpeering:index:ClusterPeering');
    expect(registered('dc1-dc2-peering').dependencies).toContain(await urnOf(component.token));
    expect(registered('dc1-dc2-acceptor-exports').dependencies).toContain(await urnOf(component.peering));
    expect(registered('dc1-dc2-dialer-exports').dependencies).toContain(await urnOf(component.peering));
    expect(registered('dc1-dc2-acceptor-api-intentions').dependencies).toContain(await urnOf(component.exports[0]!));
  });

  it('wires the names, the token and each side\'s connection (kept secret)', async () => {
    const component = make();
    await valueOf(component.state);
    await settle();
    expect(registered('dc1-dc2-token').inputs).toMatchObject({ peerName: 'dc2', rotationTrigger: 'r1' });
    expect(registered('dc1-dc2-peering').inputs).toMatchObject({ peerName: 'dc1', peeringToken: TOKEN });
    expect(isSerializedSecret(registered('dc1-dc2-peering').object['peeringToken'])).toBe(true);
    expect(registered('dc1-dc2-acceptor-exports').inputs).toMatchObject({
      services: [{ name: 'api', consumers: [{ peer: 'dc2' }] }, { name: 'db', consumers: [{ peer: 'dc2' }] }],
    });
    expect(registered('dc1-dc2-dialer-exports').inputs).toMatchObject({ services: [{ name: 'web', consumers: [{ peer: 'dc1' }] }] });
    expect(registered('dc1-dc2-acceptor-api-intentions').inputs).toMatchObject({
      name: 'api', sources: [{ name: 'web', peer: 'dc2', action: 'allow' }, { name: 'admin', peer: 'dc2', action: 'allow' }],
    });
    const connections = Object.fromEntries(registrations.slice(1).map((item) => [item.name, item.object['connection']]));
    for (const [name, value] of Object.entries(connections)) {
      expect(isSerializedSecret(value)).toBe(true);
      const side = name === 'dc1-dc2-peering' || name.includes('-dialer-') ? 'http://dc2:8500' : 'http://dc1:8500';
      expect((value as { value: { address: string } }).value.address).toBe(side);
    }
    expect(await valueOf(component.peeringToken)).toBe(TOKEN);
  });

  it('without exports: only the token and the peering', async () => {
    const component = new ClusterPeering('p', { acceptor: { name: 'dc1' }, dialer: { name: 'dc2' } });
    await valueOf(component.state);
    await settle();
    expect(registrations.map((item) => item.name)).toEqual(['p', 'p-token', 'p-peering']);
    expect([component.exports, component.intentions]).toEqual([[], []]);
  });
});
