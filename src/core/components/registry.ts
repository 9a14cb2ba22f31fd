// Every component of the package, as data, in one list (docs/resources.md documents each one from it).
import { clusterMeshSchema } from './cluster-mesh';
import { clusterPeeringSchema } from './cluster-peering';
import type { ComponentSchema } from './plan';

/** The components (ClusterPeering, ClusterMesh): each one's inputs, outputs and HCL module. */
export const COMPONENTS: readonly ComponentSchema[] = [clusterPeeringSchema, clusterMeshSchema];
