// ClusterMesh, the component: N clusters, every pair peered (the cluster earlier in the list accepts), then each
// cluster's exports to the others allowed to consume them and the intentions that let their services in. As data
// (arguments and outputs) and as a plan of resources in order, each on the provider of its cluster (an index into
// `clusters`). The structure (names, `to`, `allowFrom` clusters) is validated here, before any plan is made.
import { ValidationError } from '../issues';
import type { Fields } from '../schema';
import { clusterPeeringSchema } from './cluster-peering';
import { consumersOf, meshIssues } from './cluster-mesh-issues';
import type { ComponentSchema, PlannedResource, ServiceRef } from './plan';

export { consumersOf, meshIssues as clusterMeshIssues } from './cluster-mesh-issues';

const peeringInputs = clusterPeeringSchema.inputs;
const sideFields = peeringInputs.acceptor.type.fields;

const callerFields = {
  cluster: { type: { kind: 'string' }, mode: 'required', description: 'Name of the calling cluster (one of `clusters[*].name`).' },
  service: { type: { kind: 'string' }, mode: 'required', description: 'Its service allowed to call (`*`: every service): one `allow` intention source.' },
} as const satisfies Fields;

const exportFields = {
  service: sideFields.exports.type.of.fields.service,
  namespace: sideFields.exports.type.of.fields.namespace,
  to: {
    type: { kind: 'list', of: { kind: 'string' } }, mode: 'optional',
    description: 'Names of the clusters the service is exported to. Omitted: every other cluster of the mesh.',
  },
  allowFrom: {
    type: { kind: 'list', of: { kind: 'object', fields: callerFields } }, mode: 'optional',
    description: 'Services of other clusters allowed to call this one (each cluster must be one the service is exported to). Omitted: no intentions.',
  },
} as const satisfies Fields;

const clusterFields = {
  name: { ...sideFields.name, description: 'The peer name every other cluster gives this one (a lower-case DNS label, e.g. its datacenter).' },
  partition: sideFields.partition,
  meta: { ...sideFields.meta, description: 'Metadata of this cluster\'s peering records.' },
  exports: {
    type: { kind: 'list', of: { kind: 'object', fields: exportFields } }, mode: 'optional',
    description: 'Services of this cluster exported to the others: one ExportedServices resource per cluster.',
  },
} as const satisfies Fields;

/** The ClusterMesh component as data: its arguments (`inputs`) and what it exposes (`outputs`). */
export const clusterMeshSchema = {
  className: 'ClusterMesh',
  hclModule: 'modules/cluster-mesh',
  description: 'N clusters, every pair peered: for each pair the cluster earlier in `clusters` generates a token and the later one '
    + 'establishes the peering with it (waiting until ACTIVE); then one ExportedServices per cluster, each export to every other '
    + 'cluster (or those in `to`), and one ServiceIntentions per exported service with callers. Each cluster names its provider.',
  inputs: {
    clusters: {
      type: { kind: 'list', of: { kind: 'object', fields: clusterFields } }, mode: 'required',
      description: 'The clusters (at least 2, names unique); each pair is peered once.',
    },
    rotationTrigger: peeringInputs.rotationTrigger,
    waitForActive: peeringInputs.waitForActive,
    activeTimeout: peeringInputs.activeTimeout,
    peerThroughMeshGateways: { ...peeringInputs.peerThroughMeshGateways, description: 'Peer through mesh gateways: a Mesh on every cluster before its tokens and peerings.' },
  },
  outputs: {
    states: {
      type: { kind: 'map' }, mode: 'computed',
      description: 'State of each peering\'s dialing side, keyed `acceptor.dialer` (ACTIVE once established).',
    },
  },
} as const satisfies ComponentSchema;

/** A caller of an exported service: a service of another cluster of the mesh. */
export interface MeshCaller<V> {
  readonly cluster: string;
  readonly service: V;
}

/** A service export of one cluster: to whom (`to`, default every other cluster) and who may call it. */
export interface MeshExport<V> extends ServiceRef<V> {
  readonly to?: readonly string[] | undefined;
  readonly allowFrom?: readonly MeshCaller<V>[] | undefined;
}

/** One cluster as the plan needs it: its name is structure (keys, peers), the rest may be values of the front end. */
export interface MeshCluster<V> {
  readonly name: string;
  readonly partition?: V | undefined;
  readonly meta?: V | undefined;
  readonly exports?: readonly MeshExport<V>[] | undefined;
}

