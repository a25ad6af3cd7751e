import { Field, GraphQLISODateTime, InputType, Int, ObjectType, createUnionType, registerEnumType } from 'type-graphql';
import { type EventSource, describeEventSource } from '../domain/event-source';
import type { Measure } from '../domain/measure';
import { PROBLEM_TYPES } from './problem.types';

export enum MeasureUnitEnum { COUNT = 'COUNT', CURRENCY = 'CURRENCY', SECONDS = 'SECONDS', DAYS = 'DAYS', PERCENT = 'PERCENT', POINTS = 'POINTS' }
registerEnumType(MeasureUnitEnum, { name: 'MeasureUnit', description: 'What a measure counts; CURRENCY measures name an ISO 4217 currency.' });

export enum TimeAggregationEnum { SUM = 'SUM', LAST = 'LAST', FIRST = 'FIRST', AVERAGE = 'AVERAGE', MIN = 'MIN', MAX = 'MAX' }
registerEnumType(TimeAggregationEnum, {
  name: 'TimeAggregation',
  description: 'How recorded periods combine into a longer one: SUM for flows (revenue), LAST / FIRST for balances (the last / first period that has a value), AVERAGE (of the recorded values), MIN, MAX.',
});

export enum TeamAggregationEnum { SUM = 'SUM', AVERAGE = 'AVERAGE', MIN = 'MIN', MAX = 'MAX' }
registerEnumType(TeamAggregationEnum, {
  name: 'TeamAggregation',
  description: "How a team's subtree combines (its own values count with its subtree's): SUM, AVERAGE (over the teams that have a value), MIN, MAX.",
});

export enum MeasureGrainEnum { DAY = 'DAY', WEEK = 'WEEK', MONTH = 'MONTH', QUARTER = 'QUARTER', YEAR = 'YEAR' }
registerEnumType(MeasureGrainEnum, { name: 'MeasureGrain', description: 'The one granularity a measure is recorded at; values at another grain are refused.' });

export enum EventAggregateEnum { COUNT = 'COUNT', SUM = 'SUM', MIN = 'MIN', MAX = 'MAX', AVERAGE = 'AVERAGE' }
registerEnumType(EventAggregateEnum, { name: 'EventAggregate', description: "How an event-based measure turns one grain period's events into its value." });

export enum EventFilterOpEnum { EQ = 'EQ', NE = 'NE', IN = 'IN' }
registerEnumType(EventFilterOpEnum, {
  name: 'EventFilterOp',
  description: 'Comparisons on a string attribute. NE also keeps events without the attribute.',
});

@ObjectType('EventFilter')
export class EventFilterType {
  @Field(() => String, { description: 'A string attribute of the events.' }) attribute!: string;
  @Field(() => EventFilterOpEnum) op!: EventFilterOpEnum;
  @Field(() => [String]) values!: string[];
}

@ObjectType('MeasureSource', { description: 'Where an event-based measure comes from.' })
export class MeasureSourceType {
  @Field(() => String) eventType!: string;
  @Field(() => EventAggregateEnum) aggregate!: EventAggregateEnum;
  @Field(() => String, { nullable: true, description: 'The numeric attribute aggregated; null for COUNT.' }) attribute!: string | null;
  @Field(() => [EventFilterType]) filters!: EventFilterType[];
  @Field(() => String, { description: 'In words, e.g. "count of ticket.resolved where channel = phone".' }) description!: string;
}

@ObjectType('Measure', { description: 'A base measure: a number collected per team and period, addressed in formulas by its key.' })
export class MeasureType {
  @Field(() => String, { description: 'Formula identifier, e.g. `new_customers`.' }) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => MeasureUnitEnum) unit!: MeasureUnitEnum;
  @Field(() => String, { nullable: true, description: 'ISO 4217 code of a CURRENCY measure.' }) currency!: string | null;
  @Field(() => TimeAggregationEnum) timeAggregation!: TimeAggregationEnum;
  @Field(() => TeamAggregationEnum) teamAggregation!: TeamAggregationEnum;
  @Field(() => MeasureGrainEnum) grain!: MeasureGrainEnum;
  @Field(() => MeasureSourceType, { nullable: true, description: 'Set when the values are computed from events; null for recorded values.' }) source!: MeasureSourceType | null;
  @Field(() => Boolean) archived!: boolean;
  @Field(() => GraphQLISODateTime, { nullable: true }) archivedAt!: Date | null;
  @Field(() => Int, { description: 'Name it when updating or archiving (optimistic concurrency).' }) revision!: number;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

