/**
 * KPI grids over HTTP, every expected number worked out by hand from the recorded values.
 * Tree: company → sales → (east, west); company → service.
 */
import { createWorkspace, type TestWorkspace } from './harness/client';
import { createTeams, defineMeasures, mustCreateKpi, recordValues } from './harness/crm';

let ws: TestWorkspace;
const GRID = `query($k: [String!]!, $t: [String!]!, $f: String!, $to: String!, $g: Granularity!) {
  kpiValues(kpis: $k, teams: $t, from: $f, to: $to, granularity: $g) {
    kpi team period { key start end } value error target achievement status previous change changeRatio version } }`;
type Cell = { kpi: string; team: string; period: { key: string }; value: number | null; error: string | null; target: number | null; achievement: number | null; status: string; previous: number | null; change: number | null; changeRatio: number | null; version: number };

async function grid(kpis: string[], teams: string[], from: string, to: string, granularity: string): Promise<Cell[]> {
  return (await ws.ok(GRID, { k: kpis, t: teams, f: from, to, g: granularity })).kpiValues;
}
async function cell(kpi: string, team: string, period: string, granularity = 'MONTH'): Promise<Cell> {
  const cells = await grid([kpi], [team], period, period, granularity);
  expect(cells).toHaveLength(1);
  return cells[0];
}

beforeAll(async () => {
  ws = await createWorkspace('kpi-values');
  await createTeams(ws, [['company', null], ['sales', 'company'], ['east', 'sales'], ['west', 'sales'], ['service', 'company']]);
  await defineMeasures(ws, [
    { key: 'won_deals' }, { key: 'leads' }, { key: 'revenue' },
    { key: 'active_customers_end', timeAggregation: 'LAST' },
  ]);
  await recordValues(ws, [
    // east: won / leads per month
    ['won_deals', 'east', '2025-01', 10], ['leads', 'east', '2025-01', 50],
    ['won_deals', 'east', '2025-02', 12], ['leads', 'east', '2025-02', 40],
    ['won_deals', 'east', '2025-03', 8], ['leads', 'east', '2025-03', 0],
    // west
    ['won_deals', 'west', '2025-01', 30], ['leads', 'west', '2025-01', 60],
    ['won_deals', 'west', '2025-02', 20], ['leads', 'west', '2025-02', 80],
    ['won_deals', 'west', '2025-03', 25], ['leads', 'west', '2025-03', 100],
    // revenue for growth, 2024-12 .. 2025-03 at east
    ['revenue', 'east', '2024-12', 1000], ['revenue', 'east', '2025-01', 1100], ['revenue', 'east', '2025-02', 990], ['revenue', 'east', '2025-03', 990],
    // balances
    ['active_customers_end', 'east', '2025-01', 100], ['active_customers_end', 'east', '2025-02', 110], ['active_customers_end', 'east', '2025-03', 105],
    ['active_customers_end', 'west', '2025-01', 200], ['active_customers_end', 'west', '2025-02', 190],
  ]);
  await mustCreateKpi(ws, { key: 'conversion_rate', formula: 'won_deals / leads * 100', defaultTarget: 30 });
  await mustCreateKpi(ws, { key: 'conversion_ytd', formula: 'YTD(conversion_rate)' });
  await mustCreateKpi(ws, { key: 'sales_growth', formula: 'GROWTH(revenue) * 100' });
  await mustCreateKpi(ws, { key: 'customers_before', formula: 'PREV(active_customers_end)' });
  await mustCreateKpi(ws, { key: 'double_conv', formula: 'conversion_rate * 2' });
  await mustCreateKpi(ws, { key: 'chain_top', formula: 'double_conv + 1' });
  await mustCreateKpi(ws, { key: 'share_of_sales', formula: 'won_deals / PARENT(won_deals)' });
  await mustCreateKpi(ws, { key: 'share_of_total', formula: 'won_deals / TOTAL(won_deals) * 100' });
});

test('a ratio rolled up over a team sums the parts, then divides (never averages the ratios)', async () => {
  // sales 2025-01: (10 + 30) / (50 + 60) * 100 = 4000 / 110 = 36.3636…; the average of 20 % and 50 % would be 35.
  const sales = await cell('conversion_rate', 'sales', '2025-01');
  expect(sales.value).toBeCloseTo(4000 / 110, 10);
  // company includes sales' subtree (service has no values): the same figures.
  expect((await cell('conversion_rate', 'company', '2025-01')).value).toBeCloseTo(4000 / 110, 10);
});

