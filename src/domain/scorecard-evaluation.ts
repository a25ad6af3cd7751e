/**
 * The quarterly assessment: a scorecard evaluated for teams × periods. Each period uses
 * the scorecard version in force on its last day, and each KPI the formula version in
 * force then; every result names both, with actuals, targets, achievements, scores,
 * applied weights and coverage, so a person can check the number.
 */
import { errorCodeFromNumber, type ErrorCode } from '../engine';
import { type Granularity, type Period, parsePeriodKey, samePeriodLastYear } from '../periods';
import { type ItemInput, type KpiActual, type ScorecardDefinition, type ScorecardScore, scoreScorecard } from '../scoring';
import type { Adjustment } from './adjustments';
import { type ServiceContext, requirePermission } from './context';
import { loadDefinitions } from './definitions';
import { withFrozenResults } from './frozen-results';
import { evaluateGrid, type GridResult } from './kpi-grid';
import type { Kpi } from './kpi';
import { Problem } from './problem';
import { assertGridSize, resolveTeams } from './request-grid';
import { loadScorecard, type Scorecard, type ScorecardVersion, scorecardVersionOn, type StoredScorecardDefinition } from './scorecard';
import { resolveTargetGrid } from './target-grid';
import type { TeamNode } from './team-tree';
import { loadTeamTree } from './teams';
import { getWorkspace } from './workspaces';

export interface ScorecardEvaluation {
  readonly scorecard: Scorecard;
  readonly version: ScorecardVersion;
  readonly team: TeamNode;
  readonly period: Period;
  readonly result: ScorecardScore;
  /** Per KPI: the formula version used and the error code when the actual is an error. */
  readonly formulaVersions: ReadonlyMap<string, number>;
  /** The workspace's KPIs, for names and units. */
  readonly kpis: ReadonlyMap<string, Kpi>;
  /** 1 = best overall score among the requested teams for this period; null when not ranked or unscored. */
  readonly rank: number | null;
  /** Set when the period is closed: `result` is then the frozen one (period-close.ts). */
  readonly closed?: FrozenMark;
}

export interface FrozenMark {
  readonly closedAt: Date;
  readonly closedBy: string;
  /** The score recomputed from today's data and definitions, beside the frozen one. */
  readonly liveScore: number | null;
  /** Writes into the period made as adjustments since it was closed, for this team's subtree: the latest ones. */
  readonly adjustments: readonly Adjustment[];
  readonly adjustmentCount: number;
}

export interface EvaluateScorecardRequest {
  readonly scorecard: string;
  readonly teams: readonly string[];
  readonly periods: readonly string[];
  readonly rank?: boolean;
}

/** Closed periods answer with their frozen results, marked with the close (PRODUCT.md "Period close"). */
export async function evaluateScorecard(ctx: ServiceContext, request: EvaluateScorecardRequest): Promise<ScorecardEvaluation[]> {
  const results = await withFrozenResults(ctx, await evaluateLiveScorecard(ctx, request));
  return request.rank ? ranked(results) : results;
}