/** The component's arguments as the plan needs them; `V` is the front end's value type. */
export interface ClusterMeshPlanArgs<V> {
  readonly clusters: readonly MeshCluster<V>[];
  readonly rotationTrigger?: V | undefined;
  readonly waitForActive?: V | undefined;
  readonly activeTimeout?: V | undefined;
  readonly peerThroughMeshGateways?: V | undefined;
}

/** One resource of a ClusterMesh's plan; `side` is the index of its cluster in `clusters`. */
export type MeshPlannedResource = PlannedResource<number>;

/** The key of the pair (i < j): the acceptor's name, then the dialer's. */
export const pairKey = (acceptor: string, dialer: string): string => `${acceptor}.${dialer}`;

/**
 * The resources of a ClusterMesh: with `peerThroughMeshGateways` a Mesh on every cluster first; for each pair i < j a
 * token on i (for the peer named j) and the peering on j (named i, with that token); then per cluster one
 * ExportedServices after the peerings with its consumers, and one ServiceIntentions per export with callers after it.
 * Throws a ValidationError listing every structural issue (see {@link clusterMeshIssues}).
 */
export function clusterMeshPlan<V>(args: ClusterMeshPlanArgs<V>, serviceKey: (item: ServiceRef<V>) => string): MeshPlannedResource[] {
  const issues = meshIssues(args);
  if (issues.length > 0) throw new ValidationError(clusterMeshSchema.className, issues);
  const { clusters } = args;
  const names = clusters.map((cluster) => cluster.name);
  const index = new Map(names.map((name, at) => [name, at]));
  const through = args.peerThroughMeshGateways !== undefined && args.peerThroughMeshGateways !== false;
  const meshKey = (at: number): string[] => (through ? [`${names[at] ?? ''}.mesh`] : []);
  const plan: MeshPlannedResource[] = !through ? [] : clusters.map((cluster, side) => ({
    key: `${cluster.name}.mesh`, className: 'Mesh', side, after: [],
    args: { partition: cluster.partition, peering: { peerThroughMeshGateways: args.peerThroughMeshGateways } },
  }));
  clusters.forEach((acceptor, i) => clusters.slice(i + 1).forEach((dialer, offset) => {
    const j = i + 1 + offset;
    const pair = pairKey(acceptor.name, dialer.name);
    plan.push({
      key: `${pair}.token`, className: 'PeeringToken', side: i, after: meshKey(i),
      args: { peerName: dialer.name, partition: acceptor.partition, meta: acceptor.meta, rotationTrigger: args.rotationTrigger },
    }, {
      key: `${pair}.peering`, className: 'Peering', side: j, after: [`${pair}.token`, ...meshKey(j)],
      args: {
        peerName: acceptor.name, peeringToken: { from: `${pair}.token`, output: 'peeringToken' }, partition: dialer.partition, meta: dialer.meta,
        waitForActive: args.waitForActive, activeTimeout: args.activeTimeout,
      },
    });
  }));
  clusters.forEach((cluster, side) => {
    const services = cluster.exports ?? [];
    if (services.length === 0) return;
    const consumers = services.map((item) => consumersOf(names, cluster.name, item));
    const peers = names.filter((name) => consumers.some((list) => list.includes(name)));
    const exportsKey = `${cluster.name}.exports`;
    plan.push({
      key: exportsKey, className: 'ExportedServices', side,
      after: peers.map((peer) => ((index.get(peer) ?? 0) < side ? pairKey(peer, cluster.name) : pairKey(cluster.name, peer))).map((pair) => `${pair}.peering`),
      args: {
        partition: cluster.partition,
        services: services.map((item, at) => ({ name: item.service, namespace: item.namespace, consumers: (consumers[at] ?? []).map((peer) => ({ peer })) })),
      },
    });
    for (const item of services) {
      if (item.allowFrom === undefined || item.allowFrom.length === 0) continue;
      plan.push({
        key: `${cluster.name}.${serviceKey(item)}.intentions`, className: 'ServiceIntentions', side, after: [exportsKey],
        args: {
          name: item.service, namespace: item.namespace, partition: cluster.partition,
          sources: item.allowFrom.map((caller) => ({ name: caller.service, peer: caller.cluster, action: 'allow' })),
        },
      });
    }
  });
  return plan;
}
