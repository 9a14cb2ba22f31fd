// The ClusterMesh component as the plugin's Construct builds it: the core's plan (every pair peered, then each
// cluster's exports and intentions) turned into the SDK's resources, each on the provider of its cluster. The core
// checks the structure (names, `to`, `allowFrom`); here only what must be known when the program runs is required.
import * as pulumi from '@pulumi/pulumi';
import { clusterMeshPlan, clusterMeshSchema, pairKey, type ClusterMeshPlanArgs, type MeshCluster } from '../../core/components/cluster-mesh';
import type { Peering } from '../generated';
import { declarePlan, isRecord, serviceKey } from './declare-plan';

/** One cluster as Construct receives it: the plan's fields plus the provider of the cluster. */
interface ClusterInputs extends MeshCluster<pulumi.Input<unknown>> {
  readonly provider?: pulumi.ProviderResource | undefined;
}

/** The clusters, their names and export lists plain values of the program: a clear error naming the input otherwise. */
function clustersOf(inputs: Readonly<Record<string, unknown>>): ClusterInputs[] {
  const clusters = inputs['clusters'];
  if (!Array.isArray(clusters)) throw new Error('ClusterMesh: clusters must be a list known when the program runs');
  clusters.forEach((cluster, at) => {
    if (!isRecord(cluster) || typeof cluster['name'] !== 'string') throw new Error(`ClusterMesh: clusters[${at}] must be an object with a name known when the program runs`);
    const exports = cluster['exports'];
    if (exports !== undefined && !Array.isArray(exports)) throw new Error(`ClusterMesh: clusters[${at}].exports must be a list known when the program runs`);
    for (const [index, item] of (exports ?? []).entries()) {
      const known = isRecord(item) && item['service'] !== undefined && (item['to'] === undefined || Array.isArray(item['to']))
        && (item['allowFrom'] === undefined || (Array.isArray(item['allowFrom']) && item['allowFrom'].every((caller) => isRecord(caller) && typeof caller['cluster'] === 'string')));
      if (!known) throw new Error(`ClusterMesh: clusters[${at}].exports[${index}] must name its service, and its to and allowFrom clusters, when the program runs`);
    }
  });
  return clusters as ClusterInputs[];
}

/** Every pair's token → peering, then each cluster's exports → intentions, as children on each cluster's provider. */
export class ClusterMeshComponent extends pulumi.ComponentResource {
  /** State of each peering's dialing side, keyed `acceptor.dialer` (ACTIVE once established). */
  readonly states: pulumi.Output<Record<string, string>>;

  /** Declares the plan's resources as children, each after the ones the plan says it waits for. */
  constructor(name: string, inputs: Readonly<Record<string, unknown>>, opts?: pulumi.ComponentResourceOptions) {
    super(`consulpeering:index:${clusterMeshSchema.className}`, name, {}, opts);
    const clusters = clustersOf(inputs);
    const args: ClusterMeshPlanArgs<pulumi.Input<unknown>> = { ...inputs, clusters };
    const declared = declarePlan(this, name, clusterMeshPlan(args, serviceKey), (side) => clusters[side]?.provider);
    const pairs = clusters.flatMap((acceptor, at) => clusters.slice(at + 1).map((dialer) => pairKey(acceptor.name, dialer.name)));
    this.states = pulumi.all(pairs.map((pair) => (declared.get(`${pair}.peering`) as Peering).state))
      .apply((states) => Object.fromEntries(pairs.map((pair, at) => [pair, states[at] ?? ''])));
    this.registerOutputs({ states: this.states });
  }
}
