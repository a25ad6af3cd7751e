/**
 * Everything alerts need at run time in one API process: the live alert bus (LISTEN on
 * PostgreSQL), the background worker (alert jobs, webhook deliveries) and the WebSocket
 * endpoint for subscriptions. `stop()` ends them before the database closes.
 */
import type { Server } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import type { Database } from './db/data-source';
import { AlertBus, registerAlertBus } from './domain/alert-bus';
import { AlertWorker } from './domain/alert-worker';
import { serveSubscriptions } from './http/subscriptions';
import type { Logger } from './logger';

export interface Alerting {
  stop(): Promise<void>;
}

export async function startAlerting(options: { db: Database; logger: Logger; httpServer: Server; schema: GraphQLSchema; maxQueryDepth: number }): Promise<Alerting> {
  const { db, logger } = options;
  const bus = new AlertBus(db, logger);
  await bus.start();
  registerAlertBus(db, bus);
  const worker = new AlertWorker(db, bus, logger);
  worker.start();
  const subscriptions = serveSubscriptions(options);
  return {
    async stop() {
      await subscriptions.close();
      await worker.stop();
      await bus.stop();
    },
  };
}
