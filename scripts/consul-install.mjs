#!/usr/bin/env node
// Builds the real Consul used by the test harness from the Go module proxy, into a cache outside
// the clone, and prints its path as the last line on stdout (progress goes to stderr).
//
//   node scripts/consul-install.mjs          (npm run consul:install)
//
// CONSUL_BIN=/path/to/consul     use that binary instead (it is only checked with `consul version`)
// CONSUL_PEERING_CACHE=DIR       cache directory (default $XDG_CACHE_HOME/consul-peering, then
//                                ~/.cache/consul-peering); the binary is DIR/consul-<version>/consul
//
// The version is the one tools/consul/go.mod requires. The same path rule is written in
// test/harness/consul-binary.ts: keep the two identical.
import { installGoCli } from './lib/go-tool.mjs';

await installGoCli({
  label: 'consul-install', binEnv: 'CONSUL_BIN', tool: 'consul', modulePath: 'github.com/hashicorp/consul', pkg: 'github.com/hashicorp/consul',
  file: 'consul', versionText: 'Consul v',
});
