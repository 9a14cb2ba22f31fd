import { clusterMeshIssues, clusterMeshPlan, ValidationError, type ClusterMeshPlanArgs, type MeshCluster } from '../../src/core';

// Issue 22, point 4: the ClusterMesh plan (every pair peered, the earlier cluster accepting; per cluster one
// ExportedServices after the peerings it needs; one ServiceIntentions per export with callers) and the structural
// issues the core reports before any plan is made.

const serviceKey = (item: { service: unknown }): string => String(item.service);
const names = (count: number): string[] => Array.from({ length: count }, (_, at) => `dc${at + 1}`);
const mesh = (clusters: MeshCluster<string>[]): ClusterMeshPlanArgs<string | boolean> => ({ clusters });

describe.each([[2, 1], [3, 3], [5, 10], [10, 45]])('ClusterMesh of %i clusters', (count, pairs) => {
  const clusters = names(count).map((name) => ({ name }));
  const plan = clusterMeshPlan(mesh(clusters), serviceKey);
  const byKey = new Map(plan.map((resource) => [resource.key, resource]));

  it(`plans ${pairs} tokens and ${pairs} peerings, nothing else without exports`, () => {
    expect(plan.filter((resource) => resource.className === 'PeeringToken')).toHaveLength(pairs);
    expect(plan.filter((resource) => resource.className === 'Peering')).toHaveLength(pairs);
    expect(plan).toHaveLength(2 * pairs);
    expect(new Set(plan.map((resource) => resource.key)).size).toBe(plan.length);
  });

  it('for each pair i < j: the token on i for the peer j, the peering on j named i with that token, after it', () => {
    for (let i = 0; i < count; i += 1) {
      for (let j = i + 1; j < count; j += 1) {
        const pair = `dc${i + 1}.dc${j + 1}`;
        expect(byKey.get(`${pair}.token`)).toMatchObject({ side: i, after: [], args: { peerName: `dc${j + 1}` } });
        expect(byKey.get(`${pair}.peering`)).toMatchObject({
          side: j, after: [`${pair}.token`], args: { peerName: `dc${i + 1}`, peeringToken: { from: `${pair}.token`, output: 'peeringToken' } },
        });
        expect(plan.indexOf(byKey.get(`${pair}.token`) as never)).toBeLessThan(plan.indexOf(byKey.get(`${pair}.peering`) as never));
      }
    }
  });
});

describe('ClusterMesh exports and intentions', () => {
  const args = mesh([
    { name: 'dc1', exports: [{ service: 'web', allowFrom: [{ cluster: 'dc2', service: 'frontend' }, { cluster: 'dc3', service: 'api' }] }] },
    { name: 'dc2', partition: 'p2', exports: [{ service: 'payments', to: ['dc3'], allowFrom: [{ cluster: 'dc3', service: 'web' }] }, { service: 'db' }] },
    { name: 'dc3' },
  ]);
  const plan = clusterMeshPlan(args, serviceKey);
  const one = (key: string): unknown => plan.find((resource) => resource.key === key);

  it.each([
    ['dc1.exports', { className: 'ExportedServices', side: 0, after: ['dc1.dc2.peering', 'dc1.dc3.peering'], args: {
      services: [{ name: 'web', consumers: [{ peer: 'dc2' }, { peer: 'dc3' }] }],
    } }],
    ['dc2.exports', { className: 'ExportedServices', side: 1, after: ['dc1.dc2.peering', 'dc2.dc3.peering'], args: {
      partition: 'p2', services: [{ name: 'payments', consumers: [{ peer: 'dc3' }] }, { name: 'db', consumers: [{ peer: 'dc1' }, { peer: 'dc3' }] }],
    } }],
    ['dc1.web.intentions', { className: 'ServiceIntentions', side: 0, after: ['dc1.exports'], args: {
      name: 'web', sources: [{ name: 'frontend', peer: 'dc2', action: 'allow' }, { name: 'api', peer: 'dc3', action: 'allow' }],
    } }],
    ['dc2.payments.intentions', { className: 'ServiceIntentions', side: 1, after: ['dc2.exports'], args: {
      name: 'payments', partition: 'p2', sources: [{ name: 'web', peer: 'dc3', action: 'allow' }],
    } }],
  ])('%s', (key, expected) => {
    expect(one(key)).toMatchObject(expected);
  });

  it('exports come after every peering, intentions after their exports; no intentions without callers, no exports without services', () => {
    const at = (key: string): number => plan.findIndex((resource) => resource.key === key);
    expect(Math.max(...plan.filter((resource) => resource.className === 'Peering').map((resource) => at(resource.key)))).toBeLessThan(at('dc1.exports'));
    expect(at('dc2.exports')).toBeLessThan(at('dc2.payments.intentions'));
    expect([one('dc2.db.intentions'), one('dc3.exports')]).toEqual([undefined, undefined]);
  });

  it('peerThroughMeshGateways: a Mesh on every cluster, each token and peering after its own cluster\'s', () => {
    const through = clusterMeshPlan({ ...args, peerThroughMeshGateways: true }, serviceKey);
    expect(through.filter((resource) => resource.className === 'Mesh').map((resource) => resource.side)).toEqual([0, 1, 2]);
    expect(through.find((resource) => resource.key === 'dc1.dc3.token')?.after).toEqual(['dc1.mesh']);
    expect(through.find((resource) => resource.key === 'dc1.dc3.peering')?.after).toEqual(['dc1.dc3.token', 'dc3.mesh']);
  });
});

