/**
 * The starter scorecard of CATALOG.md ("Quarterly customer-management review",
 * crm-quarterly-review) for one team and quarter, worked out by hand end to end.
 * Targets are the catalogue's default targets; the actuals are chosen to exercise the cap,
 * LOWER_IS_BETTER at 0, every band and a missing value.
 */
import { scoreScorecard } from '../../src/scoring';
import type { Direction, ItemInput, ScorecardDefinition, ScoredItem } from '../../src/scoring';

const HIGHER: Direction = 'HIGHER_IS_BETTER';
const LOWER: Direction = 'LOWER_IS_BETTER';

const starter: ScorecardDefinition = {
  cap: 1.2,
  missingData: 'EXCLUDE',
  sections: [
    {
      key: 'customer-satisfaction',
      weight: 35,
      items: [
        { kpi: 'csat', direction: HIGHER, weight: 3 },
        { kpi: 'nps', direction: HIGHER, weight: 3 },
        { kpi: 'retention_rate', direction: HIGHER, weight: 2 },
        { kpi: 'churn_rate', direction: LOWER, weight: 2 },
        { kpi: 'complaint_rate', direction: LOWER, weight: 1 },
      ],
    },
    {
      key: 'service-efficiency',
      weight: 25,
      items: [
        { kpi: 'first_response_time', direction: LOWER, weight: 2 },
        { kpi: 'resolution_rate', direction: HIGHER, weight: 2 },
        { kpi: 'first_contact_resolution', direction: HIGHER, weight: 1 },
        { kpi: 'complaint_handling_hours', direction: LOWER, weight: 1 },
      ],
    },
    {
      key: 'market-expansion',
      weight: 25,
      items: [
        { kpi: 'sales_growth', direction: HIGHER, weight: 3 },
        { kpi: 'conversion_rate', direction: HIGHER, weight: 2 },
        { kpi: 'cac', direction: LOWER, weight: 2 },
        { kpi: 'campaign_goal_attainment', direction: HIGHER, weight: 1 },
      ],
    },
    {
      key: 'employee-performance',
      weight: 15,
      items: [
        { kpi: 'revenue_per_rep', direction: HIGHER, weight: 2 },
        { kpi: 'training_completion', direction: HIGHER, weight: 1 },
        { kpi: 'employee_satisfaction', direction: HIGHER, weight: 1 },
      ],
    },
  ],
};

const quarter = new Map<string, ItemInput>([
  // customer satisfaction
  ['csat', { actual: 68, target: 85 }], // 68 / 85 = 0.8 → 80, OFF_TRACK
  ['nps', { actual: 36, target: 30 }], // 36 / 30 = 1.2 → 120, ON_TRACK
  ['retention_rate', { actual: 81, target: 90 }], // 81 / 90 = 0.9 → 90, AT_RISK
  ['churn_rate', { actual: 5, target: 5 }], // lower: 5 / 5 = 1 → 100, ON_TRACK
  ['complaint_rate', { actual: 0, target: 2 }], // lower, actual 0 → the cap, 120, ON_TRACK
  // service efficiency
  ['first_response_time', { actual: 5, target: 4 }], // lower: 4 / 5 = 0.8 → 80, OFF_TRACK
  ['resolution_rate', { actual: 81, target: 90 }], // 81 / 90 = 0.9 → 90, AT_RISK
  ['first_contact_resolution', { actual: 77, target: 70 }], // 77 / 70 = 1.1 → 110, ON_TRACK
  ['complaint_handling_hours', { actual: { error: 'DIV_BY_ZERO' }, target: 48 }], // no complaints resolved → NO_DATA
  // market expansion
  ['sales_growth', { actual: 6, target: 5 }], // 6 / 5 = 1.2 → 120, ON_TRACK
  ['conversion_rate', { actual: 15, target: 20 }], // 15 / 20 = 0.75 → 75, OFF_TRACK
  ['cac', { actual: 1000, target: 800 }], // lower: 800 / 1000 = 0.8 → 80, OFF_TRACK
  ['campaign_goal_attainment', { actual: 100, target: 100 }], // 1 → 100, ON_TRACK
  // employee performance
  ['revenue_per_rep', { actual: 270000, target: 300000 }], // 0.9 → 90, AT_RISK
  ['training_completion', { actual: 95, target: 95 }], // 1 → 100, ON_TRACK
  ['employee_satisfaction', { actual: 4.4, target: 4 }], // 4.4 / 4 = 1.1 → 110, ON_TRACK
]);

