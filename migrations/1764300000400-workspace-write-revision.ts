import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A per-workspace counter bumped by every transaction that wrote to the workspace
 * (src/db/write-revision.ts). A read replica whose copy of the counter has reached the
 * primary's holds every write made to that workspace up to then, so a client can be
 * served by it and still read its own writes (src/db/read-replicas.ts).
 */
export class WorkspaceWriteRevision1764300000400 implements MigrationInterface {
  name = 'WorkspaceWriteRevision1764300000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workspaces ADD COLUMN write_revision bigint NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workspaces DROP COLUMN write_revision`);
  }
}
