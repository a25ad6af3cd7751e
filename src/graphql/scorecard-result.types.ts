import { Field, Float, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import { FormulaErrorCodeEnum } from './formula.types';
import { KpiStatusEnum } from './kpi-value.types';
import { ValueAdjustmentType } from './period-close.types';
import { PeriodType } from './period.types';
import { ScoringMethodEnum } from './scorecard.types';

@ObjectType('ScorecardItemResult', { description: 'One KPI of a scorecard for a team and period.' })
export class ScorecardItemResultType {
  @Field(() => String) kpi!: string;
  @Field(() => String) name!: string;
  @Field(() => Float, { nullable: true, description: 'null when blank or an error.' }) actual!: number | null;
  @Field(() => FormulaErrorCodeEnum, { nullable: true }) error!: FormulaErrorCodeEnum | null;
  @Field(() => Float, { nullable: true }) target!: number | null;
  @Field(() => Float, { nullable: true, description: 'A ratio: 1 = target met; null when unbounded (LOWER_IS_BETTER with 0) or missing.' }) achievement!: number | null;
  @Field(() => Float, { nullable: true, description: '0–100 × cap points; null when the item has no data or no target.' }) score!: number | null;
  @Field(() => KpiStatusEnum) status!: KpiStatusEnum;
  @Field(() => ScoringMethodEnum) method!: ScoringMethodEnum;
  @Field(() => String, { nullable: true, description: 'RATIO, LINEAR or MET_OR_NOT: how achievement was computed.' }) basis!: string | null;
  @Field(() => Float, { nullable: true, description: 'LINEAR baseline used.' }) baseline!: number | null;
  @Field(() => Float, { description: 'Weight as given.' }) weight!: number;
  @Field(() => Float, { description: 'Fraction of the section after normalisation (0 for missing items under EXCLUDE).' }) appliedWeight!: number;
  @Field(() => Int, { description: 'The KPI formula version used.' }) formulaVersion!: number;
}

@ObjectType('ScorecardSectionResult')
export class ScorecardSectionResultType {
  @Field(() => String) key!: string;
  @Field(() => String) name!: string;
  @Field(() => Float, { nullable: true }) score!: number | null;
  @Field(() => Float, { description: 'Share of the section weight that had data.' }) coverage!: number;
  @Field(() => Float) weight!: number;
  @Field(() => Float) appliedWeight!: number;
  @Field(() => [ScorecardItemResultType]) items!: ScorecardItemResultType[];
}

@ObjectType('ScorecardResult', { description: "A team's assessment for one period." })
export class ScorecardResultType {
  @Field(() => String) scorecard!: string;
  @Field(() => Int, { description: 'The scorecard version in force on the period\'s last day.' }) scorecardVersion!: number;
  @Field(() => String) team!: string;
  @Field(() => String) teamName!: string;
  @Field(() => PeriodType) period!: PeriodType;
  @Field(() => Float, { nullable: true, description: 'Overall score, 0–100 × cap.' }) score!: number | null;
  @Field(() => Float, { description: 'Overall coverage: Σ section share × item share over scored items.' }) coverage!: number;
  @Field(() => Int, { nullable: true, description: 'Position among the requested teams for the period (with rank: true).' }) rank!: number | null;
  @Field(() => Boolean, { description: 'True once the period is closed and the numbers are frozen.' }) final!: boolean;
  @Field(() => [ScorecardSectionResultType]) sections!: ScorecardSectionResultType[];
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the period was closed (final results); null for live ones.' }) closedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Who closed the period.' }) closedBy!: string | null;
  @Field(() => Float, { nullable: true, description: 'For a final result: the overall score recomputed from today\'s data and definitions, to compare with the frozen `score`; null for live results.' }) liveScore!: number | null;
  @Field(() => [ValueAdjustmentType], { description: 'For a final result: the latest (at most 100) values written into the period as adjustments since it was closed, for this team and its subtree; empty for live results.' }) adjustments!: ValueAdjustmentType[];
  @Field(() => Int, { description: 'All adjustments since the close for this team and its subtree.' }) adjustmentCount!: number;
}
