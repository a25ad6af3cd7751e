/** Turns a read request's keys (KPIs, teams, period range) into checked grid coordinates. */
import { type Granularity, type Period, periodRange } from '../periods';
import type { ServiceContext } from './context';
import type { Definitions } from './definitions';
import type { Kpi } from './kpi';
import { Problem } from './problem';
import type { TeamNode, TeamTree } from './team-tree';
import { resolveTeam } from './teams';

/** Cells one read may evaluate: a 500-team × 24-month × 60-KPI grid is 720,000. */
export const MAX_GRID_CELLS = 1_000_000;

export function resolveKpis(defs: Definitions, keys: readonly string[]): Kpi[] {
  if (keys.length === 0) throw new Problem('INVALID_INPUT', 'Name at least one KPI.', { field: 'kpis' });
  const unknown = keys.filter((k) => !defs.kpis.has(k));
  if (unknown.length > 0) {
    throw new Problem('NOT_FOUND', `No KPI with key ${unknown.slice(0, 10).map((k) => `"${k.slice(0, 80)}"`).join(', ')} in this workspace.`, { field: 'kpis', key: unknown[0] });
  }
  return [...new Set(keys)].map((k) => defs.kpis.get(k)!);
}

export function resolveTeams(ctx: ServiceContext, tree: TeamTree, keys: readonly string[]): TeamNode[] {
  if (keys.length === 0) throw new Problem('INVALID_INPUT', 'Name at least one team.', { field: 'teams' });
  return [...new Set(keys)].map((k) => resolveTeam(ctx, tree, k, 'teams'));
}

export function resolvePeriods(ctx: ServiceContext, from: string, to: string, granularity: Granularity): readonly Period[] {
  const range = periodRange(from, to, granularity, { fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth });
  if (!range.ok) {
    const code = range.error.code === 'INVALID_PERIOD' ? 'INVALID_PERIOD' : range.error.code === 'RANGE_TOO_LARGE' ? 'LIMIT_EXCEEDED' : 'INVALID_INPUT';
    throw new Problem(code, range.error.message, { field: 'from' });
  }
  return range.periods;
}

export function assertGridSize(kpis: number, teams: number, periods: number): void {
  const cells = kpis * teams * periods;
  if (cells > MAX_GRID_CELLS) {
    throw new Problem('LIMIT_EXCEEDED', `${kpis} KPIs × ${teams} teams × ${periods} periods is ${cells.toLocaleString('en-US')} values; one request may ask for at most ${MAX_GRID_CELLS.toLocaleString('en-US')}. Split it by team or period.`);
  }
}
