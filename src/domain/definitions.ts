/**
 * A workspace's definitions (measures and KPIs with all versions) as one immutable
 * snapshot, cached by the workspace's definitions generation: any definition change
 * bumps the generation, so a cached snapshot is never stale, and every process reading
 * the same generation sees the same definitions.
 *
 * A snapshot is read in one REPEATABLE READ transaction, generation included. Read as
 * separate statements on a pool, a definition change committing between them would give
 * a mix (a KPI row of one generation with the versions of the next, a KPI without the
 * measure it reads) and cache it under a generation it does not belong to.
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
const loading = new Map<string, Promise<Definitions>>();

export async function currentGeneration(ctx: ServiceContext, tx?: EntityManager): Promise<number> {
  const run = tx ?? ctx.db.dataSource.manager;
  const rows = await run.query(`SELECT definitions_generation FROM workspaces WHERE id = $1`, [ctx.workspace.id]);
  return Number(rows[0].definitions_generation);
}

/** Definitions as of now; inside a transaction pass `tx` to read its own uncommitted view (uncached). */
export async function loadDefinitions(ctx: ServiceContext, tx?: EntityManager): Promise<Definitions> {
  if (tx) return readDefinitions(ctx, tx);
  const seen = `${ctx.workspace.id}:${await currentGeneration(ctx)}`;
  const hit = cache.get(seen);
  if (hit) return hit;
  // Concurrent misses on one generation share one read: it started after that generation
  // was seen, so its snapshot is that generation or newer (a change just made stays visible).
  let pending = loading.get(seen);
  if (!pending) {
    // A miss reads the generation again with the rows, in one snapshot: a definition saved
    // between separate reads must not land in the cache under the generation before it.
    pending = ctx.db.dataSource.transaction('REPEATABLE READ', (snapshot) => readDefinitions(ctx, snapshot)).then((definitions) => {
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(`${ctx.workspace.id}:${definitions.generation}`, definitions);
      return definitions;
    }).finally(() => loading.delete(seen));
    loading.set(seen, pending);
  }
  return pending;
}

async function readDefinitions(ctx: ServiceContext, tx: EntityManager): Promise<Definitions> {
  const generation = await currentGeneration(ctx, tx);
  const measures = await loadMeasuresByKey(ctx, tx);
  const kpiRows: Array<Record<string, unknown>> = await tx.query(`SELECT ${KPI_COLUMNS} FROM kpis WHERE workspace_id = $1`, [ctx.workspace.id]);
  const versionRows: Array<Record<string, unknown>> = await tx.query(
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
  return { generation, measures, kpis };
}
