/**
 * Targets for every cell of an evaluated grid. Fallbacks, most specific first: the
 * team's target for the period, the workspace-wide target for the period, the KPI's
 * default target. A target formula (`PREV_YEAR(revenue) * 1.1`) is evaluated over the
 * same grid as a draft KPI, so it re-aggregates history exactly like a KPI would.
 */
import { checkFormula } from '../engine';
import type { ServiceContext } from './context';
import { evaluateGrid, type Draft, type GridResult } from './kpi-grid';
import type { Kpi } from './kpi';
import { loadTargets } from './targets';

export async function resolveTargetGrid(ctx: ServiceContext, grid: GridResult, kpis: readonly Kpi[]): Promise<Map<string, Float64Array>> {
  const T = grid.teams.length;
  const P = grid.periods.length;
  const rows = await loadTargets(ctx, { kpiKeys: kpis.map((k) => k.key), periodKeys: grid.periods.map((p) => p.key) });
  const periodPos = new Map(grid.periods.map((p, i) => [p.key as string, i]));
  const teamPos = new Map(grid.teams.map((t, i) => [t.id, i]));

  // Distinct target formulas become drafts evaluated once over the whole grid.
  const formulas = [...new Set(rows.filter((r) => r.formula !== null).map((r) => r.formula!))];
  const draftKey = new Map(formulas.map((f, i) => [f, `__target_${i}`]));
  let formulaGrid: GridResult | undefined;
  if (formulas.length > 0) {
    const resolve = (name: string) => (grid.defs.measures.has(name) ? 'MEASURE' : grid.defs.kpis.has(name) ? 'KPI' : undefined);
    const drafts: Draft[] = formulas.flatMap((formula) => {
      const ast = checkFormula(formula, { resolve }).ast;
      return ast ? [{ key: draftKey.get(formula)!, ast, formula }] : [];
    });
    formulaGrid = await evaluateGrid(ctx, {
      kpis: [], drafts, teams: grid.teams, periods: grid.periods, granularity: grid.periods[0].granularity, tree: grid.tree, defs: grid.defs,
    });
  }
  const valueOf = (row: { value: number | null; formula: string | null }, t: number, p: number): number => {
    if (row.value !== null) return row.value;
    const column = formulaGrid?.columns.get(draftKey.get(row.formula!)!);
    if (!column || column.errors[t * P + p]) return NaN;
    return column.values[t * P + p];
  };

  const out = new Map<string, Float64Array>();
  for (const kpi of kpis) {
    const cells = new Float64Array(T * P).fill(kpi.defaultTarget ?? NaN);
    const mine = rows.filter((r) => r.kpi === kpi.key);
    // Workspace-wide first, then team rows overwrite: the more specific wins.
    for (const row of mine.filter((r) => r.teamId === null)) {
      const p = periodPos.get(row.periodKey);
      if (p === undefined) continue;
      for (let t = 0; t < T; t++) cells[t * P + p] = valueOf(row, t, p);
    }
    for (const row of mine.filter((r) => r.teamId !== null)) {
      const p = periodPos.get(row.periodKey);
      const t = teamPos.get(row.teamId!);
      if (p === undefined || t === undefined) continue;
      cells[t * P + p] = valueOf(row, t, p);
    }
    out.set(kpi.key, cells);
  }
  return out;
}
