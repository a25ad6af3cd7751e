import {
  achievement,
  linearAchievement,
  meetsTarget,
  resolveAchievement,
} from '../../src/scoring';

describe('ratio achievement (PRODUCT.md "Scoring")', () => {
  test('HIGHER_IS_BETTER is actual / target', () => {
    // 17 / 20 = 0.85
    expect(achievement('HIGHER_IS_BETTER', 17, 20)).toBeCloseTo(0.85, 12);
  });

  test('LOWER_IS_BETTER is target / actual', () => {
    // 800 / 1000 = 0.8
    expect(achievement('LOWER_IS_BETTER', 1000, 800)).toBeCloseTo(0.8, 12);
  });

  test('LOWER_IS_BETTER with actual 0 is unbounded, so it scores the cap once clamped', () => {
    expect(achievement('LOWER_IS_BETTER', 0, 2)).toBe(Number.POSITIVE_INFINITY);
  });

  test('LOWER_IS_BETTER with a negative actual beats any positive target', () => {
    // t / a would be negative (2 / −1 = −2) and score 0 for the best result of all.
    expect(achievement('LOWER_IS_BETTER', -1, 2)).toBe(Number.POSITIVE_INFINITY);
  });

  test('CLOSER_IS_BETTER is 1 − |a − t| / |t|, the same on both sides of the target', () => {
    // budget execution, target 100: 1 − |110 − 100| / 100 = 0.9; 1 − |90 − 100| / 100 = 0.9
    expect(achievement('CLOSER_IS_BETTER', 110, 100)).toBeCloseTo(0.9, 12);
    expect(achievement('CLOSER_IS_BETTER', 90, 100)).toBeCloseTo(0.9, 12);
  });

  test('CLOSER_IS_BETTER never goes below 0', () => {
    // 1 − |250 − 100| / 100 = −0.5 → max(0, −0.5) = 0
    expect(achievement('CLOSER_IS_BETTER', 250, 100)).toBe(0);
  });

  test.each(['HIGHER_IS_BETTER', 'LOWER_IS_BETTER', 'CLOSER_IS_BETTER'] as const)(
    '%s has no ratio for a zero or negative target (those use LINEAR)',
    (direction) => {
      expect(achievement(direction, 5, 0)).toBeNull();
      expect(achievement(direction, 5, -10)).toBeNull();
    },
  );
});

describe('linear achievement: 0 at the baseline, 1 at the target', () => {
  test('HIGHER_IS_BETTER runs from a baseline below the target', () => {
    // (80 − 50) / (100 − 50) = 30 / 50 = 0.6
    expect(linearAchievement('HIGHER_IS_BETTER', 80, 100, 50)).toBeCloseTo(0.6, 12);
  });

  test('HIGHER_IS_BETTER is linear beyond both ends', () => {
    // (130 − 50) / 50 = 1.6; (40 − 50) / 50 = −0.2
    expect(linearAchievement('HIGHER_IS_BETTER', 130, 100, 50)).toBeCloseTo(1.6, 12);
    expect(linearAchievement('HIGHER_IS_BETTER', 40, 100, 50)).toBeCloseTo(-0.2, 12);
  });

  test('LOWER_IS_BETTER runs from a baseline above the target', () => {
    // red flag 10 hours, target 4: (10 − 6) / (10 − 4) = 4 / 6
    expect(linearAchievement('LOWER_IS_BETTER', 6, 4, 10)).toBeCloseTo(4 / 6, 12);
  });

  test('CLOSER_IS_BETTER uses the distance from the target, on either side', () => {
    // baseline 150 is 50 away from 100: 1 − |120 − 100| / 50 = 0.6, and 1 − |80 − 100| / 50 = 0.6
    expect(linearAchievement('CLOSER_IS_BETTER', 120, 100, 150)).toBeCloseTo(0.6, 12);
    expect(linearAchievement('CLOSER_IS_BETTER', 80, 100, 150)).toBeCloseTo(0.6, 12);
  });

  test('works for negative targets, which RATIO cannot handle', () => {
    // a loss of at most 10, red flag a loss of 50: (−30 − (−50)) / (−10 − (−50)) = 20 / 40 = 0.5
    expect(linearAchievement('HIGHER_IS_BETTER', -30, -10, -50)).toBeCloseTo(0.5, 12);
  });

  test('a baseline equal to the target gives no scale', () => {
    expect(linearAchievement('HIGHER_IS_BETTER', 5, 10, 10)).toBeNull();
    expect(linearAchievement('CLOSER_IS_BETTER', 5, 10, 10)).toBeNull();
  });

  test('a baseline on the better side of the target gives no scale', () => {
    // (a − 120) / (100 − 120) would reward falling further short of the target
    expect(linearAchievement('HIGHER_IS_BETTER', 90, 100, 120)).toBeNull();
    expect(linearAchievement('LOWER_IS_BETTER', 3, 4, 2)).toBeNull();
  });

  test('huge finite inputs do not overflow into NaN', () => {
    // (1e308 − (−1e308)) / (1e308 − (−1e308)) = 1, though 2e308 is not a finite double
    expect(linearAchievement('HIGHER_IS_BETTER', 1e308, 1e308, -1e308)).toBe(1);
  });
});

