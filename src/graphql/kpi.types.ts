import { Field, Float, GraphQLISODateTime, InputType, Int, ObjectType, createUnionType, registerEnumType } from 'type-graphql';
import type { Definitions } from '../domain/definitions';
import type { Kpi } from '../domain/kpi';
import { kpiDependents } from '../domain/kpis';
import { FormulaInvalid } from './formula.types';
import { PROBLEM_TYPES } from './problem.types';
import { StatusBandsType } from './workspace.types';

export enum DirectionEnum {
  HIGHER_IS_BETTER = 'HIGHER_IS_BETTER',
  LOWER_IS_BETTER = 'LOWER_IS_BETTER',
  CLOSER_IS_BETTER = 'CLOSER_IS_BETTER',
}
registerEnumType(DirectionEnum, { name: 'Direction', description: 'Which way is good; CLOSER_IS_BETTER for values that should stay near the target.' });

export enum DisplayFormatEnum {
  NUMBER = 'NUMBER',
  PERCENT = 'PERCENT',
  CURRENCY = 'CURRENCY',
  DURATION = 'DURATION',
}
registerEnumType(DisplayFormatEnum, { name: 'DisplayFormat' });

@ObjectType('KpiVersion', { description: 'A formula and the period it applies from.' })
export class KpiVersionType {
  @Field(() => Int) version!: number;
  @Field(() => String) formula!: string;
  @Field(() => String, { nullable: true, description: 'Period key from which it applies; null: since always.' }) effectiveFrom!: string | null;
  @Field(() => [String]) measures!: string[];
  @Field(() => [String]) kpis!: string[];
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('Kpi', { description: 'A named formula over measures and other KPIs.' })
export class KpiType {
  @Field(() => String) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => String, { description: 'Perspective, e.g. "customer satisfaction".' }) category!: string;
  @Field(() => String) unit!: string;
  @Field(() => DisplayFormatEnum) displayFormat!: DisplayFormatEnum;
  @Field(() => Int) decimals!: number;
  @Field(() => DirectionEnum) direction!: DirectionEnum;
  @Field(() => Float, { nullable: true }) defaultTarget!: number | null;
  @Field(() => StatusBandsType, { nullable: true, description: "The KPI's own bands; null uses the workspace's." }) statusBands!: StatusBandsType | null;
  @Field(() => String, { description: 'The latest formula.' }) formula!: string;
  @Field(() => [KpiVersionType], { description: 'Oldest first.' }) versions!: KpiVersionType[];
  @Field(() => [String], { description: 'Measures the latest formula reads.' }) measureDependencies!: string[];
  @Field(() => [String], { description: 'KPIs the latest formula reads.' }) kpiDependencies!: string[];
  @Field(() => [String], { description: 'KPIs whose formula (any version) reads this one.' }) dependents!: string[];
  @Field(() => Boolean) archived!: boolean;
  @Field(() => Int) revision!: number;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

export function toKpiType(kpi: Kpi, defs: Definitions): KpiType {
  const latest = kpi.versions[kpi.versions.length - 1];
  return Object.assign(new KpiType(), {
    key: kpi.key, name: kpi.name, description: kpi.description, category: kpi.category, unit: kpi.unit,
    displayFormat: kpi.displayFormat as DisplayFormatEnum, decimals: kpi.decimals, direction: kpi.direction as DirectionEnum,
    defaultTarget: kpi.defaultTarget,
    statusBands: kpi.onTrackThreshold !== null && kpi.atRiskThreshold !== null ? { onTrack: kpi.onTrackThreshold, atRisk: kpi.atRiskThreshold } : null,
    formula: latest.formula,
    versions: kpi.versions.map((v) => Object.assign(new KpiVersionType(), {
      version: v.version, formula: v.formula, effectiveFrom: v.effectiveFrom, measures: [...v.measureRefs], kpis: [...v.kpiRefs], createdBy: v.createdBy, createdAt: v.createdAt,
    })),
    measureDependencies: [...latest.measureRefs],
    kpiDependencies: [...latest.kpiRefs],
    dependents: kpiDependents(defs, kpi.key),
    archived: kpi.archivedAt !== null, revision: kpi.revision, createdAt: kpi.createdAt, updatedAt: kpi.updatedAt,
  });
}

@ObjectType({ description: 'The KPI as saved.' })
export class KpiSaved {
  @Field(() => KpiType) kpi!: KpiType;
}

export const KpiResult = createUnionType({ name: 'KpiResult', types: () => [KpiSaved, FormulaInvalid, ...PROBLEM_TYPES] as const });

@InputType()
export class StatusBandsInput {
  @Field(() => Float, { description: 'Achievement (1 = target met) at or above which a value is ON_TRACK.' }) onTrack!: number;
  @Field(() => Float, { description: 'At or above: AT_RISK; below: OFF_TRACK.' }) atRisk!: number;
}

@InputType()
export class CreateKpiInput {
  @Field(() => String, { description: 'Formula identifier: a-z, 0-9, "_", starting with a letter.' }) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String) formula!: string;
  @Field(() => DirectionEnum) direction!: DirectionEnum;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => String, { nullable: true }) category?: string;
  @Field(() => String, { nullable: true }) unit?: string;
  @Field(() => DisplayFormatEnum, { nullable: true }) displayFormat?: DisplayFormatEnum;
  @Field(() => Int, { nullable: true }) decimals?: number;
  @Field(() => Float, { nullable: true }) defaultTarget?: number;
  @Field(() => StatusBandsInput, { nullable: true }) statusBands?: StatusBandsInput;
}

@InputType()
export class UpdateKpiInput {
  @Field(() => String) key!: string;
  @Field(() => Int, { description: 'The revision you read.' }) revision!: number;
  @Field(() => String, { nullable: true, description: 'A new formula makes a new version, applying from effectiveFrom.' }) formula?: string;
  @Field(() => String, { nullable: true, description: 'Period key from which the new formula applies.' }) effectiveFrom?: string;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => String, { nullable: true }) category?: string;
  @Field(() => String, { nullable: true }) unit?: string;
  @Field(() => DisplayFormatEnum, { nullable: true }) displayFormat?: DisplayFormatEnum;
  @Field(() => Int, { nullable: true }) decimals?: number;
  @Field(() => DirectionEnum, { nullable: true }) direction?: DirectionEnum;
  @Field(() => Float, { nullable: true }) defaultTarget?: number;
  @Field(() => StatusBandsInput, { nullable: true, description: 'KPI bands; omit to keep them.' }) statusBands?: StatusBandsInput;
}

@InputType()
export class KpiFilterInput {
  @Field(() => String, { nullable: true }) category?: string;
  @Field(() => DirectionEnum, { nullable: true }) direction?: DirectionEnum;
  @Field(() => Boolean, { nullable: true, description: 'Default: only active KPIs.' }) archived?: boolean;
  @Field(() => String, { nullable: true, description: 'Matches key, name or description.' }) text?: string;
}
