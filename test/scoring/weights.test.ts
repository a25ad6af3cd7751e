import { combineScores, normaliseWeights, scoreSection, validateScorecardWeights } from '../../src/scoring';

describe('weight validation', () => {
  test('non-negative weights that do not sum to 100 are valid', () => {
    expect(validateScorecardWeights({ sections: [{ weight: 3, items: [{ weight: 0 }, { weight: 0.5 }] }] })).toEqual([]);
  });

  test('a negative weight is refused with the path of the weight', () => {
    const errors = validateScorecardWeights({
      sections: [
        { weight: 1, items: [{ weight: 1 }] },
        { weight: 1, items: [{ weight: -2 }, { weight: 1 }] },
      ],
    });
    expect(errors).toEqual([expect.objectContaining({ code: 'NEGATIVE_WEIGHT', path: 'sections[1].items[0].weight' })]);
  });

  test('every bad weight is reported, sections and items alike, not only the first', () => {
    const errors = validateScorecardWeights({
      sections: [{ weight: -1, items: [{ weight: Number.NaN }, { weight: Number.POSITIVE_INFINITY }] }],
    });
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['NEGATIVE_WEIGHT', 'sections[0].weight'],
      ['NON_FINITE_WEIGHT', 'sections[0].items[0].weight'],
      ['NON_FINITE_WEIGHT', 'sections[0].items[1].weight'],
    ]);
  });
});

describe('normalising weights', () => {
  test('weights become shares summing to 1', () => {
    // 3 / (3 + 2) = 0.6, 2 / 5 = 0.4
    const shares = normaliseWeights([3, 2]);
    expect(shares?.[0]).toBeCloseTo(0.6, 12);
    expect(shares?.[1]).toBeCloseTo(0.4, 12);
  });

  test('all-zero weights have no shares', () => {
    expect(normaliseWeights([0, 0])).toBeNull();
    expect(normaliseWeights([])).toBeNull();
  });

  test('weights near the largest double do not overflow', () => {
    // 1e308 + 1e308 is Infinity, yet each is half of the whole
    expect(normaliseWeights([1e308, 1e308])).toEqual([0.5, 0.5]);
  });
});

describe('combining scores', () => {
  test('the weighted mean re-normalises over entries that have a score', () => {
    // (3 × 100 + 2 × 60) / (3 + 2) = 420 / 5 = 84; the unscored weight 5 does not count
    const combined = combineScores([
      { weight: 3, score: 100 },
      { weight: 2, score: 60 },
      { weight: 5, score: null },
    ]);
    expect(combined.score).toBeCloseTo(84, 9);
    expect(combined.appliedWeights[0]).toBeCloseTo(0.6, 12);
    expect(combined.appliedWeights[1]).toBeCloseTo(0.4, 12);
    expect(combined.appliedWeights[2]).toBe(0);
  });

  test('a mean of equal scores is that score exactly, never a rounding above the cap', () => {
    const combined = combineScores([0.1, 0.2, 0.3, 0.7].map((weight) => ({ weight, score: 120 })));
    expect(combined.score).toBe(120);
  });
});

describe('section scores', () => {
  test('EXCLUDE scores over items with data and reports the share that had data', () => {
    // scored: (2 × 80 + 1 × 110) / (2 + 1) = 270 / 3 = 90; coverage (2 + 1) / (2 + 1 + 3) = 0.5
    const section = scoreSection([{ weight: 2, score: 80 }, { weight: 1, score: 110 }, { weight: 3, score: null }], 'EXCLUDE');
    expect(section.score).toBeCloseTo(90, 9);
    expect(section.coverage).toBeCloseTo(0.5, 12);
    expect(section.itemScores).toEqual([80, 110, null]);
    expect(section.appliedWeights.map((w) => +w.toFixed(12))).toEqual([+(2 / 3).toFixed(12), +(1 / 3).toFixed(12), 0]);
  });

  test('ZERO scores missing items 0 at their full weight, and coverage still shows the share with data', () => {
    // (2 × 80 + 1 × 110 + 3 × 0) / (2 + 1 + 3) = 270 / 6 = 45; coverage 3 / 6 = 0.5
    const section = scoreSection([{ weight: 2, score: 80 }, { weight: 1, score: 110 }, { weight: 3, score: null }], 'ZERO');
    expect(section.score).toBeCloseTo(45, 9);
    expect(section.coverage).toBeCloseTo(0.5, 12);
    expect(section.itemScores).toEqual([80, 110, 0]);
    expect(section.appliedWeights[2]).toBeCloseTo(0.5, 12);
  });

  test('a section whose item weights are all 0 is left out', () => {
    const section = scoreSection([{ weight: 0, score: 100 }, { weight: 0, score: null }], 'ZERO');
    expect(section).toMatchObject({ leftOut: true, score: null, coverage: 0, appliedWeights: [0, 0] });
  });

  test('under EXCLUDE a section whose only scored items weigh 0 has no score', () => {
    const section = scoreSection([{ weight: 0, score: 100 }, { weight: 2, score: null }], 'EXCLUDE');
    expect(section).toMatchObject({ leftOut: false, score: null, coverage: 0 });
  });
});
