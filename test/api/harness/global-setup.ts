/**
 * Starts one real server for the whole API test run (one PGlite cold start, not one per
 * file); test files isolate themselves by creating their own workspaces.
 * KPI_TEST_PROCESSES=N (N ≥ 2, PostgreSQL only) instead builds the service and starts N
 * server processes behind a round-robin proxy (harness/round-robin.ts).
 */
import 'reflect-metadata';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { startServer, type RunningServer } from '../../../src/server';
import { buildServer, type ProcessGroup, startProcessGroup } from './round-robin';

export const OPERATOR_TOKEN = 'test-operator-credential';

export default async function globalSetup(): Promise<void> {
  const env = {
    ...process.env,
    PORT: '0',
    DATA_DIR: 'memory://',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    NODE_ENV: 'test',
    OPERATOR_TOKEN,
  };
  process.env.KPI_TEST_OPERATOR = OPERATOR_TOKEN;
  const processes = Number(process.env.KPI_TEST_PROCESSES ?? 1);
  if (processes > 1) {
    if (!process.env.DATABASE_URL) throw new Error('KPI_TEST_PROCESSES needs DATABASE_URL: processes cannot share the embedded database.');
    buildServer();
    const group = await startProcessGroup(processes, env);
    (globalThis as { __kpiProcesses?: ProcessGroup }).__kpiProcesses = group;
    process.env.KPI_TEST_URL = group.url;
    process.env.KPI_TEST_DATABASE = 'postgres';
    return;
  }
  const config = loadConfig(env);
  const server = await startServer(config, createLogger(config.logLevel));
  (globalThis as { __kpiServer?: RunningServer }).__kpiServer = server;
  process.env.KPI_TEST_URL = server.url;
  process.env.KPI_TEST_DATABASE = server.db.kind;
}
