/**
 * Starts one real server for the whole API test run (one PGlite cold start, not one per
 * file); test files isolate themselves by creating their own workspaces.
 */
import 'reflect-metadata';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { startServer, type RunningServer } from '../../../src/server';

export const OPERATOR_TOKEN = 'test-operator-credential';

export default async function globalSetup(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    DATA_DIR: 'memory://',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    NODE_ENV: 'test',
    OPERATOR_TOKEN,
  });
  const server = await startServer(config, createLogger(config.logLevel));
  (globalThis as { __kpiServer?: RunningServer }).__kpiServer = server;
  process.env.KPI_TEST_URL = server.url;
  process.env.KPI_TEST_OPERATOR = OPERATOR_TOKEN;
  process.env.KPI_TEST_DATABASE = server.db.kind;
}
