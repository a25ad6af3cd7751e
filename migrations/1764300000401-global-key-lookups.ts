import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The two identifiers that are unique across workspaces — a workspace's key and an API
 * key's prefix — move to lookup tables of their own. Every other table keeps
 * `workspace_id` first in all its keys; on Citus those tables are distributed by it,
 * where a unique index without the distribution column cannot exist, while these two
 * small tables become reference tables (a copy on every node, docs/SCALING.md). So
 * authentication finds the key's workspace with a local read, then reads the key on
 * that workspace's shard only, instead of asking every shard for the prefix.
 */
export class GlobalKeyLookups1764300000401 implements MigrationInterface {
  name = 'GlobalKeyLookups1764300000401';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE workspace_keys (key text PRIMARY KEY, workspace_id uuid NOT NULL)`);
    await q.query(`INSERT INTO workspace_keys (key, workspace_id) SELECT key, id FROM workspaces`);
    await q.query(`ALTER TABLE workspaces DROP CONSTRAINT workspaces_key_key`);
    await q.query(`CREATE TABLE api_key_prefixes (prefix text PRIMARY KEY, workspace_id uuid NOT NULL)`);
    await q.query(`INSERT INTO api_key_prefixes (prefix, workspace_id) SELECT prefix, workspace_id FROM api_keys`);
    await q.query(`DROP INDEX api_keys_prefix`);
    await q.query(`CREATE UNIQUE INDEX api_keys_prefix ON api_keys (workspace_id, prefix)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX api_keys_prefix`);
    await q.query(`CREATE UNIQUE INDEX api_keys_prefix ON api_keys (prefix)`);
    await q.query(`DROP TABLE api_key_prefixes`);
    await q.query(`ALTER TABLE workspaces ADD CONSTRAINT workspaces_key_key UNIQUE (key)`);
    await q.query(`DROP TABLE workspace_keys`);
  }
}
