import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { isActualError, numericActual } from '../scoring';
import { evaluateScorecard } from '../domain/scorecard-evaluation';
import { withScorecardComments } from './comment-threads';
import { type GraphQLContext, orError, serviceOf } from './context';
import { listLength, registerListSize } from './cost-limit';
import type { FormulaErrorCodeEnum } from './formula.types';
import type { KpiStatusEnum } from './kpi-value.types';
import { toValueAdjustmentType } from './period-close.types';
import { toPeriodType } from './period.types';
import { ConsistencyArg, ReadConsistency, readOn } from './read-consistency';
import { ScorecardItemResultType, ScorecardResultType, ScorecardSectionResultType } from './scorecard-result.types';
import type { ScoringMethodEnum } from './scorecard.types';

registerListSize('Query.evaluateScorecard', (args) => listLength(args.teams) * listLength(args.periods));
// A scorecard has at most 50 sections and 500 items; typical ones have 4 and ~20.
registerListSize('ScorecardResult.sections', () => 10);
registerListSize('ScorecardSectionResult.items', () => 20);

@Resolver()
export class ScorecardResultResolver {
  @Query(() => [ScorecardResultType], { description: 'A scorecard evaluated for teams × periods: every item, section and overall score with coverage and the versions used.' })
  evaluateScorecard(
    @Ctx() ctx: GraphQLContext,
    @Arg('scorecard', () => String) scorecard: string,
    @Arg('teams', () => [String]) teams: string[],
    @Arg('periods', () => [String], { description: 'Period keys, any granularity (e.g. 2025-Q1, 2025-Q2).' }) periods: string[],
    @Arg('rank', () => Boolean, { defaultValue: false, description: 'Rank teams by overall score per period (best first).' }) rank: boolean,
    @ConsistencyArg() consistency: ReadConsistency,
  ): Promise<ScorecardResultType[]> {
    return orError(async () => {
      const results = await readOn(ctx, consistency, (read) => evaluateScorecard(read, { scorecard, teams, periods, rank }));
      return withScorecardComments(serviceOf(ctx), results.map((r) => {
        const stored = r.version.definition;
        return Object.assign(new ScorecardResultType(), {
          scorecard: r.scorecard.key, scorecardVersion: r.version.version, team: r.team.key, teamName: r.team.name, period: toPeriodType(r.period),
          score: r.result.score, coverage: r.result.coverage, rank: r.rank, final: r.closed !== undefined,
          closedAt: r.closed?.closedAt ?? null, closedBy: r.closed?.closedBy ?? null, liveScore: r.closed?.liveScore ?? null,
          adjustments: (r.closed?.adjustments ?? []).map(toValueAdjustmentType), adjustmentCount: r.closed?.adjustmentCount ?? 0,
          sections: r.result.sections.map((s, si) => Object.assign(new ScorecardSectionResultType(), {
            key: s.key, name: stored.sections[si].name, score: s.score, coverage: s.coverage, weight: s.weight, appliedWeight: s.appliedWeight,
            items: s.items.map((i) => Object.assign(new ScorecardItemResultType(), {
              kpi: i.kpi, name: r.kpis.get(i.kpi)?.name ?? i.kpi,
              actual: numericActual(i.actual), error: isActualError(i.actual) ? (i.actual.error as FormulaErrorCodeEnum) : null,
              target: i.target, achievement: i.achievement, score: i.score, status: i.status as KpiStatusEnum,
              method: i.method as ScoringMethodEnum, basis: i.basis, baseline: i.baseline, weight: i.weight, appliedWeight: i.appliedWeight,
              formulaVersion: r.formulaVersions.get(i.kpi) ?? 0,
            })),
          })),
        });
      }));
    });
  }
}