test('a quarter sums its months before dividing', async () => {
  // east Q1: (10 + 12 + 8) / (50 + 40 + 0) * 100 = 30 / 90 * 100 = 33.33…
  expect((await cell('conversion_rate', 'east', '2025-Q1', 'QUARTER')).value).toBeCloseTo(3000 / 90, 10);
});

test('division by a recorded zero is DIV_BY_ZERO; no recorded value at all is blank (NO_DATA)', async () => {
  const zero = await cell('conversion_rate', 'east', '2025-03');
  expect(zero).toMatchObject({ value: null, error: 'DIV_BY_ZERO', status: 'NO_DATA' });
  const none = await cell('conversion_rate', 'service', '2025-01');
  expect(none).toMatchObject({ value: null, error: null, status: 'NO_DATA' });
});

test('YTD of a ratio divides year-to-date sums, not the average of monthly ratios', async () => {
  // east 2025-02: (10 + 12) / (50 + 40) * 100 = 2200 / 90 = 24.44…; mean of 20 and 30 would be 25.
  expect((await cell('conversion_ytd', 'east', '2025-02')).value).toBeCloseTo(2200 / 90, 10);
  // 2025-03 includes March's zero leads in the sums: (10+12+8) / (50+40+0) * 100 = 33.33…, no error.
  expect((await cell('conversion_ytd', 'east', '2025-03')).value).toBeCloseTo(3000 / 90, 10);
});

test('GROWTH compares with the previous period: (x − prev) / |prev|', async () => {
  // 2025-01: (1100 − 1000) / 1000 * 100 = 10; 2025-02: (990 − 1100) / 1100 * 100 = −10
  const cells = await grid(['sales_growth'], ['east'], '2025-01', '2025-03', 'MONTH');
  expect(cells[0].value).toBeCloseTo(10, 10);
  expect(cells[1].value).toBeCloseTo(-10, 10);
  expect(cells[2].value).toBeCloseTo(0, 10);
});

test('PREV of a balance is the last value of the previous period', async () => {
  // east: Q1 ends at 105 (LAST), so Q2's PREV is 105; monthly PREV of 2025-02 is January's 100.
  expect((await cell('customers_before', 'east', '2025-Q2', 'QUARTER')).value).toBe(105);
  expect((await cell('customers_before', 'east', '2025-02')).value).toBe(100);
  // sales 2025-03: west has no March value, so its LAST in Q1 is February's 190; east 105 → PREV(Q2) = 295.
  expect((await cell('customers_before', 'sales', '2025-Q2', 'QUARTER')).value).toBe(295);
});

test('a KPI of a KPI of a KPI evaluates in dependency order', async () => {
  // chain_top = conversion_rate * 2 + 1; east 2025-01: 10 / 50 * 100 * 2 + 1 = 41
  expect((await cell('chain_top', 'east', '2025-01')).value).toBeCloseTo(41, 10);
});

test('PARENT and TOTAL read the parent team and the whole workspace', async () => {
  // east 2025-01: 10 / (10 + 30) = 0.25; share of total: 10 / 40 * 100 = 25
  expect((await cell('share_of_sales', 'east', '2025-01')).value).toBeCloseTo(0.25, 10);
  expect((await cell('share_of_total', 'east', '2025-01')).value).toBeCloseTo(25, 10);
  // company has no parent: blank.
  expect((await cell('share_of_sales', 'company', '2025-01')).value).toBeNull();
});

test('each cell carries target, achievement, status, previous and change', async () => {
  const cells = await grid(['conversion_rate'], ['east', 'west'], '2025-01', '2025-02', 'MONTH');
  const [e1, e2, w1, w2] = cells;
  // default target 30. east 2025-01: 20 / 30 = 0.667 → OFF_TRACK (< 0.9)
  expect(e1).toMatchObject({ team: 'east', value: 20, target: 30, status: 'OFF_TRACK' });
  expect(e1.achievement).toBeCloseTo(20 / 30, 10);
  // east 2025-02: 12 / 40 * 100 = 30 → 1.0 ON_TRACK; previous 20; change +10; ratio 10 / 20 = 0.5
  expect(e2).toMatchObject({ value: 30, previous: 20, change: 10, changeRatio: 0.5, status: 'ON_TRACK', achievement: 1 });
  // west 2025-01: 30 / 60 * 100 = 50 → ON_TRACK; 2025-02: 20 / 80 * 100 = 25 → 25 / 30 = 0.833 → OFF_TRACK
  expect(w1).toMatchObject({ value: 50, status: 'ON_TRACK' });
  expect(w2.value).toBeCloseTo(25, 10);
  expect(w2.status).toBe('OFF_TRACK');
  // The first requested period still has a previous value: 2024-12 has no won_deals → blank.
  expect(e1.previous).toBeNull();
});

