import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Period close (PRODUCT.md "Period close"). `period_closes` is rebuilt rather than altered:
 * nothing wrote it before this migration, and a close now needs its own id (a period may be
 * closed, reopened and closed again), its day range (so ingestion checks values against
 * closed ranges without re-parsing keys under a later fiscal calendar) and a reopen record.
 * Each team's frozen result is a row of `period_close_results`, so a read loads only the
 * teams it asks for. `value_adjustments` logs every write into a closed period.
 */
export class PeriodClose1764300000000 implements MigrationInterface {
  name = 'PeriodClose1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE period_closes`);
    await q.query(`
      CREATE TABLE period_closes (
        workspace_id uuid NOT NULL,
        id uuid NOT NULL,
        scorecard_id uuid NOT NULL,
        period_key text NOT NULL,
        granularity text NOT NULL,
        start_day date NOT NULL,
        end_day date NOT NULL,
        scorecard_version integer NOT NULL,
        closed_at timestamptz NOT NULL DEFAULT now(),
        closed_by text NOT NULL,
        -- What every team's result shares: the scorecard definition and KPI formula versions used.
        results jsonb NOT NULL,
        reopened_at timestamptz,
        reopened_by text,
        reopen_reason text,
        PRIMARY KEY (workspace_id, id),
        FOREIGN KEY (workspace_id, scorecard_id) REFERENCES scorecards(workspace_id, id),
        CHECK ((reopened_at IS NULL) = (reopen_reason IS NULL))
      )`);
    // At most one standing close per scorecard and period; reopened ones stay as history.
    await q.query(`CREATE UNIQUE INDEX period_closes_standing ON period_closes (workspace_id, scorecard_id, period_key) WHERE reopened_at IS NULL`);
    await q.query(`
      CREATE TABLE period_close_results (
        workspace_id uuid NOT NULL,
        close_id uuid NOT NULL,
        team_id uuid NOT NULL,
        result jsonb NOT NULL,
        PRIMARY KEY (workspace_id, close_id, team_id),
        FOREIGN KEY (workspace_id, close_id) REFERENCES period_closes(workspace_id, id)
      )`);
    await q.query(`
      CREATE TABLE value_adjustments (
        workspace_id uuid NOT NULL REFERENCES workspaces(id),
        id bigint GENERATED ALWAYS AS IDENTITY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        reason text NOT NULL,
        source text NOT NULL CHECK (source IN ('VALUES','DELETE','CSV','EVENTS')),
        measure_key text,
        event_type text,
        team_id uuid NOT NULL,
        team_key text NOT NULL,
        grain text NOT NULL,
        period_key text NOT NULL,
        period_start date NOT NULL,
        old_value double precision,
        new_value double precision,
        detail jsonb,
        PRIMARY KEY (workspace_id, id),
        FOREIGN KEY (workspace_id, team_id) REFERENCES teams(workspace_id, id),
        CHECK ((measure_key IS NULL) <> (event_type IS NULL))
      )`);
    // Reads pick the adjustments whose period lies in a closed one.
    await q.query(`CREATE INDEX value_adjustments_period ON value_adjustments (workspace_id, period_start)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE value_adjustments`);
    await q.query(`DROP TABLE period_close_results`);
    await q.query(`DROP TABLE period_closes`);
    await q.query(`
      CREATE TABLE period_closes (
        workspace_id uuid NOT NULL,
        scorecard_id uuid NOT NULL,
        period_key text NOT NULL,
        closed_at timestamptz NOT NULL DEFAULT now(),
        closed_by text,
        results jsonb NOT NULL,
        PRIMARY KEY (workspace_id, scorecard_id, period_key),
        FOREIGN KEY (workspace_id, scorecard_id) REFERENCES scorecards(workspace_id, id)
      )`);
  }
}
