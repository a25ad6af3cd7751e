import { DEFAULT_CAP, scoreItem, validateCap } from '../../src/scoring';
import type { Direction, ItemInput, ScorecardItemDefinition, ScoringMethod } from '../../src/scoring';

function item(direction: Direction, method: ScoringMethod, baseline?: number): ScorecardItemDefinition {
  const fixed = baseline === undefined ? undefined : { kind: 'FIXED' as const, value: baseline };
  if (method === 'LINEAR') {
    return { kpi: 'k', direction, weight: 1, method, baseline: fixed ?? { kind: 'PREVIOUS_YEAR' } };
  }
  return { kpi: 'k', direction, weight: 1, method, baseline: fixed };
}

function score(definition: ScorecardItemDefinition, input: ItemInput, cap?: number) {
  return scoreItem(definition, input, { cap });
}

describe('every direction × method, target 100', () => {
  // [direction, method, baseline, actual, expected score, expected status, arithmetic]
  const cases: readonly [Direction, ScoringMethod, number | undefined, number, number, string, string][] = [
    ['HIGHER_IS_BETTER', 'RATIO', undefined, 95, 95, 'AT_RISK', '95 / 100 = 0.95 → 95'],
    ['HIGHER_IS_BETTER', 'LINEAR', 50, 95, 90, 'AT_RISK', '(95 − 50) / (100 − 50) = 0.9 → 90'],
    ['HIGHER_IS_BETTER', 'BANDS', undefined, 95, 50, 'AT_RISK', '0.95 is AT_RISK → 50'],
    ['HIGHER_IS_BETTER', 'BINARY', undefined, 95, 0, 'AT_RISK', '0.95 < 1 → 0'],
    ['HIGHER_IS_BETTER', 'BINARY', undefined, 100, 100, 'ON_TRACK', '1 ≥ 1 → 100'],
    ['LOWER_IS_BETTER', 'RATIO', undefined, 125, 80, 'OFF_TRACK', '100 / 125 = 0.8 → 80'],
    ['LOWER_IS_BETTER', 'LINEAR', 200, 125, 75, 'OFF_TRACK', '(200 − 125) / (200 − 100) = 0.75 → 75'],
    ['LOWER_IS_BETTER', 'BANDS', undefined, 125, 0, 'OFF_TRACK', '0.8 is OFF_TRACK → 0'],
    ['LOWER_IS_BETTER', 'BANDS', undefined, 80, 100, 'ON_TRACK', '100 / 80 = 1.25 is ON_TRACK → 100'],
    ['LOWER_IS_BETTER', 'BINARY', undefined, 80, 100, 'ON_TRACK', '1.25 ≥ 1 → 100'],
    ['LOWER_IS_BETTER', 'BINARY', undefined, 125, 0, 'OFF_TRACK', '0.8 < 1 → 0'],
    ['CLOSER_IS_BETTER', 'RATIO', undefined, 105, 95, 'AT_RISK', '1 − 5 / 100 = 0.95 → 95'],
    ['CLOSER_IS_BETTER', 'LINEAR', 120, 105, 75, 'OFF_TRACK', '1 − |105 − 100| / |120 − 100| = 0.75 → 75'],
    ['CLOSER_IS_BETTER', 'BANDS', undefined, 105, 50, 'AT_RISK', '0.95 is AT_RISK → 50'],
    ['CLOSER_IS_BETTER', 'BINARY', undefined, 105, 0, 'AT_RISK', '0.95 < 1 → 0'],
    ['CLOSER_IS_BETTER', 'BINARY', undefined, 100, 100, 'ON_TRACK', 'on target: 1 → 100'],
  ];
  test.each(cases)('%s %s (baseline %s), actual %s scores %s, %s: %s', (direction, method, baseline, actual, points, status) => {
    const result = score(item(direction, method, baseline), { actual, target: 100 });
    expect(result.status).toBe(status);
    expect(result.score).toBeCloseTo(points, 9);
  });
});

