/**
 * `consul-peering/cdktn`: CDK Terrain (cdktn) constructs of the `consulpeering` provider, generated from its schema by
 * cdktn's own provider generator (src/cdktn/generated, `npm run cdk:generate`; they import `cdktn`). Namespaces:
 * `provider`, `peeringToken`, `peering`, `exportedServices`, `serviceIntentions`, `dataConsulpeeringPeering`,
 * `dataConsulpeeringPeerings`; and the `ClusterPeering` construct.
 */
export * from './generated';
export { ClusterPeering, type ClusterPeeringConfig, type ClusterPeeringExport, type ClusterPeeringSide } from './cluster-peering';
