/** Unit tests (pure code) and API tests (real HTTP against a real database) in one run. */
const tsJest = ['ts-jest', { isolatedModules: true, diagnostics: false }];
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 60000,
};
