/** The plan: input columns per (measure, context), KPI nodes per context, evaluation order. */
import { compilePlan, ERROR_CODE_NUMBER, type InputSpec } from '../../src/engine';
import { blank, define, err, evaluate } from './helpers';

const ids = (inputs: readonly InputSpec[]) => inputs.map((i) => i.id);

describe('time functions re-aggregate measures instead of combining values', () => {
  test('YTD of a ratio divides YTD sums, not the average of monthly ratios', () => {
    const { plan, values } = evaluate({ ytd_conversion: 'YTD(won_deals / leads)' }, ['ytd_conversion'], 2, (spec) => {
      // Monthly data: won 1, 9; leads 10, 30. The data layer sums each from January:
      // won YTD 1, 10; leads YTD 10, 40.
      if (spec.id === 'won_deals@TO_DATE(YEAR)') return [1, 10];
      if (spec.id === 'leads@TO_DATE(YEAR)') return [10, 40];
      throw new Error(spec.id);
    });
    expect(plan.inputs).toEqual([
      { index: 0, measure: 'won_deals', time: [{ kind: 'TO_DATE', unit: 'YEAR' }], team: { kind: 'SELF' }, id: 'won_deals@TO_DATE(YEAR)' },
      { index: 1, measure: 'leads', time: [{ kind: 'TO_DATE', unit: 'YEAR' }], team: { kind: 'SELF' }, id: 'leads@TO_DATE(YEAR)' },
    ]);
    // February: 10 / 40 = 0.25, where the average of monthly ratios would be (0.1 + 0.3) / 2 = 0.2
    expect(values.get('ytd_conversion')).toEqual([0.1, 0.25]);
  });

  test('YTD of a KPI evaluates that KPI over year-to-date inputs', () => {
    const { plan, values } = evaluate(
      { conversion_rate: 'won_deals / leads * 100', ytd_rate: 'YTD(conversion_rate)' },
      ['ytd_rate', 'conversion_rate'],
      1,
      (spec) => [({ won_deals: 9, leads: 30, 'won_deals@TO_DATE(YEAR)': 10, 'leads@TO_DATE(YEAR)': 40 } as Record<string, number>)[spec.id]],
    );
    expect(plan.nodes.map((n) => n.id)).toContain('conversion_rate@TO_DATE(YEAR)');
    // 10 / 40 * 100 = 25; the monthly rate is 9 / 30 * 100 = 30
    expect(values.get('ytd_rate')).toEqual([25]);
    expect(values.get('conversion_rate')).toEqual([30]);
  });

  test('GROWTH(YTD(revenue)) compares this YTD with the previous period\u2019s YTD', () => {
    const { plan, values } = evaluate({ g: 'GROWTH(YTD(revenue))' }, ['g'], 1, (spec) => [
      ({ 'revenue@TO_DATE(YEAR)': 150, 'revenue@SHIFT(1).TO_DATE(YEAR)': 100 } as Record<string, number>)[spec.id],
    ]);
    expect(ids(plan.inputs)).toEqual(['revenue@TO_DATE(YEAR)', 'revenue@SHIFT(1).TO_DATE(YEAR)']);
    // (150 - 100) / |100| = 0.5
    expect(values.get('g')).toEqual([0.5]);
  });

  test('GROWTH: a previous value of 0 is DIV_BY_ZERO, a blank one blank, a negative one uses |prev|', () => {
    const run = (now: number, prev: number) =>
      evaluate({ g: 'GROWTH(revenue)' }, ['g'], 1, (spec) => [spec.id === 'revenue' ? now : prev]).values.get('g')![0];
    expect(run(5, 0)).toEqual(err('DIV_BY_ZERO'));
    expect(run(5, NaN)).toEqual(blank);
    expect(run(NaN, 5)).toEqual(blank);
    // (-50 - -100) / |-100| = 0.5
    expect(run(-50, -100)).toBe(0.5);
  });

  test('ROLLING_AVG(x, 3) averages the shifted values, skipping blanks', () => {
    const { plan, values } = evaluate({ r: 'ROLLING_AVG(csat, 3)' }, ['r'], 2, (spec) => {
      if (spec.id === 'csat') return [3, NaN];
      if (spec.id === 'csat@SHIFT(1)') return [NaN, NaN];
      if (spec.id === 'csat@SHIFT(2)') return [6, NaN];
      throw new Error(spec.id);
    });
    expect(ids(plan.inputs)).toEqual(['csat', 'csat@SHIFT(1)', 'csat@SHIFT(2)']);
    // (3 + 6) / 2 = 4.5; three blanks give blank
    expect(values.get('r')).toEqual([4.5, blank]);
  });

  test('ROLLING(x, n) reads one window widened by n periods', () => {
    const plan = compilePlan({ kpis: define({ r: 'ROLLING(revenue / orders, 3)' }), wanted: ['r'] });
    expect(plan.inputs.map((i) => i.time)).toEqual([[{ kind: 'WIDEN', periods: 3 }], [{ kind: 'WIDEN', periods: 3 }]]);
  });

  test('PREV, PREV_YEAR and QTD become SHIFT, SHIFT_YEAR and TO_DATE(QUARTER)', () => {
    const plan = compilePlan({
      kpis: define({ k: 'PREV(active_customers_end) + PREV(x, 3) + PREV_YEAR(revenue) + QTD(revenue)' }),
      wanted: ['k'],
    });
    expect(ids(plan.inputs)).toEqual([
      'active_customers_end@SHIFT(1)',
      'x@SHIFT(3)',
      'revenue@SHIFT_YEAR(1)',
      'revenue@TO_DATE(QUARTER)',
    ]);
  });

  test('contexts compose outermost first: PREV(YTD(x)) and YTD(PREV(x)) differ', () => {
    const plan = compilePlan({ kpis: define({ a: 'PREV(YTD(x))', b: 'YTD(PREV(x))' }), wanted: ['a', 'b'] });
    expect(plan.inputs.map((i) => i.time)).toEqual([
      [{ kind: 'SHIFT', periods: 1 }, { kind: 'TO_DATE', unit: 'YEAR' }],
      [{ kind: 'TO_DATE', unit: 'YEAR' }, { kind: 'SHIFT', periods: 1 }],
    ]);
  });

  test('identical (measure, context) pairs share one input column: PREV(PREV(x)) is PREV(x, 2)', () => {
    const plan = compilePlan({ kpis: define({ a: 'PREV(PREV(x)) + PREV(x, 2) + ROLLING(x, 1) + x', b: 'x * 2' }), wanted: ['a', 'b'] });
    expect(ids(plan.inputs)).toEqual(['x@SHIFT(2)', 'x']);
  });

  test('a KPI read in a context applies the context to its own inputs: YTD(k) with k = PREV(x)', () => {
    const plan = compilePlan({ kpis: define({ k: 'PREV(x)', y: 'YTD(k)' }), wanted: ['y'] });
    expect(ids(plan.inputs)).toEqual(['x@TO_DATE(YEAR).SHIFT(1)']);
    expect(plan.nodes.map((n) => n.id)).toEqual(['k@TO_DATE(YEAR)', 'y']);
  });
});

