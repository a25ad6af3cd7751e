import { Field, Float, InputType, Int, ObjectType, createUnionType } from 'type-graphql';
import type { CsvRejected } from '../domain/csv-import';
import type { ValueWriteReport } from '../domain/measure-values';
import { PeriodType } from './period.types';
import { PROBLEM_TYPES, ProblemCodeEnum, ProblemInterface } from './problem.types';

@InputType({ description: 'One value: give period (a key at the measure grain) or date (turned into the measure grain period).' })
export class MeasureValueInput {
  @Field(() => String) measure!: string;
  @Field(() => String) team!: string;
  @Field(() => String, { nullable: true, description: 'Period key at the measure grain, e.g. 2025-03 for a MONTH measure.' }) period?: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; the value is recorded for the measure grain period holding it.' }) date?: string;
  @Field(() => Float, { description: 'A finite number within ±1e15.' }) value!: number;
}

@InputType({
  description: 'A batch as columns of equal length: row i is (measure[i], team[i], period[i] or date[i], value[i]). The same rules and report as a list of MeasureValueInput, and errors name the cell (columns.period[3]); GraphQL checks five lists of scalars several times faster than a list of objects, so bulk loaders should prefer it.',
})
export class MeasureValueColumnsInput {
  @Field(() => [String]) measure!: string[];
  @Field(() => [String]) team!: string[];
  @Field(() => [String], { nullable: 'itemsAndList', description: 'Period keys at the measure grain; null for a row that gives a date.' }) period?: Array<string | null>;
  @Field(() => [String], { nullable: 'itemsAndList', description: 'YYYY-MM-DD; null for a row that gives a period.' }) date?: Array<string | null>;
  @Field(() => [Float], { description: 'Finite numbers within ±1e15.' }) value!: number[];
}

@ObjectType({ description: 'What a write did: rows inserted, updated (value changed) and unchanged (same value already stored).' })
export class ValuesRecorded {
  @Field(() => Int) rows!: number;
  @Field(() => Int) inserted!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => String, { description: "The workspace's data revision after the write: it changes whenever values or events do, so it can key caches." }) valuesRevision!: string;
}

export function toValuesRecorded(r: ValueWriteReport): ValuesRecorded {
  return Object.assign(new ValuesRecorded(), { ...r, valuesRevision: String(r.valuesRevision) });
}

export const RecordMeasureValuesResult = createUnionType({ name: 'RecordMeasureValuesResult', types: () => [ValuesRecorded, ...PROBLEM_TYPES] as const });

@InputType()
export class DeleteMeasureValuesInput {
  @Field(() => String) measure!: string;
  @Field(() => [String], { nullable: true, description: 'Teams whose own values are deleted (not their subtrees); omit for every team the key may write.' }) teams?: string[];
  @Field(() => String, { description: 'Period key of any granularity: values whose period counts toward from..to are deleted.' }) from!: string;
  @Field(() => String) to!: string;
}

@ObjectType()
export class ValuesDeleted {
  @Field(() => Int) deleted!: number;
  @Field(() => String) valuesRevision!: string;
}

export const DeleteMeasureValuesResult = createUnionType({ name: 'DeleteMeasureValuesResult', types: () => [ValuesDeleted, ...PROBLEM_TYPES] as const });

@ObjectType('CsvLineError', { description: 'One problem of a CSV file.' })
export class CsvLineErrorType {
  @Field(() => Int, { description: '1-based line number; the header is line 1.' }) line!: number;
  @Field(() => String, { description: 'Column or part at fault: measure, team, period, date, value, header, line, csv.' }) field!: string;
  @Field(() => String) message!: string;
}

@ObjectType({ implements: ProblemInterface, description: 'The CSV file has bad lines: nothing was imported.' })
export class CsvRejectedType extends ProblemInterface {
  @Field(() => [CsvLineErrorType], { description: 'The first problems, by line.' }) errors!: CsvLineErrorType[];
  @Field(() => Int, { description: 'All problems found, listed or not.' }) errorCount!: number;
}

export function toCsvRejectedType(e: CsvRejected): CsvRejectedType {
  return Object.assign(new CsvRejectedType(), {
    code: ProblemCodeEnum.INVALID_INPUT, message: e.message, errorCount: e.errorCount,
    errors: e.lines.map((l) => Object.assign(new CsvLineErrorType(), l)),
  });
}

export const ImportMeasureValuesResult = createUnionType({ name: 'ImportMeasureValuesResult', types: () => [ValuesRecorded, CsvRejectedType, ...PROBLEM_TYPES] as const });

@ObjectType('MeasureValue', { description: 'A measure aggregated for a team (with its whole subtree) and a period.' })
export class MeasureValueType {
  @Field(() => String) measure!: string;
  @Field(() => String, { description: 'Team key, or TOTAL for the whole visible workspace.' }) team!: string;
  @Field(() => PeriodType) period!: PeriodType;
  @Field(() => Float, { nullable: true, description: 'null: blank, nothing recorded anywhere in the subtree (a recorded 0 is 0).' }) value!: number | null;
}

