// The real Pulumi engine for the benches: project folders that resolve this repository's packages, and `pulumi` runs
// with a file backend, offline, timed. Needs the engine built by `npm run pulumi:install`.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, requiredVersion } from '../../scripts/lib/go-tool.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The folder of the `pulumi` that `npm run pulumi:install` builds ($PULUMI_BIN_DIR when set); exits when it is missing. */
export function pulumiBinDir(bench) {
  const version = requiredVersion('pulumi', 'github.com/pulumi/pulumi/pkg/v3');
  const binDir = process.env.PULUMI_BIN_DIR ? path.resolve(process.env.PULUMI_BIN_DIR) : path.join(cacheDir(), `pulumi-${version}`);
  if (!fs.existsSync(path.join(binDir, 'pulumi'))) {
    process.stderr.write(`${bench}: skipped measuring, the engine is not built (${binDir}); run \`npm run pulumi:install\`\n`);
    process.exit(1);
  }
  return binDir;
}

/** Pulumi projects and runs under `tmp`: one PULUMI_HOME, one passphrase, no update checks or plugin downloads. */
export function pulumiWorkspace(tmp, binDir) {
  const home = path.join(tmp, 'pulumi-home');
  fs.mkdirSync(home, { recursive: true });
  return {
    /** A project folder: the given files, a tsconfig, and node_modules of symlinks to this repository's (plus consul-peering itself). */
    project(name, files) {
      const dir = path.join(tmp, name);
      fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
      for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', moduleResolution: 'node', strict: true, esModuleInterop: true, skipLibCheck: true }, files: ['index.ts'] }));
      for (const entry of fs.readdirSync(path.join(root, 'node_modules'))) {
        if (!entry.startsWith('.')) fs.symlinkSync(path.join(root, 'node_modules', entry), path.join(dir, 'node_modules', entry));
      }
      fs.symlinkSync(root, path.join(dir, 'node_modules', 'consul-peering'));
      return dir;
    },
    /** Runs `pulumi ARGS` in `cwd` asynchronously (an emulator may answer from this process); resolves with milliseconds. */
    run(cwd, args, { backend, env = {} }) {
      const fullEnv = {
        ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PULUMI_') && !key.startsWith('CONSUL_HTTP_'))),
        PATH: `${binDir}:${process.env.PATH}`, PULUMI_HOME: home, PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_CONFIG_PASSPHRASE: 'bench', PULUMI_SKIP_UPDATE_CHECK: 'true', PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
        PULUMI_NODEJS_TRANSPILE_ONLY: 'true', NO_COLOR: '1', ...env,
      };
      const started = performance.now();
      return new Promise((resolve, reject) => {
        const child = spawn(path.join(binDir, 'pulumi'), [...args, '--non-interactive'], { cwd, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk) => { output += chunk; });
        child.stderr.on('data', (chunk) => { output += chunk; });
        const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          if (code === 0) resolve(performance.now() - started);
          else reject(new Error(`pulumi ${args.join(' ')} in ${cwd} exited ${code}:\n${output}`));
        });
      });
    },
  };
}