function byKpi(items: readonly ScoredItem[]): Record<string, ScoredItem> {
  return Object.fromEntries(items.map((item) => [item.kpi, item]));
}

function expectCloseAll(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, index) => expect(value).toBeCloseTo(expected[index], 12));
}

describe('the starter scorecard for one team and quarter', () => {
  const result = scoreScorecard(starter, quarter);
  const [satisfaction, service, market, employees] = result.sections;

  test('each item scores its capped ratio and takes its band', () => {
    const items = byKpi(result.sections.flatMap((section) => section.items));
    const expected: Record<string, [number | null, string]> = {
      csat: [80, 'OFF_TRACK'],
      nps: [120, 'ON_TRACK'],
      retention_rate: [90, 'AT_RISK'],
      churn_rate: [100, 'ON_TRACK'],
      complaint_rate: [120, 'ON_TRACK'],
      first_response_time: [80, 'OFF_TRACK'],
      resolution_rate: [90, 'AT_RISK'],
      first_contact_resolution: [110, 'ON_TRACK'],
      complaint_handling_hours: [null, 'NO_DATA'],
      sales_growth: [120, 'ON_TRACK'],
      conversion_rate: [75, 'OFF_TRACK'],
      cac: [80, 'OFF_TRACK'],
      campaign_goal_attainment: [100, 'ON_TRACK'],
      revenue_per_rep: [90, 'AT_RISK'],
      training_completion: [100, 'ON_TRACK'],
      employee_satisfaction: [110, 'ON_TRACK'],
    };
    for (const [kpi, [points, status]] of Object.entries(expected)) {
      expect([kpi, items[kpi].status]).toEqual([kpi, status]);
      if (points === null) expect(items[kpi].score).toBeNull();
      else expect(items[kpi].score).toBeCloseTo(points, 9);
    }
  });

  test('customer satisfaction: (3×80 + 3×120 + 2×90 + 2×100 + 1×120) / 11 = 1100 / 11 = 100', () => {
    expect(satisfaction.score).toBeCloseTo(100, 9);
    expect(satisfaction.coverage).toBe(1);
    // csat carries 3 / (3 + 3 + 2 + 2 + 1) = 3 / 11
    expect(satisfaction.items[0].appliedWeight).toBeCloseTo(3 / 11, 12);
  });

  test('service efficiency excludes the missing item: (2×80 + 2×90 + 1×110) / 5 = 450 / 5 = 90, coverage 5 / 6', () => {
    expect(service.score).toBeCloseTo(90, 9);
    expect(service.coverage).toBeCloseTo(5 / 6, 12);
    // applied: 2 / 5, 2 / 5, 1 / 5, and 0 for the missing item
    expectCloseAll(service.items.map((item) => item.appliedWeight), [2 / 5, 2 / 5, 1 / 5, 0]);
  });

  test('market expansion: (3×120 + 2×75 + 2×80 + 1×100) / 8 = 770 / 8 = 96.25', () => {
    expect(market.score).toBeCloseTo(96.25, 9);
  });

  test('employee performance: (2×90 + 1×100 + 1×110) / 4 = 390 / 4 = 97.5', () => {
    expect(employees.score).toBeCloseTo(97.5, 9);
  });

  test('overall: (35×100 + 25×90 + 25×96.25 + 15×97.5) / 100 = 9618.75 / 100 = 96.1875', () => {
    expect(result.score).toBeCloseTo(96.1875, 9);
    // 35 / 100, 25 / 100, 25 / 100, 15 / 100
    expectCloseAll(result.sections.map((section) => section.appliedWeight), [0.35, 0.25, 0.25, 0.15]);
  });

  test('coverage: 0.35×1 + 0.25×5/6 + 0.25×1 + 0.15×1 = 1 − 0.25/6 ≈ 0.9583', () => {
    expect(result.coverage).toBeCloseTo(0.35 + 0.25 * (5 / 6) + 0.25 + 0.15, 12);
  });

  test('with the ZERO policy the missing item costs its full weight', () => {
    const zero = scoreScorecard({ ...starter, missingData: 'ZERO' }, quarter);
    // service: (2×80 + 2×90 + 1×110 + 1×0) / 6 = 450 / 6 = 75
    expect(zero.sections[1].score).toBeCloseTo(75, 9);
    // overall: (35×100 + 25×75 + 25×96.25 + 15×97.5) / 100 = (3500 + 1875 + 2406.25 + 1462.5) / 100 = 92.4375
    expect(zero.score).toBeCloseTo(92.4375, 9);
    // coverage still reports the share that had data
    expect(zero.coverage).toBeCloseTo(result.coverage, 12);
  });
});
