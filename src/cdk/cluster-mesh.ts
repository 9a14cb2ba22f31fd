// ClusterMesh for the CDKs (cdktf and CDK Terrain): the core's plan (src/core/components/cluster-mesh.ts: every pair
// peered, then each cluster's exports and intentions) declared with a framework's generated bindings, each resource on
// the provider of its cluster. Imports only `constructs`; consul-peering/cdktf and consul-peering/cdktn hand it their
// bindings. The structure (names, `to`, `allowFrom`) is checked by the core: a bad mesh throws its ValidationError.
import { Construct } from 'constructs';
import { clusterMeshPlan, pairKey } from '../core/components/cluster-mesh';
import { declarePlan, serviceKey, type ClusterPeeringBindings } from './declare';

/** A service of one cluster, the clusters it is exported to (default: every other one), and who may call it. */
export interface ClusterMeshExport {
  readonly service: string;
  readonly namespace?: string;
  readonly to?: string[];
  readonly allowFrom?: { readonly cluster: string; readonly service: string }[];
}

/** One cluster of the mesh: the provider of its cluster, the name every other cluster gives it, what it exports. */
export interface ClusterMeshCluster<Provider> {
  readonly provider: Provider;
  readonly name: string;
  readonly partition?: string;
  readonly meta?: { [key: string]: string };
  readonly exports?: ClusterMeshExport[];
}

/** The construct's configuration (the component's inputs: see src/core/components/cluster-mesh.ts). */
export interface ClusterMeshConfig<Provider> {
  readonly clusters: ClusterMeshCluster<Provider>[];
  readonly rotationTrigger?: string;
  readonly waitForActive?: boolean;
  readonly activeTimeout?: string;
  /** A Mesh on every cluster peering through mesh gateways, before its tokens and peerings. */
  readonly peerThroughMeshGateways?: boolean;
}

/** Every pair's token (earlier cluster) → peering (later cluster) → each cluster's exports → intentions, as child resources. */
export abstract class ClusterMeshConstruct<Provider> extends Construct {
  /** State of each peering's dialing side, keyed `acceptor.dialer` (ACTIVE once established). */
  readonly states: Readonly<Record<string, string>>;

  /** Declares the plan's resources with `bindings`, each on its cluster's provider, depending on what the plan says it waits for. */
  protected constructor(scope: Construct, id: string, config: ClusterMeshConfig<Provider>, bindings: ClusterPeeringBindings) {
    super(scope, id);
    const declared = declarePlan(this, clusterMeshPlan<unknown>(config, serviceKey), (side) => config.clusters[side]?.provider, bindings);
    const names = config.clusters.map((cluster) => cluster.name);
    this.states = Object.fromEntries(names.flatMap((acceptor, at) => names.slice(at + 1).map((dialer) => {
      const pair = pairKey(acceptor, dialer);
      return [pair, String(declared.get(`${pair}.peering`)?.['state'])];
    })));
  }
}