describe('meeting the target', () => {
  test('float noise from a formula does not turn a met target into a miss', () => {
    // conversion_rate = 29 won / 100 leads * 100 = 28.999999999999996 in binary floating point
    const actual = (29 / 100) * 100;
    expect(actual).toBeLessThan(29);
    expect(meetsTarget('HIGHER_IS_BETTER', actual, 29)).toBe(true);
  });

  test('CLOSER_IS_BETTER is met only on the target', () => {
    expect(meetsTarget('CLOSER_IS_BETTER', 0, 0)).toBe(true);
    expect(meetsTarget('CLOSER_IS_BETTER', 0.5, 0)).toBe(false);
  });
});

describe('which achievement an item is judged by', () => {
  test('RATIO, BANDS and BINARY use the ratio while the target is positive', () => {
    for (const method of ['RATIO', 'BANDS', 'BINARY'] as const) {
      // 45 / 50 = 0.9; the baseline is not used
      expect(resolveAchievement('HIGHER_IS_BETTER', 45, 50, method, 0)).toEqual({ basis: 'RATIO', value: 0.9 });
    }
  });

  test('a zero or negative target falls back to LINEAR when there is a baseline', () => {
    // sales growth target 0 %, red flag −10 %: (−4 − (−10)) / (0 − (−10)) = 6 / 10 = 0.6
    const result = resolveAchievement('HIGHER_IS_BETTER', -4, 0, 'RATIO', -10);
    expect(result.basis).toBe('LINEAR');
    expect(result.value).toBeCloseTo(0.6, 12);
  });

  test('a zero or negative target with no baseline is judged met or not', () => {
    // "0 complaints": met at 0, missed at 3
    expect(resolveAchievement('LOWER_IS_BETTER', 0, 0, 'RATIO', null)).toEqual({ basis: 'MET_OR_NOT', value: 1 });
    expect(resolveAchievement('LOWER_IS_BETTER', 3, 0, 'RATIO', null)).toEqual({ basis: 'MET_OR_NOT', value: 0 });
  });

  test('LINEAR with a baseline equal to the target is judged met or not', () => {
    expect(resolveAchievement('HIGHER_IS_BETTER', 100, 100, 'LINEAR', 100)).toEqual({ basis: 'MET_OR_NOT', value: 1 });
    expect(resolveAchievement('HIGHER_IS_BETTER', 99, 100, 'LINEAR', 100)).toEqual({ basis: 'MET_OR_NOT', value: 0 });
  });

  test('LINEAR does not use the ratio even when the target is positive', () => {
    // (75 − 50) / (100 − 50) = 0.5, where the ratio would be 0.75
    expect(resolveAchievement('HIGHER_IS_BETTER', 75, 100, 'LINEAR', 50)).toEqual({ basis: 'LINEAR', value: 0.5 });
  });
});
