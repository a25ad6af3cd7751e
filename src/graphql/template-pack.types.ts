import { Field, Int, ObjectType, createUnionType, registerEnumType } from 'type-graphql';
import type { InstallOutcome, InstallKind, TemplatePackInstallReport } from '../domain/template-pack-install';
import type { TemplatePack } from '../domain/template-pack';
import { PROBLEM_TYPES } from './problem.types';

export enum TemplatePackItemKindEnum { MEASURE = 'MEASURE', KPI = 'KPI', SCORECARD = 'SCORECARD' }
registerEnumType(TemplatePackItemKindEnum, { name: 'TemplatePackItemKind', description: 'What kind of definition a pack item is.' });

export enum TemplatePackItemStatusEnum { CREATED = 'CREATED', UNCHANGED = 'UNCHANGED', SKIPPED = 'SKIPPED' }
registerEnumType(TemplatePackItemStatusEnum, {
  name: 'TemplatePackItemStatus',
  description: 'CREATED: the install made it. UNCHANGED: it was already there as the pack defines it. SKIPPED: the key exists with another definition (or cannot be used), so it was left as it is; `reason` says why.',
});

@ObjectType('TemplatePack', { description: 'A ready-made set of measures, KPIs and scorecards that installTemplatePack adds to a workspace.' })
export class TemplatePackType {
  @Field(() => String) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => Int) measureCount!: number;
  @Field(() => Int) kpiCount!: number;
  @Field(() => Int) scorecardCount!: number;
  @Field(() => [String], { description: 'Measure keys, in the order they are installed.' }) measures!: string[];
  @Field(() => [String], { description: 'KPI keys, in catalogue order.' }) kpis!: string[];
  @Field(() => [String], { description: 'Scorecard keys.' }) scorecards!: string[];
}

@ObjectType('TemplatePackItemOutcome', { description: 'What an install did with one definition of the pack.' })
export class TemplatePackItemOutcomeType {
  @Field(() => TemplatePackItemKindEnum) kind!: TemplatePackItemKindEnum;
  @Field(() => String) key!: string;
  @Field(() => TemplatePackItemStatusEnum) status!: TemplatePackItemStatusEnum;
  @Field(() => String, { nullable: true, description: 'Why a SKIPPED item was left as it is, naming the fields that differ.' }) reason!: string | null;
}

@ObjectType('TemplatePackCounts', { description: 'How many definitions of one kind an install created, found unchanged or skipped.' })
export class TemplatePackCountsType {
  @Field(() => Int) created!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int) skipped!: number;
}

@ObjectType({ description: 'The pack is installed: everything it could add was added, in one transaction. Installing again creates nothing.' })
export class TemplatePackInstalled {
  @Field(() => TemplatePackType) pack!: TemplatePackType;
  @Field(() => TemplatePackCountsType) measures!: TemplatePackCountsType;
  @Field(() => TemplatePackCountsType) kpis!: TemplatePackCountsType;
  @Field(() => TemplatePackCountsType) scorecards!: TemplatePackCountsType;
  @Field(() => [TemplatePackItemOutcomeType], { description: 'The SKIPPED items with their reasons: keys that exist with another definition and were not overwritten.' }) conflicts!: TemplatePackItemOutcomeType[];
  @Field(() => [TemplatePackItemOutcomeType], { description: 'Every item of the pack, in install order (KPIs after the KPIs they read).' }) outcomes!: TemplatePackItemOutcomeType[];
}

export const InstallTemplatePackResult = createUnionType({ name: 'InstallTemplatePackResult', types: () => [TemplatePackInstalled, ...PROBLEM_TYPES] as const });

export function toTemplatePackType(p: TemplatePack): TemplatePackType {
  return Object.assign(new TemplatePackType(), {
    key: p.key, name: p.name, description: p.description,
    measureCount: p.measures.length, kpiCount: p.kpis.length, scorecardCount: p.scorecards.length,
    measures: p.measures.map((m) => m.key), kpis: p.kpis.map((k) => k.key), scorecards: p.scorecards.map((s) => s.key),
  });
}

const toOutcome = (o: InstallOutcome): TemplatePackItemOutcomeType => Object.assign(new TemplatePackItemOutcomeType(), {
  kind: o.kind as TemplatePackItemKindEnum, key: o.key, status: o.status as TemplatePackItemStatusEnum, reason: o.reason,
});

function counts(outcomes: readonly InstallOutcome[], kind: InstallKind): TemplatePackCountsType {
  const of = outcomes.filter((o) => o.kind === kind);
  return Object.assign(new TemplatePackCountsType(), {
    created: of.filter((o) => o.status === 'CREATED').length,
    unchanged: of.filter((o) => o.status === 'UNCHANGED').length,
    skipped: of.filter((o) => o.status === 'SKIPPED').length,
  });
}

export function toTemplatePackInstalled(r: TemplatePackInstallReport): TemplatePackInstalled {
  return Object.assign(new TemplatePackInstalled(), {
    pack: toTemplatePackType(r.pack),
    measures: counts(r.outcomes, 'MEASURE'), kpis: counts(r.outcomes, 'KPI'), scorecards: counts(r.outcomes, 'SCORECARD'),
    conflicts: r.outcomes.filter((o) => o.status === 'SKIPPED').map(toOutcome),
    outcomes: r.outcomes.map(toOutcome),
  });
}
