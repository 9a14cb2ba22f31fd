#!/usr/bin/env node
// Builds the real Pulumi engine used by the end-to-end tests from the Go module proxy, into a cache outside
// the clone: the CLI (tools/pulumi), the Node.js and Python language hosts (tools/pulumi-language-nodejs), the YAML language host (tools/pulumi-language-yaml, as
// pulumi-language-yaml-<version>: link it as pulumi-language-yaml to use it) and `gensdk` (tools/pulumi/gensdk: Pulumi's own SDK code generators, which
// `pulumi package gen-sdk` reaches only through newer language hosts), all in one folder whose path is printed as
// the last stdout line.
//
//   node scripts/pulumi-install.mjs          (npm run pulumi:install)
//
// PULUMI_BIN_DIR=DIR     use a folder that already holds pulumi and pulumi-language-nodejs instead (a user's own
//                        installation)
// CONSUL_PEERING_CACHE   cache directory, as for consul-install.mjs
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildIntoCache, cacheDir, outputOf, reporter, repoRoot, requiredVersion } from './lib/go-tool.mjs';
import { GENSDK_FILE } from './lib/pulumi-sdk.mjs';

const report = reporter('pulumi-install');


async function main() {
  if (process.env.PULUMI_BIN_DIR) {
    const dir = path.resolve(process.env.PULUMI_BIN_DIR);
    for (const file of ['pulumi', 'pulumi-language-nodejs']) {
      if (!fs.existsSync(path.join(dir, file))) report.fail(`PULUMI_BIN_DIR=${dir} has no ${file}`);
    }
    report.log(`using PULUMI_BIN_DIR: ${outputOf(path.join(dir, 'pulumi'), ['version']) ?? 'pulumi (version unknown)'}`);
    process.stdout.write(`${dir}\n`);
    return;
  }
  const cli = requiredVersion('pulumi', 'github.com/pulumi/pulumi/pkg/v3');
  const host = requiredVersion('pulumi-language-nodejs', 'github.com/pulumi/pulumi/sdk/v3');
  const yaml = requiredVersion('pulumi-language-yaml', 'github.com/pulumi/pulumi-yaml');
  const dir = path.join(cacheDir(), `pulumi-${cli}`);
  const versionFlag = (version) => `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${version}`;
  await buildIntoCache(report, dir, [
    { file: GENSDK_FILE, module: 'pulumi', pkg: './gensdk', check: (bin) => fs.statSync(bin).size > 1_000_000 },
    { file: 'pulumi-language-python', module: 'pulumi-language-nodejs', pkg: 'github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python',
      ldflags: versionFlag(host), check: (bin) => fs.statSync(bin).size > 1_000_000 },
    { file: `pulumi-language-yaml-${yaml}`, module: 'pulumi-language-yaml', pkg: 'github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml',
      check: (bin) => fs.statSync(bin).size > 1_000_000 },
    { file: 'pulumi', module: 'pulumi', pkg: 'github.com/pulumi/pulumi/pkg/v3/cmd/pulumi', ldflags: versionFlag(cli),
      check: (bin) => outputOf(bin, ['version']) === `v${cli}` },
    { file: 'pulumi-language-nodejs', module: 'pulumi-language-nodejs', pkg: 'github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs',
      ldflags: versionFlag(host), check: (bin) => fs.statSync(bin).size > 1_000_000 },
  ]);
  // The Python host runs its programs through this script, which its Go module ships beside the host's source.
  const exec = path.join(dir, 'pulumi-language-python-exec');
  if (!fs.existsSync(exec)) {
    const sdk = outputOf('go', ['list', '-C', path.join(repoRoot, 'tools', 'pulumi-language-nodejs'), '-m', '-f', '{{.Dir}}', 'github.com/pulumi/pulumi/sdk/v3']);
    if (!sdk) report.fail('could not locate github.com/pulumi/pulumi/sdk/v3 in the Go module cache');
    fs.copyFileSync(path.join(sdk, 'python', 'cmd', 'pulumi-language-python-exec'), `${exec}.tmp-${process.pid}`);
    fs.chmodSync(`${exec}.tmp-${process.pid}`, 0o755);
    fs.renameSync(`${exec}.tmp-${process.pid}`, exec);
  }
  report.log(`pulumi v${cli} (language host v${host}) ready in ${dir}`);
  process.stdout.write(`${dir}\n`);
}

main().catch((error) => report.fail(error instanceof Error ? error.message : String(error)));
