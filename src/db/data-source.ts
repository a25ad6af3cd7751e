/**
 * One factory for both databases. PGlite (embedded) has a single session, so TypeORM
 * gets exactly one connection to it: concurrent transactions queue instead of sharing
 * a session, where a rollback in one request could undo another's write.
 */
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';

export interface DatabaseOptions {
  /** PostgreSQL connection string; without it the embedded PGlite database is used. */
  readonly databaseUrl?: string;
  /** PGlite data directory, or `memory://` for a throw-away database. */
  readonly dataDir: string;
  /** Connections to PostgreSQL. */
  readonly poolSize?: number;
}

export interface Database {
  readonly dataSource: DataSource;
  readonly kind: 'pglite' | 'postgres';
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
    });
    await dataSource.initialize();
    return wrap(dataSource, 'postgres', async () => undefined);
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
  return { pglite, pgConfig: createPgConfig(pglite) };
}

function wrap(dataSource: DataSource, kind: Database['kind'], closeDriver: () => Promise<void>): Database {
  let closed = false;
  return {
    dataSource,
    kind,
    async migrate() {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return ran.map((m) => m.name);
    },
    async close() {
      if (closed) return;
      closed = true;
      await dataSource.destroy();
      await closeDriver();
    },
  };
}
