import { InvalidScorecardError, scoreScorecard, validateScorecardDefinition } from '../../src/scoring';
import type { ItemInput, ScorecardDefinition } from '../../src/scoring';

function results(entries: Record<string, ItemInput>): ReadonlyMap<string, ItemInput> {
  return new Map(Object.entries(entries));
}

function twoSections(
  weights: { customer: number; service: number; csat: number; churn: number },
  missingData: 'EXCLUDE' | 'ZERO' = 'EXCLUDE',
): ScorecardDefinition {
  return {
    missingData,
    sections: [
      {
        key: 'customer',
        weight: weights.customer,
        items: [
          { kpi: 'csat', direction: 'HIGHER_IS_BETTER', weight: weights.csat },
          { kpi: 'churn_rate', direction: 'LOWER_IS_BETTER', weight: weights.churn },
        ],
      },
      {
        key: 'service',
        weight: weights.service,
        items: [
          { kpi: 'resolution_rate', direction: 'HIGHER_IS_BETTER', weight: 1 },
          { kpi: 'first_response_time', direction: 'LOWER_IS_BETTER', weight: 1 },
        ],
      },
    ],
  };
}

const actuals = results({
  csat: { actual: 85, target: 85 }, // 85 / 85 = 1 → 100
  churn_rate: { actual: 5, target: 4 }, // 4 / 5 = 0.8 → 80
  resolution_rate: { actual: 81, target: 90 }, // 81 / 90 = 0.9 → 90
  first_response_time: { actual: null, target: 4 }, // blank → NO_DATA
});

describe('scoring a scorecard', () => {
  test('EXCLUDE re-normalises over items with data and reports coverage', () => {
    const result = scoreScorecard(twoSections({ customer: 60, service: 40, csat: 3, churn: 2 }), actuals);
    const [customer, service] = result.sections;
    // customer: (3 × 100 + 2 × 80) / (3 + 2) = 460 / 5 = 92
    expect(customer.score).toBeCloseTo(92, 9);
    expect(customer.coverage).toBe(1);
    // service: only resolution_rate has data: 1 × 90 / 1 = 90; coverage 1 / (1 + 1) = 0.5
    expect(service.score).toBeCloseTo(90, 9);
    expect(service.coverage).toBeCloseTo(0.5, 12);
    // overall: (60 × 92 + 40 × 90) / (60 + 40) = 9120 / 100 = 91.2
    expect(result.score).toBeCloseTo(91.2, 9);
    // coverage: 0.6 × 1 + 0.4 × 0.5 = 0.8
    expect(result.coverage).toBeCloseTo(0.8, 12);
  });

  test('EXCLUDE gives a missing item no score and no applied weight', () => {
    const service = scoreScorecard(twoSections({ customer: 60, service: 40, csat: 3, churn: 2 }), actuals).sections[1];
    expect(service.items[1]).toMatchObject({ kpi: 'first_response_time', status: 'NO_DATA', score: null, weight: 1, appliedWeight: 0 });
    expect(service.items[0].appliedWeight).toBe(1);
  });

  test('ZERO scores missing items 0 at full weight, and coverage still reports the share with data', () => {
    const result = scoreScorecard(twoSections({ customer: 60, service: 40, csat: 3, churn: 2 }, 'ZERO'), actuals);
    const service = result.sections[1];
    // service: (1 × 90 + 1 × 0) / (1 + 1) = 45
    expect(service.score).toBeCloseTo(45, 9);
    expect(service.items[1]).toMatchObject({ status: 'NO_DATA', score: 0, appliedWeight: 0.5 });
    // overall: (60 × 92 + 40 × 45) / 100 = (5520 + 1800) / 100 = 73.2
    expect(result.score).toBeCloseTo(73.2, 9);
    // coverage as under EXCLUDE: 0.6 × 1 + 0.4 × 0.5 = 0.8
    expect(result.coverage).toBeCloseTo(0.8, 12);
  });

  test('weights need not sum to 100: scaling them all changes nothing', () => {
    const base = scoreScorecard(twoSections({ customer: 60, service: 40, csat: 3, churn: 2 }), actuals);
    const scaled = scoreScorecard(twoSections({ customer: 0.6, service: 0.4, csat: 30, churn: 20 }), actuals);
    expect(scaled.score).toBeCloseTo(base.score ?? Number.NaN, 9);
    expect(scaled.coverage).toBeCloseTo(base.coverage, 12);
    // weights come back as given, applied weights as fractions: 3 / 5 = 0.6 and 30 / 50 = 0.6
    expect(base.sections[0].items[0]).toMatchObject({ weight: 3 });
    expect(scaled.sections[0].items[0]).toMatchObject({ weight: 30 });
    expect(scaled.sections[0].items[0].appliedWeight).toBeCloseTo(0.6, 12);
    expect(scaled.sections[0].appliedWeight).toBeCloseTo(0.6, 12);
  });

  test('a section whose item weights are all 0 is left out of the score and of coverage', () => {
    const definition = twoSections({ customer: 50, service: 50, csat: 0, churn: 0 });
    const result = scoreScorecard(definition, actuals);
    const [customer, service] = result.sections;
    expect(customer).toMatchObject({ leftOut: true, score: null, coverage: 0, appliedWeight: 0 });
    // its items are still scored on their own, but carry no weight
    expect(customer.items[0]).toMatchObject({ score: 100, appliedWeight: 0 });
    // overall is service alone: 90; service takes the whole weight
    expect(result.score).toBeCloseTo(90, 9);
    expect(service.appliedWeight).toBe(1);
    // coverage counts only sections that ask for something: 1 × 0.5 = 0.5, not 0.5 × 0.5 = 0.25
    expect(result.coverage).toBeCloseTo(0.5, 12);
  });

  test('a section weighing 0 is scored but neither counts nor dilutes coverage', () => {
    const result = scoreScorecard(twoSections({ customer: 1, service: 0, csat: 3, churn: 2 }), actuals);
    expect(result.sections[1]).toMatchObject({ leftOut: false, appliedWeight: 0 });
    expect(result.sections[1].score).toBeCloseTo(90, 9);
    // overall is customer alone: 92, fully covered
    expect(result.score).toBeCloseTo(92, 9);
    expect(result.coverage).toBe(1);
  });

  test('under EXCLUDE a section with no data has no score and the others are re-normalised', () => {
    const noService = results({
      csat: { actual: 85, target: 85 },
      churn_rate: { actual: 5, target: 4 },
      resolution_rate: { actual: { error: 'DIV_BY_ZERO' }, target: 90 },
      first_response_time: { actual: 3, target: null },
    });
    const result = scoreScorecard(twoSections({ customer: 60, service: 40, csat: 3, churn: 2 }), noService);
    expect(result.sections[1]).toMatchObject({ score: null, coverage: 0, appliedWeight: 0 });
    expect(result.sections[1].items.map((item) => item.status)).toEqual(['NO_DATA', 'NO_TARGET']);
    // overall: customer alone = 92; coverage 0.6 × 1 + 0.4 × 0 = 0.6
    expect(result.score).toBeCloseTo(92, 9);
    expect(result.sections[0].appliedWeight).toBe(1);
    expect(result.coverage).toBeCloseTo(0.6, 12);
  });

  test('with no data at all under EXCLUDE there is no score and coverage is 0', () => {
    const result = scoreScorecard(twoSections({ customer: 60, service: 40, csat: 3, churn: 2 }), results({}));
    expect(result.score).toBeNull();
    expect(result.coverage).toBe(0);
    expect(result.sections.every((section) => section.score === null)).toBe(true);
  });

  test('a KPI with no result is NO_DATA', () => {
    const result = scoreScorecard(twoSections({ customer: 1, service: 1, csat: 1, churn: 1 }), results({}));
    expect(result.sections[0].items[0]).toMatchObject({ actual: null, target: null, status: 'NO_DATA' });
  });

  test('KPI keys that are also Object.prototype members are plain keys', () => {
    const definition: ScorecardDefinition = {
      sections: [{ key: 's', weight: 1, items: [{ kpi: 'constructor', direction: 'HIGHER_IS_BETTER', weight: 1 }] }],
    };
    expect(scoreScorecard(definition, results({})).sections[0].items[0].status).toBe('NO_DATA');
  });

  test('the scorecard\'s bands colour every item without bands of its own', () => {
    const definition: ScorecardDefinition = { ...twoSections({ customer: 1, service: 1, csat: 1, churn: 1 }), bands: { onTrack: 0.8, atRisk: 0.5 } };
    // churn 4 / 5 = 0.8 is ON_TRACK under these bands (OFF_TRACK under the defaults)
    expect(scoreScorecard(definition, actuals).sections[0].items[1].status).toBe('ON_TRACK');
  });

  test('an item reports its inputs, method, basis and achievement', () => {
    const item = scoreScorecard(twoSections({ customer: 60, service: 40, csat: 3, churn: 2 }), actuals).sections[0].items[1];
    expect(item).toMatchObject({ kpi: 'churn_rate', actual: 5, target: 4, method: 'RATIO', basis: 'RATIO', status: 'OFF_TRACK' });
    expect(item.achievement).toBeCloseTo(0.8, 12);
    expect(item.score).toBeCloseTo(80, 9);
  });
});

