/**
 * How a definition already in the workspace differs from a template pack's. An install
 * never overwrites: a key whose definition differs in any field the pack sets is left as
 * it is and reported with these differences.
 */
import { parseFormula, printFormula } from '../engine';
import type { Kpi } from './kpi';
import { latestVersion } from './kpi';
import type { Measure } from './measure';
import type { Scorecard, StoredScorecardDefinition } from './scorecard';
import { latestScorecardVersion, sameDefinition } from './scorecard';
import { type PackKpi, type PackMeasure, type PackScorecard, displayName } from './template-pack';

/** One differing field: `unit (COUNT here, CURRENCY in the pack)`. */
const field = (name: string, here: unknown, pack: unknown): string => `${name} (${show(here)} here, ${show(pack)} in the pack)`;
const show = (v: unknown): string => (typeof v === 'string' ? `"${v.length > 60 ? `${v.slice(0, 57)}…` : v}"` : String(v));

function differences(pairs: ReadonlyArray<readonly [name: string, here: unknown, pack: unknown]>): string[] {
  return pairs.filter(([, here, pack]) => here !== pack).map(([name, here, pack]) => field(name, here, pack));
}

export function measureDifferences(existing: Measure, wanted: PackMeasure): string[] {
  return [
    ...(existing.archivedAt ? ['it is archived'] : []),
    ...(existing.source ? ['it is computed from events'] : []),
    ...differences([
      ['name', existing.name, displayName(wanted.name)],
      ['description', existing.description, wanted.description],
      ['unit', existing.unit, wanted.unit],
      ['currency', existing.currency, wanted.currency],
      ['timeAggregation', existing.timeAggregation, wanted.timeAggregation],
      ['teamAggregation', existing.teamAggregation, wanted.teamAggregation],
      ['grain', existing.grain, wanted.grain],
    ]),
  ];
}

/** Formulas compare by meaning, not layout: `a/b` and `a / b` are the same formula. */
export function canonicalFormula(formula: string): string {
  const parsed = parseFormula(formula);
  return parsed.ast ? printFormula(parsed.ast) : formula;
}

export function kpiDifferences(existing: Kpi, wanted: PackKpi): string[] {
  const formula = latestVersion(existing).formula;
  return [
    ...(existing.archivedAt ? ['it is archived'] : []),
    ...(canonicalFormula(formula) !== canonicalFormula(wanted.formula) ? [field('formula', formula, wanted.formula)] : []),
    ...differences([
      ['name', existing.name, displayName(wanted.name)],
      ['description', existing.description, wanted.description],
      ['direction', existing.direction, wanted.direction],
      ['category', existing.category, wanted.category],
      ['unit', existing.unit, wanted.unit],
      ['displayFormat', existing.displayFormat, wanted.displayFormat],
      ['decimals', existing.decimals, wanted.decimals],
      ['defaultTarget', existing.defaultTarget, wanted.defaultTarget],
    ]),
  ];
}

/** `wanted` is the pack's definition as it would be stored. */
export function scorecardDifferences(existing: Scorecard, pack: PackScorecard, wanted: StoredScorecardDefinition): string[] {
  return [
    ...(existing.archivedAt ? ['it is archived'] : []),
    ...(sameDefinition(latestScorecardVersion(existing).definition, wanted) ? [] : ['its sections, items, weights, methods, cap, bands or missing-data policy']),
    ...differences([
      ['name', existing.name, displayName(pack.name)],
      ['description', existing.description, pack.description],
    ]),
  ];
}