describe('the cap', () => {
  test('the default cap is 1.2, so an item scores at most 120', () => {
    expect(DEFAULT_CAP).toBe(1.2);
    // 150 / 100 = 1.5 → clamp to 1.2 → 120; the achievement itself is reported unclamped
    const result = score(item('HIGHER_IS_BETTER', 'RATIO'), { actual: 150, target: 100 });
    expect(result.score).toBeCloseTo(120, 9);
    expect(result.achievement).toBeCloseTo(1.5, 12);
  });

  test('a custom cap of 1 stops at 100 points', () => {
    expect(score(item('HIGHER_IS_BETTER', 'RATIO'), { actual: 150, target: 100 }, 1).score).toBe(100);
  });

  test('LINEAR is capped too, and never below 0', () => {
    // (200 − 50) / 50 = 3 → 1.2 → 120; (0 − 50) / 50 = −1 → 0
    expect(score(item('HIGHER_IS_BETTER', 'LINEAR', 50), { actual: 200, target: 100 }).score).toBeCloseTo(120, 9);
    expect(score(item('HIGHER_IS_BETTER', 'LINEAR', 50), { actual: 0, target: 100 }).score).toBe(0);
  });

  test('LOWER_IS_BETTER with actual 0 scores the cap', () => {
    // complaint_rate target 2, actual 0: t / a is unbounded → clamp to 1.2 → 120
    const result = score(item('LOWER_IS_BETTER', 'RATIO'), { actual: 0, target: 2 });
    expect(result.score).toBeCloseTo(120, 9);
    expect(result.status).toBe('ON_TRACK');
    // JSON and GraphQL cannot carry Infinity: the achievement is reported as unbounded (null)
    expect(result.achievement).toBeNull();
    expect(result.basis).toBe('RATIO');
  });

  test('LOWER_IS_BETTER with actual 0 scores the cap of a custom cap', () => {
    expect(score(item('LOWER_IS_BETTER', 'RATIO'), { actual: 0, target: 2 }, 1.5).score).toBeCloseTo(150, 9);
  });

  test('a cap below 1 or not finite is refused', () => {
    expect(validateCap(1)).toEqual([]);
    expect(validateCap(0.9)).toEqual([expect.objectContaining({ code: 'INVALID_CAP', path: 'cap' })]);
    expect(validateCap(Number.POSITIVE_INFINITY)).toHaveLength(1);
  });
});

describe('CLOSER_IS_BETTER with target 100 (budget execution)', () => {
  const budget = item('CLOSER_IS_BETTER', 'RATIO');
  const cases: readonly [number, number, string, string][] = [
    [100, 100, 'ON_TRACK', 'spent exactly the budget: 1 − 0 / 100 = 1 → 100'],
    [110, 90, 'AT_RISK', 'overspent by 10 %: 1 − 10 / 100 = 0.9 → 90'],
    [90, 90, 'AT_RISK', 'underspent by 10 %: 1 − 10 / 100 = 0.9 → 90'],
    [70, 70, 'OFF_TRACK', 'underspent by 30 %: 1 − 30 / 100 = 0.7 → 70'],
    [250, 0, 'OFF_TRACK', 'spent 2.5×: max(0, 1 − 150 / 100) = 0 → 0'],
  ];
  test.each(cases)('execution %s %% scores %s (%s): %s', (actual, points, status) => {
    const result = score(budget, { actual, target: 100 });
    expect(result.score).toBeCloseTo(points, 9);
    expect(result.status).toBe(status);
  });

  test('being close never earns more than 100, whatever the cap', () => {
    expect(score(budget, { actual: 100, target: 100 }, 2).score).toBe(100);
  });
});

describe('zero and negative targets use LINEAR', () => {
  test('a negative target with a fixed baseline is scored linearly', () => {
    // a loss of at most 10, red flag a loss of 50, actual loss 30: (−30 + 50) / (−10 + 50) = 0.5 → 50
    const result = score(item('HIGHER_IS_BETTER', 'RATIO', -50), { actual: -30, target: -10 });
    expect(result.basis).toBe('LINEAR');
    expect(result.score).toBeCloseTo(50, 9);
    expect(result.status).toBe('OFF_TRACK');
  });

  test('a zero target with no baseline scores met (100) or not (0)', () => {
    const zeroComplaints = item('LOWER_IS_BETTER', 'RATIO');
    expect(score(zeroComplaints, { actual: 0, target: 0 })).toMatchObject({ basis: 'MET_OR_NOT', score: 100, status: 'ON_TRACK' });
    expect(score(zeroComplaints, { actual: 3, target: 0 })).toMatchObject({ basis: 'MET_OR_NOT', score: 0, status: 'OFF_TRACK' });
  });

  test('BANDS with a zero target uses the linear achievement for its band', () => {
    // growth target 0, red flag −10, actual −0.5: (−0.5 + 10) / 10 = 0.95 → AT_RISK → 50
    expect(score(item('HIGHER_IS_BETTER', 'BANDS', -10), { actual: -0.5, target: 0 })).toMatchObject({ status: 'AT_RISK', score: 50 });
  });
});

