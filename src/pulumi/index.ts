/**
 * `consul-peering/pulumi`: the Pulumi front end. Its resource classes (PeeringToken, Peering,
 * ExportedServices, ServiceIntentions, ClusterPeering) are not built yet; this entry point exists so the
 * package's public module layout is fixed from the start.
 */
export {};
