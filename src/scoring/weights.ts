import type { ScoringValidationError } from './types';

/** The weight-bearing shape of a scorecard, so callers can check a draft before it is complete. */
export interface WeightedScorecard {
  readonly sections: readonly {
    readonly weight: number;
    readonly items: readonly { readonly weight: number }[];
  }[];
}

/**
 * Every negative or non-finite weight, with its path. Weights need not sum to anything
 * (PRODUCT.md "Scoring"): they are normalised, so 0 is allowed and means "does not count".
 */
export function validateScorecardWeights(
  scorecard: WeightedScorecard,
): readonly ScoringValidationError[] {
  return scorecard.sections.flatMap((section, s) => [
    ...validateWeight(section.weight, `sections[${s}].weight`),
    ...section.items.flatMap((item, i) => validateWeight(item.weight, `sections[${s}].items[${i}].weight`)),
  ]);
}

function validateWeight(weight: number, path: string): readonly ScoringValidationError[] {
  if (!Number.isFinite(weight)) {
    return [{ code: 'NON_FINITE_WEIGHT', message: `A weight must be a finite number (got ${weight}).`, path }];
  }
  if (weight < 0) {
    return [{ code: 'NEGATIVE_WEIGHT', message: `A weight cannot be negative (got ${weight}).`, path }];
  }
  return [];
}

/**
 * Shares of validated (finite, non-negative) weights, summing to 1; `null` when every
 * weight is 0, as nothing can be shared out.
 */
export function normaliseWeights(weights: readonly number[]): readonly number[] | null {
  const largest = weights.reduce((max, weight) => (weight > max ? weight : max), 0);
  if (largest === 0) return null;
  // Dividing by the largest weight first keeps the total finite even for weights near
  // Number.MAX_VALUE, whose plain sum would overflow to Infinity.
  const scaled = weights.map((weight) => weight / largest);
  const total = scaled.reduce((sum, weight) => sum + weight, 0);
  return scaled.map((weight) => weight / total);
}

export interface WeightedScore {
  readonly weight: number;
  /** `null` when there is nothing to count. */
  readonly score: number | null;
}

export interface CombinedScore {
  /** Σ wᵢ·sᵢ / Σ wᵢ over the entries with a score; `null` when their weights are all 0. */
  readonly score: number | null;
  /** Each entry's share of that score, 0 for entries without a score. */
  readonly appliedWeights: readonly number[];
}

/** A weighted mean that re-normalises the weights over the entries that have a score. */
export function combineScores(entries: readonly WeightedScore[]): CombinedScore {
  const shares = normaliseWeights(entries.map((entry) => (entry.score === null ? 0 : entry.weight)));
  if (shares === null) return { score: null, appliedWeights: entries.map(() => 0) };
  let score = 0;
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  entries.forEach((entry, index) => {
    const share = shares[index] ?? 0;
    if (entry.score === null || share === 0) return;
    score += share * entry.score;
    lowest = Math.min(lowest, entry.score);
    highest = Math.max(highest, entry.score);
  });
  // Shares sum to 1 only up to rounding; a mean of scores that are all 120 must not come
  // out as 120.00000000000001, above the cap.
  return { score: Math.min(Math.max(score, lowest), highest), appliedWeights: shares };
}
