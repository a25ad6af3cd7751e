/** Opens the database, migrates, and serves HTTP; `stop()` drains requests, then closes the database. */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startAlerting } from './alerting';
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
  const db = options.db ?? (await openDatabase({
    databaseUrl: config.databaseUrl, dataDir: config.dataDir, readUrls: config.databaseReadUrls,
    onConnectionError: (error) => logger.warn({ err: error }, 'database connection lost; it is replaced when next needed'),
  }));
  const ran = await db.migrate();
  if (ran.length > 0) logger.info({ migrations: ran }, 'migrations ran');
  const httpServer = createServer();
  const app = await createApp({ db, config, logger, httpServer });
  let draining = false;
  // A request read once shutdown has begun is answered 503, not run: the drain may already
  // be closing its connection, and a write must not happen when its answer cannot arrive.
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => (draining ? refuseWhileStopping(res) : app.express(req, res)));
  const alerting = await startAlerting({ db, logger, httpServer, schema: app.schema, maxQueryDepth: config.limits.maxQueryDepth });
  // Idle keep-alive sockets stay open longer than clients and load balancers keep theirs
  // (60 s is common): a server that closes first races a client reusing the socket, which
  // then sees ECONNRESET on a request it cannot safely resend. Shutdown is not held open by
  // them: close() and the drain plugin close idle connections at once.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
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
      draining = true;
      // apollo.stop() (drain plugin) waits for in-flight requests, then the database closes.
      stopping ??= (async () => {
        // Subscriptions and background alert work end first; requests in flight still finish below.
        await alerting.stop();
        await app.apollo.stop();
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        await db.close();
      })();
      return stopping;
    },
  };
}

function refuseWhileStopping(res: ServerResponse): void {
  res.writeHead(503, { 'content-type': 'application/json', connection: 'close', 'retry-after': '1' });
  res.end(JSON.stringify({ errors: [{ message: 'The server is shutting down; send the request again.', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }));
}
