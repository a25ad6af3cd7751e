/** Opens the database, migrates, and serves HTTP; `stop()` drains requests, then closes the database. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import type { Config } from './config';
import { type Database, openDatabase } from './db/data-source';
import type { Logger } from './logger';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly db: Database;
  readonly httpServer: Server;
  stop(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger, options: { db?: Database } = {}): Promise<RunningServer> {
  const db = options.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  const ran = await db.migrate();
  if (ran.length > 0) logger.info({ migrations: ran }, 'migrations ran');
  const httpServer = createServer();
  const app = await createApp({ db, config, logger, httpServer });
  httpServer.on('request', app.express);
  // Keep-alive sockets must not hold shutdown open longer than the drain allows.
  httpServer.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${config.host}:${port}`,
    port,
    db,
    httpServer,
    stop() {
      // apollo.stop() (drain plugin) waits for in-flight requests, then the database closes.
      stopping ??= (async () => {
        await app.apollo.stop();
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        await db.close();
      })();
      return stopping;
    },
  };
}
