import { Field, Float, GraphQLISODateTime, InputType, Int, ObjectType, createUnionType, registerEnumType } from 'type-graphql';
import type { Scorecard, StoredScorecardDefinition, StoredScorecardItem, StoredScorecardSection } from '../domain/scorecard';
import { StatusBandsInput } from './kpi.types';
import { PROBLEM_TYPES } from './problem.types';
import { StatusBandsType } from './workspace.types';

export enum ScoringMethodEnum {
  RATIO = 'RATIO',
  LINEAR = 'LINEAR',
  BANDS = 'BANDS',
  BINARY = 'BINARY',
}
registerEnumType(ScoringMethodEnum, {
  name: 'ScoringMethod',
  description: 'RATIO: achievement by direction (default). LINEAR: 0 at a baseline, 100 at the target. BANDS: ON_TRACK 100, AT_RISK 50, OFF_TRACK 0. BINARY: 100 when met, else 0.',
});

export enum MissingDataPolicyEnum {
  EXCLUDE = 'EXCLUDE',
  ZERO = 'ZERO',
}
registerEnumType(MissingDataPolicyEnum, {
  name: 'MissingDataPolicy',
  description: 'EXCLUDE: items without data are left out and the weights re-normalised (coverage says how much had data). ZERO: they score 0.',
});

@ObjectType('ScorecardBaseline', { description: "Where a LINEAR item's 0-point is: a fixed red-flag value or the same period last year." })
export class ScorecardBaselineType {
  @Field(() => Float, { nullable: true }) fixed!: number | null;
  @Field(() => Boolean) previousYear!: boolean;
}

@ObjectType('ScorecardItem', { description: 'A KPI of a section with its weight and scoring method.' })
export class ScorecardItemType {
  @Field(() => String) kpi!: string;
  @Field(() => Float, { description: 'As given; normalised within the section.' }) weight!: number;
  @Field(() => ScoringMethodEnum) method!: ScoringMethodEnum;
  @Field(() => ScorecardBaselineType, { nullable: true }) baseline!: ScorecardBaselineType | null;
}

@ObjectType('ScorecardSection', { description: 'A perspective of the scorecard, e.g. customer satisfaction.' })
export class ScorecardSectionType {
  @Field(() => String) key!: string;
  @Field(() => String) name!: string;
  @Field(() => Float, { description: 'As given; normalised among sections. A section whose item weights are all 0 is left out.' }) weight!: number;
  @Field(() => [ScorecardItemType]) items!: ScorecardItemType[];
}

@ObjectType('ScorecardVersion', { description: 'A whole scorecard definition and the period it applies from.' })
export class ScorecardVersionType {
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true, description: 'Period key from which it applies; null: since always.' }) effectiveFrom!: string | null;
  @Field(() => [ScorecardSectionType]) sections!: ScorecardSectionType[];
  @Field(() => MissingDataPolicyEnum) missingData!: MissingDataPolicyEnum;
  @Field(() => Float, { description: 'Highest achievement that earns points (1.2 = 120 points).' }) cap!: number;
  @Field(() => StatusBandsType, { nullable: true, description: "The scorecard's bands; null uses the workspace's." }) statusBands!: StatusBandsType | null;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('Scorecard', { description: 'A reusable, weighted set of KPIs grouped into sections; versioned like KPI formulas.' })
export class ScorecardType {
  @Field(() => String) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => [ScorecardSectionType], { description: 'Of the latest version.' }) sections!: ScorecardSectionType[];
  @Field(() => MissingDataPolicyEnum, { description: 'Of the latest version.' }) missingData!: MissingDataPolicyEnum;
  @Field(() => Float, { description: 'Of the latest version.' }) cap!: number;
  @Field(() => StatusBandsType, { nullable: true, description: "Of the latest version; null uses the workspace's." }) statusBands!: StatusBandsType | null;
  @Field(() => [ScorecardVersionType], { description: 'Oldest first.' }) versions!: ScorecardVersionType[];
  @Field(() => Boolean) archived!: boolean;
  @Field(() => GraphQLISODateTime, { nullable: true }) archivedAt!: Date | null;
  @Field(() => Int, { description: 'Name it when updating or archiving (optimistic concurrency).' }) revision!: number;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

