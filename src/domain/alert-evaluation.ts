/**
 * Evaluates the alert rules one queued write affects: the rules whose KPI reads a written
 * measure (directly or through other KPIs), for the written teams and their ancestors
 * (values roll up), over the periods holding the written days plus the one after (whose
 * change from the previous period moved). One grid evaluation per granularity, the
 * same evaluation `kpiValues` uses; never a query per cell.
 *
 * A rule fires when its condition holds for a team and period. The alerts table keeps one
 * row per (rule, team, period) and inserts with ON CONFLICT DO NOTHING, so the alert goes
 * out once, when the condition first holds; evaluating the same state again, in this
 * process or another, fires nothing.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Database } from '../db/data-source';
import { rowsOf } from '../db/sql';
import { bumpWriteRevision } from '../db/write-revision';
import { type Granularity, type Period, periodFromIndex, periodIndexOfDay } from '../periods';
import type { AlertJob } from './alert-jobs';
import { type AlertRule, loadAlertRules } from './alert-rules';
import type { ServiceContext } from './context';
import { type Definitions, loadDefinitions } from './definitions';
import { evaluateGrid } from './kpi-grid';
import { type KpiCell, cellsOf } from './kpi-values';
import { MAX_GRID_CELLS } from './request-grid';
import { resolveTargetGrid } from './target-grid';
import type { TeamNode } from './team-tree';
import { loadTeamTree } from './teams';

/** Periods per grid evaluation; longer write ranges are evaluated in several windows. */
const MAX_PERIODS_PER_GRID = 120;

export interface FiredAlert {
  readonly id: string;
  readonly ruleId: string;
  readonly teamId: string;
  readonly periodKey: string;
}

/** Called in the transaction that stores new alerts (webhook deliveries, notifications). */
export type OnAlertsStored = (tx: EntityManager, workspaceId: string, alertIds: readonly string[]) => Promise<void>;

/** Evaluates one job; returns the alerts that fired now (not those that had fired before). */
export async function evaluateAlertJob(db: Database, job: AlertJob, onStored: OnAlertsStored): Promise<FiredAlert[]> {
  const ctx = await systemContext(db, job.workspaceId);
  if (!ctx) return [];
  const defs = await loadDefinitions(ctx);
  const writtenKeys = new Set([...defs.measures.values()].filter((m) => job.measureIds.includes(m.id)).map((m) => m.key));
  const kpiById = new Map([...defs.kpis.values()].map((k) => [k.id, k]));
  const reads = measuresRead(defs);
  const rules = (await loadAlertRules(db.dataSource.manager, job.workspaceId)).filter((r) => {
    const kpi = kpiById.get(r.kpiId);
    return kpi && !kpi.archivedAt && [...reads(kpi.key)].some((m) => writtenKeys.has(m));
  });
  if (rules.length === 0) return [];
  const tree = await loadTeamTree(ctx);
  const written = job.teamIds.filter((id) => tree.byId.has(id));
  const affected = new Map<string, TeamNode>();
  for (const id of written) for (const team of [tree.byId.get(id)!, ...tree.ancestors(id)]) affected.set(team.id, team);
  const bands = await workspaceBands(db, job.workspaceId);

  const candidates: Candidate[] = [];
  for (const [granularity, group] of groupBy(rules, (r) => r.granularity)) {
    const teams = [...affected.values()].filter((t) => group.some((r) => watches(tree, r, t.id)));
    if (teams.length === 0) continue;
    const kpis = [...new Set(group.map((r) => kpiById.get(r.kpiId)!))];
    for (const periods of periodWindows(ctx, granularity, job, Math.floor(MAX_GRID_CELLS / (kpis.length * teams.length)))) {
      const grid = await evaluateGrid(ctx, { kpis: kpis.map((k) => k.key), teams, periods, granularity, tree, defs });
      const targets = await resolveTargetGrid(ctx, grid, kpis);
      const cells = cellsOf(grid, kpis, targets, bands, 1);
      for (const rule of group) {
        for (const cell of cells) {
          if (cell.kpi.id === rule.kpiId && watches(tree, rule, cell.team.id) && conditionHolds(rule, cell)) candidates.push({ rule, cell });
        }
      }
    }
  }
  if (candidates.length === 0) return [];
  return db.dataSource.transaction(async (tx) => {
    const stored = await storeAlerts(tx, job.workspaceId, candidates);
    if (stored.length > 0) {
      await onStored(tx, job.workspaceId, stored.map((a) => a.id));
      // Like every write through a service transaction: read replicas learn they lack it until it arrives.
      await bumpWriteRevision(tx, job.workspaceId);
    }
    return stored;
  });
}

interface Candidate {
  readonly rule: AlertRule;
  readonly cell: KpiCell;
}

