/** Explaining one cell: the formula's parts, their values, inputs with their windows, KPIs expanded. */
import { compilePlan, explainCell, explainedColumnValue, type ExplainNode } from '../../src/engine';
import { define } from './helpers';

const kpis = define({
  conversion_rate: 'won_deals / leads * 100',
  ytd_conversion: 'YTD(conversion_rate)',
  safe: 'IF(leads > 0, won_deals / leads, 0)',
  growth: 'GROWTH(revenue)',
  loop_a: 'loop_b',
  loop_b: 'loop_a',
});
const plan = compilePlan({ kpis, wanted: ['conversion_rate', 'ytd_conversion', 'safe', 'growth', 'loop_a'] });
const data: Record<string, number[]> = {
  won_deals: [9, 1],
  leads: [30, 0],
  'won_deals@TO_DATE(YEAR)': [10, 5],
  'leads@TO_DATE(YEAR)': [40, 20],
  revenue: [150, 7],
  'revenue@SHIFT(1)': [100, NaN],
};
const grid = { cells: 2, inputs: plan.inputs.map((spec) => Float64Array.from(data[spec.id])) };

const find = (node: ExplainNode, text: string): ExplainNode | undefined =>
  node.text === text ? node : node.children.map((c) => find(c, text)).find(Boolean);

test('a ratio: every part with its source text and value', () => {
  const { tree, value } = explainCell(plan, 'conversion_rate', 0, grid);
  // 9 / 30 * 100 = 30
  expect(value).toEqual({ kind: 'number', value: 30 });
  expect(tree!.text).toBe('won_deals / leads * 100');
  expect(tree!.children.map((c) => [c.text, c.value])).toEqual([
    ['won_deals / leads', { kind: 'number', value: 0.3 }],
    ['100', { kind: 'number', value: 100 }],
  ]);
  expect(find(tree!, 'leads')).toMatchObject({
    kind: 'reference',
    value: { kind: 'number', value: 30 },
    measure: { key: 'leads', inputId: 'leads', label: 'leads' },
    position: { offset: 12, line: 1, column: 13, length: 5 },
  });
});

test('a KPI read over YTD shows its value and expands to its formula over YTD inputs', () => {
  const { tree } = explainCell(plan, 'ytd_conversion', 0, grid);
  const ref = tree!.children[0];
  // 10 / 40 * 100 = 25
  expect(ref).toMatchObject({ text: 'conversion_rate', value: { kind: 'number', value: 25 }, context: 'year to date' });
  expect(ref.kpi!.formula).toBe('won_deals / leads * 100');
  expect(find(ref.kpi!.explanation!, 'won_deals')!.measure).toEqual({
    key: 'won_deals',
    inputId: 'won_deals@TO_DATE(YEAR)',
    label: 'won_deals over year to date',
  });
});

test('a branch IF did not take is marked not evaluated; errors show their code', () => {
  const { tree } = explainCell(plan, 'safe', 1, grid);
  expect(tree!.value).toEqual({ kind: 'number', value: 0 });
  expect(find(tree!, 'won_deals / leads')!.value).toEqual({ kind: 'not-evaluated' });
  const ratio = explainCell(plan, 'conversion_rate', 1, grid);
  expect(ratio.value).toEqual({ kind: 'error', code: 'DIV_BY_ZERO' });
});

test('GROWTH shows its argument now and one period back', () => {
  const { tree, value } = explainCell(plan, 'growth', 0, grid);
  // (150 - 100) / 100 = 0.5
  expect(value).toEqual({ kind: 'number', value: 0.5 });
  expect(tree!.children.map((c) => [c.text, c.context, c.value])).toEqual([
    ['revenue', undefined, { kind: 'number', value: 150 }],
    ['revenue', 'previous period', { kind: 'number', value: 100 }],
  ]);
  expect(explainCell(plan, 'growth', 1, grid).value).toEqual({ kind: 'blank' });
});

test('the explained value always equals the evaluated column', () => {
  const columns = plan.evaluate(grid);
  for (const key of plan.wanted) {
    for (let cell = 0; cell < grid.cells; cell++) {
      const column = columns.get(key)!;
      expect(explainCell(plan, key, cell, grid).value).toEqual(explainedColumnValue(column.values[cell], column.errors[cell]));
    }
  }
});

test('a KPI in a cycle explains as CYCLE without a tree', () => {
  expect(explainCell(plan, 'loop_a', 0, grid)).toEqual({
    kpi: 'loop_a',
    formula: 'loop_b',
    value: { kind: 'error', code: 'CYCLE' },
  });
});