function toSourceType(s: EventSource): MeasureSourceType {
  return Object.assign(new MeasureSourceType(), {
    eventType: s.eventType, aggregate: s.aggregate as EventAggregateEnum, attribute: s.attribute,
    filters: s.filters.map((f) => Object.assign(new EventFilterType(), { attribute: f.attribute, op: f.op as EventFilterOpEnum, values: [...f.values] })),
    description: describeEventSource(s),
  });
}

export function toMeasureType(m: Measure): MeasureType {
  return Object.assign(new MeasureType(), {
    key: m.key, name: m.name, description: m.description, unit: m.unit as MeasureUnitEnum, currency: m.currency,
    timeAggregation: m.timeAggregation as TimeAggregationEnum, teamAggregation: m.teamAggregation as TeamAggregationEnum,
    grain: m.grain as MeasureGrainEnum, source: m.source ? toSourceType(m.source) : null, archived: m.archivedAt !== null,
    archivedAt: m.archivedAt, revision: m.revision, createdAt: m.createdAt, updatedAt: m.updatedAt,
  });
}

@ObjectType({ description: 'The measure as saved.' })
export class MeasurePayload {
  @Field(() => MeasureType) measure!: MeasureType;
}

export const MeasureResult = createUnionType({ name: 'MeasureResult', types: () => [MeasurePayload, ...PROBLEM_TYPES] as const });

@InputType()
export class EventFilterInput {
  @Field(() => String) attribute!: string;
  @Field(() => EventFilterOpEnum) op!: EventFilterOpEnum;
  @Field(() => String, { nullable: true, description: 'For EQ and NE.' }) value?: string;
  @Field(() => [String], { nullable: true, description: 'For IN.' }) values?: string[];
}

@InputType()
export class MeasureSourceInput {
  @Field(() => String, { description: 'Events of this type, e.g. `ticket.resolved`.' }) eventType!: string;
  @Field(() => EventAggregateEnum) aggregate!: EventAggregateEnum;
  @Field(() => String, { nullable: true, description: 'Numeric attribute for SUM, MIN, MAX, AVERAGE.' }) attribute?: string;
  @Field(() => [EventFilterInput], { nullable: true, description: 'All must hold.' }) filters?: EventFilterInput[];
}

@InputType()
export class DefineMeasureInput {
  @Field(() => String, { description: '1–64 characters: a-z, 0-9 or "_", starting with a letter; unique with KPI keys; not a function name.' }) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => MeasureUnitEnum) unit!: MeasureUnitEnum;
  @Field(() => String, { nullable: true, description: 'ISO 4217 code, required for CURRENCY.' }) currency?: string;
  @Field(() => TimeAggregationEnum, { nullable: true, description: 'Default SUM.' }) timeAggregation?: TimeAggregationEnum;
  @Field(() => TeamAggregationEnum, { nullable: true, description: 'Default SUM.' }) teamAggregation?: TeamAggregationEnum;
  @Field(() => MeasureGrainEnum) grain!: MeasureGrainEnum;
  @Field(() => MeasureSourceInput, { nullable: true, description: 'Compute the values from events instead of recording them.' }) source?: MeasureSourceInput;
}

@InputType()
export class UpdateMeasureInput {
  @Field(() => String) key!: string;
  @Field(() => Int, { description: 'The revision you read.' }) revision!: number;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => MeasureUnitEnum, { nullable: true }) unit?: MeasureUnitEnum;
  @Field(() => String, { nullable: true }) currency?: string | null;
  @Field(() => TimeAggregationEnum, { nullable: true, description: 'Refused (IN_USE) while KPIs use the measure.' }) timeAggregation?: TimeAggregationEnum;
  @Field(() => TeamAggregationEnum, { nullable: true, description: 'Refused (IN_USE) while KPIs use the measure.' }) teamAggregation?: TeamAggregationEnum;
  @Field(() => MeasureGrainEnum, { nullable: true, description: 'Refused while KPIs use the measure or values are recorded at the old grain.' }) grain?: MeasureGrainEnum;
  @Field(() => MeasureSourceInput, { nullable: true, description: 'Replaces the event source; send null to make it a recorded measure.' }) source?: MeasureSourceInput | null;
}

@InputType()
export class MeasureFilterInput {
  @Field(() => Boolean, { nullable: true, description: 'Only archived (true) or only active (false) measures.' }) archived?: boolean;
  @Field(() => Boolean, { nullable: true, description: 'Only event-based (true) or only recorded (false) measures.' }) eventBased?: boolean;
}
