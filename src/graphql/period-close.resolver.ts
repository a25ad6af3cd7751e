import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { type PeriodClose, closePeriod, listPeriodCloses, reopenPeriod } from '../domain/period-close';
import { type GraphQLContext, asResult, orError, serviceOf } from './context';
import { PeriodCloseResult, PeriodCloseSaved, PeriodCloseType, toPeriodCloseType } from './period-close.types';

const saved = async (work: Promise<PeriodClose>): Promise<PeriodCloseSaved> => Object.assign(new PeriodCloseSaved(), { close: toPeriodCloseType(await work) });

@Resolver()
export class PeriodCloseResolver {
  @Mutation(() => PeriodCloseResult, {
    description: 'ADMIN (unscoped key) only, since it freezes every team: stores the scorecard\'s results for the period for the whole team tree, as evaluateScorecard computes them now. '
      + 'evaluateScorecard then answers with these numbers, final: true, whatever data or definitions change later. Values, deletions, CSV lines and events dated inside the period '
      + 'are refused with PERIOD_CLOSED unless sent with an adjustment. Closing a closed period is refused with PERIOD_CLOSED.',
  })
  closePeriod(
    @Ctx() ctx: GraphQLContext,
    @Arg('scorecard', () => String) scorecard: string,
    @Arg('period', () => String, { description: 'Period key of any granularity, e.g. 2025-Q1.' }) period: string,
  ): Promise<typeof PeriodCloseResult> {
    return asResult(() => saved(closePeriod(serviceOf(ctx), { scorecard, period })));
  }

  @Mutation(() => PeriodCloseResult, { description: 'ADMIN (unscoped key): makes a closed period live again, with a mandatory reason kept in the audit trail; the close stays listed in periodCloses.' })
  reopenPeriod(
    @Ctx() ctx: GraphQLContext,
    @Arg('scorecard', () => String) scorecard: string,
    @Arg('period', () => String) period: string,
    @Arg('reason', () => String, { description: 'Why the period is reopened (1–1000 characters).' }) reason: string,
  ): Promise<typeof PeriodCloseResult> {
    return asResult(() => saved(reopenPeriod(serviceOf(ctx), { scorecard, period, reason })));
  }

  @Query(() => [PeriodCloseType], { description: 'Closes of the workspace, or of one scorecard, newest first, reopened ones included.' })
  periodCloses(@Ctx() ctx: GraphQLContext, @Arg('scorecard', () => String, { nullable: true }) scorecard?: string): Promise<PeriodCloseType[]> {
    return orError(async () => (await listPeriodCloses(serviceOf(ctx), scorecard)).map(toPeriodCloseType));
  }
}
