import { ACHIEVEMENT_TOLERANCE, resolveAchievement } from './achievement';
import { numericActual } from './kpi-actual';
import { DEFAULT_STATUS_BANDS, statusForAchievement } from './status';
import type {
  BandStatus,
  ItemEvaluation,
  MissingDataStatus,
  ItemInput,
  LinearBaseline,
  ScorecardItemDefinition,
  ScoringMethod,
  ScoringValidationError,
  StatusBands,
} from './types';

/** PRODUCT.md "Scoring": achievement counts up to 120 % (120 points). */
export const DEFAULT_CAP = 1.2;

const BAND_POINTS: Readonly<Record<BandStatus, number>> = {
  ON_TRACK: 100,
  AT_RISK: 50,
  OFF_TRACK: 0,
};

/**
 * A cap below 1 would score a met target under 100 (and under BANDS' and BINARY's 100),
 * so it must be finite and at least 1.
 */
export function validateCap(cap: number, path = 'cap'): readonly ScoringValidationError[] {
  return Number.isFinite(cap) && cap >= 1
    ? []
    : [{ code: 'INVALID_CAP', message: `The cap must be a finite number of at least 1 (got ${cap}).`, path }];
}

/** Points for an achievement under a method: 0 … 100 × cap. */
export function scoreAchievement(
  method: ScoringMethod,
  achievement: number,
  status: BandStatus,
  cap: number = DEFAULT_CAP,
): number {
  switch (method) {
    case 'RATIO':
    case 'LINEAR':
      return Math.min(Math.max(achievement, 0), cap) * 100;
    case 'BANDS':
      return BAND_POINTS[status];
    case 'BINARY':
      return achievement >= 1 - ACHIEVEMENT_TOLERANCE ? 100 : 0;
  }
}

/** The baseline number an item resolves to, or `null` when it has none. */
export function resolveBaseline(
  baseline: LinearBaseline | undefined,
  input: Pick<ItemInput, 'previousYear'>,
): number | null {
  if (baseline === undefined) return null;
  switch (baseline.kind) {
    case 'FIXED':
      return Number.isFinite(baseline.value) ? baseline.value : null;
    case 'PREVIOUS_YEAR':
      return numericActual(input.previousYear);
  }
}

export interface ItemScoringOptions {
  readonly cap?: number;
  /** Used when the item has no bands of its own. */
  readonly bands?: StatusBands;
}

/** Scores one item on its own: status, achievement and points, before any weighting. */
export function scoreItem(
  item: ScorecardItemDefinition,
  input: ItemInput,
  options: ItemScoringOptions = {},
): ItemEvaluation {
  const baseline = resolveBaseline(item.baseline, input);
  // PRODUCT.md "Scoring figures": a blank or error actual is NO_DATA, otherwise no target
  // is NO_TARGET. A non-finite target is a caller bug; reading it as absent keeps NaN out.
  const actual = numericActual(input.actual);
  const target = input.target !== null && Number.isFinite(input.target) ? input.target : null;
  if (actual === null) return missingItem('NO_DATA', baseline);
  if (target === null) return missingItem('NO_TARGET', baseline);
  const method = item.method ?? 'RATIO';
  const { basis, value } = resolveAchievement(item.direction, actual, target, method, baseline);
  const status = statusForAchievement(value, item.bands ?? options.bands ?? DEFAULT_STATUS_BANDS);
  return {
    status,
    basis,
    achievement: Number.isFinite(value) ? value : null,
    baseline,
    score: scoreAchievement(method, value, status, options.cap ?? DEFAULT_CAP),
  };
}

function missingItem(status: MissingDataStatus, baseline: number | null): ItemEvaluation {
  return { status, basis: null, achievement: null, baseline, score: null };
}
