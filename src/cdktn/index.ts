/**
 * `consul-peering/cdktn`: CDK Terrain (cdktn) constructs of the `consulpeering` provider, generated from its schema by
 * cdktn's own provider generator (src/cdktn/generated, `npm run cdk:generate`; they import `cdktn`). Namespaces:
 * `provider`, `peeringToken`, `peering`, `exportedServices`, `serviceIntentions`, `dataConsulpeeringPeering`,
 * `dataConsulpeeringPeerings`; and the `ClusterPeering` and `ClusterMesh` constructs.
 */
export * from './generated';
export {
  ClusterMesh, ClusterPeering, type ClusterMeshCluster, type ClusterMeshConfig, type ClusterMeshExport, type ClusterPeeringConfig, type ClusterPeeringExport,
  type ClusterPeeringSide,
} from './cluster-peering';
