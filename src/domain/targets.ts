/**
 * Targets in bulk. A `setTargets` call is validated as a whole and written in one
 * transaction: every bad row is reported and nothing is written, or all of it is.
 * Sending the same rows again changes nothing (no revision, generation or audit entry).
 */
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../db/sql';
import { type Period, parsePeriodKey } from '../periods';
import { recordAudit } from './audit';
import { type ServiceContext, requirePermission, transaction } from './context';
import { loadDefinitions } from './definitions';
import { ingestLimits } from './ingest-limits';
import { Problem, type ProblemDetail, conflict, notFound } from './problem';
import type { StoredTarget, TargetInputRow, TargetRow, TargetSet, TargetsWriteReport } from './target';
import { type ExistingTarget, planTargetWrites, readExistingTargets, writeTargetPlan } from './target-store';
import { type ScopeViolation, validateTargetRows } from './target-rows';
import { bumpGeneration, loadTeamTree, resolveTeam } from './teams';
import { sortRowErrors } from './value-rows';

export interface ExpectedRevision {
  readonly kpi: string;
  readonly revision: number;
}

export async function setTargets(ctx: ServiceContext, rows: readonly TargetInputRow[], expectedRevisions: readonly ExpectedRevision[] = []): Promise<TargetsWriteReport> {
  requirePermission(ctx, 'define');
  if (rows.length > ingestLimits.maxBatchRows) {
    throw new Problem('LIMIT_EXCEEDED', `The batch has ${rows.length} targets; the limit is ${ingestLimits.maxBatchRows} per call. Split it into several calls.`, { field: 'targets' });
  }
  return transaction(ctx, async (tx) => {
    const defs = await loadDefinitions(ctx, tx);
    const tree = await loadTeamTree(ctx, tx);
    const { resolved, errors, outOfScope } = validateTargetRows(ctx, rows, defs, tree);
    if (outOfScope.length > 0) throw scopeRefused(outOfScope, tree.byId.get(ctx.actor.scopeTeamId!)?.key ?? '');
    if (errors.length > 0) {
      const details: ProblemDetail[] = sortRowErrors(errors).map((e) => ({ index: e.row, field: `targets[${e.row}].${e.field}`, message: e.message }));
      const bad = new Set(errors.map((e) => e.row)).size;
      throw new Problem('INVALID_INPUT', `${bad} of ${rows.length} target rows ${bad === 1 ? 'is' : 'are'} invalid, so nothing was written; each bad row is listed in details (0-based index).`, { field: 'targets', details });
    }
    expectedRevisions.forEach((e, i) => {
      if (!defs.kpis.has(e.kpi)) throw new Problem('NOT_FOUND', `expectedRevisions[${i}]: no KPI with key "${e.kpi.slice(0, 80)}" in this workspace.`, { field: `expectedRevisions[${i}].kpi`, key: e.kpi });
    });
    const named = [...new Set([...resolved.map((r) => r.kpiKey), ...expectedRevisions.map((e) => e.kpi)])].sort();
    const locked = await lockTargetSets(ctx, tx, named.map((k) => defs.kpis.get(k)!.id));
    for (const e of expectedRevisions) {
      const current = locked.get(e.kpi)!;
      if (current.revision !== e.revision) throw conflict('The target set of KPI', e.kpi, e.revision, current.revision);
    }
    // Re-read under the lock: a KPI archived since the snapshot takes no new targets.
    const archived = resolved.find((r) => !r.clear && locked.get(r.kpiKey)!.archived);
    if (archived) throw new Problem('INVALID_INPUT', `KPI "${archived.kpiKey}" was archived meanwhile; it takes no new targets.`, { field: `targets[${archived.index}].kpi`, key: archived.kpiKey });

    const existing = await readExistingTargets(ctx, tx, resolved);
    const plan = planTargetWrites(resolved, existing);
    await writeTargetPlan(ctx, tx, plan);
    const touched = [...plan.changesByKpi.keys()].sort();
    if (touched.length > 0) {
      const bumped = await rowsOf<{ key: string; targets_revision: number }>(tx,
        `UPDATE kpis SET targets_revision = targets_revision + 1 WHERE workspace_id = $1 AND key = ANY($2::text[]) RETURNING key, targets_revision`,
        [ctx.workspace.id, touched]);
      for (const b of bumped) locked.set(b.key, { ...locked.get(b.key)!, revision: Number(b.targets_revision) });
      await bumpGeneration(tx, ctx);
      for (const kpi of touched) {
        const changes = plan.changesByKpi.get(kpi)!;
        await recordAudit(ctx, tx, {
          action: 'UPDATE', entityType: 'TARGETS', entityKey: kpi,
          before: { revision: locked.get(kpi)!.revision - 1, targets: changes.before },
          after: { revision: locked.get(kpi)!.revision, targets: changes.after },
        });
      }
    }
    return {
      inserted: plan.inserted, updated: plan.updated, unchanged: plan.unchanged, cleared: plan.cleared,
      revisions: named.map((kpi) => ({ kpi, revision: locked.get(kpi)!.revision })),
    };
  });
}

function scopeRefused(rows: readonly ScopeViolation[], scopeKey: string): Problem {
  const shown = rows.slice(0, 5).map((r) => `row ${r.row} (${r.team === null ? 'workspace-wide' : `team "${r.team}"`})`).join(', ');
  return new Problem('FORBIDDEN', `This API key is limited to the subtree of team "${scopeKey}"; it may set targets only for teams in it, never workspace-wide ones. Refused: ${shown}${rows.length > 5 ? ` and ${rows.length - 5} more` : ''}.`, { field: 'targets' });
}

