import type { AchievementBasis, Direction, ScoringMethod } from './types';

/**
 * Slack for "reached": KPI formulas carry float noise (29 / 100 * 100 is 28.999999999999996),
 * and a target met on paper must not show as missed.
 */
export const ACHIEVEMENT_TOLERANCE = 1e-9;

/**
 * Ratio achievement (PRODUCT.md "Scoring"); 1 means the target is met.
 * Returns `null` when the ratio is undefined: a zero or negative target (those use LINEAR),
 * or a non-finite input.
 * LOWER_IS_BETTER with an actual at or below 0 returns +Infinity: nothing can beat it, so it
 * scores the cap once clamped ("a = 0 scores the cap"; a negative cost is better still).
 */
export function achievement(direction: Direction, actual: number, target: number): number | null {
  if (!Number.isFinite(actual) || !Number.isFinite(target) || target <= 0) return null;
  switch (direction) {
    case 'HIGHER_IS_BETTER':
      return actual / target;
    case 'LOWER_IS_BETTER':
      return actual <= 0 ? Number.POSITIVE_INFINITY : target / actual;
    case 'CLOSER_IS_BETTER':
      return Math.max(0, 1 - Math.abs(actual - target) / target);
  }
}

/**
 * LINEAR achievement: 0 at the baseline, 1 at the target, linear between and beyond
 * (so below 0 past the baseline, above 1 past the target). CLOSER_IS_BETTER measures the
 * distance from the target: 0 at the baseline's distance, 1 on the target.
 * Returns `null` when the baseline gives no scale: equal to the target, or on the better
 * side of it (a HIGHER_IS_BETTER baseline above the target would reward falling short).
 */
export function linearAchievement(
  direction: Direction,
  actual: number,
  target: number,
  baseline: number,
): number | null {
  if (!Number.isFinite(actual) || !Number.isFinite(target) || !Number.isFinite(baseline)) return null;
  // Halving first keeps differences of huge finite numbers finite: 1e308 − (−1e308)
  // overflows to Infinity, and Infinity / Infinity is NaN.
  const a = actual / 2;
  const t = target / 2;
  const b = baseline / 2;
  switch (direction) {
    case 'HIGHER_IS_BETTER':
      return b < t ? (a - b) / (t - b) : null;
    case 'LOWER_IS_BETTER':
      return b > t ? (b - a) / (b - t) : null;
    case 'CLOSER_IS_BETTER': {
      const span = Math.abs(b - t);
      return span > 0 ? 1 - Math.abs(a - t) / span : null;
    }
  }
}

/** Whether the actual reaches the target in the KPI's direction (CLOSER: equals it). */
export function meetsTarget(direction: Direction, actual: number, target: number): boolean {
  const slack = ACHIEVEMENT_TOLERANCE * Math.max(1, Math.abs(target));
  switch (direction) {
    case 'HIGHER_IS_BETTER':
      return actual >= target - slack;
    case 'LOWER_IS_BETTER':
      return actual <= target + slack;
    case 'CLOSER_IS_BETTER':
      return Math.abs(actual - target) <= slack;
  }
}

export interface Achievement {
  readonly basis: AchievementBasis;
  /** May be ±Infinity (see `achievement`); never NaN. */
  readonly value: number;
}

/**
 * The achievement an item is judged by. RATIO, BANDS and BINARY use the ratio; LINEAR, and
 * any method whose target is zero or negative (PRODUCT.md "Scoring"), use the baseline.
 * With no usable baseline the item is judged met (1) or not (0): there is no second point
 * to draw a line through, and calling a present target "no target" would hide a real goal
 * such as "0 complaints". A default baseline of 0 would sit on the wrong side of, or on,
 * most zero and negative targets.
 */
export function resolveAchievement(
  direction: Direction,
  actual: number,
  target: number,
  method: ScoringMethod,
  baseline: number | null,
): Achievement {
  if (method !== 'LINEAR') {
    const ratio = achievement(direction, actual, target);
    if (ratio !== null) return { basis: 'RATIO', value: ratio };
  }
  if (baseline !== null) {
    const linear = linearAchievement(direction, actual, target, baseline);
    if (linear !== null) return { basis: 'LINEAR', value: linear };
  }
  return { basis: 'MET_OR_NOT', value: meetsTarget(direction, actual, target) ? 1 : 0 };
}
