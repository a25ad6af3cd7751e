/** Fired alerts: what a rule found for one team and period, listed newest first. */
import type { EntityManager } from 'typeorm';
import type { Database } from '../db/data-source';
import type { AlertKind } from './alert-rules';
import { type ServiceContext, requirePermission } from './context';
import { Problem } from './problem';
import { loadTeamTree, resolveTeam } from './teams';

export interface Alert {
  readonly id: string;
  readonly workspaceId: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly kind: AlertKind;
  readonly threshold: number | null;
  readonly kpiKey: string;
  readonly teamId: string;
  readonly teamKey: string;
  readonly periodKey: string;
  readonly value: number | null;
  readonly previous: number | null;
  readonly target: number | null;
  readonly achievement: number | null;
  readonly status: string;
  readonly firedAt: Date;
}

export interface AlertFilter {
  readonly kpi?: string | null;
  /** Alerts of this team and its subtree. */
  readonly team?: string | null;
  readonly rule?: string | null;
  readonly since?: Date | null;
  readonly first?: number | null;
}

export const MAX_ALERTS_PER_PAGE = 1000;
const DEFAULT_ALERTS_PER_PAGE = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ALERT_SELECT = `
  SELECT a.id, a.workspace_id, a.rule_id, r.name AS rule_name, a.kind, a.threshold, k.key AS kpi_key, a.team_id, t.key AS team_key,
         a.period_key, a.value, a.previous, a.target, a.achievement, a.status, a.fired_at
    FROM alerts a
    JOIN alert_rules r ON r.workspace_id = a.workspace_id AND r.id = a.rule_id
    JOIN kpis k ON k.workspace_id = r.workspace_id AND k.id = r.kpi_id
    JOIN teams t ON t.workspace_id = a.workspace_id AND t.id = a.team_id`;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function alertFromRow(r: Record<string, unknown>): Alert {
  return {
    id: r.id as string,
    workspaceId: r.workspace_id as string,
    ruleId: r.rule_id as string,
    ruleName: r.rule_name as string,
    kind: r.kind as AlertKind,
    threshold: num(r.threshold),
    kpiKey: r.kpi_key as string,
    teamId: r.team_id as string,
    teamKey: r.team_key as string,
    periodKey: r.period_key as string,
    value: num(r.value),
    previous: num(r.previous),
    target: num(r.target),
    achievement: num(r.achievement),
    status: r.status as string,
    firedAt: new Date(r.fired_at as string),
  };
}

/** Alerts by id, for fan-out to subscribers and webhooks (the caller knows the workspace). */
export async function loadAlertsByIds(run: Database | EntityManager, workspaceId: string, ids: readonly string[]): Promise<Alert[]> {
  if (ids.length === 0) return [];
  const manager = 'dataSource' in run ? run.dataSource.manager : run;
  const rows: Array<Record<string, unknown>> = await manager.query(`${ALERT_SELECT} WHERE a.workspace_id = $1 AND a.id = ANY($2::uuid[]) ORDER BY a.seq`, [workspaceId, ids]);
  return rows.map(alertFromRow);
}

export async function listAlerts(ctx: ServiceContext, filter: AlertFilter): Promise<Alert[]> {
  requirePermission(ctx, 'read');
  const first = filter.first ?? DEFAULT_ALERTS_PER_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_ALERTS_PER_PAGE) {
    throw new Problem('INVALID_INPUT', `first must be a whole number from 1 to ${MAX_ALERTS_PER_PAGE}, got ${first}.`, { field: 'filter.first' });
  }
  if (filter.rule != null && !UUID.test(filter.rule)) return [];
  const tree = await loadTeamTree(ctx);
  // The subtree asked for, or else the key's own: a scoped key never sees alerts of other teams.
  const root = filter.team ? resolveTeam(ctx, tree, filter.team, 'filter.team').id : ctx.actor.scopeTeamId ?? null;
  const teamIds = root ? tree.subtree(root).map((t) => t.id) : null;
  const rows: Array<Record<string, unknown>> = await ctx.db.dataSource.query(
    `${ALERT_SELECT}
      WHERE a.workspace_id = $1 AND ($2::text IS NULL OR k.key = $2) AND ($3::uuid[] IS NULL OR a.team_id = ANY($3::uuid[]))
        AND ($4::uuid IS NULL OR a.rule_id = $4) AND ($5::timestamptz IS NULL OR a.fired_at >= $5)
      ORDER BY a.seq DESC LIMIT $6`,
    [ctx.workspace.id, filter.kpi ?? null, teamIds, filter.rule ?? null, filter.since ?? null, first],
  );
  return rows.map(alertFromRow);
}
