/**
 * Set-based reads and writes of target rows for `setTargets`: the stored rows a batch
 * names are read once, the batch is compared with them in memory (so unchanged rows are
 * neither written nor audited), and the changes go out as a few array-parameter statements.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../db/sql';
import type { ServiceContext } from './context';
import { ingestLimits } from './ingest-limits';
import { type ResolvedTarget, type TargetAuditRow, targetKey } from './target';

export interface ExistingTarget {
  readonly id: string;
  readonly kpi_id: string;
  readonly team_id: string | null;
  readonly period_key: string;
  readonly value: number | null;
  readonly formula: string | null;
  readonly updated_at?: unknown;
}

export interface TargetWritePlan {
  readonly upserts: ResolvedTarget[];
  /** Ids of stored rows to delete. */
  readonly deletes: string[];
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly cleared: number;
  /** Per KPI key that changed: the changed rows before and after, for its audit entry. */
  readonly changesByKpi: Map<string, { before: TargetAuditRow[]; after: TargetAuditRow[] }>;
}

/** Stands for "no team" (workspace-wide) in join keys; never a real team id. */
const NO_TEAM = '00000000-0000-0000-0000-000000000000';

/** The stored rows with the same natural keys as the batch. */
export async function readExistingTargets(ctx: ServiceContext, tx: EntityManager, rows: readonly ResolvedTarget[]): Promise<Map<string, ExistingTarget>> {
  const found = new Map<string, ExistingTarget>();
  for (let i = 0; i < rows.length; i += ingestLimits.writeChunkRows) {
    const chunk = rows.slice(i, i + ingestLimits.writeChunkRows);
    const stored = await rowsOf<ExistingTarget>(tx,
      `SELECT t.id, t.kpi_id, t.team_id, t.period_key, t.value, t.formula
         FROM targets t
         JOIN unnest($2::uuid[], $3::uuid[], $4::text[]) AS k(kpi_id, team_id, period_key)
           ON t.kpi_id = k.kpi_id AND t.period_key = k.period_key
          -- equality on both sides (not IS NOT DISTINCT FROM) lets the planner hash-join
          AND coalesce(t.team_id, '${NO_TEAM}') = coalesce(k.team_id, '${NO_TEAM}')
        WHERE t.workspace_id = $1`,
      [ctx.workspace.id, chunk.map((r) => r.kpiId), chunk.map((r) => r.teamId), chunk.map((r) => r.periodKey)]);
    for (const s of stored) found.set(targetKey(s.kpi_id, s.team_id, s.period_key), { ...s, value: s.value === null ? null : Number(s.value) });
  }
  return found;
}

export function planTargetWrites(rows: readonly ResolvedTarget[], existing: ReadonlyMap<string, ExistingTarget>): TargetWritePlan {
  const plan = { upserts: [] as ResolvedTarget[], deletes: [] as string[], inserted: 0, updated: 0, unchanged: 0, cleared: 0, changesByKpi: new Map<string, { before: TargetAuditRow[]; after: TargetAuditRow[] }>() };
  const changes = (kpi: string) => {
    let c = plan.changesByKpi.get(kpi);
    if (!c) plan.changesByKpi.set(kpi, (c = { before: [], after: [] }));
    return c;
  };
  for (const r of rows) {
    const stored = existing.get(targetKey(r.kpiId, r.teamId, r.periodKey));
    const view = (value: number | null, formula: string | null): TargetAuditRow => ({ team: r.teamKey, period: r.periodKey, value, formula });
    if (r.clear) {
      if (!stored) { plan.unchanged++; continue; }
      plan.deletes.push(stored.id);
      plan.cleared++;
      changes(r.kpiKey).before.push(view(stored.value, stored.formula));
    } else if (stored && stored.value === r.value && stored.formula === r.formula) {
      plan.unchanged++;
    } else {
      plan.upserts.push(r);
      if (stored) {
        plan.updated++;
        changes(r.kpiKey).before.push(view(stored.value, stored.formula));
      } else {
        plan.inserted++;
      }
      changes(r.kpiKey).after.push(view(r.value, r.formula));
    }
  }
  return plan;
}

export async function writeTargetPlan(ctx: ServiceContext, tx: EntityManager, plan: TargetWritePlan): Promise<void> {
  for (let i = 0; i < plan.upserts.length; i += ingestLimits.writeChunkRows) {
    const chunk = plan.upserts.slice(i, i + ingestLimits.writeChunkRows);
    await rowsOf(tx,
      `INSERT INTO targets (workspace_id, id, kpi_id, team_id, period_key, granularity, value, formula)
       SELECT $1::uuid, id, kpi_id, team_id, period_key, granularity, value, formula
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::float8[], $8::text[])
           AS u(id, kpi_id, team_id, period_key, granularity, value, formula)
       ON CONFLICT (workspace_id, kpi_id, period_key, team_id)
       DO UPDATE SET value = EXCLUDED.value, formula = EXCLUDED.formula, updated_at = now()`,
      [ctx.workspace.id, chunk.map(() => randomUUID()), chunk.map((r) => r.kpiId), chunk.map((r) => r.teamId), chunk.map((r) => r.periodKey),
        chunk.map((r) => r.granularity), chunk.map((r) => r.value), chunk.map((r) => r.formula)]);
  }
  for (let i = 0; i < plan.deletes.length; i += ingestLimits.writeChunkRows) {
    await rowsOf(tx, `DELETE FROM targets WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [ctx.workspace.id, plan.deletes.slice(i, i + ingestLimits.writeChunkRows)]);
  }
}
