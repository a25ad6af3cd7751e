/** A separate server with its own configuration, for tests of limits and lifecycle. */
import 'reflect-metadata';
import type { DestinationStream } from 'pino';
import { loadConfig } from '../../../src/config';
import type { Database } from '../../../src/db/data-source';
import { createLogger } from '../../../src/logger';
import { startServer, type RunningServer } from '../../../src/server';

/**
 * `logs` receives the server's JSON log lines (otherwise stdout, usually silenced by LOG_LEVEL);
 * `db` shares another server's database, as several processes share one PostgreSQL.
 */
export async function startOwnServer(env: Record<string, string>, options: { logs?: DestinationStream; db?: Database } = {}): Promise<RunningServer> {
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    DATA_DIR: 'memory://',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    NODE_ENV: 'test',
    OPERATOR_TOKEN: process.env.KPI_TEST_OPERATOR ?? 'test-operator-credential',
    ...env,
  });
  return startServer(config, createLogger(config.logLevel, options.logs), { db: options.db });
}

export async function workspaceOn(server: RunningServer, key: string): Promise<string> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.KPI_TEST_OPERATOR}` },
    body: JSON.stringify({ query: `mutation($k: String!) { createWorkspace(input: { key: $k, name: $k }) { ... on WorkspaceCreated { adminSecret } } }`, variables: { k: key } }),
  });
  return ((await res.json()) as any).data.createWorkspace.adminSecret;
}
