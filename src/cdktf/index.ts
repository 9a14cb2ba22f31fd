/**
 * `consul-peering/cdktf`: CDK for Terraform bindings generated from the provider schema. Not generated
 * yet; this entry point exists so the package's public module layout is fixed from the start.
 */
export {};
