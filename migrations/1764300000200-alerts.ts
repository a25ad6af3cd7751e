import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Status alerts (PRODUCT.md "Collaboration and alerts"): rules per KPI, the alerts they
 * fired, the durable queue of evaluations a data write asks for, and outgoing webhooks
 * with one delivery row per (alert, webhook) and a log of every attempt. Every process
 * claims queue rows and deliveries with FOR UPDATE SKIP LOCKED, so several API processes
 * on one database never do the same work twice.
 */
export class Alerts1764300000200 implements MigrationInterface {
  name = 'Alerts1764300000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_rules (
        workspace_id uuid NOT NULL REFERENCES workspaces(id),
        id uuid NOT NULL,
        kpi_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('ENTERS_OFF_TRACK','ABOVE_THRESHOLD','BELOW_THRESHOLD','CHANGE_PERCENT')),
        threshold double precision,
        team_id uuid,
        granularity text NOT NULL,
        name text NOT NULL DEFAULT '',
        revision integer NOT NULL DEFAULT 1,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- Deleted rules stay, so the alerts they fired keep their history.
        deleted_at timestamptz,
        PRIMARY KEY (workspace_id, id),
        FOREIGN KEY (workspace_id, kpi_id) REFERENCES kpis(workspace_id, id),
        FOREIGN KEY (workspace_id, team_id) REFERENCES teams(workspace_id, id)
      )`);

    await q.query(`
      CREATE TABLE alerts (
        workspace_id uuid NOT NULL REFERENCES workspaces(id),
        id uuid NOT NULL,
        -- Orders alerts newest first without ties.
        seq bigint GENERATED ALWAYS AS IDENTITY,
        rule_id uuid NOT NULL,
        team_id uuid NOT NULL,
        period_key text NOT NULL,
        -- The condition as it was when the alert fired (a rule may change later).
        kind text NOT NULL,
        threshold double precision,
        value double precision,
        previous double precision,
        target double precision,
        achievement double precision,
        status text NOT NULL,
        fired_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, id),
        -- One alert per rule, team and period, however often or wherever it is evaluated.
        UNIQUE (workspace_id, rule_id, team_id, period_key),
        FOREIGN KEY (workspace_id, rule_id) REFERENCES alert_rules(workspace_id, id),
        FOREIGN KEY (workspace_id, team_id) REFERENCES teams(workspace_id, id)
      )`);
    await q.query(`CREATE INDEX alerts_newest ON alerts (workspace_id, seq DESC)`);

    // Written in the same transaction as the data, so a crash cannot lose an evaluation.
    await q.query(`
      CREATE TABLE alert_jobs (
        workspace_id uuid NOT NULL REFERENCES workspaces(id),
        id bigint GENERATED ALWAYS AS IDENTITY,
        measure_ids uuid[] NOT NULL,
        team_ids uuid[] NOT NULL,
        from_day date NOT NULL,
        to_day date NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        claimed_until timestamptz,
        last_error text,
        failed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, id)
      )`);
    await q.query(`CREATE INDEX alert_jobs_open ON alert_jobs (id) WHERE failed_at IS NULL`);

    await q.query(`
      CREATE TABLE webhooks (
        workspace_id uuid NOT NULL REFERENCES workspaces(id),
        id uuid NOT NULL,
        url text NOT NULL,
        -- Kept readable because every delivery is signed with it (a hash could not sign).
        secret text NOT NULL,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        PRIMARY KEY (workspace_id, id)
      )`);

    await q.query(`
      CREATE TABLE webhook_deliveries (
        workspace_id uuid NOT NULL REFERENCES workspaces(id),
        id uuid NOT NULL,
        webhook_id uuid NOT NULL,
        alert_id uuid NOT NULL,
        state text NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING','SUCCEEDED','FAILED')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        claimed_until timestamptz,
        claim_token uuid,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, id),
        UNIQUE (workspace_id, alert_id, webhook_id),
        FOREIGN KEY (workspace_id, webhook_id) REFERENCES webhooks(workspace_id, id),
        FOREIGN KEY (workspace_id, alert_id) REFERENCES alerts(workspace_id, id)
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'PENDING'`);

    await q.query(`
      CREATE TABLE webhook_delivery_attempts (
        workspace_id uuid NOT NULL,
        delivery_id uuid NOT NULL,
        attempt integer NOT NULL,
        status_code integer,
        error text,
        attempted_at timestamptz NOT NULL DEFAULT now(),
        duration_ms integer NOT NULL,
        PRIMARY KEY (workspace_id, delivery_id, attempt),
        FOREIGN KEY (workspace_id, delivery_id) REFERENCES webhook_deliveries(workspace_id, id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['webhook_delivery_attempts', 'webhook_deliveries', 'webhooks', 'alert_jobs', 'alerts', 'alert_rules']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
