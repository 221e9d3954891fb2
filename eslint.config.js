import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'url', 'http', 'util'];
const layer = (name, patterns) => ({
  group: patterns,
  message: `${name} may not import this (see ARCHITECTURE.md, Layers)`,
});

/** Folder-by-folder import rules: the layers of ARCHITECTURE.md, enforced. */
const layerRules = [
  {
    files: ['src/sim/**/*.ts'],
    forbid: [
      layer('src/sim', [
        'electron',
        ...nodeBuiltins,
        '**/lab/**',
        '**/ipc/**',
        '**/node/**',
        '**/main/**',
        '**/preload/**',
        '**/renderer/**',
        '**/cli/**',
      ]),
    ],
  },
  {
    files: ['src/lab/**/*.ts'],
    forbid: [
      layer('src/lab', [
        'electron',
        ...nodeBuiltins,
        '**/ipc/**',
        '**/node/**',
        '**/main/**',
        '**/preload/**',
        '**/renderer/**',
        '**/cli/**',
      ]),
    ],
  },
  {
    files: ['src/ipc/**/*.ts'],
    forbid: [
      layer('src/ipc', [
        'electron',
        ...nodeBuiltins,
        '**/node/**',
        '**/main/**',
        '**/preload/**',
        '**/renderer/**',
        '**/cli/**',
      ]),
    ],
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.svelte'],
    forbid: [
      layer('src/renderer', [
        'electron',
        ...nodeBuiltins,
        '**/node/**',
        '**/main/**',
        '**/preload/**',
        '**/cli/**',
      ]),
    ],
  },
  {
    files: ['src/node/**/*.ts'],
    forbid: [layer('src/node', ['electron', '**/main/**', '**/preload/**', '**/renderer/**', '**/cli/**'])],
  },
  {
    files: ['src/main/**/*.ts'],
    forbid: [layer('src/main', ['**/renderer/**', '**/cli/**', '**/preload/**'])],
  },
  {
    files: ['src/preload/**/*.ts'],
    forbid: [
      layer('src/preload', [
        ...nodeBuiltins,
        '**/sim/**',
        '**/lab/**',
        '**/node/**',
        '**/main/**',
        '**/renderer/**',
        '**/cli/**',
      ]),
    ],
  },
  {
    files: ['src/cli/**/*.ts'],
    forbid: [layer('src/cli', ['electron', '**/main/**', '**/preload/**', '**/renderer/**'])],
  },
].map(({ files, forbid }) => ({
  files,
  ignores: ['**/*.test.ts', '**/__mocks__/**'],
  rules: { 'no-restricted-imports': ['error', { patterns: forbid }] },
}));

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'out',
      'dist',
      'coverage',
      'test-results',
      'playwright-report',
      'e2e/screenshots',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,svelte}', 'src/renderer/**/*.svelte.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  ...layerRules,
);
