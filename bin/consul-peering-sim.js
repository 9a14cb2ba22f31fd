#!/usr/bin/env node
// Consul emulator CLI: see `consul-peering-sim --help`.
require('../dist/sim/cli').main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`consul-peering-sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
