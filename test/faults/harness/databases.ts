/**
 * The two databases the fault tests run on, read directly (not through the server under
 * test): PGlite in a temporary data directory, and PostgreSQL at DATABASE_URL when set.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { ServerDatabase } from './child-server';

export interface FaultDatabase {
  readonly name: 'PGlite' | 'PostgreSQL';
  /** A database for one test: a fresh data directory, or the shared PostgreSQL database. */
  fresh(): ServerDatabase;
  /** One SQL query against the database while no server holds it (PGlite has one owner). */
  query<T = Record<string, unknown>>(db: ServerDatabase, sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Bytes of table and index pages on disk, read while a server writes: pages grow as
   * rows are inserted, before their transaction commits, so growth shows a write under way.
   */
  writtenBytes(db: ServerDatabase): Promise<number>;
}

const tempDirs: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `kpi-faults-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

let sizeClient: Client | undefined;
let sizeConnected: Promise<unknown> | undefined;

/** Removes the temporary directories and closes the connection used for polling. */
export async function cleanUp(): Promise<void> {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  const client = sizeClient;
  sizeClient = undefined;
  sizeConnected = undefined;
  await client?.end();
}

export const pglite: FaultDatabase = {
  name: 'PGlite',
  fresh: () => ({ dataDir: tempDir('pglite') }),
  async query<T>(db: ServerDatabase, sql: string, params: unknown[] = []) {
    const { PGlite } = await import('@electric-sql/pglite');
    const lite = new PGlite(path.join(db.dataDir, 'pgdata'));
    try {
      return (await lite.query<T>(sql, params)).rows;
    } finally {
      await lite.close();
    }
  },  // The server process owns the database: measure its files (base/ holds tables and indexes).
  writtenBytes: async (db) => directoryBytes(path.join(db.dataDir, 'pgdata', 'base')),
};

function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    try {
      total += entry.isDirectory() ? directoryBytes(file) : statSync(file).size;
    } catch {
      // A file the database removed between listing and reading has no size to count.
    }
  }
  return total;
}

export function postgresAt(databaseUrl: string): FaultDatabase {
  return {
    name: 'PostgreSQL',
    fresh: () => ({ databaseUrl, dataDir: tempDir('pg') }),
    query: <T>(db: ServerDatabase, sql: string, params: unknown[] = []) => pgQuery<T>(db.databaseUrl!, sql, params),
    async writtenBytes(db) {
      // Polled every few milliseconds: one connection for all polls.
      sizeClient ??= new Client({ connectionString: db.databaseUrl });
      sizeConnected ??= sizeClient.connect();
      await sizeConnected;
      return Number((await sizeClient.query(`SELECT pg_total_relation_size('measure_values')::float8 AS n`)).rows[0].n);
    },
  };
}

export async function pgQuery<T = Record<string, unknown>>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** PGlite always; PostgreSQL when DATABASE_URL names a database these tests may write to. */
export function faultDatabases(): FaultDatabase[] {
  const url = process.env.DATABASE_URL;
  if (!url) console.warn('DATABASE_URL is not set: the PostgreSQL variants of the fault tests are skipped.');
  return url ? [pglite, postgresAt(url)] : [pglite];
}

/** Rows and sum of one measure's stored values in one workspace, by SQL. */
export async function storedValues(target: FaultDatabase, db: ServerDatabase, workspace: string, measure: string): Promise<{ rows: number; sum: number }> {
  const [r] = await target.query<{ rows: number; sum: number | null }>(
    db,
    `SELECT count(*)::int AS rows, sum(v.value)::float8 AS sum
       FROM measure_values v
       JOIN workspaces w ON w.id = v.workspace_id
       JOIN measures m ON m.workspace_id = v.workspace_id AND m.id = v.measure_id
      WHERE w.key = $1 AND m.key = $2`,
    [workspace, measure],
  );
  return { rows: Number(r.rows), sum: Number(r.sum ?? 0) };
}
