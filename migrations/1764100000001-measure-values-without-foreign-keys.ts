import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk ingestion writes millions of measure values; the two foreign keys of
 * `measure_values` (to measures and teams) made PostgreSQL look up and share-lock the
 * parent row for every inserted value, which measured 2–2.5× the cost of the insert
 * itself (50,000 values: ~1.1 s with them, ~0.5 s without, bench/ingest.bench.ts).
 * The ids written always come from the workspace's own measures and teams, resolved by
 * key inside the writing transaction, and neither measures nor teams are ever deleted
 * (only archived), so the service keeps the guarantee. Anything that ever deletes a
 * measure or team must delete its values in the same transaction.
 */
export class MeasureValuesWithoutForeignKeys1764100000001 implements MigrationInterface {
  name = 'MeasureValuesWithoutForeignKeys1764100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE measure_values DROP CONSTRAINT IF EXISTS measure_values_workspace_id_measure_id_fkey`);
    await q.query(`ALTER TABLE measure_values DROP CONSTRAINT IF EXISTS measure_values_workspace_id_team_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE measure_values ADD FOREIGN KEY (workspace_id, measure_id) REFERENCES measures(workspace_id, id)`);
    await q.query(`ALTER TABLE measure_values ADD FOREIGN KEY (workspace_id, team_id) REFERENCES teams(workspace_id, id)`);
  }
}
