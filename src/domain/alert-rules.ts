/**
 * Alert rules: per KPI, a condition checked for every team and period whose value new
 * data changed (alert-evaluation.ts). Optional team (its subtree) and granularity.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../db/sql';
import { type Granularity, GRANULARITIES } from '../periods';
import { recordAudit } from './audit';
import { type ServiceContext, requirePermission, transaction } from './context';
import { Problem, conflict } from './problem';
import { loadTeamTree, resolveTeam } from './teams';

export type AlertKind = 'ENTERS_OFF_TRACK' | 'ABOVE_THRESHOLD' | 'BELOW_THRESHOLD' | 'CHANGE_PERCENT';
export const ALERT_KINDS: readonly AlertKind[] = ['ENTERS_OFF_TRACK', 'ABOVE_THRESHOLD', 'BELOW_THRESHOLD', 'CHANGE_PERCENT'];
/** Without a granularity a rule watches months, the usual review rhythm. */
export const DEFAULT_ALERT_GRANULARITY: Granularity = 'MONTH';
const MAX_NAME = 200;

export interface AlertRule {
  readonly id: string;
  readonly kpiId: string;
  readonly kpiKey: string;
  readonly kind: AlertKind;
  readonly threshold: number | null;
  readonly teamId: string | null;
  readonly teamKey: string | null;
  readonly granularity: Granularity;
  readonly name: string;
  readonly revision: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface AlertRuleInput {
  readonly kpi: string;
  readonly kind: AlertKind;
  readonly threshold?: number | null;
  readonly team?: string | null;
  readonly granularity?: Granularity | null;
  readonly name?: string | null;
}

export interface AlertRuleChange {
  readonly kind?: AlertKind | null;
  /** undefined keeps the threshold; a number replaces it. */
  readonly threshold?: number | null;
  /** undefined keeps the team; null makes the rule watch every team the key may see. */
  readonly team?: string | null;
  readonly granularity?: Granularity | null;
  readonly name?: string | null;
}

const RULE_COLUMNS = `r.id, r.kpi_id, k.key AS kpi_key, r.kind, r.threshold, r.team_id, t.key AS team_key, r.granularity, r.name, r.revision, r.created_at, r.updated_at`;
const RULE_FROM = `alert_rules r JOIN kpis k ON k.workspace_id = r.workspace_id AND k.id = r.kpi_id
  LEFT JOIN teams t ON t.workspace_id = r.workspace_id AND t.id = r.team_id`;

export function alertRuleFromRow(r: Record<string, unknown>): AlertRule {
  return {
    id: r.id as string,
    kpiId: r.kpi_id as string,
    kpiKey: r.kpi_key as string,
    kind: r.kind as AlertKind,
    threshold: r.threshold === null ? null : Number(r.threshold),
    teamId: (r.team_id as string | null) ?? null,
    teamKey: (r.team_key as string | null) ?? null,
    granularity: r.granularity as Granularity,
    name: r.name as string,
    revision: Number(r.revision),
    createdAt: new Date(r.created_at as string),
    updatedAt: new Date(r.updated_at as string),
  };
}

/** Live rules of a workspace (any reader: the evaluator or a request). */
export async function loadAlertRules(run: EntityManager, workspaceId: string, kpiIds?: readonly string[]): Promise<AlertRule[]> {
  const rows: Array<Record<string, unknown>> = await run.query(
    `SELECT ${RULE_COLUMNS} FROM ${RULE_FROM}
      WHERE r.workspace_id = $1 AND r.deleted_at IS NULL AND ($2::uuid[] IS NULL OR r.kpi_id = ANY($2::uuid[]))
      ORDER BY r.created_at, r.id`,
    [workspaceId, kpiIds ?? null],
  );
  return rows.map(alertRuleFromRow);
}

/** Rules the key may see: a key limited to a subtree sees the rules set on teams inside it. */
export async function listAlertRules(ctx: ServiceContext, kpi?: string | null): Promise<AlertRule[]> {
  requirePermission(ctx, 'read');
  const rules = await loadAlertRules(ctx.db.dataSource.manager, ctx.workspace.id);
  const scope = ctx.actor.scopeTeamId;
  const tree = scope ? await loadTeamTree(ctx) : null;
  return rules.filter((r) => (!kpi || r.kpiKey === kpi) && (!tree || (r.teamId !== null && tree.isInSubtree(scope!, r.teamId))));
}

export async function createAlertRule(ctx: ServiceContext, input: AlertRuleInput): Promise<AlertRule> {
  requirePermission(ctx, 'define');
  return transaction(ctx, async (tx) => {
    const kpiId = await kpiIdOf(ctx, tx, input.kpi);
    const teamId = await teamIdOf(ctx, tx, input.team ?? null);
    const rule = checked({ kind: input.kind, threshold: input.threshold ?? null, granularity: input.granularity ?? DEFAULT_ALERT_GRANULARITY, name: input.name ?? '' });
    const id = randomUUID();
    await tx.query(
      `INSERT INTO alert_rules (workspace_id, id, kpi_id, kind, threshold, team_id, granularity, name, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [ctx.workspace.id, id, kpiId, rule.kind, rule.threshold, teamId, rule.granularity, rule.name, ctx.actor.name],
    );
    const saved = await ruleById(ctx, tx, id);
    await recordAudit(ctx, tx, { action: 'CREATE', entityType: 'alert_rule', entityKey: id, after: auditView(saved) });
    return saved;
  });
}

export async function updateAlertRule(ctx: ServiceContext, id: string, revision: number, change: AlertRuleChange): Promise<AlertRule> {
  requirePermission(ctx, 'define');
  return transaction(ctx, async (tx) => {
    const before = await ruleForChange(ctx, tx, id);
    if (before.revision !== revision) throw conflict('Alert rule', id, revision, before.revision);
    const teamId = change.team === undefined ? before.teamId : await teamIdOf(ctx, tx, change.team);
    const kind = change.kind ?? before.kind;
    const rule = checked({
      kind,
      // A new kind without a new threshold would silently reuse a number meant for another condition.
      threshold: change.threshold !== undefined ? change.threshold : kind === before.kind ? before.threshold : null,
      granularity: change.granularity ?? before.granularity,
      name: change.name ?? before.name,
    });
    await tx.query(
      `UPDATE alert_rules SET kind = $3, threshold = $4, team_id = $5, granularity = $6, name = $7, revision = revision + 1, updated_at = now()
        WHERE workspace_id = $1 AND id = $2`,
      [ctx.workspace.id, id, rule.kind, rule.threshold, teamId, rule.granularity, rule.name],
    );
    const after = await ruleById(ctx, tx, id);
    await recordAudit(ctx, tx, { action: 'UPDATE', entityType: 'alert_rule', entityKey: id, before: auditView(before), after: auditView(after) });
    return after;
  });
}

/** Deletes a rule; the alerts it fired stay listed. */
export async function deleteAlertRule(ctx: ServiceContext, id: string, revision: number): Promise<AlertRule> {
  requirePermission(ctx, 'define');
  return transaction(ctx, async (tx) => {
    const before = await ruleForChange(ctx, tx, id);
    if (before.revision !== revision) throw conflict('Alert rule', id, revision, before.revision);
    await tx.query(`UPDATE alert_rules SET deleted_at = now(), revision = revision + 1 WHERE workspace_id = $1 AND id = $2`, [ctx.workspace.id, id]);
    await recordAudit(ctx, tx, { action: 'DELETE', entityType: 'alert_rule', entityKey: id, before: auditView(before) });
    return before;
  });
}

function checked(rule: { kind: AlertKind; threshold: number | null; granularity: Granularity; name: string }) {
  if (!ALERT_KINDS.includes(rule.kind)) throw new Problem('INVALID_INPUT', `Unknown alert kind "${rule.kind}"; use one of ${ALERT_KINDS.join(', ')}.`, { field: 'kind' });
  if (!GRANULARITIES.includes(rule.granularity)) throw new Problem('INVALID_INPUT', `Unknown granularity "${rule.granularity}".`, { field: 'granularity' });
  if (rule.kind === 'ENTERS_OFF_TRACK') {
    if (rule.threshold !== null) throw new Problem('INVALID_INPUT', 'An ENTERS_OFF_TRACK rule uses the status bands; leave threshold out.', { field: 'threshold' });
  } else {
    if (rule.threshold === null || !Number.isFinite(rule.threshold)) {
      throw new Problem('INVALID_INPUT', `A ${rule.kind} rule needs a finite threshold${rule.kind === 'CHANGE_PERCENT' ? ' (a percentage, e.g. 20 for 20 %)' : ''}.`, { field: 'threshold' });
    }
    if (rule.kind === 'CHANGE_PERCENT' && rule.threshold <= 0) {
      throw new Problem('INVALID_INPUT', `A CHANGE_PERCENT threshold is a percentage above 0, got ${rule.threshold}.`, { field: 'threshold' });
    }
  }
  const name = rule.name.trim();
  if (name.length > MAX_NAME) throw new Problem('INVALID_INPUT', `The name has ${name.length} characters; at most ${MAX_NAME}.`, { field: 'name' });
  return { ...rule, name };
}

async function kpiIdOf(ctx: ServiceContext, tx: EntityManager, key: string): Promise<string> {
  const rows: Array<{ id: string }> = await tx.query(`SELECT id FROM kpis WHERE workspace_id = $1 AND key = $2 AND archived_at IS NULL`, [ctx.workspace.id, key]);
  if (!rows[0]) throw new Problem('NOT_FOUND', `No active KPI with key "${key.slice(0, 80)}" in this workspace.`, { field: 'kpi', key: key.slice(0, 80) });
  return rows[0].id;
}

/** A key limited to a subtree watches its own subtree at most: no team means its scope's root. */
async function teamIdOf(ctx: ServiceContext, tx: EntityManager, key: string | null): Promise<string | null> {
  if (key === null) return ctx.actor.scopeTeamId ?? null;
  return resolveTeam(ctx, await loadTeamTree(ctx, tx), key).id;
}

async function ruleById(ctx: ServiceContext, tx: EntityManager, id: string): Promise<AlertRule> {
  const rows = await rowsOf(tx, `SELECT ${RULE_COLUMNS} FROM ${RULE_FROM} WHERE r.workspace_id = $1 AND r.id = $2`, [ctx.workspace.id, id]);
  return alertRuleFromRow(rows[0]);
}

/** The live rule, locked for the change; out of a scoped key's reach it does not exist for it. */
async function ruleForChange(ctx: ServiceContext, tx: EntityManager, id: string): Promise<AlertRule> {
  const missing = new Problem('NOT_FOUND', `No alert rule with id "${id.slice(0, 80)}" in this workspace.`, { field: 'id', key: id.slice(0, 80) });
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw missing;
  const rows = await rowsOf(tx, `SELECT ${RULE_COLUMNS} FROM ${RULE_FROM} WHERE r.workspace_id = $1 AND r.id = $2 AND r.deleted_at IS NULL FOR UPDATE OF r`, [ctx.workspace.id, id]);
  if (!rows[0]) throw missing;
  const rule = alertRuleFromRow(rows[0]);
  const scope = ctx.actor.scopeTeamId;
  if (scope && (rule.teamId === null || !(await loadTeamTree(ctx, tx)).isInSubtree(scope, rule.teamId))) throw missing;
  return rule;
}

function auditView(rule: AlertRule): object {
  return { kpi: rule.kpiKey, kind: rule.kind, threshold: rule.threshold, team: rule.teamKey, granularity: rule.granularity, name: rule.name };
}
