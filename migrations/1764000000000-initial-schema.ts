import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole product's schema as first designed. Every table but `workspaces` carries
 * `workspace_id` first in its primary key and in every index, so a multi-tenant
 * deployment can distribute by workspace (Citus) without a schema change.
 * Plain SQL rather than generated DDL: the same text runs on PGlite and PostgreSQL.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workspaces (
        id uuid PRIMARY KEY,
        key text NOT NULL UNIQUE,
        name text NOT NULL,
        time_zone text NOT NULL DEFAULT 'UTC',
        fiscal_year_start_month smallint NOT NULL DEFAULT 1 CHECK (fiscal_year_start_month BETWEEN 1 AND 12),
        on_track_threshold double precision NOT NULL DEFAULT 1.0,
        at_risk_threshold double precision NOT NULL DEFAULT 0.9,
        definitions_generation bigint NOT NULL DEFAULT 1,
        revision integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE api_keys (
        workspace_id uuid NOT NULL REFERENCES workspaces(id),
        id uuid NOT NULL,
        prefix text NOT NULL,
        salt bytea NOT NULL,
        hash bytea NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('ADMIN','EDITOR','INGEST','VIEWER')),
        scope_team_id uuid,
        expires_at timestamptz,
        last_used_at timestamptz,
        revoked_at timestamptz,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, id)
      )`);
    // Key lookup happens before the workspace is known; the prefix is random and global.
    await q.query(`CREATE UNIQUE INDEX api_keys_prefix ON api_keys (prefix)`);

    await q.query(`
      CREATE TABLE teams (
        workspace_id uuid NOT NULL REFERENCES workspaces(id),
        id uuid NOT NULL,
        key text NOT NULL,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        parent_id uuid,
        archived_at timestamptz,
        revision integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, id),
        FOREIGN KEY (workspace_id, parent_id) REFERENCES teams(workspace_id, id)
      )`);
    await q.query(`CREATE UNIQUE INDEX teams_key ON teams (workspace_id, key)`);
    await q.query(`CREATE INDEX teams_parent ON teams (workspace_id, parent_id)`);
    await q.query(`
      CREATE TABLE team_closure (
        workspace_id uuid NOT NULL,
        ancestor_id uuid NOT NULL,
        descendant_id uuid NOT NULL,
        depth integer NOT NULL CHECK (depth >= 0),
        PRIMARY KEY (workspace_id, ancestor_id, descendant_id),
        FOREIGN KEY (workspace_id, ancestor_id) REFERENCES teams(workspace_id, id),
        FOREIGN KEY (workspace_id, descendant_id) REFERENCES teams(workspace_id, id)
      )`);
    await q.query(`CREATE INDEX team_closure_descendant ON team_closure (workspace_id, descendant_id)`);

    // Measure and KPI keys are unique together in a workspace: one registry enforces it.
    await q.query(`
      CREATE TABLE definition_keys (
        workspace_id uuid NOT NULL REFERENCES workspaces(id),
        key text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('MEASURE','KPI')),
        PRIMARY KEY (workspace_id, key)
      )`);
    await q.query(`
      CREATE TABLE measures (
        workspace_id uuid NOT NULL REFERENCES workspaces(id),
        id uuid NOT NULL,
        key text NOT NULL,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        unit text NOT NULL,
        currency text,
        time_aggregation text NOT NULL,
        team_aggregation text NOT NULL DEFAULT 'SUM',
        grain text NOT NULL,
        event_source jsonb,
        archived_at timestamptz,
        revision integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, id)
      )`);
    await q.query(`CREATE UNIQUE INDEX measures_key ON measures (workspace_id, key)`);
    await q.query(`
      CREATE TABLE measure_values (
        workspace_id uuid NOT NULL,
        measure_id uuid NOT NULL,
        team_id uuid NOT NULL,
        period_start date NOT NULL,
        anchor_date date NOT NULL,
        value double precision NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, measure_id, team_id, period_start),
        FOREIGN KEY (workspace_id, measure_id) REFERENCES measures(workspace_id, id),
        FOREIGN KEY (workspace_id, team_id) REFERENCES teams(workspace_id, id)
      )`);
    // Loads read one measure for every team over a date window.
    await q.query(`CREATE INDEX measure_values_window ON measure_values (workspace_id, measure_id, anchor_date)`);
    await q.query(`
      CREATE TABLE events (
        workspace_id uuid NOT NULL,
        id bigint GENERATED ALWAYS AS IDENTITY,
        external_id text,
        type text NOT NULL,
        team_id uuid NOT NULL,
        occurred_at timestamptz NOT NULL,
        local_date date NOT NULL,
        numbers jsonb NOT NULL DEFAULT '{}',
        strings jsonb NOT NULL DEFAULT '{}',
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, id),
        FOREIGN KEY (workspace_id, team_id) REFERENCES teams(workspace_id, id)
      )`);
    await q.query(`CREATE UNIQUE INDEX events_external ON events (workspace_id, external_id) WHERE external_id IS NOT NULL`);
    await q.query(`CREATE INDEX events_type_date ON events (workspace_id, type, local_date)`);

    await q.query(`
      CREATE TABLE kpis (
        workspace_id uuid NOT NULL REFERENCES workspaces(id),
        id uuid NOT NULL,
        key text NOT NULL,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        category text NOT NULL DEFAULT '',
        unit text NOT NULL DEFAULT 'number',
        display_format text NOT NULL DEFAULT 'NUMBER',
        decimals smallint NOT NULL DEFAULT 2,
        direction text NOT NULL CHECK (direction IN ('HIGHER_IS_BETTER','LOWER_IS_BETTER','CLOSER_IS_BETTER')),
        default_target double precision,
        on_track_threshold double precision,
        at_risk_threshold double precision,
        archived_at timestamptz,
        revision integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, id)
      )`);
    await q.query(`CREATE UNIQUE INDEX kpis_key ON kpis (workspace_id, key)`);
    await q.query(`
      CREATE TABLE kpi_versions (
        workspace_id uuid NOT NULL,
        kpi_id uuid NOT NULL,
        version integer NOT NULL,
        formula text NOT NULL,
        effective_from text,
        effective_from_day date,
        measure_refs text[] NOT NULL DEFAULT '{}',
        kpi_refs text[] NOT NULL DEFAULT '{}',
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, kpi_id, version),
        FOREIGN KEY (workspace_id, kpi_id) REFERENCES kpis(workspace_id, id)
      )`);
    await q.query(`
      CREATE TABLE targets (
        workspace_id uuid NOT NULL,
        id uuid NOT NULL,
        kpi_id uuid NOT NULL,
        team_id uuid,
        period_key text NOT NULL,
        granularity text NOT NULL,
        value double precision,
        formula text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, id),
        FOREIGN KEY (workspace_id, kpi_id) REFERENCES kpis(workspace_id, id),
        FOREIGN KEY (workspace_id, team_id) REFERENCES teams(workspace_id, id),
        CHECK ((value IS NULL) <> (formula IS NULL))
      )`);
    // team_id NULL is the workspace-wide target for that KPI and period.
    await q.query(`CREATE UNIQUE INDEX targets_natural ON targets (workspace_id, kpi_id, period_key, team_id) NULLS NOT DISTINCT`);

    await q.query(`
      CREATE TABLE scorecards (
        workspace_id uuid NOT NULL REFERENCES workspaces(id),
        id uuid NOT NULL,
        key text NOT NULL,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        archived_at timestamptz,
        revision integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, id)
      )`);
    await q.query(`CREATE UNIQUE INDEX scorecards_key ON scorecards (workspace_id, key)`);
    await q.query(`
      CREATE TABLE scorecard_versions (
        workspace_id uuid NOT NULL,
        scorecard_id uuid NOT NULL,
        version integer NOT NULL,
        effective_from text,
        effective_from_day date,
        definition jsonb NOT NULL,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, scorecard_id, version),
        FOREIGN KEY (workspace_id, scorecard_id) REFERENCES scorecards(workspace_id, id)
      )`);
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

    await q.query(`
      CREATE TABLE audit_log (
        workspace_id uuid NOT NULL REFERENCES workspaces(id),
        id bigint GENERATED ALWAYS AS IDENTITY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_key text NOT NULL,
        before jsonb,
        after jsonb,
        PRIMARY KEY (workspace_id, id)
      )`);
    await q.query(`CREATE INDEX audit_log_entity ON audit_log (workspace_id, entity_type, entity_key, at)`);
    await q.query(`CREATE INDEX audit_log_time ON audit_log (workspace_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_log', 'period_closes', 'scorecard_versions', 'scorecards', 'targets', 'kpi_versions', 'kpis',
      'events', 'measure_values', 'measures', 'definition_keys', 'team_closure', 'teams', 'api_keys', 'workspaces',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
