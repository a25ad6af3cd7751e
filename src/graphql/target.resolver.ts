import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { listTargets, setTargets } from '../domain/targets';
import { type GraphQLContext, asResult, orError, serviceOf } from './context';
import { ConsistencyArg, ReadConsistency, readOn } from './read-consistency';
import { SetTargetsResult, TargetInput, TargetRevisionInput, TargetSetType, toTargetSetType, toTargetsSet } from './target.types';

@Resolver()
export class TargetResolver {
  @Query(() => TargetSetType, { description: "A KPI's stored targets (the caller's teams and workspace-wide ones) with the set's revision." })
  targets(
    @Ctx() ctx: GraphQLContext,
    @Arg('kpi', () => String) kpi: string,
    @Arg('teams', () => [String], { nullable: true, description: "Only these teams' own targets." }) teams: string[] | undefined,
    @Arg('from', () => String, { nullable: true, description: 'Period key; targets whose period starts before it are left out.' }) from: string | undefined,
    @Arg('to', () => String, { nullable: true, description: 'Period key; targets whose period ends after it are left out.' }) to: string | undefined,
    @ConsistencyArg() consistency: ReadConsistency,
  ): Promise<TargetSetType> {
    return orError(async () => toTargetSetType(await readOn(ctx, consistency, (read) => listTargets(read, { kpi, teams, from, to }))));
  }

  @Mutation(() => SetTargetsResult, {
    description: 'EDITOR: sets or clears up to MAX_BATCH_ROWS targets, all or nothing; every bad row is reported by index. Re-sending the same rows changes nothing.',
  })
  setTargets(
    @Ctx() ctx: GraphQLContext,
    @Arg('targets', () => [TargetInput]) targets: TargetInput[],
    @Arg('expectedRevisions', () => [TargetRevisionInput], { nullable: true, description: 'Refuse with CONFLICT if any of these target sets changed since read.' })
    expectedRevisions?: TargetRevisionInput[],
  ): Promise<typeof SetTargetsResult> {
    return asResult(async () => toTargetsSet(await setTargets(serviceOf(ctx), targets, expectedRevisions ?? [])));
  }
}
