import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-key rate-limit buckets shared by every API process (src/http/rate-limit.ts): one
 * row per key, updated by a single upsert per request. UNLOGGED: the counters are
 * worth no WAL write and no fsync per request; after a crash they restart full, which
 * only forgives part of one minute. No foreign keys, so counting never locks api_keys;
 * rows idle for a minute are pruned (a full bucket is the same as no row) by a scan of
 * this small table, so no index on updated_at stops updates from staying HOT.
 */
export class RateLimitBuckets1764300000300 implements MigrationInterface {
  name = 'RateLimitBuckets1764300000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_buckets (
        workspace_id uuid NOT NULL,
        api_key_id uuid NOT NULL,
        tokens double precision NOT NULL,
        granted boolean NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (workspace_id, api_key_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_buckets`);
  }
}
