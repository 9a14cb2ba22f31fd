// Lets a bench load the repository's TypeScript test harness (test/harness/*.ts) as it is: every .ts file is
// transpiled when it is required, by the TypeScript compiler's transpileModule (no type check here: `npm test` does it).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const Module = require('node:module');

const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false };

Module._extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};

/** Requires a TypeScript (or JavaScript) module by absolute path. */
export const requireTypeScript = (file) => require(file);
