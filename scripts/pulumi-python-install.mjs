#!/usr/bin/env node
// Installs the Python side of Pulumi for the native provider's Python end-to-end test: a virtual environment with the
// `pulumi` SDK from PyPI (and setuptools and wheel, pinned, with which pulumi-sdk.mjs builds the generated
// pulumi_consulpeering SDK's wheel offline), in a cache outside the clone.
// The language host itself (pulumi-language-python) is built by pulumi-install.mjs. Prints the venv's bin folder last
// (put it first on PATH: the language host runs the `python3` it finds there).
//
//   node scripts/pulumi-python-install.mjs        (npm run pulumi:python)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir, outputOf, reporter } from './lib/go-tool.mjs';

/** The Python SDK pinned here (3.272 is the newest PyPI served when measured; it works with CLI 3.276). */
export const PULUMI_PYTHON = '3.272.0';

/** The build backend of the generated SDK's setup.py (a venv of Python 3.12 or newer has no setuptools of its own). */
const BUILD_BACKEND = ['setuptools==80.9.0', 'wheel==0.48.0'];

const report = reporter('pulumi-python-install');
const dir = path.join(cacheDir(), `pulumi-python-${PULUMI_PYTHON}`);
const bin = (folder) => path.join(folder, 'bin');
const works = (folder) => outputOf(path.join(bin(folder), 'python3'), ['-c', 'import pulumi, setuptools, wheel; print(pulumi.__version__ if hasattr(pulumi, "__version__") else "ok")']) !== null;

if (works(dir)) {
  report.log(`pulumi ${PULUMI_PYTHON} for Python already installed at ${dir}`);
} else {
  const temp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(temp, { recursive: true, force: true });
  report.log(`creating a virtual environment with pulumi==${PULUMI_PYTHON} from PyPI in ${dir}`);
  const venv = spawnSync('python3', ['-m', 'venv', temp], { stdio: ['ignore', 2, 'inherit'], timeout: 120_000 });
  if (venv.status !== 0) report.fail(`python3 -m venv exited ${venv.status ?? venv.signal}: install python3 and its venv module`);
  const pip = spawnSync(path.join(bin(temp), 'pip'), ['install', '--quiet', `pulumi==${PULUMI_PYTHON}`, ...BUILD_BACKEND], { stdio: ['ignore', 2, 'inherit'], timeout: 600_000 });
  if (pip.status !== 0 || !works(temp)) {
    fs.rmSync(temp, { recursive: true, force: true });
    report.fail(`pip install pulumi==${PULUMI_PYTHON} ${BUILD_BACKEND.join(' ')} exited ${pip.status ?? pip.signal}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(temp, dir);
  report.log(`installed in ${report.elapsed()}`);
}
process.stdout.write(`${bin(dir)}\n`);
