/**
 * consul-peering: declarative Consul cluster peering. This entry point is the framework-neutral part: the
 * resource core (`src/core`) and the typed Consul HTTP client (`src/consul`) it uses.
 */
export * from './consul';
export * from './core';
