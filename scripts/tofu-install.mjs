#!/usr/bin/env node
// Builds the OpenTofu CLI the Terraform end-to-end suites also run with, from the Go module proxy, into a cache
// outside the clone, and prints its path as the last line on stdout (progress goes to stderr).
//
//   node scripts/tofu-install.mjs          (npm run tofu:install)
//
// TOFU_BIN=/path/to/tofu         use that binary instead (it is only checked with `tofu version`)
// CONSUL_PEERING_CACHE=DIR       cache directory (as for Consul); the binary is DIR/opentofu-<version>/tofu
//
// The version is the one tools/opentofu/go.mod requires. The same path rule is written in
// test/terraform/support/cli.ts: keep the two identical.
import { installGoCli } from './lib/go-tool.mjs';

await installGoCli({
  label: 'tofu-install', binEnv: 'TOFU_BIN', tool: 'opentofu', modulePath: 'github.com/opentofu/opentofu', pkg: 'github.com/opentofu/opentofu/cmd/tofu',
  file: 'tofu', versionText: 'OpenTofu v',
});
