/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  verbose: true,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // The libraries' aliases (tsconfig.json's paths): @grants/domain is libs/domain/src.
  moduleNameMapper: { '^@grants/([^/]+)$': '<rootDir>/libs/$1/src', '^@grants/([^/]+)/(.*)$': '<rootDir>/libs/$1/src/$2' },
  // Integration tests drive real processes (worker, API, Temporal, PostgreSQL).
  testTimeout: 180_000,
  // Unit suites first: they fail fastest.
  testSequencer: '<rootDir>/test/support/sequencer.js',
};
