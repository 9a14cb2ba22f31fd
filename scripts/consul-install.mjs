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
import * as path from 'node:path';
import { buildIntoCache, cacheDir, outputOf, reporter, requiredVersion } from './lib/go-tool.mjs';

const report = reporter('consul-install');

async function main() {
  if (process.env.CONSUL_BIN) {
    const given = process.env.CONSUL_BIN;
    const bin = given.includes(path.sep) ? path.resolve(given) : given;
    const out = outputOf(bin, ['version']);
    if (out === null) report.fail(`CONSUL_BIN=${given} does not run (\`${given} version\` failed)`);
    report.log(`using CONSUL_BIN: ${out.split('\n')[0]}`);
    process.stdout.write(`${bin}\n`);
    return;
  }
  const version = requiredVersion('consul', 'github.com/hashicorp/consul');
  const dir = path.join(cacheDir(), `consul-${version}`);
  const binary = path.join(dir, 'consul');
  const check = (bin) => (outputOf(bin, ['version']) ?? '').includes(`Consul v${version}`);
  const how = await buildIntoCache(report, dir, [{ file: 'consul', module: 'consul', pkg: 'github.com/hashicorp/consul', check }]);
  report.log(how === 'cached' ? `consul ${version} already built at ${binary}` : `consul ${version} ready at ${binary}`);
  process.stdout.write(`${binary}\n`);
}

main().catch((error) => report.fail(error instanceof Error ? error.message : String(error)));
