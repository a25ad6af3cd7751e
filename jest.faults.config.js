/**
 * `npm run test:faults`: the built server as a child process, killed, signalled and cut
 * off from its database. On PGlite always; on PostgreSQL at DATABASE_URL when it is set
 * (the tests create their own workspaces there and reset nothing). One file at a time:
 * each test starts and kills servers and measures what they wrote.
 */
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };
module.exports = {
  testEnvironment: 'node',
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
  maxWorkers: 1,
  // A PGlite server start takes seconds, several times more on a busy machine.
  testTimeout: 300000,
};
