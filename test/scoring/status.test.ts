import { DEFAULT_STATUS_BANDS, statusForAchievement, validateStatusBands } from '../../src/scoring';

describe('status bands (PRODUCT.md "Status bands")', () => {
  test('by default at least 100 % is ON_TRACK, at least 90 % AT_RISK, below OFF_TRACK', () => {
    expect(DEFAULT_STATUS_BANDS).toEqual({ onTrack: 1, atRisk: 0.9 });
    expect(statusForAchievement(1)).toBe('ON_TRACK');
    expect(statusForAchievement(1.5)).toBe('ON_TRACK');
    expect(statusForAchievement(0.9)).toBe('AT_RISK');
    expect(statusForAchievement(0.99)).toBe('AT_RISK');
    expect(statusForAchievement(0.89)).toBe('OFF_TRACK');
    expect(statusForAchievement(0)).toBe('OFF_TRACK');
  });

  test('an unbounded achievement is ON_TRACK and a hopeless one OFF_TRACK', () => {
    expect(statusForAchievement(Number.POSITIVE_INFINITY)).toBe('ON_TRACK');
    expect(statusForAchievement(Number.NEGATIVE_INFINITY)).toBe('OFF_TRACK');
  });

  test('a threshold met up to float noise counts as met', () => {
    // 81 / 90 and 0.9 are the same double, but 0.3 / (0.1 + 0.2) is 0.9999999999999999
    expect(0.3 / (0.1 + 0.2)).toBeLessThan(1);
    expect(statusForAchievement(0.3 / (0.1 + 0.2))).toBe('ON_TRACK');
  });

  test('custom bands move both thresholds', () => {
    const strict = { onTrack: 1.05, atRisk: 0.95 };
    expect(statusForAchievement(1.05, strict)).toBe('ON_TRACK');
    expect(statusForAchievement(1, strict)).toBe('AT_RISK');
    expect(statusForAchievement(0.95, strict)).toBe('AT_RISK');
    expect(statusForAchievement(0.94, strict)).toBe('OFF_TRACK');
  });

  test('bands with onTrack equal to atRisk have no AT_RISK zone', () => {
    const pass = { onTrack: 0.8, atRisk: 0.8 };
    expect(statusForAchievement(0.8, pass)).toBe('ON_TRACK');
    expect(statusForAchievement(0.79, pass)).toBe('OFF_TRACK');
  });

  test('valid bands have no errors', () => {
    expect(validateStatusBands({ onTrack: 1, atRisk: 0.9 })).toEqual([]);
    expect(validateStatusBands({ onTrack: 0, atRisk: 0 })).toEqual([]);
  });

  test('onTrack below atRisk is refused with a typed error and its path', () => {
    expect(validateStatusBands({ onTrack: 0.8, atRisk: 0.9 }, 'sections[0].items[2].bands')).toEqual([
      expect.objectContaining({ code: 'INVALID_STATUS_BANDS', path: 'sections[0].items[2].bands' }),
    ]);
  });

  test('a negative or non-finite threshold is refused', () => {
    expect(validateStatusBands({ onTrack: 1, atRisk: -0.1 })).toEqual([
      expect.objectContaining({ code: 'INVALID_STATUS_BANDS', path: 'bands' }),
    ]);
    expect(validateStatusBands({ onTrack: Number.NaN, atRisk: 0.9 })).toHaveLength(1);
    expect(validateStatusBands({ onTrack: Number.POSITIVE_INFINITY, atRisk: 0.9 })).toHaveLength(1);
  });
});
