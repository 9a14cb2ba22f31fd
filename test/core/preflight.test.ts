import {
  preflightEnabled,
  exportedServices, grantingRule, peeringToken, PreflightBatcher, preflightPermissions, serviceIntentions, type PermissionNeed,
} from '../../src/core';
import { createAclToken } from '../harness/consul-servers';
import { describeEachBackend, startClusters, type TestClusters } from '../support/backends';
import { closeCountingClients, countingClient } from '../support/counting-client';

afterAll(closeCountingClients);

/** What a plan holding a token, exported services and an intention on `api` needs to write. */
function planNeeds(): PermissionNeed[] {
  const intention = serviceIntentions.check({ name: 'api', sources: [{ name: 'web', peer: 'dc2', action: 'allow' }] }).inputs;
  const exports = exportedServices.check({ services: [{ name: 'api', consumers: [{ peer: 'dc2' }] }] }).inputs;
  return [
    ...peeringToken.permissions({ peerName: 'dc2', reissueAfter: '5m' }, 'write').map((permission) => ({ neededBy: 'consulpeering_peering_token.dc2', permission })),
    ...exportedServices.permissions(exports, 'write').map((permission) => ({ neededBy: 'consulpeering_exported_services.default', permission })),
    ...serviceIntentions.permissions(intention, 'write').map((permission) => ({ neededBy: 'consulpeering_service_intentions.api', permission })),
  ];
}

describe('preflight switch', () => {
  it('is on unless CONSUL_PEERING_PREFLIGHT says off, false or 0', () => {
    expect([{}, { CONSUL_PEERING_PREFLIGHT: '' }, { CONSUL_PEERING_PREFLIGHT: 'on' }].map((env) => preflightEnabled(env))).toEqual([true, true, true]);
    expect(['off', 'OFF', 'false', '0', ' off '].map((value) => preflightEnabled({ CONSUL_PEERING_PREFLIGHT: value }))).toEqual([false, false, false, false, false]);
  });
});

describe('permission rules', () => {
  it('names the policy rule that grants each permission', () => {
    expect(planNeeds().map((need) => grantingRule(need.permission))).toEqual([
      'peering = "write"', 'mesh = "write"', 'service "api" { policy = "read" intentions = "write" }',
    ]);
    expect(grantingRule({ resource: 'intention', segment: '*', access: 'write' })).toBe('service_prefix "" { policy = "read" intentions = "write" }');
  });
});

describeEachBackend('permission preflight with ACLs on (default deny)', (backend) => {
  let env: TestClusters;
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1'], { acl: true });
  });
  afterAll(() => env?.stop());

  it('a token with only peering = "write": one request, naming mesh:write and intention:write with the rules to add, never the token', async () => {
    const cluster = env.clusters[0]!;
    const limited = await createAclToken(cluster, 'peering = "write"');
    const client = countingClient(cluster, limited.secretId);
    const outcome = await preflightPermissions(client.client, cluster.address, planNeeds());
    expect(client.calls()).toEqual(['POST /v1/internal/acl/authorize']);
    if (outcome.kind !== 'missing') throw new Error(`expected missing permissions, got ${outcome.kind}`);
    expect(outcome.missing.map((item) => item.message)).toEqual([
      `cluster ${cluster.address}: the ACL token lacks permission 'mesh:write', needed by consulpeering_exported_services.default; add \`mesh = "write"\` to one of its policies`,
      `cluster ${cluster.address}: the ACL token lacks permission 'intention:write' on "api", needed by consulpeering_service_intentions.api; add \`service "api" { policy = "read" intentions = "write" }\` to one of its policies`,
    ]);
    expect(JSON.stringify(outcome)).not.toContain(limited.secretId);
  });

  it('a sufficient scoped token is granted in one request', async () => {
    const cluster = env.clusters[0]!;
    const enough = await createAclToken(cluster, 'peering = "write"\nmesh = "write"\nservice "api" { policy = "read" intentions = "write" }');
    const client = countingClient(cluster, enough.secretId);
    expect(await preflightPermissions(client.client, cluster.address, planNeeds())).toEqual({ kind: 'granted', requests: 1 });
  });

  it('an unknown token is reported as such', async () => {
    const cluster = env.clusters[0]!;
    const client = countingClient(cluster, '00000000-0000-4000-8000-000000000001');
    const outcome = await preflightPermissions(client.client, cluster.address, planNeeds());
    expect(outcome.kind).toBe('missing');
    expect(JSON.stringify(outcome)).toContain('not known to this Consul cluster');
  });
});

describeEachBackend('permission preflight with ACLs off', (backend) => {
  let env: TestClusters;
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1']);
  });
  afterAll(() => env?.stop());

  it('is skipped: without a token no request at all; with a token a single 401, then nothing more in the process', async () => {
    const cluster = env.clusters[0]!;
    const anonymous = countingClient(cluster, null);
    expect(await preflightPermissions(anonymous.client, cluster.address, planNeeds())).toMatchObject({ kind: 'skipped', requests: 0 });
    expect(anonymous.calls()).toEqual([]);
    const withToken = countingClient(cluster, '00000000-0000-4000-8000-000000000002');
    const batcher = new PreflightBatcher(withToken.client, cluster.address);
    const needs = planNeeds();
    const outcomes = await Promise.all(needs.map((need) => batcher.check([need])));
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(await batcher.check(needs)).toMatchObject({ kind: 'skipped', requests: 0 });
    expect(withToken.calls()).toEqual(['POST /v1/internal/acl/authorize']);
  });
});

describeEachBackend('permission preflight batched per cluster (as adapters plan resource by resource)', (backend) => {
  let env: TestClusters;
  beforeAll(async () => {
    env = await startClusters(backend, ['dc1'], { acl: true });
  });
  afterAll(() => env?.stop());

  it('needs arriving together make one request; answers are remembered; a new permission later makes one more', async () => {
    const cluster = env.clusters[0]!;
    const limited = await createAclToken(cluster, 'peering = "write"');
    const client = countingClient(cluster, limited.secretId);
    const batcher = new PreflightBatcher(client.client, cluster.address);
    const [token, exports, intention] = planNeeds();
    const together = await Promise.all([batcher.check([token!]), batcher.check([exports!]), batcher.check([intention!])]);
    expect(client.calls()).toEqual(['POST /v1/internal/acl/authorize']);
    expect(together.map((outcome) => [outcome.kind, outcome.kind === 'missing' ? outcome.missing.map((item) => item.need.neededBy) : []])).toEqual([
      ['granted', []], ['missing', ['consulpeering_exported_services.default']], ['missing', ['consulpeering_service_intentions.api']],
    ]);
    client.reset();
    const again = await batcher.check([{ ...exports!, neededBy: 'ExportedServices' }]);
    expect(again).toMatchObject({ kind: 'missing', requests: 0, missing: [{ message: expect.stringContaining("lacks permission 'mesh:write', needed by ExportedServices") }] });
    expect(client.calls()).toEqual([]);
    const other = await batcher.check([{ neededBy: 'consulpeering_service_intentions.db', permission: { resource: 'intention', segment: 'db', access: 'write' } }]);
    expect([other.kind, client.calls()]).toEqual(['missing', ['POST /v1/internal/acl/authorize']]);
  });
});