describe('ClusterMesh structure issues (core, before any plan)', () => {
  it.each<[string, MeshCluster<string>[], [string, string][]]>([
    ['fewer than 2 clusters', [{ name: 'dc1' }], [['invalid_value', 'clusters']]],
    ['duplicate names', [{ name: 'dc1' }, { name: 'dc2' }, { name: 'dc1' }], [['duplicate', 'clusters.2.name']]],
    ['a name that is no peer name', [{ name: 'DC_1' }, { name: 'dc2' }], [['invalid_name', 'clusters.0.name']]],
    ['allowFrom naming an unknown cluster', [{ name: 'dc1', exports: [{ service: 'web', allowFrom: [{ cluster: 'dc9', service: 'x' }] }] }, { name: 'dc2' }],
      [['invalid_value', 'clusters.0.exports.0.allowFrom.0.cluster']]],
    ['allowFrom naming the cluster itself', [{ name: 'dc1', exports: [{ service: 'web', allowFrom: [{ cluster: 'dc1', service: 'x' }] }] }, { name: 'dc2' }],
      [['invalid_value', 'clusters.0.exports.0.allowFrom.0.cluster']]],
    ['allowFrom naming a cluster the export does not reach', [
      { name: 'dc1', exports: [{ service: 'web', to: ['dc2'], allowFrom: [{ cluster: 'dc3', service: 'x' }] }] }, { name: 'dc2' }, { name: 'dc3' },
    ], [['invalid_value', 'clusters.0.exports.0.allowFrom.0.cluster']]],
    ['a cluster exporting to itself, or to an unknown one, or twice to one', [
      { name: 'dc1', exports: [{ service: 'web', to: ['dc1', 'dc7', 'dc2', 'dc2'] }] }, { name: 'dc2' },
    ], [['invalid_value', 'clusters.0.exports.0.to.0'], ['invalid_value', 'clusters.0.exports.0.to.1'], ['duplicate', 'clusters.0.exports.0.to.3']]],
    ['a service exported twice, a caller listed twice', [
      { name: 'dc1', exports: [{ service: 'web', allowFrom: [{ cluster: 'dc2', service: 'a' }, { cluster: 'dc2', service: 'a' }] }, { service: 'web' }] }, { name: 'dc2' },
    ], [['duplicate', 'clusters.0.exports.0.allowFrom.1'], ['duplicate', 'clusters.0.exports.1.service']]],
    ['a valid mesh', [{ name: 'dc1', exports: [{ service: 'web', to: ['dc2'], allowFrom: [{ cluster: 'dc2', service: '*' }] }] }, { name: 'dc2' }], []],
  ])('%s', (_name, clusters, expected) => {
    const issues = clusterMeshIssues(mesh(clusters));
    expect(issues.map((issue) => [issue.code, issue.path.join('.')])).toEqual(expected);
    if (expected.length > 0) expect(() => clusterMeshPlan(mesh(clusters), serviceKey)).toThrow(ValidationError);
  });
});