describe('refusing invalid definitions', () => {
  test('a negative weight is refused with a typed error naming its path', () => {
    const definition = twoSections({ customer: 60, service: 40, csat: 3, churn: -2 });
    let thrown: unknown;
    try {
      scoreScorecard(definition, actuals);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidScorecardError);
    expect((thrown as InvalidScorecardError).errors).toEqual([
      expect.objectContaining({ code: 'NEGATIVE_WEIGHT', path: 'sections[0].items[1].weight' }),
    ]);
  });

  test('validation lists every mistake with its path', () => {
    const definition: ScorecardDefinition = {
      cap: 0.5,
      bands: { onTrack: 0.5, atRisk: 0.9 },
      sections: [
        { key: 'a', weight: Number.NaN, items: [{ kpi: 'csat', direction: 'HIGHER_IS_BETTER', weight: 1, bands: { onTrack: 1, atRisk: -1 } }] },
        {
          key: 'a',
          weight: 1,
          items: [{ kpi: 'cac', direction: 'LOWER_IS_BETTER', weight: 1, method: 'LINEAR', baseline: { kind: 'FIXED', value: Number.POSITIVE_INFINITY } }],
        },
      ],
    };
    expect(validateScorecardDefinition(definition).map((e) => [e.code, e.path])).toEqual([
      ['NON_FINITE_WEIGHT', 'sections[0].weight'],
      ['INVALID_CAP', 'cap'],
      ['INVALID_STATUS_BANDS', 'bands'],
      ['INVALID_STATUS_BANDS', 'sections[0].items[0].bands'],
      ['DUPLICATE_SECTION_KEY', 'sections[1].key'],
      ['INVALID_BASELINE', 'sections[1].items[0].baseline.value'],
    ]);
  });
});
