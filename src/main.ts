/** `npm start`: reads configuration, migrates, seeds the embedded demo, serves GraphQL. */
import 'reflect-metadata';
import cluster from 'node:cluster';
import { ConfigError, loadConfig } from './config';
import { seedDemoWorkspace } from './cli/demo-seed';
import { ensureDemoWorkspace } from './cli/local-admin';
import { createLogger } from './logger';
import { startServer } from './server';

const WORKER_SETTLE_MS = 500;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, logger);
  if (!config.databaseUrl) {
    const demo = await ensureDemoWorkspace(server.db, config.dataDir);
    if (demo.created && config.seedDemo) await seedDemoWorkspace(server.db, demo.workspace, logger);
    // Printed, not logged: this is the local operator's own key on the embedded database.
    console.log(`\nKPI engine on ${server.url}/graphql (embedded database in ${config.dataDir})`);
    console.log(`Local admin key for workspace "${demo.workspace.key}": ${demo.token}`);
    console.log(`Try: curl -s ${server.url}/graphql -H 'authorization: Bearer ${demo.token}' -H 'content-type: application/json' -d '{"query":"{ teams { key name path } }"}'\n`);
  }
  logger.info({ url: server.url, database: server.db.kind }, 'listening');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    try {
      // A cluster worker busy with one request may not yet have read others already sent to it
      // (or queued for it in the primary): serving a moment longer lets them count as in flight
      // instead of being cut off with the idle connections.
      if (cluster.isWorker) await new Promise((resolve) => setTimeout(resolve, WORKER_SETTLE_MS));
      await server.stop();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
