/**
 * PostgreSQL streaming replicas (DATABASE_READ_URLS) that answer read-only queries.
 *
 * Each replica is a DataSource of its own rather than TypeORM's `replication` option:
 * that option connects to every replica when the service starts (one replica down would
 * stop start-up) and picks a replica at random for every query, so it cannot prefer one
 * that already holds the reader's own writes. Here a replica is opened on first use,
 * set aside for a few seconds after a failure, and chosen per request only when its
 * copy of the workspace's write revision has reached the primary's (write-revision.ts).
 */
import { DataSource } from 'typeorm';
import type { Database } from './data-source';
import { readWriteRevision } from './write-revision';

/** After a failure a replica is left alone this long; reads go elsewhere meanwhile. */
const RETRY_AFTER_MS = 5_000;
/** A replica that does not accept a connection this fast is treated as down. */
const CONNECT_TIMEOUT_MS = 2_000;

export interface ReplicaStatus {
  /** `replica-1` … in DATABASE_READ_URLS order; URLs stay out of the unauthenticated /health. */
  readonly name: string;
  readonly state: 'streaming' | 'down' | 'not-in-recovery';
  /** WAL the primary has written that the replica has not replayed yet. */
  readonly lagBytes: number | null;
  /** While behind: time since the last transaction it replayed; 0 when caught up. */
  readonly lagSeconds: number | null;
  /** Read operations it answered. */
  readonly reads: number;
  /** Times it was passed over because it lacked the workspace's latest writes. */
  readonly behind: number;
  /** Connections or reads that failed (each one answered by the primary instead). */
  readonly failures: number;
}

export interface ReplicaChoice {
  readonly replica: Replica;
  /** Same shape as the primary's Database, so services read through it unchanged. */
  readonly db: Database;
}

export class Replica {
  reads = 0;
  behind = 0;
  failures = 0;
  private opening?: Promise<Database>;
  private retryAt = 0;

  constructor(readonly name: string, private readonly url: string, private readonly poolSize: number) {}

  /** The replica as a read-only Database, or undefined while it is set aside after a failure. */
  async open(): Promise<Database | undefined> {
    if (Date.now() < this.retryAt) return undefined;
    this.opening ??= this.connect();
    try {
      return await this.opening;
    } catch {
      this.failed(true);
      return undefined;
    }
  }

  /** Sets the replica aside; `reconnect` also drops a connection that never opened. */
  failed(reconnect = false): void {
    this.failures++;
    this.retryAt = Date.now() + RETRY_AFTER_MS;
    if (reconnect) this.opening = undefined;
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    const db = await opening?.catch(() => undefined);
    await db?.close();
  }

  private async connect(): Promise<Database> {
    const dataSource = new DataSource({
      type: 'postgres',
      url: this.url,
      synchronize: false,
      logging: false,
      extra: { max: this.poolSize, connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
      // An idle connection that breaks means the replica restarted or went away.
      poolErrorHandler: () => this.failed(),
    });
    await dataSource.initialize();
    return {
      dataSource,
      kind: 'postgres',
      migrate: () => Promise.reject(new Error(`${this.name} is a read replica; migrations run on the primary`)),
      close: () => dataSource.destroy(),
    };
  }
}

export class ReadReplicas {
  readonly replicas: readonly Replica[];
  /** Read operations the primary answered while replicas were configured. */
  primaryReads = 0;
  private next = 0;

  constructor(urls: readonly string[], poolSize: number) {
    this.replicas = urls.map((url, i) => new Replica(`replica-${i + 1}`, url, poolSize));
  }

  /**
   * A replica that holds every write made to the workspace up to `writeRevision` (the
   * primary's revision when the request arrived), starting at the next one in turn; none
   * → the caller reads the primary. The check is one primary-key read on that replica.
   */
  async choose(workspaceId: string, writeRevision: bigint): Promise<ReplicaChoice | undefined> {
    const start = this.next++ % this.replicas.length;
    for (let i = 0; i < this.replicas.length; i++) {
      const replica = this.replicas[(start + i) % this.replicas.length];
      const db = await replica.open();
      if (!db) continue;
      let revision: bigint | null;
      try {
        revision = await readWriteRevision(db.dataSource, workspaceId);
      } catch {
        replica.failed();
        continue;
      }
      if (revision !== null && revision >= writeRevision) return { replica, db };
      replica.behind++;
    }
    return undefined;
  }

  /** Lag of every replica against the primary's current WAL position, for /health. */
  async status(primary: DataSource): Promise<ReplicaStatus[]> {
    const [{ lsn }]: Array<{ lsn: string }> = await primary.query(`SELECT pg_current_wal_lsn()::text AS lsn`);
    return Promise.all(this.replicas.map(async (replica): Promise<ReplicaStatus> => {
      const counts = { name: replica.name, reads: replica.reads, behind: replica.behind, failures: replica.failures };
      const db = await replica.open();
      if (!db) return { ...counts, state: 'down', lagBytes: null, lagSeconds: null };
      try {
        const [row]: Array<{ recovery: boolean; lag_bytes: number; lag_seconds: number | null }> = await db.dataSource.query(
          `SELECT pg_is_in_recovery() AS recovery,
                  GREATEST(0, pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()))::float8 AS lag_bytes,
                  CASE WHEN pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()) <= 0 THEN 0
                       ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END::float8 AS lag_seconds`,
          [lsn],
        );
        if (!row.recovery) return { ...counts, state: 'not-in-recovery', lagBytes: null, lagSeconds: null };
        return { ...counts, state: 'streaming', lagBytes: row.lag_bytes, lagSeconds: row.lag_seconds };
      } catch {
        replica.failed();
        return { ...counts, failures: replica.failures, state: 'down', lagBytes: null, lagSeconds: null };
      }
    }));
  }

  async close(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.close()));
  }
}
