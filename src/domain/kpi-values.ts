/**
 * The KPI grid a chart needs in one request: for every KPI × team × period the value
 * (or blank, or error), target, achievement, status, the previous period's value and
 * the change.
 */
import { errorCodeFromNumber, type ErrorCode } from '../engine';
import { type Granularity, type Period, shiftPeriod } from '../periods';
import { scoreItem, type Status } from '../scoring';
import { type ServiceContext, requirePermission } from './context';
import { loadDefinitions } from './definitions';
import { evaluateGrid, type GridResult } from './kpi-grid';
import type { Kpi } from './kpi';
import { assertGridSize, resolveKpis, resolvePeriods, resolveTeams } from './request-grid';
import { resolveTargetGrid } from './target-grid';
import type { TeamNode } from './team-tree';
import { loadTeamTree } from './teams';
import { getWorkspace } from './workspaces';

export interface KpiCell {
  readonly kpi: Kpi;
  readonly team: TeamNode;
  readonly period: Period;
  /** null when blank or an error. */
  readonly value: number | null;
  readonly error: ErrorCode | null;
  readonly target: number | null;
  readonly achievement: number | null;
  readonly status: Status;
  readonly previous: number | null;
  readonly change: number | null;
  readonly changeRatio: number | null;
  /** The formula version that produced the value. */
  readonly version: number;
}

export interface KpiValuesRequest {
  readonly kpis: readonly string[];
  readonly teams: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly granularity: Granularity;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export async function kpiValues(ctx: ServiceContext, request: KpiValuesRequest): Promise<KpiCell[]> {
  requirePermission(ctx, 'read');
  const defs = await loadDefinitions(ctx);
  const kpis = resolveKpis(defs, request.kpis);
  const tree = await loadTeamTree(ctx);
  const teams = resolveTeams(ctx, tree, request.teams);
  const periods = resolvePeriods(ctx, request.from, request.to, request.granularity);
  assertGridSize(kpis.length, teams.length, periods.length);
  const calendar = { fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth };
  // One period more in front, so the first requested period has a previous value too.
  const extended = [shiftPeriod(periods[0], -1, calendar), ...periods];
  const grid = await evaluateGrid(ctx, { kpis: kpis.map((k) => k.key), teams, periods: extended, granularity: request.granularity, tree, defs });
  const targets = await resolveTargetGrid(ctx, grid, kpis);
  const workspace = await getWorkspace(ctx);
  return cellsOf(grid, kpis, targets, { onTrack: workspace.onTrackThreshold, atRisk: workspace.atRiskThreshold }, 1);
}

/** Cells of an evaluated grid from period position `from` on (earlier positions only feed `previous`). */
export function cellsOf(
  grid: GridResult,
  kpis: readonly Kpi[],
  targets: ReadonlyMap<string, Float64Array>,
  workspaceBands: { onTrack: number; atRisk: number },
  from: number,
): KpiCell[] {
  const P = grid.periods.length;
  const out: KpiCell[] = [];
  for (const kpi of kpis) {
    const column = grid.columns.get(kpi.key)!;
    const target = targets.get(kpi.key)!;
    const versions = grid.versions.get(kpi.key)!;
    const bands = kpi.onTrackThreshold !== null && kpi.atRiskThreshold !== null ? { onTrack: kpi.onTrackThreshold, atRisk: kpi.atRiskThreshold } : workspaceBands;
    grid.teams.forEach((team, t) => {
      for (let p = from; p < P; p++) {
        const cell = t * P + p;
        const code = column.errors[cell];
        const error = code ? errorCodeFromNumber(code) ?? 'NUMERIC' : null;
        const value = error ? null : finiteOrNull(column.values[cell]);
        const previous = p > 0 && !column.errors[cell - 1] ? finiteOrNull(column.values[cell - 1]) : null;
        const t0 = finiteOrNull(target[cell]);
        const scored = scoreItem(
          { kpi: kpi.key, direction: kpi.direction, weight: 1, method: 'RATIO', bands },
          { actual: error ? { error } : value, target: t0 },
        );
        const change = value !== null && previous !== null ? value - previous : null;
        out.push({
          kpi, team, period: grid.periods[p], value, error, target: t0,
          achievement: scored.achievement,
          status: scored.status,
          previous,
          change,
          changeRatio: change !== null && previous !== 0 ? change / Math.abs(previous!) : null,
          version: versions[p],
        });
      }
    });
  }
  return out;
}