describe('team functions', () => {
  test('PARENT(PARENT(x)) reads two levels up, TOTAL(x) the whole workspace', () => {
    const plan = compilePlan({ kpis: define({ k: 'PARENT(PARENT(x)) + revenue / TOTAL(revenue)' }), wanted: ['k'] });
    expect(plan.inputs.map((i) => [i.id, i.team])).toEqual([
      ['x#ANCESTOR(2)', { kind: 'ANCESTOR', levels: 2 }],
      ['revenue', { kind: 'SELF' }],
      ['revenue#TOTAL', { kind: 'TOTAL' }],
    ]);
  });

  test('PARENT(TOTAL(x)) is above the top: NONE, always blank, nothing to load', () => {
    const { plan, values } = evaluate({ k: 'PARENT(TOTAL(x))', c: 'COALESCE(PARENT(TOTAL(x)), 5)' }, ['k', 'c'], 1, () => [1]);
    expect(plan.inputs).toEqual([]);
    expect(values.get('k')).toEqual([blank]);
    expect(values.get('c')).toEqual([5]);
  });

  test('TOTAL(PARENT(x)) is still the whole workspace', () => {
    const plan = compilePlan({ kpis: define({ k: 'TOTAL(PARENT(x))' }), wanted: ['k'] });
    expect(ids(plan.inputs)).toEqual(['x#TOTAL']);
  });

  test('a share of the total: revenue / TOTAL(revenue)', () => {
    const { values } = evaluate({ share: 'revenue / TOTAL(revenue)' }, ['share'], 2, (spec) =>
      spec.id === 'revenue' ? [25, NaN] : [100, 100],
    );
    // 25 / 100 = 0.25; a team without revenue has a blank share
    expect(values.get('share')).toEqual([0.25, blank]);
  });

  test('time and team contexts combine: PARENT(PREV(x))', () => {
    const plan = compilePlan({ kpis: define({ k: 'PARENT(PREV(x))' }), wanted: ['k'] });
    expect(plan.inputs).toEqual([
      { index: 0, measure: 'x', time: [{ kind: 'SHIFT', periods: 1 }], team: { kind: 'ANCESTOR', levels: 1 }, id: 'x@SHIFT(1)#ANCESTOR(1)' },
    ]);
  });
});

