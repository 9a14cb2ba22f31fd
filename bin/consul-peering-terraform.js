#!/usr/bin/env node
// The consul-peering Terraform provider. Terraform starts it without arguments (it is the plugin);
// `consul-peering-terraform install --mirror DIR` installs it into a filesystem mirror;
// `consul-peering-terraform schema` prints its schema as `terraform providers schema -json` does. See --help.
'use strict';
const command = process.argv[2];
if (command === undefined) {
  require('../dist/terraform/main').serve().catch((error) => {
    process.stderr.write(`[ERROR] consulpeering: ${error instanceof Error ? error.stack || error.message : String(error)}\n`);
    process.exit(1);
  });
} else if (command === 'package') {
  require('../dist/terraform/package/release').runPackageCli(process.argv.slice(3)).then((code) => { process.exitCode = code; }, (error) => {
    process.stderr.write(`consul-peering-terraform package: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
} else if (command === 'schema') {
  process.exitCode = require('../dist/terraform/schema-json').runSchemaCli();
} else {
  process.exitCode = require('../dist/terraform/install').runInstallCli(process.argv.slice(2));
}