test('a KPI without a target is NO_TARGET when it has a value', async () => {
  expect((await cell('double_conv', 'east', '2025-01')).status).toBe('NO_TARGET');
});

test('a new formula version applies from its period on; earlier periods keep the old formula', async () => {
  await mustCreateKpi(ws, { key: 'won_scaled', formula: 'won_deals * 1' });
  const { kpi } = await ws.ok(`{ kpi(key: "won_scaled") { revision } }`);
  const r = await ws.ok(`mutation { updateKpi(input: { key: "won_scaled", revision: ${kpi.revision}, formula: "won_deals * 10", effectiveFrom: "2025-02" }) { __typename } }`);
  expect(r.updateKpi.__typename).toBe('KpiSaved');
  const cells = await grid(['won_scaled'], ['east'], '2025-01', '2025-03', 'MONTH');
  // 2025-01: v1 10 * 1 = 10; 2025-02: v2 12 * 10 = 120; 2025-03: v2 8 * 10 = 80
  expect(cells.map((c) => [c.value, c.version])).toEqual([[10, 1], [120, 2], [80, 2]]);
  // A quarter is evaluated with the version in force on its last day (v2): (10 + 12 + 8) * 10 = 300
  expect((await cell('won_scaled', 'east', '2025-Q1', 'QUARTER'))).toMatchObject({ value: 300, version: 2 });
});

test('previewFormula evaluates a draft on real data without saving it', async () => {
  const { previewFormula } = await ws.ok(`{ previewFormula(formula: "won_deals / leads", teams: ["east", "west"], from: "2025-01", to: "2025-01", granularity: MONTH) {
    valid measures values { team period { key } value error } } }`);
  // east 10 / 50 = 0.2; west 30 / 60 = 0.5
  expect(previewFormula.valid).toBe(true);
  expect(previewFormula.values).toEqual([
    { team: 'east', period: { key: '2025-01' }, value: 0.2, error: null },
    { team: 'west', period: { key: '2025-01' }, value: 0.5, error: null },
  ]);
  const invalid = await ws.ok(`{ previewFormula(formula: "won_deals / nope", teams: ["east"], from: "2025-01", to: "2025-01", granularity: MONTH) { valid errors { code } values { value } } }`);
  expect(invalid.previewFormula).toEqual({ valid: false, errors: [{ code: 'UNKNOWN_REFERENCE' }], values: [] });
  expect((await ws.ok(`{ kpis { key } }`)).kpis.map((k: { key: string }) => k.key)).not.toContain('__draft');
});

test('explainKpiValue shows each input and intermediate value of one cell', async () => {
  const { explainKpiValue } = await ws.ok(`{ explainKpiValue(kpi: "conversion_ytd", team: "east", period: "2025-02") {
    formula value version steps { id parent text value measure label kpi } } }`);
  expect(explainKpiValue.formula).toBe('YTD(conversion_rate)');
  expect(explainKpiValue.value).toBeCloseTo(2200 / 90, 10);
  const measureSteps = explainKpiValue.steps.filter((s: { measure: string | null }) => s.measure);
  // Inside YTD the measures are year-to-date sums: won 10 + 12 = 22, leads 50 + 40 = 90.
  expect(measureSteps.map((s: { measure: string; value: number }) => [s.measure, s.value])).toEqual([['won_deals', 22], ['leads', 90]]);
});

test('bad requests are typed errors: unknown KPI, unknown team, bad period, too large', async () => {
  const code = async (vars: Record<string, unknown>) => (await ws.gql(GRID, { k: ['conversion_rate'], t: ['east'], f: '2025-01', to: '2025-02', g: 'MONTH', ...vars })).errors?.[0].extensions?.code;
  expect(await code({ k: ['nope'] })).toBe('NOT_FOUND');
  expect(await code({ t: ['nowhere'] })).toBe('NOT_FOUND');
  expect(await code({ f: '2025-13' })).toBe('INVALID_PERIOD');
  expect(await code({ f: '2025-03', to: '2025-01' })).toBe('INVALID_INPUT');
  expect(await code({ f: '2000-01-01', to: '2025-12-31', g: 'DAY' })).toBe('LIMIT_EXCEEDED');
});
