/**
 * A workspace's definitions (measures and KPIs with all versions) as one immutable
 * snapshot, cached by the workspace's definitions generation: any definition change
 * bumps the generation, so a cached snapshot is never stale, and every process reading
 * the same generation sees the same definitions.
 */
import type { EntityManager } from 'typeorm';
import { isoToDay } from '../periods';
import type { ServiceContext } from './context';
import { type Kpi, KPI_COLUMNS, type KpiVersion, kpiFromRow, kpiVersionFromRow } from './kpi';
import { type Measure, loadMeasuresByKey } from './measure';

export interface Definitions {
  readonly generation: number;
  readonly measures: ReadonlyMap<string, Measure>;
  readonly kpis: ReadonlyMap<string, Kpi>;
}

const CACHE_LIMIT = 200;
const cache = new Map<string, Definitions>();

export async function currentGeneration(ctx: ServiceContext, tx?: EntityManager): Promise<number> {
  const run = tx ?? ctx.db.dataSource.manager;
  const rows = await run.query(`SELECT definitions_generation FROM workspaces WHERE id = $1`, [ctx.workspace.id]);
  return Number(rows[0].definitions_generation);
}

/** Definitions as of now; inside a transaction pass `tx` to read its own uncommitted view (uncached). */
export async function loadDefinitions(ctx: ServiceContext, tx?: EntityManager): Promise<Definitions> {
  const generation = await currentGeneration(ctx, tx);
  const cacheKey = `${ctx.workspace.id}:${generation}`;
  if (!tx) {
    const hit = cache.get(cacheKey);
    if (hit) return hit;
  }
  const run = tx ?? ctx.db.dataSource.manager;
  const measures = await loadMeasuresByKey(ctx, tx);
  const kpiRows: Array<Record<string, unknown>> = await run.query(`SELECT ${KPI_COLUMNS} FROM kpis WHERE workspace_id = $1`, [ctx.workspace.id]);
  const versionRows: Array<Record<string, unknown>> = await run.query(
    `SELECT kpi_id, version, formula, effective_from, effective_from_day::text AS effective_from_day, measure_refs, kpi_refs, created_by, created_at
       FROM kpi_versions WHERE workspace_id = $1 ORDER BY kpi_id, version`,
    [ctx.workspace.id],
  );
  const versions = new Map<string, KpiVersion[]>();
  for (const r of versionRows) {
    const list = versions.get(r.kpi_id as string) ?? [];
    list.push(kpiVersionFromRow(r, isoToDay));
    versions.set(r.kpi_id as string, list);
  }
  const kpis = new Map<string, Kpi>();
  for (const r of kpiRows) kpis.set(r.key as string, kpiFromRow(r, versions.get(r.id as string) ?? []));
  const definitions: Definitions = { generation, measures, kpis };
  if (!tx) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(cacheKey, definitions);
  }
  return definitions;
}
