/**
 * `consul-peering/cdktf`: CDK for Terraform constructs of the `consulpeering` provider, generated from its schema
 * (src/cdktf/generated, `npm run cdk:generate`). Namespaces: `provider`, `peeringToken`, `peering`,
 * `exportedServices`, `serviceIntentions`, `dataConsulpeeringPeering`, `dataConsulpeeringPeerings`; and the `ClusterPeering` and `ClusterMesh` constructs.
 */
export * from './generated';
export {
  ClusterMesh, ClusterPeering, type ClusterMeshCluster, type ClusterMeshConfig, type ClusterMeshExport, type ClusterPeeringConfig, type ClusterPeeringExport,
  type ClusterPeeringSide,
} from './cluster-peering';
