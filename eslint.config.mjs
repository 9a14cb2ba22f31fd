// ESLint 9 flat config (`npm run lint`, part of `npm test`). No cache: type-aware rules depend on other files.
//
// TypeScript (src/, test/, examples/): ESLint's and typescript-eslint's recommended rules plus typescript-eslint's
// strict set. src/ and test/ are also linted with type information (tsconfig.json through the project service) for
// a few promise and error-handling rules; examples/ are not (each has its own tsconfig, and examples/cdktf reads
// the built dist/). Scripts and benchmarks (.mjs) and the CommonJS entry points (.js) get ESLint's recommended rules
// with Node's globals.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Cheap rules for real bugs, on every file (none is in the recommended sets). */
const bugRules = {
  eqeqeq: ['error', 'smart'],
  'array-callback-return': 'error',
  'no-constructor-return': 'error',
  'no-extend-native': 'error',
  'no-new-wrappers': 'error',
  'no-self-compare': 'error',
  'no-sequences': 'error',
  'no-unmodified-loop-condition': 'error',
  'no-unreachable-loop': 'error',
  'no-useless-rename': 'error',
};

const unusedVars = { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true };

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      'dist/',
      'coverage/',
      'cdktf.out/',
      'examples/cdktf/.build/',
      'examples/cdktn/.build/',
      '**/.terraform/',
      '**/generated/', // src/cdktf/generated/ and src/cdktn/generated/ (npm run cdk:generate) and any other generated folder
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  { rules: { ...bugRules, 'no-unused-vars': ['error', unusedVars] } },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended, tseslint.configs.strict],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', unusedVars],
      // Type-only imports say so (`import type` or an inline `type`), so they are elided under isolatedModules.
      // `typeof import('…')` stays allowed: it names a lazily loaded module's type without importing it.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      // Wire objects and environment variables are plain records here; deleting a computed key is how they shrink.
      '@typescript-eslint/no-dynamic-delete': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-array-delete': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // Library code reports through its loggers and process.stderr: the Terraform plugin's stdout is its handshake.
    files: ['src/**'],
    rules: { 'no-console': 'error' },
  },
  {
    // Under noUncheckedIndexedAccess, a test asserting on an element it has just checked says so with `!`.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
