/**
 * `consul-peering/cdktf`: CDK for Terraform constructs of the `consulpeering` provider, generated from its schema
 * (src/cdktf/generated, `npm run cdk:generate`). Namespaces: `provider`, `peeringToken`, `peering`,
 * `exportedServices`, `serviceIntentions`, `dataConsulpeeringPeering`, `dataConsulpeeringPeerings`; and the `ClusterPeering` construct.
 */
export * from './generated';
export { ClusterPeering, type ClusterPeeringConfig, type ClusterPeeringExport, type ClusterPeeringSide } from './cluster-peering';
