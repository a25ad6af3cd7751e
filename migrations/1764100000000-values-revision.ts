import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A cheap "has any value or event changed" counter per workspace, bumped once per
 * successful ingestion batch. `definitions_generation` keys caches of compiled plans;
 * evaluated grids also depend on data, so a cache of results needs both counters.
 */
export class ValuesRevision1764100000000 implements MigrationInterface {
  name = 'ValuesRevision1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workspaces ADD COLUMN values_revision bigint NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workspaces DROP COLUMN values_revision`);
  }
}
