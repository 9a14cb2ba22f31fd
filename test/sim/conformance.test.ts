// Conformance: one test per behaviour the emulator must share with Consul, each citing the fact it checks
// (§ = ../shared/reference/consul-peering-api.md, "Verified" = its section verified on a real Consul).
// Every test runs on real Consul and on the emulator; real Consul is the reference.
import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';
import { call, pollUntil, type HttpAnswer } from './http';

interface Peering { ID: string; State: string; PeerID?: string; PeerServerName?: string; PeerServerAddresses?: string[]; ModifyIndex: number }

describeEachBackend('conformance with Consul', (backend) => {
  let env: TestClusters;
  let dc1: string;
  let dc2: string;
  let n = 0;
  const unique = (prefix: string): string => `${prefix}-${(n += 1)}`;
  const token = async (name: string, extra: object = {}): Promise<string> =>
    (await call(dc1, 'POST', '/v1/peering/token', { PeerName: name, ...extra })).json<{ PeeringToken: string }>().PeeringToken;
  const read = (address: string, name: string): Promise<HttpAnswer> => call(address, 'GET', `/v1/peering/${name}`);
  const state = async (address: string, name: string): Promise<string> => (await read(address, name)).json<Peering>().State;
  const peer = async (acceptorName: string, dialerName: string): Promise<string> => {
    const issued = await token(acceptorName);
    expect((await call(dc2, 'POST', '/v1/peering/establish', { PeerName: dialerName, PeeringToken: issued })).status).toBe(200);
    expect(await pollUntil(() => state(dc2, dialerName), (s) => s === 'ACTIVE')).toBe('ACTIVE');
    return issued;
  };

  beforeAll(async () => {
    env = await startClusters(backend, ['dc1', 'dc2']);
    [dc1, dc2] = env.clusters.map((cluster) => cluster.address) as [string, string];
  });
  afterAll(() => env?.stop());

  it('§1 token format: base64 JSON with keys CA, ManualServerAddresses, ServerAddresses, ServerName, PeerID, EstablishmentSecret, Remote', async () => {
    const decoded = JSON.parse(Buffer.from(await token(unique('fmt'), { ServerExternalAddresses: ['10.0.0.1:8503'] }), 'base64').toString()) as Record<string, unknown>;
    expect(Object.keys(decoded)).toEqual(['CA', 'ManualServerAddresses', 'ServerAddresses', 'ServerName', 'PeerID', 'EstablishmentSecret', 'Remote']);
    expect(decoded['ManualServerAddresses']).toEqual(['10.0.0.1:8503']);
    expect(String(decoded['ServerName'])).toMatch(/^server\.dc1\.peering\.[0-9a-f-]{36}\.consul$/);
    expect((decoded['CA'] as string[])[0]).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
  });

  it('§1 step 3: an invalid peer name is a 500 with Consul\'s text', async () => {
    const answer = await call(dc1, 'POST', '/v1/peering/token', { PeerName: 'Bad_Name' });
    expect([answer.status, answer.text]).toEqual([500, "Bad_Name is not a valid peer name: a valid peering name must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"]);
  });

  it('§3.2: a PENDING acceptor has no PeerID, PeerServerName or PeerServerAddresses, and a peering 404 has no X-Consul-Index', async () => {
    const name = unique('pending');
    await token(name);
    const record = (await read(dc1, name)).json<Peering>();
    expect(record.State).toBe('PENDING');
    expect([record.PeerID, record.PeerServerName, record.PeerServerAddresses]).toEqual([undefined, undefined, undefined]);
    const response = await fetch(`${dc1}/v1/peering/missing-one`);
    expect([response.status, response.headers.get('x-consul-index'), await response.text()]).toEqual([404, null, 'Peering not found for "missing-one"']);
  });

  it('§2 step 11: establish answers {} and the dialer goes ESTABLISHING → ACTIVE, the acceptor ACTIVE too', async () => {
    const name = unique('flow');
    await peer(name, `${name}-d`);
    expect(await pollUntil(() => state(dc1, name), (s) => s === 'ACTIVE')).toBe('ACTIVE');
    expect((await read(dc2, `${name}-d`)).json<Peering>().PeerServerAddresses).toHaveLength(1);
  });

  it('§2 token reuse: a token is exchanged once; a second establish gets 403 "a new peering token must be generated"', async () => {
    const name = unique('reuse');
    const issued = await peer(name, `${name}-d`);
    const again = await call(dc2, 'POST', '/v1/peering/establish', { PeerName: `${name}-e`, PeeringToken: issued });
    expect([again.status, again.text]).toEqual([403, 'a new peering token must be generated: invalid peering establishment secret']);
  });

  it('Verified rotation: a new token keeps the PeerID and both sides ACTIVE; re-establish keeps the dialer ID; the old token is dead', async () => {
    const name = unique('rotate');
    const first = await peer(name, `${name}-d`);
    const before = (await read(dc2, `${name}-d`)).json<Peering>();
    const second = await token(name);
    expect(JSON.parse(Buffer.from(second, 'base64').toString()).PeerID).toBe(before.PeerID);
    expect([await state(dc1, name), await state(dc2, `${name}-d`)]).toEqual(['ACTIVE', 'ACTIVE']);
    expect((await call(dc2, 'POST', '/v1/peering/establish', { PeerName: `${name}-d`, PeeringToken: second })).text).toBe('{}');
    const after = (await read(dc2, `${name}-d`)).json<Peering>();
    expect(after.ID).toBe(before.ID);
    expect(await pollUntil(() => state(dc2, `${name}-d`), (s) => s === 'ACTIVE')).toBe('ACTIVE');
    expect((await call(dc2, 'POST', '/v1/peering/establish', { PeerName: unique('old'), PeeringToken: first })).status).toBe(403);
  });

  it('Verified: a token request for an established dialer name, and a token of the same cluster, are 500s', async () => {
    const name = unique('conflict');
    await peer(name, `${name}-d`);
    const onDialer = await call(dc2, 'POST', '/v1/peering/token', { PeerName: `${name}-d` });
    expect([onDialer.status, onDialer.text]).toEqual([500, `cannot create peering with name: "${name}-d"; there is already an established peering`]);
    const own = await call(dc1, 'POST', '/v1/peering/establish', { PeerName: unique('self'), PeeringToken: await token(unique('self-t')) });
    expect(own.status).toBe(500);
    expect(own.text).toMatch(/^cannot create a peering within the same cluster "server\.dc1\.peering\.[0-9a-f-]+\.consul"\. Refer to the `exported-services` documentation/);
  });

  it('Verified: an unreachable acceptor fails establish with 503 after the ~3 s window and leaves a PENDING record; a good token then succeeds over it', async () => {
    const name = unique('unreach');
    const started = Date.now();
    const failed = await call(dc2, 'POST', '/v1/peering/establish', { PeerName: name, PeeringToken: await token(`${name}-a`, { ServerExternalAddresses: ['127.0.0.1:1'] }) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
    expect(failed.status).toBe(503);
    expect(failed.text).toMatch(/errors? occurred:\n\t\* failed to exchange peering secret through address "127\.0\.0\.1:1": rpc error: code = Unavailable/);
    expect(await state(dc2, name)).toBe('PENDING');
    expect((await call(dc2, 'POST', '/v1/peering/establish', { PeerName: name, PeeringToken: await token(`${name}-b`) })).status).toBe(200);
    expect(await pollUntil(() => state(dc2, name), (s) => s === 'ACTIVE')).toBe('ACTIVE');
  });

  it('Verified: deleting one side makes it 404 and the other side TERMINATED (it keeps its record); a new token for a TERMINATED name is accepted', async () => {
    const name = unique('del');
    await peer(name, `${name}-d`);
    expect((await call(dc2, 'DELETE', `/v1/peering/${name}-d`)).status).toBe(200);
    expect((await pollUntil(() => read(dc2, `${name}-d`), (answer) => answer.status === 404)).status).toBe(404);
    expect(await pollUntil(() => state(dc1, name), (s) => s === 'TERMINATED')).toBe('TERMINATED');
    expect((await call(dc1, 'POST', '/v1/peering/token', { PeerName: name })).status).toBe(200);
    expect((await call(dc1, 'DELETE', '/v1/peering/never-there')).status).toBe(200);
  });

  it('§3.1 blocking read: no stored change → returns after the wait with the same index; ACTIVE does not wake it', async () => {
    const name = unique('block');
    await peer(name, `${name}-d`);
    const first = await fetch(`${dc1}/v1/peering/${name}`);
    const index = first.headers.get('x-consul-index');
    const started = Date.now();
    const blocked = await fetch(`${dc1}/v1/peering/${name}?index=${index ?? ''}&wait=1s`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(blocked.headers.get('x-consul-index')).toBe(index);
  });

  it('§4 blocking config read wakes on a write before the wait ends', async () => {
    const current = await fetch(`${dc1}/v1/config/service-intentions`);
    const index = current.headers.get('x-consul-index') ?? '1';
    const started = Date.now();
    const pending = fetch(`${dc1}/v1/config/service-intentions?index=${index}&wait=5s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await call(dc1, 'PUT', '/v1/config', { Kind: 'service-intentions', Name: unique('woken'), Sources: [{ Name: 'web', Action: 'allow' }] });
    const woken = await pending;
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(Number(woken.headers.get('x-consul-index'))).toBeGreaterThan(Number(index));
  });

  it('§4 cas: cas=0 creates only, a stale index is false, identical content is true even with a stale index', async () => {
    const entry = { Kind: 'service-intentions', Name: unique('cas'), Sources: [{ Name: 'web', Peer: 'dc2', Action: 'allow' }] };
    expect((await call(dc1, 'PUT', '/v1/config?cas=0', entry)).text).toBe('true');
    expect((await call(dc1, 'PUT', '/v1/config?cas=0', { ...entry, Sources: [{ Name: 'api', Action: 'deny' }] })).text).toBe('false');
    expect((await call(dc1, 'PUT', '/v1/config?cas=1', { ...entry, Sources: [{ Name: 'api', Action: 'deny' }] })).text).toBe('false');
    expect((await call(dc1, 'PUT', '/v1/config?cas=1', entry)).text).toBe('true');
    expect((await call(dc1, 'DELETE', `/v1/config/service-intentions/${entry.Name}?cas=1`)).text).toBe('false');
  });

  it('§5 normalisation: intention sources sorted by precedence, Type consul; validation is a 500 and unknown keys a 400', async () => {
    const name = unique('prec');
    await call(dc1, 'PUT', '/v1/config', { Kind: 'service-intentions', Name: name, Sources: [{ Name: '*', Peer: 'dc2', Action: 'deny' }, { Name: 'web', Peer: 'dc2', Action: 'allow' }] });
    const sources = (await call(dc1, 'GET', `/v1/config/service-intentions/${name}`)).json<{ Sources: { Name: string; Precedence: number; Type: string }[] }>().Sources;
    expect(sources.map((s) => [s.Name, s.Precedence, s.Type])).toEqual([['web', 9, 'consul'], ['*', 8, 'consul']]);
    const invalid = await call(dc1, 'PUT', '/v1/config', { Kind: 'service-intentions', Name: name, Sources: [{ Name: 'web', Action: 'maybe' }] });
    expect([invalid.status, invalid.text]).toEqual([500, "Sources[0].Action must be set to 'allow' or 'deny'"]);
    const unknown = await call(dc1, 'PUT', '/v1/config', { Kind: 'exported-services', Name: 'default', Services: [{ Name: 'x', Consumers: [{ Peer: 'p', Bogus: 1 }] }] });
    expect([unknown.status, unknown.text]).toEqual([400, 'Request decoding failed: 1 error occurred:\n\t* invalid config key "Services[0].Consumers[0].Bogus"\n\n']);
  });

  it('§4: exported-services 404 text, list endpoint and GET /v1/exported-services', async () => {
    expect((await call(dc2, 'GET', '/v1/config/exported-services/default')).text).toBe('Config entry not found for "exported-services" / "default"');
    await call(dc2, 'PUT', '/v1/config', { Kind: 'exported-services', Name: 'default', Services: [{ Name: 'api', Consumers: [{ Peer: 'dc1' }] }] });
    expect((await call(dc2, 'GET', '/v1/config/exported-services')).json<unknown[]>()).toHaveLength(1);
    expect((await call(dc2, 'GET', '/v1/exported-services')).json()).toEqual([{ Service: 'api', Consumers: { Peers: ['dc1'] } }]);
  });

  it('§0.1 CE: ?partition= is a 400 and a Partition key in a token request a 500', async () => {
    const query = await call(dc1, 'GET', '/v1/peerings?partition=default');
    expect([query.status, query.text]).toEqual([400, 'Invalid query parameter: "partition" - Partitions are a Consul Enterprise feature']);
    const body = await call(dc1, 'POST', '/v1/peering/token', { PeerName: unique('part'), Partition: 'other' });
    expect([body.status, body.text]).toEqual([500, 'Partitions are a Consul Enterprise feature']);
  });

  it('Verified: the acceptor stopped → the dialer reads FAILING (the last test: it stops dc1)', async () => {
    const name = unique('fail');
    await peer(name, `${name}-d`);
    await env.stopCluster('dc1');
    expect(await pollUntil(() => state(dc2, `${name}-d`), (s) => s === 'FAILING', 15_000)).toBe('FAILING');
  });
});

describeEachBackend('conformance with Consul: ACLs on (default deny)', (backend) => {
  let env: TestClusters;
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1'], { acl: true });
  });
  afterAll(() => env?.stop());

  it('§6: a token from rules gets exactly its grants; 403 texts name the permission (acl.jsonl)', async () => {
    const { address, token: management } = env.clusters[0]!;
    const policy = (await call(address, 'PUT', '/v1/acl/policy', { Name: 'mesh-only', Rules: 'mesh = "write"' }, management)).json<{ ID: string }>();
    const created = (await call(address, 'PUT', '/v1/acl/token', { Policies: [{ ID: policy.ID }] }, management)).json<{ SecretID: string; AccessorID: string }>();
    const exported = await call(address, 'PUT', '/v1/config', { Kind: 'exported-services', Name: 'default', Services: [{ Name: 'api', Consumers: [{ Peer: 'x' }] }] }, created.SecretID);
    expect([exported.status, exported.text]).toEqual([200, 'true']);
    const intention = await call(address, 'PUT', '/v1/config', { Kind: 'service-intentions', Name: 'api', Sources: [{ Name: 'web', Action: 'allow' }] }, created.SecretID);
    expect([intention.status, intention.text]).toEqual([403, `Permission denied: token with AccessorID '${created.AccessorID}' lacks permission 'intention:write' on "api"`]);
    const token = await call(address, 'POST', '/v1/peering/token', { PeerName: 'x' }, created.SecretID);
    expect([token.status, token.text]).toEqual([403, `Permission denied: token with AccessorID '${created.AccessorID}' lacks permission 'peering:write'`]);
    const anonymous = await call(address, 'GET', '/v1/config/exported-services/default');
    expect([anonymous.status, anonymous.text]).toEqual([403, "Permission denied: anonymous token lacks permission 'mesh:read'. The anonymous token is used implicitly when a request does not specify a token."]);
  });
});
