import { Readable } from 'node:stream';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { CsvRejected, importMeasureValuesCsv } from '../domain/csv-import';
import { TOTAL } from '../domain/measure-loader';
import { readMeasureValues } from '../domain/measure-value-query';
import { deleteMeasureValues, recordMeasureValueColumns, recordMeasureValues } from '../domain/measure-values';
import type { Granularity } from '../periods';
import { type GraphQLContext, asResult, orError, serviceOf } from './context';
import { listLength, periodsRequested, registerListSize } from './cost-limit';
import {
  DeleteMeasureValuesInput, DeleteMeasureValuesResult, ImportMeasureValuesResult, MeasureValueColumnsInput, MeasureValueInput, MeasureValueType,
  RecordMeasureValuesResult, ValuesDeleted, toCsvRejectedType, toValuesRecorded,
} from './measure-value.types';
import { ADJUSTMENT_ARGUMENT, AdjustmentInput } from './period-close.types';
import { GranularityEnum, toPeriodType } from './period.types';
import { ConsistencyArg, ReadConsistency, readOn } from './read-consistency';

// The cost budget sizes the grid from its arguments.
registerListSize('Query.measureValues', (args) => listLength(args.measures) * listLength(args.teams) * periodsRequested(args));

@Resolver()
export class MeasureValueResolver {
  @Mutation(() => RecordMeasureValuesResult, {
    description: 'INGEST: records up to MAX_BATCH_ROWS values at once, all or nothing. Writing the same (measure, team, period) again replaces the value, so re-sending a batch changes nothing; every bad row is reported by index.',
  })
  recordMeasureValues(
    @Ctx() ctx: GraphQLContext,
    @Arg('values', () => [MeasureValueInput]) values: MeasureValueInput[],
    @Arg('adjustment', () => AdjustmentInput, { nullable: true, description: ADJUSTMENT_ARGUMENT }) adjustment?: AdjustmentInput,
  ): Promise<typeof RecordMeasureValuesResult> {
    return asResult(async () => toValuesRecorded(await recordMeasureValues(serviceOf(ctx), values, adjustment)));
  }

  @Mutation(() => RecordMeasureValuesResult, {
    description: 'INGEST: recordMeasureValues with the batch sent as columns (MeasureValueColumnsInput), the faster form for bulk loads; same limit, rules and report.',
  })
  recordMeasureValueColumns(
    @Ctx() ctx: GraphQLContext,
    @Arg('columns', () => MeasureValueColumnsInput) columns: MeasureValueColumnsInput,
    @Arg('adjustment', () => AdjustmentInput, { nullable: true, description: ADJUSTMENT_ARGUMENT }) adjustment?: AdjustmentInput,
  ): Promise<typeof RecordMeasureValuesResult> {
    return asResult(async () => toValuesRecorded(await recordMeasureValueColumns(serviceOf(ctx), columns, adjustment)));
  }

  @Mutation(() => DeleteMeasureValuesResult, { description: 'INGEST: deletes the recorded values of a measure in a period range, for some or all teams; all or nothing.' })
  deleteMeasureValues(
    @Ctx() ctx: GraphQLContext,
    @Arg('input', () => DeleteMeasureValuesInput) input: DeleteMeasureValuesInput,
    @Arg('adjustment', () => AdjustmentInput, { nullable: true, description: ADJUSTMENT_ARGUMENT }) adjustment?: AdjustmentInput,
  ): Promise<typeof DeleteMeasureValuesResult> {
    return asResult(async () => {
      const r = await deleteMeasureValues(serviceOf(ctx), input, adjustment);
      return Object.assign(new ValuesDeleted(), { deleted: r.deleted, valuesRevision: String(r.valuesRevision) });
    });
  }

  @Mutation(() => ImportMeasureValuesResult, {
    description: 'INGEST: imports a small CSV file given as text (bounded by the request body limit); large files go to POST /import/measure-values. Header measure,team,period,value (or date), or team,period,<measure>… (wide). All or nothing; bad lines are reported by line number.',
  })
  importMeasureValuesCsv(
    @Ctx() ctx: GraphQLContext,
    @Arg('csv', () => String) csv: string,
    @Arg('adjustment', () => AdjustmentInput, { nullable: true, description: ADJUSTMENT_ARGUMENT }) adjustment?: AdjustmentInput,
  ): Promise<typeof ImportMeasureValuesResult> {
    return asResult(async () => {
      try {
        return toValuesRecorded(await importMeasureValuesCsv(serviceOf(ctx), Readable.from([csv]), adjustment));
      } catch (error) {
        if (error instanceof CsvRejected) return toCsvRejectedType(error);
        throw error;
      }
    });
  }

  @Query(() => [MeasureValueType], {
    description: 'Measures aggregated by their time rule over each period and by their team rule over each team subtree; blank (null) where nothing was recorded. Ordered by measure, team, period. Team "TOTAL" is the whole visible workspace.',
  })
  measureValues(
    @Ctx() ctx: GraphQLContext,
    @Arg('measures', () => [String]) measures: string[],
    @Arg('teams', () => [String]) teams: string[],
    @Arg('from', () => String, { description: 'Period key of any granularity.' }) from: string,
    @Arg('to', () => String) to: string,
    @Arg('granularity', () => GranularityEnum) granularity: GranularityEnum,
    @ConsistencyArg() consistency: ReadConsistency,
  ): Promise<MeasureValueType[]> {
    return orError(async () => {
      const cells = await readOn(ctx, consistency, (read) => readMeasureValues(read, { measures, teams, from, to, granularity: granularity as Granularity }));
      // Period objects are shared between rows: one per period, not one per cell.
      const periods = new Map<string, ReturnType<typeof toPeriodType>>();
      return cells.map((c) => {
        let period = periods.get(c.period.key);
        if (!period) periods.set(c.period.key, (period = toPeriodType(c.period)));
        return Object.assign(new MeasureValueType(), { measure: c.measure.key, team: c.team === TOTAL ? TOTAL : c.team.key, period, value: c.value });
      });
    });
  }
}
