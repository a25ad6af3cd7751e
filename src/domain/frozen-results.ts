/**
 * Reading a closed period: the stored results replace the live ones, marked with who
 * closed it and when, with the live score and the adjustments made since beside them.
 * Three queries at most, whatever the number of teams and periods asked for.
 */
import { type DayNumber, type Granularity, isoToDay } from '../periods';
import type { ScorecardScore } from '../scoring';
import { type Adjustment, type AdjustedPeriod, adjustmentsTouching } from './adjustments';
import type { ServiceContext } from './context';
import { type StoredScorecardDefinition, definitionFromJson } from './scorecard';
import type { ScorecardEvaluation } from './scorecard-evaluation';
import { loadTeamTree } from './teams';

/** What every team's frozen result of one close shares (`period_closes.results`). */
export interface FrozenContext {
  readonly definition: StoredScorecardDefinition;
  readonly formulaVersions: Readonly<Record<string, number>>;
}

/** Adjustments listed beside one result; the count says how many there are in all. */
const LISTED_ADJUSTMENTS = 100;

interface StandingClose extends AdjustedPeriod {
  readonly id: string;
  readonly periodKey: string;
  readonly scorecardVersion: number;
  readonly closedBy: string;
  readonly context: FrozenContext;
}

export async function withFrozenResults(ctx: ServiceContext, live: readonly ScorecardEvaluation[]): Promise<ScorecardEvaluation[]> {
  if (live.length === 0) return [...live];
  const scorecard = live[0].scorecard;
  const closes = await standingCloses(ctx, scorecard.id, [...new Set(live.map((r) => r.period.key))]);
  if (closes.size === 0) return [...live];
  const frozen = await frozenResults(ctx, [...closes.values()].map((c) => c.id), [...new Set(live.map((r) => r.team.id))]);
  const adjustments = await adjustmentsTouching(ctx, [...closes.values()]);
  const tree = [...adjustments.values()].some((list) => list.length > 0) ? await loadTeamTree(ctx) : null;
  return live.map((r) => {
    const close = closes.get(r.period.key);
    const result = close && frozen.get(`${close.id}|${r.team.id}`);
    // A team created after the close has no frozen result: its numbers stay live.
    if (!close || !result) return r;
    const version = scorecard.versions.find((v) => v.version === close.scorecardVersion) ?? r.version;
    const touching: Adjustment[] = (adjustments.get(close) ?? []).filter((a) => tree!.isInSubtree(r.team.id, a.teamId));
    return {
      ...r,
      version: { ...version, definition: close.context.definition },
      result,
      formulaVersions: new Map(Object.entries(close.context.formulaVersions)),
      closed: { closedAt: close.since, closedBy: close.closedBy, liveScore: r.result.score, adjustments: touching.slice(-LISTED_ADJUSTMENTS), adjustmentCount: touching.length },
    };
  });
}

async function standingCloses(ctx: ServiceContext, scorecardId: string, periodKeys: readonly string[]): Promise<Map<string, StandingClose>> {
  const rows: Array<Record<string, unknown>> = await ctx.db.dataSource.query(
    `SELECT id, period_key, granularity, start_day::text AS start_day, end_day::text AS end_day, scorecard_version, closed_at, closed_by, results
       FROM period_closes WHERE workspace_id = $1 AND scorecard_id = $2 AND period_key = ANY($3::text[]) AND reopened_at IS NULL`,
    [ctx.workspace.id, scorecardId, periodKeys],
  );
  return new Map(rows.map((r) => [r.period_key as string, {
    id: r.id as string,
    periodKey: r.period_key as string,
    granularity: r.granularity as Granularity,
    startDay: isoToDay(r.start_day as string) as DayNumber,
    endDay: isoToDay(r.end_day as string) as DayNumber,
    since: new Date(r.closed_at as string),
    scorecardVersion: Number(r.scorecard_version),
    closedBy: r.closed_by as string,
    context: frozenContext(r.results),
  }]));
}

function frozenContext(json: unknown): FrozenContext {
  const c = (typeof json === 'string' ? JSON.parse(json) : json) as FrozenContext;
  return { definition: definitionFromJson(c.definition), formulaVersions: c.formulaVersions };
}

async function frozenResults(ctx: ServiceContext, closeIds: readonly string[], teamIds: readonly string[]): Promise<Map<string, ScorecardScore>> {
  const rows: Array<{ close_id: string; team_id: string; result: unknown }> = await ctx.db.dataSource.query(
    `SELECT close_id, team_id, result FROM period_close_results WHERE workspace_id = $1 AND close_id = ANY($2::uuid[]) AND team_id = ANY($3::uuid[])`,
    [ctx.workspace.id, closeIds, teamIds],
  );
  return new Map(rows.map((r) => [`${r.close_id}|${r.team_id}`, (typeof r.result === 'string' ? JSON.parse(r.result) : r.result) as ScorecardScore]));
}
