import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Comments and check-ins on a KPI × team × period cell. A check-in may override the
 * cell's status with a reason; the computed status is never changed. The id is an
 * identity so a cell's thread reads newest first even for comments written in one
 * transaction (same `created_at`).
 */
export class Comments1764300000100 implements MigrationInterface {
  name = 'Comments1764300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE comments (
        workspace_id uuid NOT NULL REFERENCES workspaces(id),
        id bigint GENERATED ALWAYS AS IDENTITY,
        kpi_id uuid NOT NULL,
        team_id uuid NOT NULL,
        period_key text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('COMMENT','CHECK_IN')),
        body text NOT NULL,
        status_override text CHECK (status_override IN ('ON_TRACK','AT_RISK','OFF_TRACK')),
        override_reason text,
        author_key_id text NOT NULL,
        author_name text NOT NULL,
        revision integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, id),
        FOREIGN KEY (workspace_id, kpi_id) REFERENCES kpis(workspace_id, id),
        FOREIGN KEY (workspace_id, team_id) REFERENCES teams(workspace_id, id),
        CHECK ((status_override IS NULL) = (override_reason IS NULL)),
        CHECK (status_override IS NULL OR kind = 'CHECK_IN')
      )`);
    // Grids and threads read whole cells: KPI, team, period.
    await q.query(`CREATE INDEX comments_cell ON comments (workspace_id, kpi_id, team_id, period_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE comments`);
  }
}
