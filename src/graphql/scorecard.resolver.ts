import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Scorecard } from '../domain/scorecard';
import { archiveScorecard, createScorecard, getScorecard, listScorecards, updateScorecard } from '../domain/scorecards';
import { type GraphQLContext, asResult, orError, serviceOf } from './context';
import { ConsistencyArg, ReadConsistency, readOn } from './read-consistency';
import { CreateScorecardInput, ScorecardSaveResult, ScorecardSaved, ScorecardType, UpdateScorecardInput, toScorecardType } from './scorecard.types';

const saved = async (work: Promise<Scorecard>): Promise<ScorecardSaved> => Object.assign(new ScorecardSaved(), { scorecard: toScorecardType(await work) });

@Resolver()
export class ScorecardResolver {
  @Query(() => [ScorecardType], { description: 'Scorecards sorted by key; by default only active ones.' })
  scorecards(
    @Ctx() ctx: GraphQLContext,
    @Arg('archived', () => Boolean, { nullable: true, description: 'true: only archived ones.' }) archived: boolean | undefined,
    @ConsistencyArg() consistency: ReadConsistency,
  ): Promise<ScorecardType[]> {
    return orError(async () => (await readOn(ctx, consistency, (read) => listScorecards(read, { archived }))).map(toScorecardType));
  }

  @Query(() => ScorecardType, { description: 'One scorecard with all its versions.' })
  scorecard(@Ctx() ctx: GraphQLContext, @Arg('key', () => String) key: string): Promise<ScorecardType> {
    return orError(async () => toScorecardType(await getScorecard(serviceOf(ctx), key)));
  }

  @Mutation(() => ScorecardSaveResult, { description: 'EDITOR: a new scorecard; the whole definition is checked first and nothing is saved if any part is refused.' })
  createScorecard(@Ctx() ctx: GraphQLContext, @Arg('input', () => CreateScorecardInput) input: CreateScorecardInput): Promise<typeof ScorecardSaveResult> {
    return asResult(() => saved(createScorecard(serviceOf(ctx), input)));
  }

  @Mutation(() => ScorecardSaveResult, { description: 'EDITOR: changes a scorecard; a changed definition becomes a new version applying from effectiveFrom.' })
  updateScorecard(@Ctx() ctx: GraphQLContext, @Arg('input', () => UpdateScorecardInput) input: UpdateScorecardInput): Promise<typeof ScorecardSaveResult> {
    const { key, revision, ...changes } = input;
    return asResult(() => saved(updateScorecard(serviceOf(ctx), key, revision, changes)));
  }

  @Mutation(() => ScorecardSaveResult, { description: 'EDITOR: archives a scorecard; its versions stay readable, and its KPIs may then be archived.' })
  archiveScorecard(
    @Ctx() ctx: GraphQLContext,
    @Arg('key', () => String) key: string,
    @Arg('revision', () => Int) revision: number,
  ): Promise<typeof ScorecardSaveResult> {
    return asResult(() => saved(archiveScorecard(serviceOf(ctx), key, revision)));
  }
}
