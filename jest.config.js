/**
 * Two projects in one run: `unit` (pure code, no server) and `api` (real HTTP against a
 * real database: embedded PGlite by default, PostgreSQL when DATABASE_URL is set). The fault
 * tests (test/faults) run apart: `npm run test:faults`.
 */
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };
const common = { testEnvironment: 'node', transform, moduleFileExtensions: ['ts', 'js', 'json'] };
module.exports = {
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/**/*.test.ts'], testPathIgnorePatterns: ['<rootDir>/test/api/', '<rootDir>/test/faults/'] },
    {
      ...common,
      displayName: 'api',
      testMatch: ['<rootDir>/test/api/**/*.test.ts'],
      globalSetup: '<rootDir>/test/api/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/api/harness/global-teardown.ts',
    },
  ],
};
