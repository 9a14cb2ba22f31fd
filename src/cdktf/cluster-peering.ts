// ClusterPeering and ClusterMesh for CDK for Terraform: the shared construct
// (src/cdk/cluster-peering.ts, src/cdk/cluster-mesh.ts) over the cdktf bindings.
import type { TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';
import { ClusterMeshConstruct, type ClusterMeshCluster as MeshCluster, type ClusterMeshConfig as MeshConfig } from '../cdk/cluster-mesh';
import { bindingsOf, ClusterPeeringConstruct, type ClusterPeeringConfig as Config, type ClusterPeeringSide as Side } from '../cdk/cluster-peering';
import { ExportedServices } from './generated/exported-services';
import { Mesh } from './generated/mesh';
import { Peering } from './generated/peering';
import { PeeringToken } from './generated/peering-token';
import { ServiceIntentions } from './generated/service-intentions';

export type { ClusterMeshExport } from '../cdk/cluster-mesh';
export type { ClusterPeeringExport } from '../cdk/cluster-peering';
/** One side of the peering, on a cdktf provider. */
export type ClusterPeeringSide = Side<TerraformProvider>;
/** The construct's configuration, with cdktf providers. */
export type ClusterPeeringConfig = Config<TerraformProvider>;

/** The cdktf class of each resource. */
const BINDINGS = bindingsOf({ PeeringToken, Peering, ExportedServices, ServiceIntentions, Mesh });

/** Token (acceptor) → peering (dialer, waits until ACTIVE) → each side's exports → intentions, as cdktf resources. */
export class ClusterPeering extends ClusterPeeringConstruct<TerraformProvider> {
  /** Declares the resources of `config` in `scope`. */
  constructor(scope: Construct, id: string, config: ClusterPeeringConfig) {
    super(scope, id, config, BINDINGS);
  }
}

/** One cluster of a mesh, on a cdktf provider. */
export type ClusterMeshCluster = MeshCluster<TerraformProvider>;
/** The mesh construct's configuration, with cdktf providers. */
export type ClusterMeshConfig = MeshConfig<TerraformProvider>;

/** Every pair of `clusters` peered, then each cluster's exports and intentions, as cdktf resources. */
export class ClusterMesh extends ClusterMeshConstruct<TerraformProvider> {
  /** Declares the resources of `config` in `scope` (a ValidationError from the core when its structure is wrong). */
  constructor(scope: Construct, id: string, config: ClusterMeshConfig) {
    super(scope, id, config, BINDINGS);
  }
}