/** Locks the KPIs' rows so concurrent writers of the same target sets queue, and reads their revisions. */
async function lockTargetSets(ctx: ServiceContext, tx: EntityManager, kpiIds: readonly string[]): Promise<Map<string, { revision: number; archived: boolean }>> {
  const rows = await rowsOf<{ key: string; targets_revision: number; archived_at: unknown }>(tx,
    `SELECT key, targets_revision, archived_at FROM kpis WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
    [ctx.workspace.id, kpiIds]);
  return new Map(rows.map((r) => [r.key, { revision: Number(r.targets_revision), archived: r.archived_at !== null }]));
}

export interface TargetQuery {
  readonly kpi: string;
  /** Only these teams' own targets; omitted: every visible target, workspace-wide ones included. */
  readonly teams?: readonly string[] | null;
  /** Period keys; a target is listed when its period lies within [from, to]. */
  readonly from?: string | null;
  readonly to?: string | null;
}

export async function listTargets(ctx: ServiceContext, query: TargetQuery): Promise<TargetSet> {
  requirePermission(ctx, 'read');
  const calendar = { fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth };
  const bound = (field: 'from' | 'to'): Period | null => {
    const key = query[field];
    if (key === undefined || key === null) return null;
    const parsed = parsePeriodKey(key, calendar);
    if (!parsed.ok) throw new Problem('INVALID_PERIOD', `${field}: ${parsed.error.message}`, { field });
    return parsed.period;
  };
  const [from, to] = [bound('from'), bound('to')];
  if (from && to && from.startDay > to.endDay) throw new Problem('INVALID_PERIOD', `The range starts after it ends: ${from.key} is after ${to.key}.`, { field: 'from' });
  const defs = await loadDefinitions(ctx);
  const kpi = defs.kpis.get(query.kpi);
  if (!kpi) throw notFound('KPI', query.kpi);
  const tree = await loadTeamTree(ctx);
  const teamIds = query.teams ? query.teams.map((k, i) => resolveTeam(ctx, tree, k, `teams[${i}]`).id) : null;
  const scope = ctx.actor.scopeTeamId;
  const visible = scope ? new Set(tree.subtree(scope).map((t) => t.id)) : null;
  // The revision is read before the rows: if a write lands in between, the caller holds a stale
  // revision and gets CONFLICT on its next write instead of overwriting unseen changes.
  const [head] = await ctx.db.dataSource.query(`SELECT targets_revision FROM kpis WHERE workspace_id = $1 AND id = $2`, [ctx.workspace.id, kpi.id]);
  const rows: ExistingTarget[] = await ctx.db.dataSource.query(
    `SELECT id, kpi_id, team_id, period_key, value, formula, updated_at FROM targets
      WHERE workspace_id = $1 AND kpi_id = $2 AND ($3::uuid[] IS NULL OR team_id = ANY($3::uuid[]))`,
    [ctx.workspace.id, kpi.id, teamIds],
  );
  const targets: StoredTarget[] = [];
  for (const r of rows) {
    if (visible && r.team_id !== null && !visible.has(r.team_id)) continue;
    const parsed = parsePeriodKey(r.period_key, calendar);
    if (!parsed.ok) continue; // stored keys are canonical; a calendar change cannot make them unparsable
    const period = parsed.period;
    if ((from && period.startDay < from.startDay) || (to && period.endDay > to.endDay)) continue;
    targets.push({ kpi: kpi.key, teamKey: r.team_id ? tree.byId.get(r.team_id)?.key ?? null : null, period, value: r.value === null ? null : Number(r.value), formula: r.formula, updatedAt: new Date(r.updated_at as string) });
  }
  targets.sort((a, b) => a.period.startDay - b.period.startDay || b.period.endDay - a.period.endDay || (a.teamKey ?? '').localeCompare(b.teamKey ?? ''));
  return { kpi: kpi.key, revision: Number(head.targets_revision), targets };
}

/**
 * Every stored target of these KPIs in these periods (all teams and workspace-wide), in
 * one query, for the evaluator. The caller has checked read access and applies team
 * scope; period keys are canonical (`Period.key`).
 */
export async function loadTargets(ctx: ServiceContext, request: { kpiKeys: readonly string[]; periodKeys: readonly string[] }, tx?: EntityManager): Promise<TargetRow[]> {
  if (request.kpiKeys.length === 0 || request.periodKeys.length === 0) return [];
  const run = tx ?? ctx.db.dataSource.manager;
  const rows: Array<{ kpi: string; team_id: string | null; period_key: string; value: number | null; formula: string | null }> = await run.query(
    `SELECT k.key AS kpi, t.team_id, t.period_key, t.value, t.formula
       FROM targets t JOIN kpis k ON k.workspace_id = t.workspace_id AND k.id = t.kpi_id
      WHERE t.workspace_id = $1 AND k.key = ANY($2::text[]) AND t.period_key = ANY($3::text[])`,
    [ctx.workspace.id, [...request.kpiKeys], [...request.periodKeys]],
  );
  return rows.map((r) => ({ kpi: r.kpi, teamId: r.team_id, periodKey: r.period_key, value: r.value === null ? null : Number(r.value), formula: r.formula }));
}