describe('LINEAR baselines', () => {
  test('a PREVIOUS_YEAR baseline reads last year\'s actual', () => {
    const growth: ScorecardItemDefinition = {
      kpi: 'revenue_per_rep', direction: 'HIGHER_IS_BETTER', weight: 1, method: 'LINEAR', baseline: { kind: 'PREVIOUS_YEAR' },
    };
    // last year 240000, target 300000, actual 276000: (276000 − 240000) / (300000 − 240000) = 0.6 → 60
    const result = score(growth, { actual: 276000, target: 300000, previousYear: 240000 });
    expect(result).toMatchObject({ basis: 'LINEAR', baseline: 240000 });
    expect(result.score).toBeCloseTo(60, 9);
  });

  test('LINEAR with no data last year is judged met or not', () => {
    const growth: ScorecardItemDefinition = {
      kpi: 'revenue_per_rep', direction: 'HIGHER_IS_BETTER', weight: 1, method: 'LINEAR', baseline: { kind: 'PREVIOUS_YEAR' },
    };
    expect(score(growth, { actual: 310000, target: 300000, previousYear: null })).toMatchObject({ basis: 'MET_OR_NOT', score: 100 });
    expect(score(growth, { actual: 290000, target: 300000, previousYear: { error: 'DIV_BY_ZERO' } })).toMatchObject({ basis: 'MET_OR_NOT', score: 0 });
  });

  test('LINEAR with a baseline equal to the target is judged met or not', () => {
    expect(score(item('LOWER_IS_BETTER', 'LINEAR', 4), { actual: 4, target: 4 })).toMatchObject({ basis: 'MET_OR_NOT', score: 100 });
    expect(score(item('LOWER_IS_BETTER', 'LINEAR', 4), { actual: 4.5, target: 4 })).toMatchObject({ basis: 'MET_OR_NOT', score: 0 });
  });
});

describe('missing data', () => {
  test('a blank actual is NO_DATA with no score', () => {
    expect(score(item('HIGHER_IS_BETTER', 'RATIO'), { actual: null, target: 85 })).toEqual({
      status: 'NO_DATA', basis: null, achievement: null, baseline: null, score: null,
    });
  });

  test('an error actual is NO_DATA, even without a target', () => {
    expect(score(item('HIGHER_IS_BETTER', 'RATIO'), { actual: { error: 'DIV_BY_ZERO' }, target: null }).status).toBe('NO_DATA');
  });

  test('a number actual with no target is NO_TARGET', () => {
    expect(score(item('HIGHER_IS_BETTER', 'RATIO'), { actual: 80, target: null })).toMatchObject({ status: 'NO_TARGET', score: null });
  });

  test('a non-finite actual is NO_DATA rather than a NaN score', () => {
    expect(score(item('HIGHER_IS_BETTER', 'RATIO'), { actual: Number.NaN, target: 85 }).status).toBe('NO_DATA');
  });

  test('the item\'s own bands win over the scorecard\'s', () => {
    const lenient: ScorecardItemDefinition = { kpi: 'nps', direction: 'HIGHER_IS_BETTER', weight: 1, bands: { onTrack: 0.9, atRisk: 0.7 } };
    // 27 / 30 = 0.9: ON_TRACK under the item's bands, AT_RISK under the scorecard's defaults
    expect(scoreItem(lenient, { actual: 27, target: 30 }, { bands: { onTrack: 1, atRisk: 0.9 } }).status).toBe('ON_TRACK');
  });
});
