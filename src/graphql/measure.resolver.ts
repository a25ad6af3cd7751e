import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { archiveMeasure, defineMeasure, getMeasure, listMeasures, updateMeasure } from '../domain/measures';
import type { Measure } from '../domain/measure';
import { type GraphQLContext, asResult, orError, serviceOf } from './context';
import { DefineMeasureInput, MeasureFilterInput, MeasurePayload, MeasureResult, MeasureType, UpdateMeasureInput, toMeasureType } from './measure.types';
import { ConsistencyArg, ReadConsistency, readOn } from './read-consistency';

const saved = async (work: Promise<Measure>): Promise<MeasurePayload> => Object.assign(new MeasurePayload(), { measure: toMeasureType(await work) });

@Resolver(() => MeasureType)
export class MeasureResolver {
  @Query(() => [MeasureType], { description: 'Measures of the workspace, by key.' })
  measures(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => MeasureFilterInput, { nullable: true }) filter: MeasureFilterInput | undefined,
    @ConsistencyArg() consistency: ReadConsistency,
  ): Promise<MeasureType[]> {
    return orError(async () => (await readOn(ctx, consistency, (read) => listMeasures(read, filter ?? {}))).map(toMeasureType));
  }

  @Query(() => MeasureType, { description: 'One measure by key.' })
  measure(@Ctx() ctx: GraphQLContext, @Arg('key', () => String) key: string): Promise<MeasureType> {
    return orError(async () => toMeasureType(await getMeasure(serviceOf(ctx), key)));
  }

  @Mutation(() => MeasureResult, { description: 'EDITOR: a new measure, recorded or computed from events.' })
  defineMeasure(@Ctx() ctx: GraphQLContext, @Arg('input', () => DefineMeasureInput) input: DefineMeasureInput): Promise<typeof MeasureResult> {
    return asResult(() => saved(defineMeasure(serviceOf(ctx), input)));
  }

  @Mutation(() => MeasureResult, { description: 'EDITOR: changes a measure; aggregation, grain and source changes are refused (IN_USE) while KPIs use it.' })
  updateMeasure(@Ctx() ctx: GraphQLContext, @Arg('input', () => UpdateMeasureInput) input: UpdateMeasureInput): Promise<typeof MeasureResult> {
    return asResult(() => saved(updateMeasure(serviceOf(ctx), input.key, input.revision, input)));
  }

  @Mutation(() => MeasureResult, { description: 'EDITOR: archives a measure no KPI uses; its values stay, it takes no new ones.' })
  archiveMeasure(
    @Ctx() ctx: GraphQLContext,
    @Arg('key', () => String) key: string,
    @Arg('revision', () => Int) revision: number,
  ): Promise<typeof MeasureResult> {
    return asResult(() => saved(archiveMeasure(serviceOf(ctx), key, revision)));
  }
}
