// What the Pulumi SDK scripts share: the SDK generator that `npm run pulumi:install` builds (tools/pulumi/gensdk,
// Pulumi's own code generators run offline) and the package schema it reads, made from the built dist/.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { cacheDir, repoRoot, requiredVersion } from './go-tool.mjs';

const require = createRequire(import.meta.url);

/** The generator's file name: named after its source, so that a changed generator is built again. */
export const GENSDK_FILE = `gensdk-${createHash('sha256').update(fs.readFileSync(path.join(repoRoot, 'tools', 'pulumi', 'gensdk', 'main.go'))).digest('hex').slice(0, 12)}`;

/** The generator's path (in PULUMI_BIN_DIR when set); throws naming `npm run pulumi:install` when it has not been built. */
export function gensdkBinary() {
  const engine = process.env.PULUMI_BIN_DIR
    ? path.resolve(process.env.PULUMI_BIN_DIR)
    : path.join(cacheDir(), `pulumi-${requiredVersion('pulumi', 'github.com/pulumi/pulumi/pkg/v3')}`);
  const file = path.join(engine, GENSDK_FILE);
  if (!fs.existsSync(file)) throw new Error(`the Pulumi SDK generator is not built (${file}): run \`npm run pulumi:install\` first`);
  return file;
}

/** The package's version (package.json): the schema's and so the SDKs'. */
export function packageVersion() {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;
}

/** The package schema at the package's version (from dist/: run `npm run build` first). */
export function loadPackageSchema() {
  const built = path.join(repoRoot, 'dist', 'pulumi', 'package-schema.js');
  if (!fs.existsSync(built)) throw new Error(`${path.relative(repoRoot, built)} is missing: run \`npm run build\` first`);
  return require(built).packageSchema(packageVersion());
}

/** Writes the package schema to `file`. */
export function writePackageSchema(file) {
  fs.writeFileSync(file, `${JSON.stringify(loadPackageSchema(), null, 2)}\n`);
}

/** Generates the SDK of `language` (nodejs, python, go) from the package schema into `dir`/`language`; returns that folder. */
export function generateSdk(language, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const schema = path.join(dir, 'schema.json');
  writePackageSchema(schema);
  execFileSync(gensdkBinary(), [schema, dir, language], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
  return path.join(dir, language);
}