/** Today's numbers, closed period or not: what a close freezes. */
export async function evaluateLiveScorecard(ctx: ServiceContext, request: Omit<EvaluateScorecardRequest, 'rank'>): Promise<ScorecardEvaluation[]> {
  requirePermission(ctx, 'read');
  const scorecard = await loadScorecard(ctx, request.scorecard);
  const defs = await loadDefinitions(ctx);
  const tree = await loadTeamTree(ctx);
  const teams = resolveTeams(ctx, tree, request.teams);
  if (request.periods.length === 0) throw new Problem('INVALID_INPUT', 'Name at least one period.', { field: 'periods' });
  const calendar = { fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth };
  const periods = [...new Set(request.periods)].map((key, i) => {
    const parsed = parsePeriodKey(key, calendar);
    if (!parsed.ok) throw new Problem('INVALID_PERIOD', `periods[${i}]: ${parsed.error.message}`, { field: `periods[${i}]` });
    return parsed.period;
  });
  const workspace = await getWorkspace(ctx);
  const workspaceBands = { onTrack: workspace.onTrackThreshold, atRisk: workspace.atRiskThreshold };

  const out: ScorecardEvaluation[] = [];
  // One grid per granularity: a quarter and a month cannot share a period axis.
  const byGranularity = new Map<Granularity, Period[]>();
  for (const p of periods) byGranularity.set(p.granularity, [...(byGranularity.get(p.granularity) ?? []), p]);
  for (const [granularity, group] of byGranularity) {
    const versions = group.map((p) => scorecardVersionOn(scorecard, p.endDay));
    const kpiKeys = [...new Set(versions.flatMap((v) => v.definition.sections.flatMap((s) => s.items.map((i) => i.kpi))))];
    const kpis = kpiKeys.map((k) => defs.kpis.get(k)).filter((k): k is Kpi => k !== undefined);
    assertGridSize(Math.max(1, kpis.length), teams.length, group.length);
    // LINEAR items may score against the same period last year: evaluate those periods too.
    const needsLastYear = versions.some((v) => v.definition.sections.some((s) => s.items.some((i) => i.baseline?.kind === 'PREVIOUS_YEAR')));
    const lastYear = needsLastYear ? group.map((p) => samePeriodLastYear(p, calendar)) : [];
    const gridPeriods = [...group, ...lastYear];
    const grid = await evaluateGrid(ctx, { kpis: kpis.map((k) => k.key), teams, periods: gridPeriods, granularity, tree, defs });
    const targets = await resolveTargetGrid(ctx, grid, kpis);
    group.forEach((period, p) => {
      const version = versions[p];
      const definition = toScoringDefinition(version.definition, defs.kpis, workspaceBands);
      teams.forEach((team, t) => {
        const items = new Map<string, ItemInput>();
        const formulaVersions = new Map<string, number>();
        for (const kpi of kpis) {
          const cell = t * gridPeriods.length + p;
          items.set(kpi.key, {
            actual: actualOf(grid, kpi.key, cell),
            target: finite(targets.get(kpi.key)![cell]),
            previousYear: needsLastYear ? actualOf(grid, kpi.key, t * gridPeriods.length + group.length + p) : null,
          });
          formulaVersions.set(kpi.key, grid.versions.get(kpi.key)![p]);
        }
        out.push({ scorecard, version, team, period, result: scoreScorecard(definition, items), formulaVersions, kpis: defs.kpis, rank: null });
      });
    });
  }
  return out;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function actualOf(grid: GridResult, kpi: string, cell: number): KpiActual {
  const column = grid.columns.get(kpi)!;
  const code = column.errors[cell];
  if (code) return { error: errorCodeFromNumber(code) ?? ('NUMERIC' satisfies ErrorCode) };
  return finite(column.values[cell]);
}

/** Adds what scoring needs from the KPIs: direction and their own status bands. */
function toScoringDefinition(
  stored: StoredScorecardDefinition,
  kpis: ReadonlyMap<string, Kpi>,
  workspaceBands: { onTrack: number; atRisk: number },
): ScorecardDefinition {
  return {
    missingData: stored.missingData,
    cap: stored.cap,
    bands: stored.bands ?? workspaceBands,
    sections: stored.sections.map((s) => ({
      key: s.key,
      weight: s.weight,
      items: s.items.map((item) => {
        const kpi = kpis.get(item.kpi)!;
        const bands = kpi.onTrackThreshold !== null && kpi.atRiskThreshold !== null ? { onTrack: kpi.onTrackThreshold, atRisk: kpi.atRiskThreshold } : undefined;
        const common = { kpi: item.kpi, direction: kpi.direction, weight: item.weight, ...(bands ? { bands } : {}) };
        return item.method === 'LINEAR'
          ? { ...common, method: 'LINEAR' as const, baseline: item.baseline ?? { kind: 'PREVIOUS_YEAR' as const } }
          : { ...common, method: item.method, ...(item.baseline ? { baseline: item.baseline } : {}) };
      }),
    })),
  };
}

/** Ranks teams per period by overall score, best first; ties share a rank; unscored teams have none. */
function ranked(results: ScorecardEvaluation[]): ScorecardEvaluation[] {
  const byPeriod = new Map<string, ScorecardEvaluation[]>();
  for (const r of results) byPeriod.set(r.period.key, [...(byPeriod.get(r.period.key) ?? []), r]);
  const rankOf = new Map<ScorecardEvaluation, number>();
  for (const list of byPeriod.values()) {
    const scored = list.filter((r) => r.result.score !== null).sort((a, b) => b.result.score! - a.result.score!);
    scored.forEach((r, i) => rankOf.set(r, i > 0 && r.result.score === scored[i - 1].result.score ? rankOf.get(scored[i - 1])! : i + 1));
  }
  return results
    .map((r) => ({ ...r, rank: rankOf.get(r) ?? null }))
    .sort((a, b) => a.period.key.localeCompare(b.period.key) || (a.rank ?? Infinity) - (b.rank ?? Infinity));
}