describe('KPIs of KPIs', () => {
  test('evaluate in dependency order over chains', () => {
    const { plan, values } = evaluate(
      { c: 'b * 2', b: 'a + 1', a: 'x / y' },
      ['c'],
      2,
      (spec) => (spec.id === 'x' ? [6, 1] : [3, 0]),
    );
    expect(plan.order).toEqual(['a', 'b', 'c']);
    // (6 / 3 + 1) * 2 = 6; 1 / 0 is DIV_BY_ZERO and flows up the chain
    expect(values.get('c')).toEqual([6, err('DIV_BY_ZERO')]);
  });

  test('a draft formula is previewed alongside stored KPIs by naming it in wanted', () => {
    const stored = define({ conversion_rate: 'won_deals / leads * 100' });
    const draft = define({ conversion_rate: 'x', draft: 'conversion_rate / 2' }).find((d) => d.key === 'draft')!;
    const plan = compilePlan({ kpis: [...stored, draft], wanted: ['draft'] });
    const out = plan.evaluate({ cells: 1, inputs: [Float64Array.of(1), Float64Array.of(4)] });
    // 1 / 4 * 100 / 2 = 12.5
    expect(out.get('draft')!.values[0]).toBe(12.5);
  });

  test('a later definition with the same key replaces the earlier one (a draft over a stored KPI)', () => {
    const kpis = [...define({ k: 'x * 2' }), ...define({ k: 'x * 3' })];
    const plan = compilePlan({ kpis, wanted: ['k'] });
    expect(plan.evaluate({ cells: 1, inputs: [Float64Array.of(2)] }).get('k')!.values[0]).toBe(6);
  });
});

describe('cycles and unknown keys in a plan', () => {
  test('KPIs in or depending on a cycle are CYCLE with their path; the rest evaluates', () => {
    const plan = compilePlan({ kpis: define({ a: 'b + 1', b: 'a + 1', c: 'a * 2', d: 'x' }), wanted: ['a', 'c', 'd'] });
    expect(plan.errors.get('a')).toEqual([
      { code: 'CYCLE', message: 'a is part of a dependency cycle: a → b → a', path: ['a', 'b', 'a'] },
    ]);
    expect(plan.errors.get('c')![0].path).toEqual(['c', 'a', 'b', 'a']);
    expect(plan.errors.has('d')).toBe(false);
    expect(plan.inputs.map((i) => i.id)).toEqual(['x']);
    const out = plan.evaluate({ cells: 2, inputs: [Float64Array.of(7, 8)] });
    expect(Array.from(out.get('a')!.errors)).toEqual([ERROR_CODE_NUMBER.CYCLE, ERROR_CODE_NUMBER.CYCLE]);
    expect(Array.from(out.get('c')!.values)).toEqual([NaN, NaN]);
    expect(Array.from(out.get('d')!.values)).toEqual([7, 8]);
  });

  test('a self-referencing KPI is a cycle', () => {
    const plan = compilePlan({ kpis: define({ a: 'PREV(a) + 1' }), wanted: ['a'] });
    expect(plan.errors.get('a')![0]).toMatchObject({ code: 'CYCLE', path: ['a', 'a'] });
  });

  test('an unknown wanted key is UNKNOWN_REFERENCE in every cell', () => {
    const plan = compilePlan({ kpis: [], wanted: ['nope'] });
    expect(plan.errors.get('nope')![0].code).toBe('UNKNOWN_REFERENCE');
    const out = plan.evaluate({ cells: 1, inputs: [] });
    expect(out.get('nope')!.errors[0]).toBe(ERROR_CODE_NUMBER.UNKNOWN_REFERENCE);
  });
});

describe('the grid contract', () => {
  test('a grid with the wrong columns is a programming error, thrown', () => {
    const plan = compilePlan({ kpis: define({ k: 'x + y' }), wanted: ['k'] });
    expect(() => plan.evaluate({ cells: 2, inputs: [new Float64Array(2)] })).toThrow(/needs 2 input columns/);
    expect(() => plan.evaluate({ cells: 2, inputs: [new Float64Array(2), new Float64Array(3)] })).toThrow(/y has 3 cells/);
  });

  test('reach: how many periods before the first requested one the inputs need', () => {
    const plan = compilePlan({ kpis: define({ k: 'YTD(PREV(x, 3)) + ROLLING(y, 6) + PREV_YEAR(z)' }), wanted: ['k'] });
    // months: YTD 11 + PREV 3 = 14; ROLLING 6 - 1 = 5; PREV_YEAR 12
    expect(plan.reach(12)).toBe(14);
    // ISO weeks (up to 53 a year): PREV_YEAR 53; YTD 52 + 3 = 55
    expect(plan.reach(53)).toBe(55);
  });

  test('the plan is reusable: evaluating twice gives the same numbers', () => {
    const plan = compilePlan({ kpis: define({ k: 'x / y' }), wanted: ['k'] });
    const grid = { cells: 3, inputs: [Float64Array.of(1, 2, NaN), Float64Array.of(4, 0, 1)] };
    const first = plan.evaluate(grid).get('k')!;
    const second = plan.evaluate(grid).get('k')!;
    expect(Array.from(second.values)).toEqual(Array.from(first.values));
    expect(Array.from(second.errors)).toEqual(Array.from(first.errors));
  });
});
