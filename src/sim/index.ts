/**
 * `consul-peering/sim`: the Consul emulator. Not built yet; this entry point exists so the package's
 * public module layout is fixed from the start.
 */
export {};