/** Whether the rule's condition holds for one evaluated cell. */
export function conditionHolds(rule: Pick<AlertRule, 'kind' | 'threshold'>, cell: Pick<KpiCell, 'value' | 'status' | 'changeRatio'>): boolean {
  switch (rule.kind) {
    case 'ENTERS_OFF_TRACK': return cell.status === 'OFF_TRACK';
    case 'ABOVE_THRESHOLD': return cell.value !== null && cell.value > rule.threshold!;
    case 'BELOW_THRESHOLD': return cell.value !== null && cell.value < rule.threshold!;
    // A change from 0 has no ratio, so it never counts as a percentage change.
    case 'CHANGE_PERCENT': return cell.changeRatio !== null && Math.abs(cell.changeRatio) * 100 > rule.threshold!;
  }
}

function watches(tree: { isInSubtree(rootId: string, id: string): boolean }, rule: AlertRule, teamId: string): boolean {
  return rule.teamId === null || tree.isInSubtree(rule.teamId, teamId);
}

/** Inserts what is new; returns only the rows this call inserted. */
async function storeAlerts(tx: EntityManager, workspaceId: string, candidates: readonly Candidate[]): Promise<FiredAlert[]> {
  const col = <T>(f: (c: Candidate) => T) => candidates.map(f);
  return rowsOf<FiredAlert>(tx,
    `INSERT INTO alerts (workspace_id, id, rule_id, team_id, period_key, kind, threshold, value, previous, target, achievement, status)
     SELECT $1, id, rule_id, team_id, period_key, kind, threshold, value, previous, target, achievement, status
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::text[])
            AS u(id, rule_id, team_id, period_key, kind, threshold, value, previous, target, achievement, status)
     ORDER BY period_key, team_id
     ON CONFLICT (workspace_id, rule_id, team_id, period_key) DO NOTHING
     RETURNING id, rule_id AS "ruleId", team_id AS "teamId", period_key AS "periodKey"`,
    [
      workspaceId, col(() => randomUUID()), col((c) => c.rule.id), col((c) => c.cell.team.id), col((c) => c.cell.period.key as string),
      col((c) => c.rule.kind), col((c) => c.rule.threshold), col((c) => c.cell.value), col((c) => c.cell.previous),
      col((c) => c.cell.target), col((c) => c.cell.achievement), col((c) => c.cell.status),
    ]);
}

/** The measure keys a KPI reads in any of its versions, through other KPIs too. */
function measuresRead(defs: Definitions): (kpiKey: string) => Set<string> {
  const memo = new Map<string, Set<string>>();
  const visit = (key: string): Set<string> => {
    const known = memo.get(key);
    if (known) return known;
    const out = new Set<string>();
    memo.set(key, out); // stored definitions hold no cycles; this only guards the walk
    for (const v of defs.kpis.get(key)?.versions ?? []) {
      for (const m of v.measureRefs) out.add(m);
      for (const k of v.kpiRefs) for (const m of visit(k)) out.add(m);
    }
    return out;
  };
  return visit;
}

/**
 * The job's periods at one granularity, with the one before (its value feeds "previous")
 * and the one after, in windows short enough for one grid each; consecutive windows
 * overlap by one period so every evaluated period has its previous one.
 */
function periodWindows(ctx: ServiceContext, granularity: Granularity, job: AlertJob, maxPeriods: number): Period[][] {
  const calendar = { fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth };
  const first = periodIndexOfDay(job.fromDay, granularity, calendar) - 1;
  const last = periodIndexOfDay(job.toDay, granularity, calendar) + 1;
  const size = Math.max(2, Math.min(MAX_PERIODS_PER_GRID, maxPeriods));
  const windows: Period[][] = [];
  for (let start = first; start < last; start += size - 1) {
    const end = Math.min(last, start + size - 1);
    const window: Period[] = [];
    for (let i = start; i <= end; i++) window.push(periodFromIndex(i, granularity, calendar));
    windows.push(window);
  }
  return windows;
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const list = out.get(key(item));
    if (list) list.push(item);
    else out.set(key(item), [item]);
  }
  return out;
}

/** Evaluation sees the whole workspace: no key, no team scope, no request deadline. */
async function systemContext(db: Database, workspaceId: string): Promise<ServiceContext | null> {
  const rows: Array<Record<string, unknown>> = await db.dataSource.query(`SELECT id, key, time_zone, fiscal_year_start_month FROM workspaces WHERE id = $1`, [workspaceId]);
  const w = rows[0];
  if (!w) return null;
  return {
    requestId: 'alert-evaluation',
    db,
    workspace: { id: w.id as string, key: w.key as string, timeZone: w.time_zone as string, fiscalYearStartMonth: Number(w.fiscal_year_start_month) },
    actor: { name: 'alert evaluation', keyId: 'alert-evaluation', role: 'VIEWER' },
  };
}

async function workspaceBands(db: Database, workspaceId: string): Promise<{ onTrack: number; atRisk: number }> {
  const rows: Array<Record<string, unknown>> = await db.dataSource.query(`SELECT on_track_threshold, at_risk_threshold FROM workspaces WHERE id = $1`, [workspaceId]);
  return { onTrack: Number(rows[0].on_track_threshold), atRisk: Number(rows[0].at_risk_threshold) };
}
