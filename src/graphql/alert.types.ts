import { Field, Float, GraphQLISODateTime, InputType, Int, ObjectType, createUnionType, registerEnumType } from 'type-graphql';
import type { AlertRule } from '../domain/alert-rules';
import type { Alert } from '../domain/alerts';
import { type Calendar, type Granularity, parsePeriodKey } from '../periods';
import { KpiStatusEnum } from './kpi-value.types';
import { GranularityEnum, PeriodType, toPeriodType } from './period.types';
import { PROBLEM_TYPES } from './problem.types';

export enum AlertKindEnum {
  ENTERS_OFF_TRACK = 'ENTERS_OFF_TRACK',
  ABOVE_THRESHOLD = 'ABOVE_THRESHOLD',
  BELOW_THRESHOLD = 'BELOW_THRESHOLD',
  CHANGE_PERCENT = 'CHANGE_PERCENT',
}
registerEnumType(AlertKindEnum, {
  name: 'AlertKind',
  description: 'ENTERS_OFF_TRACK: the status (KPI or workspace bands) is OFF_TRACK. ABOVE_THRESHOLD / BELOW_THRESHOLD: the value is strictly above / below `threshold`. '
    + 'CHANGE_PERCENT: |value − previous| / |previous| × 100 is above `threshold` (no alert when the previous value is 0 or blank).',
});

@ObjectType('AlertRule', {
  description: 'A condition watched for one KPI, checked for every team and period whose value new data changed (values, CSV imports, events). '
    + 'It fires at most one alert per team and period: when the condition first holds after data is recorded.',
})
export class AlertRuleType {
  @Field(() => String, { description: 'Name it to update or delete the rule.' }) id!: string;
  @Field(() => String) kpi!: string;
  @Field(() => AlertKindEnum) kind!: AlertKindEnum;
  @Field(() => Float, { nullable: true, description: 'The value for ABOVE/BELOW_THRESHOLD, the percentage for CHANGE_PERCENT; null for ENTERS_OFF_TRACK.' }) threshold!: number | null;
  @Field(() => String, { nullable: true, description: 'Only this team and its subtree; null: every team.' }) team!: string | null;
  @Field(() => GranularityEnum, { description: 'The period size the rule watches.' }) granularity!: Granularity;
  @Field(() => String) name!: string;
  @Field(() => Int, { description: 'Name it when updating or deleting (optimistic concurrency).' }) revision!: number;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

export function toAlertRuleType(r: AlertRule): AlertRuleType {
  return Object.assign(new AlertRuleType(), {
    id: r.id, kpi: r.kpiKey, kind: r.kind, threshold: r.threshold, team: r.teamKey, granularity: r.granularity, name: r.name,
    revision: r.revision, createdAt: r.createdAt, updatedAt: r.updatedAt,
  });
}

@ObjectType('Alert', { description: 'What a rule found for one team and period, with the numbers it saw at that moment.' })
export class AlertType {
  @Field(() => String) id!: string;
  @Field(() => String, { description: 'The rule that fired (its id).' }) rule!: string;
  @Field(() => String) ruleName!: string;
  @Field(() => AlertKindEnum) kind!: AlertKindEnum;
  @Field(() => Float, { nullable: true }) threshold!: number | null;
  @Field(() => String) kpi!: string;
  @Field(() => String) team!: string;
  @Field(() => PeriodType) period!: PeriodType;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => Float, { nullable: true, description: 'The previous period\'s value.' }) previous!: number | null;
  @Field(() => Float, { nullable: true }) target!: number | null;
  @Field(() => Float, { nullable: true }) achievement!: number | null;
  @Field(() => KpiStatusEnum) status!: KpiStatusEnum;
  @Field(() => GraphQLISODateTime) firedAt!: Date;
}

export function toAlertType(a: Alert, calendar: Calendar): AlertType {
  const parsed = parsePeriodKey(a.periodKey, calendar);
  if (!parsed.ok) throw new Error(`stored alert period ${a.periodKey} does not parse`);
  return Object.assign(new AlertType(), {
    id: a.id, rule: a.ruleId, ruleName: a.ruleName, kind: a.kind, threshold: a.threshold, kpi: a.kpiKey, team: a.teamKey,
    period: toPeriodType(parsed.period), value: a.value, previous: a.previous, target: a.target, achievement: a.achievement,
    status: a.status as KpiStatusEnum, firedAt: a.firedAt,
  });
}

@ObjectType({ description: 'The rule as saved.' })
export class AlertRulePayload {
  @Field(() => AlertRuleType) rule!: AlertRuleType;
}

@ObjectType({ description: 'The rule as it was before it was deleted; the alerts it fired stay listed.' })
export class AlertRuleDeleted {
  @Field(() => AlertRuleType) rule!: AlertRuleType;
}

export const AlertRuleResult = createUnionType({ name: 'AlertRuleResult', types: () => [AlertRulePayload, ...PROBLEM_TYPES] as const });
export const DeleteAlertRuleResult = createUnionType({ name: 'DeleteAlertRuleResult', types: () => [AlertRuleDeleted, ...PROBLEM_TYPES] as const });

@InputType()
export class CreateAlertRuleInput {
  @Field(() => String) kpi!: string;
  @Field(() => AlertKindEnum) kind!: AlertKindEnum;
  @Field(() => Float, { nullable: true, description: 'Required for every kind but ENTERS_OFF_TRACK; a percentage (20 = 20 %) for CHANGE_PERCENT.' }) threshold?: number | null;
  @Field(() => String, { nullable: true, description: 'Watch only this team and its subtree; omitted: every team (for a scoped key, its subtree).' }) team?: string | null;
  @Field(() => GranularityEnum, { nullable: true, description: 'Default MONTH.' }) granularity?: Granularity | null;
  @Field(() => String, { nullable: true }) name?: string | null;
}

@InputType()
export class UpdateAlertRuleInput {
  @Field(() => String) id!: string;
  @Field(() => Int, { description: 'The revision you read.' }) revision!: number;
  @Field(() => AlertKindEnum, { nullable: true }) kind?: AlertKindEnum | null;
  @Field(() => Float, { nullable: true, description: 'Omitted: kept (cleared when the kind changes).' }) threshold?: number | null;
  @Field(() => String, { nullable: true, description: 'Omitted: kept; null: every team.' }) team?: string | null;
  @Field(() => GranularityEnum, { nullable: true }) granularity?: Granularity | null;
  @Field(() => String, { nullable: true }) name?: string | null;
}

@InputType()
export class AlertFilterInput {
  @Field(() => String, { nullable: true }) kpi?: string | null;
  @Field(() => String, { nullable: true, description: 'Alerts of this team and its subtree.' }) team?: string | null;
  @Field(() => String, { nullable: true, description: 'A rule id.' }) rule?: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Fired at or after this time.' }) since?: Date | null;
  @Field(() => Int, { nullable: true, description: 'At most this many (1–1000, default 100).' }) first?: number | null;
}

@InputType()
export class AlertSubscriptionFilterInput {
  @Field(() => String, { nullable: true }) kpi?: string | null;
  @Field(() => String, { nullable: true, description: 'Alerts of this team and its subtree.' }) team?: string | null;
}
