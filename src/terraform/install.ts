// `consul-peering-terraform install --mirror DIR`: puts the provider into a Terraform filesystem mirror (unpacked
// layout HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/terraform-provider-TYPE_vVERSION). The package folder holds only a
// small launcher naming this package's absolute path, so its bytes (and the lock file's h1: hash) stay the same
// across rebuilds; the JavaScript it runs lives outside the mirror.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDER_NAME, PROVIDER_SOURCE } from './catalog';

/** Where the install goes and what the launcher runs. */
export interface InstallOptions {
  /** The mirror directory (created when missing). */
  readonly mirror: string;
  /** The provider version; default: this package's version. */
  readonly version?: string;
  /** `os_arch` folder name; default: this machine's (`linux_amd64`, `darwin_arm64`, ...). */
  readonly platform?: string;
  /** The script the launcher runs; default: this package's `bin/consul-peering-terraform.js`. */
  readonly entry?: string;
  /** Absolute path of the node binary to pin; default: `node` as found on PATH when Terraform starts the provider. */
  readonly node?: string;
}

/** What was installed. */
export interface InstallResult {
  readonly packageDir: string;
  readonly executable: string;
  readonly version: string;
  /** The `provider_installation` block to put into the Terraform CLI configuration. */
  readonly cliConfig: string;
}

/** This package's root (two levels above dist/terraform or src/terraform). */
const packageRoot = (): string => path.resolve(__dirname, '..', '..');

/** The package version, from package.json. */
export function packageVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof manifest.version !== 'string') throw new Error('package.json has no version');
  return manifest.version;
}

/** Terraform's `os_arch` for this machine. */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const os = platform === 'win32' ? 'windows' : platform;
  const cpu = ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' } as Record<string, string>)[arch] ?? arch;
  return `${os}_${cpu}`;
}

/** The launcher's bytes: a node script (shebang) that runs `entry`; a /bin/sh one when node's path cannot be a shebang. */
export function launcherScript(entry: string, version: string, node?: string): string {
  const header = `consul-peering Terraform provider ${version}, written by \`consul-peering-terraform install\`; runs ${entry}.`;
  if (node === undefined || (/^\/[^\s"'\\]+$/.test(node) && node.length < 100)) {
    return `#!${node ?? '/usr/bin/env node'}\n// ${header}\n'use strict';\nconst entry = ${JSON.stringify(entry)};\n`
      + 'typeof require === \'function\' ? require(entry) : import(entry);\n';
  }
  const quoted = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
  return `#!/bin/sh\n# ${header}\nexec ${quoted(node)} ${quoted(entry)} "$@"\n`;
}

/** The CLI-configuration block that makes `terraform init` take this provider from the mirror, offline. */
export function cliConfigBlock(mirror: string): string {
  const dir = JSON.stringify(path.resolve(mirror));
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${dir}`,
    `    include = ["${PROVIDER_SOURCE}"]`,
    '  }',
    '  direct {',
    `    exclude = ["${PROVIDER_SOURCE}"]`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Installs the launcher; the package folder ends up holding exactly that one file. */
export function installMirror(options: InstallOptions): InstallResult {
  if ((options.platform ?? terraformPlatform()).startsWith('windows')) {
    throw new Error('Windows cannot run the script launcher: install from WSL, or use a Node single-executable build');
  }
  const version = options.version ?? packageVersion();
  const packageDir = path.join(path.resolve(options.mirror), ...PROVIDER_SOURCE.split('/'), version, options.platform ?? terraformPlatform());
  const name = `terraform-provider-${PROVIDER_NAME}_v${version}`;
  const executable = path.join(packageDir, name);
  const entry = path.resolve(options.entry ?? path.join(packageRoot(), 'bin', 'consul-peering-terraform.js'));
  const content = launcherScript(entry, version, options.node);
  fs.mkdirSync(packageDir, { recursive: true });
  for (const other of fs.readdirSync(packageDir)) if (other !== name) fs.rmSync(path.join(packageDir, other), { recursive: true, force: true });
  const current = fs.existsSync(executable) ? fs.readFileSync(executable, 'utf8') : undefined;
  if (current !== content) fs.writeFileSync(executable, content);
  fs.chmodSync(executable, 0o755);
  return { packageDir, executable, version, cliConfig: cliConfigBlock(options.mirror) };
}

const USAGE = `usage: consul-peering-terraform install --mirror DIR [--cli-config FILE] [--node PATH]
  Installs the provider ${PROVIDER_SOURCE} into the filesystem mirror DIR and prints the
  provider_installation block for the Terraform CLI configuration (~/.terraformrc or TF_CLI_CONFIG_FILE).
  --cli-config FILE  also write that block to FILE
  --node PATH        run the provider with this node binary (default: node on PATH)
consul-peering-terraform package --out DIR [--version VERSION]
  Writes this platform's release files into DIR: terraform-provider-consulpeering_VERSION_OS_ARCH.zip (one
  executable that runs with no Node installed), its _SHA256SUMS and _manifest.json, to serve from a filesystem
  mirror (packed layout: MIRROR/${PROVIDER_SOURCE}/the zip), a network mirror or a private registry.
consul-peering-terraform schema  prints the provider schema as \`terraform providers schema -json\` would.
Without arguments the program is the provider itself: Terraform starts it.
`;

/** The `install` subcommand; returns the exit code. Diagnostics on stderr, the CLI-config block on stdout. */
export function runInstallCli(args: readonly string[], out = process.stdout, err = process.stderr): number {
  const rest = args[0] === 'install' ? args.slice(1) : [...args];
  const options: { mirror?: string | undefined; cliConfig?: string | undefined; node?: string | undefined } = {};
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? rest[++i];
    if (flag === '--mirror') options.mirror = value();
    else if (flag === '--cli-config') options.cliConfig = value();
    else if (flag === '--node') options.node = value();
    else if (flag === '--help' || flag === '-h' || flag === 'help') {
      out.write(USAGE);
      return 0;
    } else {
      err.write(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
      return 2;
    }
  }
  if (options.mirror === undefined || options.mirror === '') {
    err.write(`--mirror DIR is required\n${USAGE}`);
    return 2;
  }
  try {
    const result = installMirror({ mirror: options.mirror, ...(options.node === undefined ? {} : { node: options.node }) });
    if (options.cliConfig !== undefined) fs.writeFileSync(options.cliConfig, result.cliConfig);
    err.write(`Installed ${PROVIDER_SOURCE} ${result.version} into ${result.packageDir}\n`
      + `Add this block to your Terraform CLI configuration (~/.terraformrc, or the file TF_CLI_CONFIG_FILE names)${options.cliConfig === undefined ? '' : ` (written to ${options.cliConfig})`}:\n\n`);
    out.write(result.cliConfig);
    return 0;
  } catch (error) {
    err.write(`consul-peering-terraform install: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
