/**
 * One factory for both databases. PGlite (embedded) has a single session, so TypeORM
 * gets exactly one connection to it: concurrent transactions queue instead of sharing
 * a session, where a rollback in one request could undo another's write.
 */
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ReadReplicas } from './read-replicas';

export interface DatabaseOptions {
  /** PostgreSQL connection string; without it the embedded PGlite database is used. */
  readonly databaseUrl?: string;
  /** PGlite data directory, or `memory://` for a throw-away database. */
  readonly dataDir: string;
  /** Connections to PostgreSQL. */
  readonly poolSize?: number;
  /**
   * Told when a pooled PostgreSQL connection breaks while idle (the server restarted or
   * cut it). The pool drops that connection and opens a new one when next needed.
   */
  readonly onConnectionError?: (error: Error) => void;
  /** Streaming replicas of the PostgreSQL primary for read-only queries (read-replicas.ts). */
  readonly readUrls?: readonly string[];
}

export interface Database {
  readonly dataSource: DataSource;
  readonly kind: 'pglite' | 'postgres';
  /** Set when DATABASE_READ_URLS names replicas; a replica's own Database has none. */
  readonly replicas?: ReadReplicas;
  /** Runs migrations that have not run yet; the only way the schema changes. */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

interface PGliteLike {
  close(): Promise<void>;
  waitReady: Promise<void>;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const dataSource = new DataSource({
      type: 'postgres',
      url: options.databaseUrl,
      migrations: MIGRATIONS,
      migrationsTableName: 'schema_migrations',
      synchronize: false,
      logging: false,
      extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: 5000 },
      poolErrorHandler: (error: Error) => options.onConnectionError?.(error),
    });
    await dataSource.initialize();
    const replicas = options.readUrls?.length ? new ReadReplicas(options.readUrls, options.poolSize ?? 10) : undefined;
    return { ...wrap(dataSource, 'postgres', async () => replicas?.close()), replicas };
  }
  const { pglite, pgConfig } = await openPglite(options.dataDir);
  const dataSource = new DataSource({
    type: 'postgres',
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false,
    extra: { ...pgConfig, poolSize: 1, max: 1 },
  });
  await dataSource.initialize();
  return wrap(dataSource, 'pglite', () => pglite.close());
}

// First bytes of the protocol messages that start a statement: Parse ('P') and Query ('Q').
const STATEMENT_START = new Set([0x50, 0x51]);

/**
 * PGlite runs in this thread and answers a protocol message as soon as it is sent, so
 * queued queries would run back to back in promise callbacks and starve the event loop
 * until the queue drained: no new connection, no other request (not even /health), no
 * SIGTERM handled meanwhile. One turn of the event loop before each statement keeps the
 * server responsive while the database works.
 */
function yieldBeforeEachStatement(pglite: { execProtocolStream(message: Uint8Array | ArrayBuffer, ...rest: never[]): Promise<unknown> }): void {
  const send = pglite.execProtocolStream.bind(pglite);
  pglite.execProtocolStream = async (message, ...rest) => {
    const type = ArrayBuffer.isView(message) ? message[0] : new Uint8Array(message, 0, 1)[0];
    if (STATEMENT_START.has(type)) await new Promise((resolve) => setImmediate(resolve));
    return send(message, ...rest);
  };
}

async function openPglite(dataDir: string): Promise<{ pglite: PGliteLike; pgConfig: object }> {
  // PGlite ships as ES modules; a dynamic import keeps this file loadable from CommonJS.
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  let location = dataDir;
  if (!dataDir.startsWith('memory://')) {
    const fs = await import('node:fs');
    const path = await import('node:path');
    // The database lives in a subfolder so the data directory can hold other local files.
    location = path.join(dataDir, 'pgdata');
    fs.mkdirSync(location, { recursive: true });
  }
  const pglite = new PGlite(location);
  await pglite.waitReady;
  yieldBeforeEachStatement(pglite);
  return { pglite, pgConfig: createPgConfig(pglite) };
}

function wrap(dataSource: DataSource, kind: Database['kind'], closeDriver: () => Promise<void>): Database {
  let closed = false;
  return {
    dataSource,
    kind,
    async migrate() {
      const run = async () => (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
      // PGlite is one session in one process; PostgreSQL may have several processes starting at once.
      return kind === 'postgres' ? withMigrationLock(dataSource, run) : run();
    },
    async close() {
      if (closed) return;
      closed = true;
      await dataSource.destroy();
      await closeDriver();
    },
  };
}

/** Any fixed number, the same in every process: it names the migration lock. */
const MIGRATION_LOCK = 7_640_300_000;

/**
 * Processes that start together on one PostgreSQL take turns: the first runs the
 * migrations, the others wait on this session lock, then find nothing left to run.
 * The lock is held on a connection of its own (released with it if the process dies).
 */
async function withMigrationLock<T>(dataSource: DataSource, fn: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner('master');
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await fn();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
