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
import * as path from 'node:path';
import { buildIntoCache, cacheDir, outputOf, reporter, requiredVersion } from './lib/go-tool.mjs';

const report = reporter('tofu-install');

async function main() {
  if (process.env.TOFU_BIN) {
    const given = process.env.TOFU_BIN;
    const bin = given.includes(path.sep) ? path.resolve(given) : given;
    const out = outputOf(bin, ['version']);
    if (out === null) report.fail(`TOFU_BIN=${given} does not run (\`${given} version\` failed)`);
    report.log(`using TOFU_BIN: ${out.split('\n')[0]}`);
    process.stdout.write(`${bin}\n`);
    return;
  }
  const version = requiredVersion('opentofu', 'github.com/opentofu/opentofu');
  const dir = path.join(cacheDir(), `opentofu-${version}`);
  const binary = path.join(dir, 'tofu');
  const check = (bin) => (outputOf(bin, ['version']) ?? '').includes(`OpenTofu v${version}`);
  const how = await buildIntoCache(report, dir, [{ file: 'tofu', module: 'opentofu', pkg: 'github.com/opentofu/opentofu/cmd/tofu', check }]);
  report.log(how === 'cached' ? `tofu ${version} already built at ${binary}` : `tofu ${version} ready at ${binary}`);
  process.stdout.write(`${binary}\n`);
}

main().catch((error) => report.fail(error instanceof Error ? error.message : String(error)));
