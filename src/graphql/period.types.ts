/** Periods as the API returns them: key, granularity, first and last day. */
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { Granularity, Period } from '../periods';

export enum GranularityEnum {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  HALF = 'HALF',
  YEAR = 'YEAR',
}
registerEnumType(GranularityEnum, {
  name: 'Granularity',
  description: 'Period sizes. WEEK is the ISO week; QUARTER, HALF and YEAR follow the workspace fiscal year.',
});

@ObjectType('Period', { description: 'A calendar interval at one granularity.' })
export class PeriodType {
  @Field(() => String, { description: 'Canonical key: 2025, 2025-H1, 2025-Q1, 2025-03, 2025-W09, 2025-03-15.' }) key!: string;
  @Field(() => GranularityEnum) granularity!: Granularity;
  @Field(() => String, { description: 'First day, YYYY-MM-DD.' }) start!: string;
  @Field(() => String, { description: 'Last day (inclusive), YYYY-MM-DD.' }) end!: string;
}

export function toPeriodType(p: Period): PeriodType {
  return Object.assign(new PeriodType(), { key: p.key, granularity: p.granularity, start: p.start, end: p.end });
}
