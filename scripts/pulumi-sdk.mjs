#!/usr/bin/env node
// Generates a language SDK of the native Pulumi provider (package `consulpeering`) from its package schema
// (dist/pulumi/package-schema.js, at package.json's version) with Pulumi's own code generators (gensdk, built by
// `npm run pulumi:install`). Prints the wheel's path (python) or the module's folder (go) as the last stdout line.
//
//   npm run pulumi:sdk -- python --out DIR   the wheel pulumi_consulpeering-<version>-py3-none-any.whl in DIR, built
//                                            offline in the Pulumi Python venv (npm run pulumi:python)
//   npm run pulumi:sdk -- go --out DIR       a Go module in DIR (go.mod, go.sum from tools/pulumi-go-sdk, and the
//                                            package under go/consulpeering): `go build ./...` there needs only the
//                                            Go module proxy
//   npm run pulumi:sdk -- go --out DIR --tidy   also runs `go mod tidy` in DIR and writes its go.mod and go.sum back
//                                            to tools/pulumi-go-sdk (after the Pulumi Go SDK pinned there changes)
//
// Needs `npm run build` first (the schema comes from dist/). PULUMI_BIN_DIR and CONSUL_PEERING_CACHE as for
// pulumi-install.mjs.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheDir, reporter, repoRoot } from './lib/go-tool.mjs';
import { generateSdk, loadPackageSchema } from './lib/pulumi-sdk.mjs';

const report = reporter('pulumi-sdk');
const USAGE = 'usage: npm run pulumi:sdk -- <python|go> --out DIR [--tidy]';

/** The committed go.mod and go.sum of the generated Go SDK's module. */
const GO_MODULE_TEMPLATE = path.join(repoRoot, 'tools', 'pulumi-go-sdk');

/** Command-line arguments: the language, the output folder and --tidy. */
function parseArgs(args) {
  const [language, ...rest] = args;
  if (language !== 'python' && language !== 'go') report.fail(USAGE);
  let out;
  let tidy = false;
  for (let i = 0; i < rest.length; i += 1) {
    if (rest[i] === '--out' && rest[i + 1] !== undefined) out = path.resolve(rest[(i += 1)]);
    else if (rest[i] === '--tidy' && language === 'go') tidy = true;
    else report.fail(`unexpected argument ${rest[i]}; ${USAGE}`);
  }
  if (out === undefined) report.fail(USAGE);
  return { language, out, tidy };
}

/** Runs a command (bounded in time), its output on stderr; fails the script when it does not exit 0. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 2, 'inherit'], timeout: 600_000, ...options });
  if (result.error || result.status !== 0) report.fail(`${path.basename(command)} ${args.join(' ')} failed: ${result.error?.message ?? `exit ${result.status ?? result.signal}`}`);
}

/** The Python of the Pulumi venv npm run pulumi:python made. */
function venvPython() {
  const venv = fs.existsSync(cacheDir()) ? fs.readdirSync(cacheDir()).find((entry) => /^pulumi-python-\d/.test(entry)) : undefined;
  const python = venv === undefined ? undefined : path.join(cacheDir(), venv, 'bin', 'python');
  if (python === undefined || !fs.existsSync(python)) report.fail(`no Python environment for Pulumi in ${cacheDir()}: run \`npm run pulumi:python\` first`);
  return python;
}

/** Builds the wheel of the generated Python SDK (offline, no build isolation) into `out`; returns its path. */
function buildWheel(generated, wheels, out, version) {
  run(venvPython(), ['-m', 'pip', 'wheel', '--quiet', '--no-deps', '--no-build-isolation', '--no-index', '--wheel-dir', wheels, generated]);
  const built = fs.readdirSync(wheels).filter((file) => file.endsWith('.whl'));
  const expected = `pulumi_consulpeering-${version}-py3-none-any.whl`;
  if (built.length !== 1 || built[0] !== expected) report.fail(`expected the wheel ${expected}, pip built: ${built.join(', ') || 'nothing'}`);
  fs.mkdirSync(out, { recursive: true });
  fs.copyFileSync(path.join(wheels, expected), path.join(out, expected));
  return path.join(out, expected);
}

/** The module path the committed go.mod declares. */
function templateModulePath() {
  const match = /^module\s+(\S+)/m.exec(fs.readFileSync(path.join(GO_MODULE_TEMPLATE, 'go.mod'), 'utf8'));
  if (!match) report.fail(`${GO_MODULE_TEMPLATE}/go.mod declares no module`);
  return match[1];
}

/** Writes the generated Go package into the module folder `out`, with the committed go.mod and go.sum. */
function writeGoModule(generated, out, importBasePath, tidy) {
  const modulePath = templateModulePath();
  if (!importBasePath.startsWith(`${modulePath}/`)) report.fail(`the schema's Go importBasePath ${importBasePath} is not inside the module ${modulePath} (tools/pulumi-go-sdk/go.mod)`);
  const packageDir = path.join(out, ...importBasePath.slice(modulePath.length + 1).split('/'));
  fs.rmSync(packageDir, { recursive: true, force: true }); // no files left over from an older schema
  fs.mkdirSync(path.dirname(packageDir), { recursive: true });
  fs.cpSync(path.join(generated, path.basename(importBasePath)), packageDir, { recursive: true });
  for (const file of ['go.mod', 'go.sum']) fs.copyFileSync(path.join(GO_MODULE_TEMPLATE, file), path.join(out, file));
  if (tidy) {
    run('go', ['mod', 'tidy'], { cwd: out });
    for (const file of ['go.mod', 'go.sum']) fs.copyFileSync(path.join(out, file), path.join(GO_MODULE_TEMPLATE, file));
    report.log('wrote the tidied go.mod and go.sum back to tools/pulumi-go-sdk');
  }
  return out;
}

function main() {
  const { language, out, tidy } = parseArgs(process.argv.slice(2));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'consul-peering-sdk-'));
  process.on('exit', () => fs.rmSync(work, { recursive: true, force: true })); // also after report.fail
  let schema;
  let generated;
  try {
    schema = loadPackageSchema();
    generated = generateSdk(language, path.join(work, 'gen'));
  } catch (error) {
    report.fail(error.message);
  }
  const result = language === 'python'
    ? buildWheel(generated, path.join(work, 'wheels'), out, schema.version)
    : writeGoModule(generated, out, schema.language.go.importBasePath, tidy);
  report.log(`consulpeering ${schema.version} ${language} SDK: ${result}`);
  process.stdout.write(`${result}\n`);
}

main();
