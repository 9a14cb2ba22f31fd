/**
 * `consul-peering/pulumi`: the Pulumi front end. Resource classes backed by dynamic providers that delegate every
 * rule to the core (`PeeringToken`, `Peering`, `ExportedServices`, `ServiceIntentions`) and the `ClusterPeering`
 * component. Provider settings: a resource's `connection`, else stack config `consul-peering:*`, else `CONSUL_*` variables.
 */
export {
  PeeringToken, Peering, ExportedServices, ServiceIntentions, TYPE_MODULE,
  type PeeringTokenArgs, type PeeringArgs, type ExportedServicesArgs, type ServiceIntentionsArgs, type IntentionSourceInputs,
} from './resources';
export { ClusterPeering, CLUSTER_PEERING_TYPE, type ClusterPeeringArgs, type ClusterPeeringSide, type ServiceExport } from './cluster-peering';
export { CoreProvider, PROVIDERS, RUNTIME_MODULE } from './provider';
export { providerRuntime, setProviderLog, type ProviderRuntime, type ResourceKind } from './runtime';
export { CONFIG_NAMESPACE, SETTING_NAMES } from './settings';
export type { ArgsOf, ConnectionArgs, ConnectionOption, DeepInput, OutputsOf } from './types';
