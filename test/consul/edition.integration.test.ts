// Edition awareness against each backend (real Consul CE 1.22.7 and the emulator, which must answer alike): the
// client learns the edition once per cluster per process, sends `default` partitions and namespaces as nothing on CE,
// refuses others before Consul sees them, and the core's plan-time rule turns them into issues naming the attribute.
import { ConsulClient, ConsulEditionError, type RequestEvent } from '../../src/consul';
import { editionIssues, exportedServices, isGone, peeringToken, settingsEditionProblems, type OperationContext } from '../../src/core';
import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';

const open: ConsulClient[] = [];
afterAll(() => open.forEach((client) => client.close()));

/** A client of `cluster` recording its requests; `settings` and `env` as a provider would pass them. */
function recorded(cluster: { address: string; token: string | null }, settings: Record<string, string> = {}, env: Record<string, string> = {}) {
  const events: RequestEvent[] = [];
  const client = ConsulClient.fromSettings({ address: cluster.address, token: cluster.token ?? undefined, ...settings }, { onRequest: (event) => events.push(event) }, env);
  open.push(client);
  return { client, calls: () => events.map((event) => `${event.method} ${event.path} ${event.status ?? ''}`.trim()) };
}

describeEachBackend('edition awareness', (backend) => {
  let env: TestClusters;
  let cluster: { address: string; token: string | null };
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1']);
    cluster = env.clusters[0]!;
  });
  afterAll(() => env?.stop());

  it('learns that the cluster runs CE 1.22.7, with one request per cluster for the whole process', async () => {
    const first = recorded(cluster);
    const second = recorded(cluster);
    const answers = await Promise.all([first.client.edition(), first.client.edition()]);
    expect(answers).toEqual([{ edition: 'ce', version: '1.22.7' }, { edition: 'ce', version: '1.22.7' }]);
    expect(await second.client.edition()).toEqual({ edition: 'ce', version: '1.22.7' });
    expect([...first.calls(), ...second.calls()]).toEqual(['GET /v1/agent/version 200']);
  });

  it('treats the default partition and namespace (settings and attributes) as the default: no query parameter, no body key', async () => {
    const { client, calls } = recorded(cluster, { partition: 'default', namespace: 'default' });
    const context: OperationContext = { client };
    const token = await peeringToken.create(context, { peerName: 'ce-default', partition: 'default' });
    const read = await peeringToken.read(context, 'ce-default', token);
    if (isGone(read)) throw new Error('the token was not found');
    expect(peeringToken.diff(read, { peerName: 'ce-default', partition: 'default' }).changed).toEqual([]);
    expect(await client.listPeerings()).toEqual(expect.arrayContaining([expect.objectContaining({ Name: 'ce-default' })]));

    const inputs = { partition: 'default', exclusive: false, services: [{ name: 'web', namespace: 'default', consumers: [{ peer: 'ce-default' }] }] };
    const exported = await exportedServices.create(context, inputs);
    const again = await exportedServices.read(context, 'default', exported);
    if (isGone(again)) throw new Error('the exports were not found');
    expect(exportedServices.diff(again, inputs).changed).toEqual([]);
    expect((await client.readConfigEntry('exported-services', 'default')).Services).toEqual([{ Name: 'web', Consumers: [{ Peer: 'ce-default' }] }]);

    await exportedServices.delete(context, again);
    await peeringToken.delete(context, read);
    expect(calls().filter((call) => / 400$/.test(call))).toEqual([]);
  });

  it('refuses a partition from CONSUL_PARTITION before Consul sees it, naming the variable', async () => {
    const { client, calls } = recorded(cluster, {}, { CONSUL_PARTITION: 'team' });
    const failure = await client.listPeerings().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConsulEditionError);
    expect((failure as Error).message).toBe(`partition "team" (from CONSUL_PARTITION) needs Consul Enterprise: the cluster at ${cluster.address} runs `
      + 'Consul CE 1.22.7, which has one partition and one namespace, both "default", and no sameness groups. Set it to "default" or leave it unset.');
    expect(calls()).toEqual([]);
    expect(await settingsEditionProblems(client)).toEqual([expect.objectContaining({ setting: 'partition', source: 'CONSUL_PARTITION' })]);
  });

  it('names a namespace setting as the setting', async () => {
    const { client } = recorded(cluster, { namespace: 'team-a' });
    const problems = await settingsEditionProblems(client);
    expect(problems.map((problem) => [problem.setting, problem.source])).toEqual([['namespace', 'namespace']]);
    expect(problems[0]?.message).toMatch(/^the provider setting namespace is "team-a", which needs Consul Enterprise: /);
  });

  it('finds enterprise-only inputs at plan time, asking nothing when there are none', async () => {
    const plain = recorded({ ...cluster, address: cluster.address.replace('127.0.0.1', 'localhost') });
    const fields = exportedServices.schema.fields;
    expect(await editionIssues(plain.client, fields, { partition: 'default', services: [{ name: 'web', namespace: 'default', consumers: [{ peer: 'p' }] }] })).toEqual([]);
    expect(plain.calls()).toEqual([]);
    const issues = await editionIssues(plain.client, fields, {
      partition: 'default', services: [{ name: 'web', namespace: 'team-a', consumers: [{ samenessGroup: 'g' }] }],
    });
    expect(issues.map((issue) => [issue.code, issue.path.join('.')])).toEqual([
      ['needs_enterprise', 'services.0.namespace'], ['needs_enterprise', 'services.0.consumers.0.samenessGroup'],
    ]);
    expect(plain.calls()).toEqual(['GET /v1/agent/version 200']);
    const written = await plain.client.readConfigEntry('exported-services', 'default').catch((error: Error) => error.message);
    expect(written).toMatch(/404/);
  });
});
