/**
 * consul-peering: declarative Consul cluster peering. This entry point is the framework-neutral part:
 * today the typed Consul HTTP client (`src/consul`); the resource core (`src/core`) joins it.
 */
export * from './consul';
