/** Period close, reopen and the adjustments log as the API shows them. */
import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType, createUnionType, registerEnumType } from 'type-graphql';
import type { Adjustment } from '../domain/adjustments';
import type { PeriodClose } from '../domain/period-close';
import { PeriodType, toPeriodType } from './period.types';
import { PROBLEM_TYPES } from './problem.types';

@InputType('AdjustmentInput', {
  description: 'Marks a write as a deliberate change to closed periods: it is written (live numbers change), logged with this reason, and shown beside the frozen results, which stay as they were.',
})
export class AdjustmentInput {
  @Field(() => String, { description: 'Why the closed period\'s data changes (1–1000 characters).' }) reason!: string;
}

export const ADJUSTMENT_ARGUMENT = 'Required to write into a closed scorecard period (else refused with PERIOD_CLOSED): the write happens, is logged with its reason, and the frozen results stay as they were.';

export enum AdjustmentSourceEnum {
  VALUES = 'VALUES',
  DELETE = 'DELETE',
  CSV = 'CSV',
  EVENTS = 'EVENTS',
}
registerEnumType(AdjustmentSourceEnum, { name: 'AdjustmentSource', description: 'The write that made an adjustment: recordMeasureValues, deleteMeasureValues, a CSV import, or recordEvents.' });

@ObjectType('ValueAdjustment', { description: 'A value written into a closed period as an adjustment.' })
export class ValueAdjustmentType {
  @Field(() => ID) id!: string;
  @Field(() => GraphQLISODateTime) at!: Date;
  @Field(() => String, { description: 'The API key that wrote it.' }) actor!: string;
  @Field(() => String) reason!: string;
  @Field(() => AdjustmentSourceEnum) source!: AdjustmentSourceEnum;
  @Field(() => String, { nullable: true, description: 'The measure written; null for an event.' }) measure!: string | null;
  @Field(() => String, { nullable: true, description: 'The event type recorded; null for a measure value.' }) eventType!: string | null;
  @Field(() => String, { description: 'The team the value or event was recorded for.' }) team!: string;
  @Field(() => String, { description: 'Period key of the value (a day for an event).' }) period!: string;
  @Field(() => Float, { nullable: true, description: 'The value stored before; null when there was none (or for an event).' }) oldValue!: number | null;
  @Field(() => Float, { nullable: true, description: 'The value written; null when it was deleted (or for an event).' }) newValue!: number | null;
}

export function toValueAdjustmentType(a: Adjustment): ValueAdjustmentType {
  return Object.assign(new ValueAdjustmentType(), {
    id: a.id, at: a.at, actor: a.actor, reason: a.reason, source: a.source as AdjustmentSourceEnum, measure: a.measure, eventType: a.eventType,
    team: a.team, period: a.period, oldValue: a.oldValue, newValue: a.newValue,
  });
}

@ObjectType('PeriodClose', { description: 'A scorecard period frozen by closePeriod; reopened ones stay listed as history.' })
export class PeriodCloseType {
  @Field(() => ID) id!: string;
  @Field(() => String) scorecard!: string;
  @Field(() => PeriodType) period!: PeriodType;
  @Field(() => Int, { description: 'The scorecard version whose definition was frozen.' }) scorecardVersion!: number;
  @Field(() => GraphQLISODateTime) closedAt!: Date;
  @Field(() => String) closedBy!: string;
  @Field(() => Int, { description: 'Teams whose results were frozen: the whole team tree at the close.' }) teams!: number;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Set once reopened: the results are live again.' }) reopenedAt!: Date | null;
  @Field(() => String, { nullable: true }) reopenedBy!: string | null;
  @Field(() => String, { nullable: true }) reopenReason!: string | null;
}

export function toPeriodCloseType(c: PeriodClose): PeriodCloseType {
  return Object.assign(new PeriodCloseType(), { ...c, period: toPeriodType(c.period) });
}

@ObjectType('PeriodCloseSaved')
export class PeriodCloseSaved {
  @Field(() => PeriodCloseType) close!: PeriodCloseType;
}

export const PeriodCloseResult = createUnionType({ name: 'PeriodCloseResult', types: () => [PeriodCloseSaved, ...PROBLEM_TYPES] as const });
