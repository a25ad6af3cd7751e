/**
 * `npm run start:cluster`: one API process per core (WEB_CONCURRENCY overrides) on one
 * port, all serving the same PostgreSQL. The primary only supervises: it runs the
 * migrations once, forks workers (each runs `main.js`, exactly what `npm start` runs),
 * restarts a worker that dies (waiting longer after each quick death), and on SIGTERM or
 * SIGINT lets every worker finish its in-flight requests, then exits 0.
 *
 * The embedded database (no DATABASE_URL) is one session inside one process, so there is
 * no cluster on it: the primary refuses to start and says so.
 */
import 'reflect-metadata';
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { ConfigError, type Config, loadConfig } from './config';
import { openDatabase } from './db/data-source';
import { createLogger, type Logger } from './logger';

/** A worker that lived this long is healthy again: its next death restarts it at once. */
const HEALTHY_AFTER_MS = 30_000;
const FIRST_RESTART_DELAY_MS = 500;
const MAX_RESTART_DELAY_MS = 30_000;

interface Slot {
  worker: Worker;
  startedAt: number;
  /** Deaths in a row, each before HEALTHY_AFTER_MS. */
  quickDeaths: number;
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

async function migrateOnce(config: Config, logger: Logger): Promise<void> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    const ran = await db.migrate();
    if (ran.length > 0) logger.info({ migrations: ran }, 'migrations ran');
  } finally {
    await db.close();
  }
}

async function primary(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel).child({ role: 'primary' });
  if (!config.databaseUrl) {
    console.error(
      'start:cluster needs PostgreSQL (DATABASE_URL): the embedded database is a single session inside one process, ' +
        'so several processes cannot share it. Use `npm start` for the embedded database.',
    );
    process.exit(2);
  }
  await migrateOnce(config, logger);

  const count = config.webConcurrency || availableParallelism();
  cluster.setupPrimary({ exec: path.join(__dirname, 'main.js') });
  const slots = new Set<Slot>();
  let stopping = false;

  const fork = (quickDeaths: number) => {
    const slot: Slot = { worker: cluster.fork(), startedAt: Date.now(), quickDeaths };
    slots.add(slot);
    slot.worker.on('exit', (code, signal) => {
      slots.delete(slot);
      if (stopping) {
        // Killed by the SIGTERM itself: it was still starting (a serving worker handles the
        // signal and exits 0), so it had no requests to finish.
        if (code !== 0 && signal !== 'SIGTERM') {
          process.exitCode = 1;
          logger.warn({ pid: slot.worker.process.pid, code, signal }, 'worker did not stop cleanly');
        }
        if (slots.size === 0) {
          logger.info('all workers stopped');
          process.exit(process.exitCode ?? 0);
        }
        return;
      }
      const quick = Date.now() - slot.startedAt < HEALTHY_AFTER_MS;
      const deaths = quick ? slot.quickDeaths + 1 : 0;
      const delay = deaths === 0 ? 0 : Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** (deaths - 1));
      logger.error({ pid: slot.worker.process.pid, code, signal, restartInMs: delay }, 'worker died; restarting it');
      setTimeout(() => { if (!stopping) fork(deaths); }, delay);
    });
  };

  let announced = false;
  cluster.on('listening', (_worker, address) => {
    if (announced) return;
    announced = true;
    console.log(`KPI engine cluster: ${count} workers on http://${config.host}:${address.port}/graphql (primary pid ${process.pid})`);
  });

  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: stop waiting for requests.
      logger.warn({ signal }, 'stopping workers now');
      for (const slot of slots) slot.worker.process.kill('SIGKILL');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, workers: slots.size }, 'shutting down: workers finish their in-flight requests');
    if (slots.size === 0) process.exit(0);
    for (const slot of slots) slot.worker.process.kill('SIGTERM');
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  for (let i = 0; i < count; i++) fork(0);
  logger.info({ workers: count, pid: process.pid }, 'cluster started');
}

if (cluster.isPrimary) {
  primary().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
