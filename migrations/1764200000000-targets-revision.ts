import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The targets of one KPI form a "target set" with its own revision, so that two people
 * editing targets in bulk notice each other (optimistic concurrency) without bumping the
 * KPI's own revision, which guards its formula and fields.
 */
export class TargetsRevision1764200000000 implements MigrationInterface {
  name = 'TargetsRevision1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE kpis ADD COLUMN targets_revision integer NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE kpis DROP COLUMN targets_revision`);
  }
}
