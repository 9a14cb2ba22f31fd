#!/usr/bin/env node
// The consulpeering Pulumi provider plugin: the engine finds it on PATH (node_modules/.bin) or through
// `plugins.providers` in Pulumi.yaml, starts it and talks to it over gRPC on 127.0.0.1. Needs Node and @pulumi/pulumi.
'use strict';
require('../dist/pulumi/plugin/main').main().catch((error) => {
  process.stderr.write(`pulumi-resource-consulpeering: ${error instanceof Error ? error.stack || error.message : String(error)}\n`);
  process.exit(1);
});
