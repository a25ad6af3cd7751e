import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { FormulaErrorCodeEnum, FormulaErrorType } from './formula.types';
import { PeriodType } from './period.types';

export enum KpiStatusEnum {
  ON_TRACK = 'ON_TRACK',
  AT_RISK = 'AT_RISK',
  OFF_TRACK = 'OFF_TRACK',
  NO_DATA = 'NO_DATA',
  NO_TARGET = 'NO_TARGET',
}
registerEnumType(KpiStatusEnum, { name: 'KpiStatus', description: 'Achievement against the status bands; NO_DATA when the value is blank or an error, NO_TARGET when no target applies.' });

@ObjectType('KpiValue', { description: 'One KPI for one team and period: everything a chart cell needs.' })
export class KpiValueType {
  @Field(() => String) kpi!: string;
  @Field(() => String) team!: string;
  @Field(() => PeriodType) period!: PeriodType;
  @Field(() => Float, { nullable: true, description: 'null when blank (no data) or an error.' }) value!: number | null;
  @Field(() => FormulaErrorCodeEnum, { nullable: true, description: 'Set when the value is an error, e.g. DIV_BY_ZERO.' }) error!: FormulaErrorCodeEnum | null;
  @Field(() => Float, { nullable: true }) target!: number | null;
  @Field(() => Float, { nullable: true, description: 'A ratio: 1 = target met.' }) achievement!: number | null;
  @Field(() => KpiStatusEnum) status!: KpiStatusEnum;
  @Field(() => Float, { nullable: true, description: "The previous period's value." }) previous!: number | null;
  @Field(() => Float, { nullable: true, description: 'value − previous.' }) change!: number | null;
  @Field(() => Float, { nullable: true, description: '(value − previous) / |previous|.' }) changeRatio!: number | null;
  @Field(() => Int, { description: 'The formula version used for this period.' }) version!: number;
}

@ObjectType('PreviewValue', { description: 'A draft formula evaluated for one team and period.' })
export class PreviewValueType {
  @Field(() => String) team!: string;
  @Field(() => PeriodType) period!: PeriodType;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => FormulaErrorCodeEnum, { nullable: true }) error!: FormulaErrorCodeEnum | null;
}

@ObjectType('FormulaPreview', { description: 'A draft formula checked and, when valid, evaluated on real data. Nothing is saved.' })
export class FormulaPreviewType {
  @Field(() => String) formula!: string;
  @Field(() => Boolean) valid!: boolean;
  @Field(() => [FormulaErrorType]) errors!: FormulaErrorType[];
  @Field(() => [String]) measures!: string[];
  @Field(() => [String]) kpis!: string[];
  @Field(() => [PreviewValueType], { description: 'Empty when the formula is invalid.' }) values!: PreviewValueType[];
}

@ObjectType('ExplainStep', { description: 'One part of a formula and its value for the explained cell; steps form a tree through `parent`.' })
export class ExplainStepType {
  @Field(() => Int) id!: number;
  @Field(() => Int, { nullable: true }) parent!: number | null;
  @Field(() => Int) depth!: number;
  @Field(() => String, { description: 'number, reference, unary, binary, conditional or call.' }) kind!: string;
  @Field(() => String, { description: 'The source text of this part.' }) text!: string;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => Boolean, { description: 'No data.' }) blank!: boolean;
  @Field(() => FormulaErrorCodeEnum, { nullable: true }) error!: FormulaErrorCodeEnum | null;
  @Field(() => Boolean, { description: 'In a branch IF, IFERROR, COALESCE or DIVIDE did not need.' }) skipped!: boolean;
  @Field(() => String, { nullable: true, description: 'Window and team, e.g. "year to date".' }) context!: string | null;
  @Field(() => String, { nullable: true, description: 'Measure key when the step reads a measure.' }) measure!: string | null;
  @Field(() => String, { nullable: true, description: 'Readable input label, e.g. "won_deals over year to date".' }) label!: string | null;
  @Field(() => String, { nullable: true, description: 'KPI key when the step reads another KPI.' }) kpi!: string | null;
  @Field(() => String, { nullable: true, description: 'That KPI\'s formula.' }) kpiFormula!: string | null;
}

@ObjectType('KpiExplanation', { description: "A KPI cell's formula with every input and intermediate value." })
export class KpiExplanationType {
  @Field(() => String) kpi!: string;
  @Field(() => String) team!: string;
  @Field(() => PeriodType) period!: PeriodType;
  @Field(() => String) formula!: string;
  @Field(() => Int) version!: number;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => FormulaErrorCodeEnum, { nullable: true }) error!: FormulaErrorCodeEnum | null;
  @Field(() => [ExplainStepType], { description: 'Depth-first, the formula itself first.' }) steps!: ExplainStepType[];
}
