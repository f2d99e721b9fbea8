// Lint: typescript-eslint's recommended rules, promises awaited, and workflows kept deterministic.
import tseslint from 'typescript-eslint';

/** A library is imported by its alias (tsconfig.json's paths), never by climbing to it. */
const climbingToLibraries = { group: ['**/libs/*/src', '**/libs/*/src/**'], message: 'Import a library by its alias: @grants/domain, @grants/persistence…' };

const forbiddenInWorkflows = [
  {
    group: ['fs', 'fs/*', 'net', 'http', 'https', 'child_process', 'crypto', 'os', 'path', 'node:*'],
    message: 'Workflows are deterministic: no Node builtins (use activities).',
  },
  { group: ['@nestjs/*'], message: 'Workflows must not depend on Nest.' },
  {
    group: ['typeorm', 'pg', '@grants/persistence', '@grants/persistence/*', '@grants/temporal', '@grants/temporal/*'],
    message: 'Workflows do no I/O: persistence and the Temporal client belong in activities.',
  },
  {
    group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', 'nodemailer', 'axios'],
    message: 'Workflows import @temporalio/workflow only.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      '.venv/**',
      'coverage/**',
      'scripts/**',
      'test/support/sequencer.js',
      'jest.config.js',
      'apps/web/vite.config.mts',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [climbingToLibraries] }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'bench/src/*.workflows.ts', 'test/replay/fixtures/*.ts'],
    rules: {
      // typescript-eslint's version of the rule: activities may be imported as types (import type) only.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            climbingToLibraries,
            ...forbiddenInWorkflows,
            {
              group: ['**/activities', '**/activities/**', '**/*.activities'],
              message: 'Workflows import activities as types only (import type), and call them through proxyActivities.',
              allowTypeImports: true,
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow.' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Workflows are deterministic.' }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
