import { Field, Float, GraphQLISODateTime, InputType, Int, ObjectType, createUnionType } from 'type-graphql';
import type { StoredTarget, TargetSet, TargetsWriteReport } from '../domain/target';
import { PeriodType, toPeriodType } from './period.types';
import { PROBLEM_TYPES } from './problem.types';

@ObjectType('Target', { description: 'The value a KPI should reach for a team (or the whole workspace) in a period.' })
export class TargetType {
  @Field(() => String) kpi!: string;
  @Field(() => String, { nullable: true, description: 'null: the workspace-wide target, for every team without its own.' }) team!: string | null;
  @Field(() => PeriodType) period!: PeriodType;
  @Field(() => Float, { nullable: true, description: 'A fixed target; null when it is a formula.' }) value!: number | null;
  @Field(() => String, { nullable: true, description: 'A formula over history, e.g. `PREV_YEAR(revenue) * 1.1`; null when it is a value.' }) formula!: string | null;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

@ObjectType('TargetSet', { description: "A KPI's stored targets and the revision of the set." })
export class TargetSetType {
  @Field(() => String) kpi!: string;
  @Field(() => Int, { description: 'Name it in setTargets(expectedRevisions) to refuse lost updates.' }) revision!: number;
  @Field(() => [TargetType], { description: 'By period start, longer periods first, then team (workspace-wide first).' }) targets!: TargetType[];
}

export function toTargetSetType(set: TargetSet): TargetSetType {
  return Object.assign(new TargetSetType(), { kpi: set.kpi, revision: set.revision, targets: set.targets.map(toTargetType) });
}

function toTargetType(t: StoredTarget): TargetType {
  return Object.assign(new TargetType(), { kpi: t.kpi, team: t.teamKey, period: toPeriodType(t.period), value: t.value, formula: t.formula, updatedAt: t.updatedAt });
}

@ObjectType('TargetRevision', { description: "A KPI's target-set revision." })
export class TargetRevisionType {
  @Field(() => String) kpi!: string;
  @Field(() => Int) revision!: number;
}

@ObjectType({ description: 'What setTargets changed. Rows already stored as sent are unchanged and bump nothing.' })
export class TargetsSet {
  @Field(() => Int) inserted!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int, { description: 'Stored targets removed by rows with clear: true.' }) cleared!: number;
  @Field(() => [TargetRevisionType], { description: 'The target-set revision of every KPI the call named, after the write.' }) revisions!: TargetRevisionType[];
}

export function toTargetsSet(r: TargetsWriteReport): TargetsSet {
  return Object.assign(new TargetsSet(), { ...r, revisions: r.revisions.map((x) => Object.assign(new TargetRevisionType(), x)) });
}

export const SetTargetsResult = createUnionType({ name: 'SetTargetsResult', types: () => [TargetsSet, ...PROBLEM_TYPES] as const });

@InputType()
export class TargetInput {
  @Field(() => String) kpi!: string;
  @Field(() => String, { nullable: true, description: 'Team key; omit (or null) for the workspace-wide target of the period.' }) team?: string | null;
  @Field(() => String, { description: 'Period key at any granularity: 2025, 2025-H1, 2025-Q1, 2025-03, 2025-W09, 2025-03-15.' }) period!: string;
  @Field(() => Float, { nullable: true, description: 'A fixed target.' }) value?: number | null;
  @Field(() => String, { nullable: true, description: 'Or a formula over history, e.g. `PREV_YEAR(revenue) * 1.1`.' }) formula?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true removes the stored target (send no value or formula).' }) clear?: boolean | null;
}

@InputType()
export class TargetRevisionInput {
  @Field(() => String) kpi!: string;
  @Field(() => Int, { description: 'The target-set revision you read (Query.targets).' }) revision!: number;
}
