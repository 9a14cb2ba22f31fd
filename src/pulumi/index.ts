/**
 * `consul-peering/pulumi`: the TypeScript SDK of the native Pulumi provider `consulpeering` (the plugin
 * `pulumi-resource-consulpeering` in this package's `bin`), generated from the package schema by Pulumi's code
 * generator: `PeeringToken`, `Peering`, `ExportedServices`, `ServiceIntentions`, the `ClusterPeering` component, the
 * functions `getPeering` / `getPeerings` and `Provider` (one per cluster). Without an explicit provider, resources
 * use the default provider: stack config `consulpeering:<setting>`, then Consul's `CONSUL_*` variables.
 */
export * from './generated';
export { packageSchema, PACKAGE_NAME, type PackageSpec } from './package-schema';
