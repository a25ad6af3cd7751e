import fc from 'fast-check';
import { scoreScorecard } from '../../src/scoring';
import type {
  ItemInput,
  KpiActual,
  LinearBaseline,
  ScorecardDefinition,
  ScorecardItemDefinition,
  ScorecardScore,
} from '../../src/scoring';

// Extreme finite doubles (±1e308, subnormals, −0) mixed with everyday values, because
// overflow and division by tiny numbers are where NaN would come from.
const anyFinite = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.constantFrom(0, -0, 1, 100),
);
const actualArb: fc.Arbitrary<KpiActual> = fc.oneof(
  { arbitrary: anyFinite, weight: 6 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.constant({ error: 'DIV_BY_ZERO' }), weight: 1 },
);
const targetArb = fc.oneof({ arbitrary: anyFinite, weight: 6 }, { arbitrary: fc.constant(null), weight: 1 });
const weightArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 100 }),
  fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }),
);
const baselineArb: fc.Arbitrary<LinearBaseline> = fc.oneof(
  anyFinite.map((value) => ({ kind: 'FIXED' as const, value })),
  fc.constant({ kind: 'PREVIOUS_YEAR' as const }),
);
const directionArb = fc.constantFrom('HIGHER_IS_BETTER', 'LOWER_IS_BETTER', 'CLOSER_IS_BETTER' as const);

const itemArb = (kpi: string): fc.Arbitrary<ScorecardItemDefinition> =>
  fc.oneof(
    fc.record({
      kpi: fc.constant(kpi),
      direction: directionArb,
      weight: weightArb,
      method: fc.constantFrom('RATIO', 'BANDS', 'BINARY' as const),
      baseline: fc.option(baselineArb, { nil: undefined }),
    }),
    fc.record({
      kpi: fc.constant(kpi),
      direction: directionArb,
      weight: weightArb,
      method: fc.constant('LINEAR' as const),
      baseline: baselineArb,
    }),
  );

const bandsArb = fc
  .tuple(fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([atRisk, gap]) => ({ atRisk, onTrack: atRisk + gap }));

const scenarioArb = fc
  .record({
    sectionWeights: fc.array(weightArb, { maxLength: 5 }),
    itemCounts: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 5, maxLength: 5 }),
    cap: fc.double({ min: 1, max: 3, noNaN: true }),
    bands: fc.option(bandsArb, { nil: undefined }),
    missingData: fc.constantFrom('EXCLUDE', 'ZERO' as const),
  })
  .chain(({ sectionWeights, itemCounts, cap, bands, missingData }) => {
    const kpis = sectionWeights.map((_, s) => Array.from({ length: itemCounts[s] }, (_, i) => `k${s}_${i}`));
    const inputArb: fc.Arbitrary<ItemInput> = fc.record({ actual: actualArb, target: targetArb, previousYear: actualArb });
    return fc.record({
      definition: fc
        .tuple(...sectionWeights.map((weight, s) => fc.tuple(...kpis[s].map(itemArb)).map((items) => ({ key: `s${s}`, weight, items }))))
        .map((sections): ScorecardDefinition => ({ sections, cap, bands, missingData })),
      inputs: fc.tuple(...kpis.flat().map((kpi) => inputArb.map((input) => [kpi, input] as const))),
    });
  });

function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(numbersIn);
  return [];
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

function score({ definition, inputs }: { definition: ScorecardDefinition; inputs: readonly (readonly [string, ItemInput])[] }): ScorecardScore {
  return scoreScorecard(definition, new Map(inputs));
}

