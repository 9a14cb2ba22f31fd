// The Terraform CLIs the end-to-end suites run with: the real `terraform` on PATH and OpenTofu's `tofu`, built by
// `npm run tofu:install` into the tool cache (the path rule of scripts/tofu-install.mjs: keep the two identical).
// TERRAFORM_TEST_CLI=terraform|tofu|both (default both) selects them; a selected CLI that is missing fails the suite.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { selectedBackends, type BackendName } from '../../support/backends';
import { pinnedToolVersion, toolCacheDir } from '../../support/cache';

/** One Terraform CLI: its name in test titles and the command that runs it. */
export interface TerraformCli {
  readonly name: 'terraform' | 'tofu';
  /** An absolute path, or a name found on PATH. */
  readonly command: string;
}


/** `tofu`: $TOFU_BIN, else <cache>/opentofu-<version>/tofu; throws naming `npm run tofu:install` when it does not run. */
export function tofuCli(env: NodeJS.ProcessEnv = process.env): TerraformCli {
  const given = env['TOFU_BIN'];
  const command = given ? (given.includes(path.sep) ? path.resolve(given) : given) : path.join(toolCacheDir(env), `opentofu-${pinnedToolVersion('opentofu', 'github.com/opentofu/opentofu')}`, 'tofu');
  const version = spawnSync(command, ['version'], { encoding: 'utf8', timeout: 30_000 });
  if (version.status !== 0) throw new Error(`OpenTofu is not available at ${command}: run \`npm run tofu:install\` (or set TOFU_BIN)`);
  return { name: 'tofu', command };
}

/** The CLIs TERRAFORM_TEST_CLI selects (default both). */
export function selectedClis(env: NodeJS.ProcessEnv = process.env): TerraformCli[] {
  const raw = (env['TERRAFORM_TEST_CLI'] ?? 'both').trim();
  if (!['terraform', 'tofu', 'both'].includes(raw)) throw new Error(`TERRAFORM_TEST_CLI must be terraform, tofu or both, got "${raw}"`);
  return [
    ...(raw === 'tofu' ? [] : [{ name: 'terraform', command: 'terraform' } as const]),
    ...(raw === 'terraform' ? [] : [tofuCli(env)]),
  ];
}

/** Runs `suite` once per selected CLI, its title prefixed with the CLI's name. */
export function describeEachCli(title: string, suite: (cli: TerraformCli) => void): void {
  for (const cli of selectedClis()) describe(`[${cli.name}] ${title}`, () => suite(cli));
}

/**
 * Runs `suite` for terraform on every selected backend and for OpenTofu on one (the emulator when selected, else real
 * Consul): the suites whose subject is Consul's faults, where the CLI is the variable only once. Titles name both.
 */
export function describeEachCliOnBackends(title: string, suite: (cli: TerraformCli, backend: BackendName) => void): void {
  const backends = selectedBackends();
  for (const cli of selectedClis()) {
    const on = cli.name === 'terraform' ? backends : [backends.includes('emulator') ? 'emulator' as const : backends[0] as BackendName];
    for (const backend of on) describe(`[${cli.name}] [${backend}] ${title}`, () => suite(cli, backend));
  }
}
