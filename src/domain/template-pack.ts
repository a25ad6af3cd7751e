/**
 * Template packs: ready-made measures, KPIs and scorecards as typed data, installed into
 * a workspace by `installTemplatePack`. Keys are the contract; names carry English and,
 * where the catalogue gives one, Chinese.
 */
import type { Direction, DisplayFormat } from './kpi';
import type { Measure } from './measure';
import type { ScorecardDefinitionInput } from './scorecard-definition';

export interface BilingualName {
  readonly en: string;
  /** null where the catalogue gives no Chinese name. */
  readonly zh: string | null;
}

/** The name as stored: `Leads 潜在客户`, or the English alone. */
export const displayName = (name: BilingualName): string => (name.zh ? `${name.en} ${name.zh}` : name.en);

/** A measure as the pack defines it: the model's defining fields, with a bilingual name. */
export interface PackMeasure extends Pick<Measure, 'key' | 'description' | 'unit' | 'currency' | 'timeAggregation' | 'teamAggregation' | 'grain'> {
  readonly name: BilingualName;
}

/** A KPI's perspective (CATALOG.md), stored as its category. */
export type Perspective = 'customer satisfaction' | 'service efficiency' | 'market expansion' | 'employee performance' | 'customer value';

export interface PackKpi {
  readonly key: string;
  readonly name: BilingualName;
  /** Where the formula comes from (the catalogue's source column). */
  readonly description: string;
  readonly formula: string;
  readonly direction: Direction;
  readonly category: Perspective;
  readonly unit: string;
  readonly displayFormat: DisplayFormat;
  readonly decimals: number;
  readonly defaultTarget: number | null;
}

export interface PackScorecard extends ScorecardDefinitionInput {
  readonly key: string;
  readonly name: BilingualName;
  readonly description: string;
}

export interface TemplatePack {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly measures: readonly PackMeasure[];
  /** In catalogue order; the installer orders them by dependency. */
  readonly kpis: readonly PackKpi[];
  readonly scorecards: readonly PackScorecard[];
}