describe('scoring properties (fast-check)', () => {
  test('no NaN or Infinity ever appears in a result', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        expect(numbersIn(score(scenario)).filter((n) => !Number.isFinite(n))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  test('item, section and overall scores stay within [0, 100 × cap]', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const result = score(scenario);
        const top = 100 * (scenario.definition.cap ?? 1.2);
        const scores = [
          result.score,
          ...result.sections.map((section) => section.score),
          ...result.sections.flatMap((section) => section.items.map((item) => item.score)),
        ].filter((s): s is number => s !== null);
        for (const s of scores) {
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(top);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('applied weights of the scored entries sum to 1, and unscored entries weigh 0', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const result = score(scenario);
        for (const section of result.sections) {
          if (section.score === null) continue;
          const scored = section.items.filter((item) => item.score !== null);
          expect(Math.abs(sum(scored.map((item) => item.appliedWeight)) - 1)).toBeLessThan(1e-9);
          for (const item of section.items) if (item.score === null) expect(item.appliedWeight).toBe(0);
        }
        if (result.score !== null) {
          const scored = result.sections.filter((section) => section.score !== null);
          expect(Math.abs(sum(scored.map((section) => section.appliedWeight)) - 1)).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('coverage is a fraction, overall and per section', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const result = score(scenario);
        for (const coverage of [result.coverage, ...result.sections.map((section) => section.coverage)]) {
          expect(coverage).toBeGreaterThanOrEqual(0);
          expect(coverage).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('the overall score lies within the lowest and highest section scores', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const result = score(scenario);
        if (result.score === null) return;
        const counted = result.sections.filter((s) => s.appliedWeight > 0).map((s) => s.score as number);
        expect(result.score).toBeGreaterThanOrEqual(Math.min(...counted));
        expect(result.score).toBeLessThanOrEqual(Math.max(...counted));
      }),
      { numRuns: 500 },
    );
  });

  test('a section score lies within its counted items\' scores', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        for (const section of score(scenario).sections) {
          if (section.score === null) continue;
          const counted = section.items.filter((item) => item.appliedWeight > 0).map((item) => item.score as number);
          expect(section.score).toBeGreaterThanOrEqual(Math.min(...counted));
          expect(section.score).toBeLessThanOrEqual(Math.max(...counted));
        }
      }),
      { numRuns: 300 },
    );
  });

  test('multiplying every weight by the same positive factor changes no score', () => {
    // Weights far from underflow and overflow, so that w × factor is still a positive number.
    const moderate = (w: number): boolean => w === 0 || (w >= 1e-6 && w <= 1e6);
    const everyday = scenarioArb.filter(({ definition }) =>
      definition.sections.every((s) => moderate(s.weight) && s.items.every((i) => moderate(i.weight))),
    );
    fc.assert(
      fc.property(everyday, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (scenario, factor) => {
        const scaled: ScorecardDefinition = {
          ...scenario.definition,
          sections: scenario.definition.sections.map((section) => ({
            ...section,
            weight: section.weight * factor,
            items: section.items.map((item) => ({ ...item, weight: item.weight * factor })),
          })),
        };
        const before = score(scenario);
        const after = score({ ...scenario, definition: scaled });
        expect(after.score === null).toBe(before.score === null);
        if (before.score !== null && after.score !== null) {
          expect(Math.abs(after.score - before.score)).toBeLessThan(1e-7);
        }
        expect(Math.abs(after.coverage - before.coverage)).toBeLessThan(1e-9);
      }),
      { numRuns: 300 },
    );
  });

  test('with every value and target present, EXCLUDE and ZERO agree', () => {
    const complete = scenarioArb.map(({ definition, inputs }) => ({
      definition,
      inputs: inputs.map(([kpi, input]) => [kpi, { ...input, actual: typeof input.actual === 'number' ? input.actual : 1, target: input.target ?? 1 }] as const),
    }));
    fc.assert(
      fc.property(complete, (scenario) => {
        const exclude = score({ ...scenario, definition: { ...scenario.definition, missingData: 'EXCLUDE' } });
        const zero = score({ ...scenario, definition: { ...scenario.definition, missingData: 'ZERO' } });
        expect(zero).toEqual(exclude);
        const weighted = exclude.sections.some((s) => !s.leftOut && s.weight > 0);
        expect(exclude.coverage).toBeCloseTo(weighted ? 1 : 0, 9);
      }),
      { numRuns: 300 },
    );
  });
});
