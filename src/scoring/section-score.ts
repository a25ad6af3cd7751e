import { combineScores, normaliseWeights } from './weights';
import type { MissingDataPolicy } from './types';

export interface SectionEntry {
  readonly weight: number;
  /** The item's own score; `null` when it has missing data (NO_DATA or NO_TARGET). */
  readonly score: number | null;
}

export interface SectionScore {
  /** `null` when the section is left out or no weighted item has a score. */
  readonly score: number | null;
  /** Share of the given item weight that had data, 0 … 1, whatever the policy. */
  readonly coverage: number;
  /** All item weights are 0: PRODUCT.md "Scoring figures" leaves such a section out. */
  readonly leftOut: boolean;
  /** Per item: its own score, 0 for missing data under ZERO, `null` under EXCLUDE. */
  readonly itemScores: readonly (number | null)[];
  /** Per item: its share of the section score; those of scored items sum to 1. */
  readonly appliedWeights: readonly number[];
}

/**
 * Section score = Σ wᵢ·sᵢ / Σ wᵢ over items with a score (PRODUCT.md "Scoring").
 * EXCLUDE re-normalises over the items with data; ZERO scores missing items 0 at their
 * full weight. Coverage is measured against the given weights either way, so a reader of a
 * ZERO scorecard still sees how much of it rests on data.
 */
export function scoreSection(
  entries: readonly SectionEntry[],
  policy: MissingDataPolicy,
): SectionScore {
  const givenShares = normaliseWeights(entries.map((entry) => entry.weight));
  const itemScores = entries.map((entry) => entry.score ?? (policy === 'ZERO' ? 0 : null));
  if (givenShares === null) {
    return { score: null, coverage: 0, leftOut: true, itemScores, appliedWeights: entries.map(() => 0) };
  }
  const withData = entries.reduce(
    (sum, entry, index) => (entry.score === null ? sum : sum + givenShares[index]),
    0,
  );
  const combined = combineScores(
    entries.map((entry, index) => ({ weight: entry.weight, score: itemScores[index] })),
  );
  return {
    score: combined.score,
    // Shares sum to 1 only up to rounding.
    coverage: Math.min(withData, 1),
    leftOut: false,
    itemScores,
    appliedWeights: combined.appliedWeights,
  };
}