const toItem = (i: StoredScorecardItem): ScorecardItemType => Object.assign(new ScorecardItemType(), {
  kpi: i.kpi, weight: i.weight, method: i.method as ScoringMethodEnum,
  baseline: i.baseline ? Object.assign(new ScorecardBaselineType(), i.baseline.kind === 'FIXED' ? { fixed: i.baseline.value, previousYear: false } : { fixed: null, previousYear: true }) : null,
});
const toSection = (s: StoredScorecardSection): ScorecardSectionType => Object.assign(new ScorecardSectionType(), { key: s.key, name: s.name, weight: s.weight, items: s.items.map(toItem) });
const definitionFields = (d: StoredScorecardDefinition) => ({
  sections: d.sections.map(toSection), missingData: d.missingData as MissingDataPolicyEnum, cap: d.cap,
  statusBands: d.bands ? Object.assign(new StatusBandsType(), d.bands) : null,
});

export function toScorecardType(s: Scorecard): ScorecardType {
  const latest = s.versions[s.versions.length - 1];
  return Object.assign(new ScorecardType(), {
    key: s.key, name: s.name, description: s.description, ...definitionFields(latest.definition),
    versions: s.versions.map((v) => Object.assign(new ScorecardVersionType(), {
      version: v.version, effectiveFrom: v.effectiveFrom, ...definitionFields(v.definition), createdBy: v.createdBy, createdAt: v.createdAt,
    })),
    archived: s.archivedAt !== null, archivedAt: s.archivedAt, revision: s.revision, createdAt: s.createdAt, updatedAt: s.updatedAt,
  });
}

@ObjectType({ description: 'The scorecard as saved.' })
export class ScorecardSaved {
  @Field(() => ScorecardType) scorecard!: ScorecardType;
}

/** Not `ScorecardResult`: PRODUCT.md gives that name to what evaluateScorecard returns. */
export const ScorecardSaveResult = createUnionType({ name: 'ScorecardSaveResult', types: () => [ScorecardSaved, ...PROBLEM_TYPES] as const });

@InputType()
export class ScorecardBaselineInput {
  @Field(() => Float, { nullable: true, description: 'A fixed red-flag value that scores 0.' }) fixed?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'true: the same period last year scores 0.' }) previousYear?: boolean | null;
}

@InputType()
export class ScorecardItemInput {
  @Field(() => String) kpi!: string;
  @Field(() => Float, { description: 'Any non-negative number; 0 means "does not count".' }) weight!: number;
  @Field(() => ScoringMethodEnum, { nullable: true, description: 'Default RATIO.' }) method?: ScoringMethodEnum | null;
  @Field(() => ScorecardBaselineInput, { nullable: true, description: 'Required for LINEAR; for other methods used when the target is ≤ 0.' }) baseline?: ScorecardBaselineInput | null;
}

@InputType()
export class ScorecardSectionInput {
  @Field(() => String, { description: 'Unique in the scorecard: a-z, 0-9, "-" or "_".' }) key!: string;
  @Field(() => String) name!: string;
  @Field(() => Float, { description: 'Any non-negative number.' }) weight!: number;
  @Field(() => [ScorecardItemInput], { description: 'May be empty (the section is left out).' }) items!: ScorecardItemInput[];
}

@InputType()
export class CreateScorecardInput {
  @Field(() => String, { description: '1–64 characters: a-z, 0-9, "-" or "_", starting with a letter or digit.' }) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [ScorecardSectionInput]) sections!: ScorecardSectionInput[];
  @Field(() => MissingDataPolicyEnum, { nullable: true, description: 'Default EXCLUDE.' }) missingData?: MissingDataPolicyEnum | null;
  @Field(() => Float, { nullable: true, description: 'Default 1.2; from 1 to 10.' }) cap?: number | null;
  @Field(() => StatusBandsInput, { nullable: true, description: "Omit to use the workspace's bands." }) statusBands?: StatusBandsInput | null;
}

@InputType()
export class UpdateScorecardInput {
  @Field(() => String) key!: string;
  @Field(() => Int, { description: 'The revision you read.' }) revision!: number;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true, description: 'Period key from which a changed definition applies; required with one.' }) effectiveFrom?: string | null;
  @Field(() => [ScorecardSectionInput], { nullable: true, description: 'Replaces all sections; omit to keep them.' }) sections?: ScorecardSectionInput[] | null;
  @Field(() => MissingDataPolicyEnum, { nullable: true, description: 'Omit to keep.' }) missingData?: MissingDataPolicyEnum | null;
  @Field(() => Float, { nullable: true, description: 'Omit to keep.' }) cap?: number | null;
  @Field(() => StatusBandsInput, { nullable: true, description: "Omit to keep; null returns to the workspace's bands." }) statusBands?: StatusBandsInput | null;
}
