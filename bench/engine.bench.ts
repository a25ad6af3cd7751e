/**
 * The reference grid of issue 4: 60 KPIs (ratios, sums, IF, PREV/GROWTH, YTD, KPI-of-KPI
 * chains of depth 3) over 40 measures × 500 teams × 24 months with 10% blanks.
 *
 * - engine: parse + check + compilePlan once, then plan.evaluate over Float64Array columns;
 * - hand-written: one loop per KPI over the same columns, handling blanks (NaN), division
 *   by zero and non-finite results as a careful programmer would, errors in a Uint8Array;
 * - mathjs per cell: the mathjs reference evaluator (`compile().evaluate(scope)` of our
 *   checked tree) on a subset of cells, extrapolated per cell.
 * Shifted and year-to-date input columns are precomputed from the monthly data outside
 * the timed part, as the data layer would, and both engine and hand-written read them.
 * Run: npm run bench:engine
 */
import {
  BLANK,
  checkFormula,
  compilePlan,
  decodeCell,
  ERROR_CODE_NUMBER,
  parseFormula,
  ReferenceEvaluator,
  type InputSpec,
  type KpiDefinition,
  type TimeOp,
} from '../src/engine';

const TEAMS = 500;
const MONTHS = 24;
const CELLS = TEAMS * MONTHS; // cell = team * MONTHS + month
const BLANK_SHARE = 0.1;
const RUNS = 41;
const WARMUP = 8;
const MATHJS_CELLS = 200;

const DIV = ERROR_CODE_NUMBER.DIV_BY_ZERO;
const NUMERIC = ERROR_CODE_NUMBER.NUMERIC;

function mulberry32(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------
// Measures and monthly data
const MEASURES = [
  'leads', 'won_deals', 'new_customers', 'customers_start', 'active_customers_end', 'lost_customers',
  'repeat_customers', 'purchasing_customers', 'referred_customers', 'revenue', 'orders', 'gross_margin',
  'marketing_spend', 'sales_cost', 'other_acquisition_cost', 'sales_reps', 'sales_cycle_days',
  'customer_contacts', 'csat_responses', 'csat_satisfied', 'nps_responses', 'nps_promoters', 'nps_detractors',
  'tickets', 'tickets_resolved', 'first_contact_resolved', 'first_response_seconds', 'support_interactions',
  'complaints', 'complaints_resolved', 'complaint_resolution_seconds', 'campaign_participants',
  'campaign_conversions', 'campaign_goal', 'campaign_budget', 'campaign_spend', 'employee_satisfaction_points',
  'employee_survey_responses', 'trainings_assigned', 'trainings_completed',
];
const random = mulberry32(20261123);
const monthly = new Map<string, Float64Array>();
for (const [i, key] of MEASURES.entries()) {
  const scale = 10 + 37 * i;
  monthly.set(
    key,
    Float64Array.from({ length: CELLS }, () => (random() < BLANK_SHARE ? NaN : Math.floor(random() * scale))),
  );
}
const M = (i: number) => MEASURES[i % MEASURES.length];

// ---------------------------------------------------------------------------------------
// 60 KPIs, each with its hand-written loop
type Columns = (id: string) => Float64Array;
interface KpiOut {
  values: Float64Array;
  errors: Uint8Array;
}
type Outputs = Map<string, KpiOut>;
interface BenchKpi {
  key: string;
  formula: string;
  hand: (col: Columns, out: Outputs, v: Float64Array, e: Uint8Array) => void;
}
const kpis: BenchKpi[] = [];

/** a / b * 100 over measure columns. */
function ratio100(a: Float64Array, b: Float64Array, v: Float64Array, e: Uint8Array): void {
  for (let i = 0; i < CELLS; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== x || y !== y) v[i] = NaN;
    else if (y === 0) {
      v[i] = NaN;
      e[i] = DIV;
    } else {
      const r = (x / y) * 100;
      if (Number.isFinite(r)) v[i] = r;
      else {
        v[i] = NaN;
        e[i] = NUMERIC;
      }
    }
  }
}
for (let k = 0; k < 20; k++) {
  const a = M(2 * k);
  const b = M(2 * k + 1);
  kpis.push({ key: `ratio_${k}`, formula: `${a} / ${b} * 100`, hand: (col, _o, v, e) => ratio100(col(a), col(b), v, e) });
}
for (let k = 0; k < 8; k++) {
  const [a, b, c] = [M(k * 3), M(k * 3 + 7), M(k * 3 + 11)];
  kpis.push({
    key: `sum_${k}`,
    formula: `${a} + ${b} + ${c}`,
    hand: (col, _o, v, e) => {
      const x = col(a), y = col(b), z = col(c);
      for (let i = 0; i < CELLS; i++) {
        const r = x[i] + y[i] + z[i]; // NaN (blank) propagates
        if (r === r && !Number.isFinite(r)) {
          v[i] = NaN;
          e[i] = NUMERIC;
        } else v[i] = r;
      }
    },
  });
}
for (let k = 0; k < 6; k++) {
  const [a, b] = [M(k + 20), M(k + 5)];
  kpis.push({
    key: `if_${k}`,
    formula: `IF(${a} > ${b}, ${a} - ${b}, 0)`,
    hand: (col, _o, v, e) => {
      const x = col(a), y = col(b);
      for (let i = 0; i < CELLS; i++) {
        const p = x[i], q = y[i];
        if (p !== p || q !== q) v[i] = NaN;
        else if (p > q) {
          const r = p - q;
          if (Number.isFinite(r)) v[i] = r;
          else {
            v[i] = NaN;
            e[i] = NUMERIC;
          }
        } else v[i] = 0;
      }
    },
  });
}
for (let k = 0; k < 3; k++) {
  const a = M(k + 9);
  kpis.push({
    key: `growth_${k}`,
    formula: `GROWTH(${a}) * 100`,
    hand: (col, _o, v, e) => {
      const now = col(a), prev = col(`${a}@SHIFT(1)`);
      for (let i = 0; i < CELLS; i++) {
        const x = now[i], p = prev[i];
        if (x !== x || p !== p) v[i] = NaN;
        else if (p === 0) {
          v[i] = NaN;
          e[i] = DIV;
        } else {
          const r = ((x - p) / Math.abs(p)) * 100;
          if (Number.isFinite(r)) v[i] = r;
          else {
            v[i] = NaN;
            e[i] = NUMERIC;
          }
        }
      }
    },
  });
  const b = M(k + 30);
  kpis.push({
    key: `change_${k}`,
    formula: `${b} - PREV(${b})`,
    hand: (col, _o, v, e) => {
      const now = col(b), prev = col(`${b}@SHIFT(1)`);
      for (let i = 0; i < CELLS; i++) {
        const r = now[i] - prev[i];
        if (r === r && !Number.isFinite(r)) {
          v[i] = NaN;
          e[i] = NUMERIC;
        } else v[i] = r;
      }
    },
  });
}
for (let k = 0; k < 6; k++) {
  const [a, b] = [M(2 * k + 1), M(2 * k)];
  kpis.push({
    key: `ytd_${k}`,
    formula: `YTD(${a} / ${b}) * 100`,
    hand: (col, _o, v, e) => ratio100(col(`${a}@TO_DATE(YEAR)`), col(`${b}@TO_DATE(YEAR)`), v, e),
  });
}
/** Reads a KPI's column: value and error code. */
function chain(k: number): void {
  const [r0, r1, s] = [`ratio_${2 * k}`, `ratio_${2 * k + 1}`, `sum_${k}`];
  kpis.push({
    key: `chain_${k}_1`,
    formula: `${r0} + ${r1}`,
    hand: (_c, out, v, e) => {
      const A = out.get(r0)!, B = out.get(r1)!;
      for (let i = 0; i < CELLS; i++) {
        const r = A.values[i] + B.values[i];
        if (r === r) {
          if (Number.isFinite(r)) v[i] = r;
          else {
            v[i] = NaN;
            e[i] = NUMERIC;
          }
        } else {
          v[i] = NaN;
          const err = A.errors[i] || B.errors[i];
          if (err) e[i] = err;
        }
      }
    },
  });
  kpis.push({
    key: `chain_${k}_2`,
    formula: `chain_${k}_1 * 2 - ${s}`,
    hand: (_c, out, v, e) => {
      const A = out.get(`chain_${k}_1`)!, S = out.get(s)!;
      for (let i = 0; i < CELLS; i++) {
        const t = A.values[i] * 2;
        if (t === t && !Number.isFinite(t)) {
          v[i] = NaN;
          e[i] = NUMERIC;
          continue;
        }
        const r = t - S.values[i];
        if (r === r) {
          if (Number.isFinite(r)) v[i] = r;
          else {
            v[i] = NaN;
            e[i] = NUMERIC;
          }
        } else {
          v[i] = NaN;
          const err = A.errors[i] || S.errors[i];
          if (err) e[i] = err;
        }
      }
    },
  });
  kpis.push({
    key: `chain_${k}_3`,
    formula: `DIVIDE(chain_${k}_2, chain_${k}_1, 0)`,
    hand: (_c, out, v, e) => {
      const N = out.get(`chain_${k}_2`)!, D = out.get(`chain_${k}_1`)!;
      for (let i = 0; i < CELLS; i++) {
        const n = N.values[i], d = D.values[i];
        const err = n !== n ? N.errors[i] : d !== d ? D.errors[i] : 0;
        if (err) {
          v[i] = NaN;
          e[i] = err;
        } else if (n !== n) v[i] = NaN;
        else if (d !== d || d === 0) v[i] = 0;
        else {
          const r = n / d;
          if (Number.isFinite(r)) v[i] = r;
          else {
            v[i] = NaN;
            e[i] = NUMERIC;
          }
        }
      }
    },
  });
}
for (let k = 0; k < 4; k++) chain(k);
kpis.push({
  key: 'caught_ratio',
  formula: 'IFERROR(ratio_2 / ratio_3, 0)',
  hand: (_c, out, v) => {
    const A = out.get('ratio_2')!, B = out.get('ratio_3')!;
    for (let i = 0; i < CELLS; i++) {
      const a = A.values[i], b = B.values[i];
      if (A.errors[i] !== 0 || (a === a && B.errors[i] !== 0)) v[i] = 0; // an error, met left to right
      else if (a !== a || b !== b) v[i] = B.errors[i] !== 0 ? 0 : NaN;
      else {
        const r = a / b;
        v[i] = Number.isFinite(r) && b !== 0 ? r : 0; // DIV_BY_ZERO and NUMERIC caught
      }
    }
  },
});
kpis.push({
  key: 'ytd_ratio_4',
  formula: 'YTD(ratio_4)',
  hand: (col, _o, v, e) => ratio100(col(`${M(8)}@TO_DATE(YEAR)`), col(`${M(9)}@TO_DATE(YEAR)`), v, e),
});
if (kpis.length !== 60) throw new Error(`expected 60 KPIs, got ${kpis.length}`);

// ---------------------------------------------------------------------------------------
// The data layer's part: an input column per (measure, time ops), from monthly data (SUM rule)
function windowOf(month: number, time: readonly TimeOp[]): [number, number] {
  let start = month;
  let end = month;
  for (const op of time) {
    if (op.kind === 'SHIFT') [start, end] = [start - op.periods, end - op.periods];
    else if (op.kind === 'SHIFT_YEAR') [start, end] = [start - 12 * op.years, end - 12 * op.years];
    else if (op.kind === 'WIDEN') start -= op.periods - 1;
    else start = op.unit === 'YEAR' ? Math.floor(start / 12) * 12 : Math.floor(start / 3) * 3;
  }
  return [start, end];
}
function loadColumn(spec: InputSpec): Float64Array {
  if (spec.team.kind !== 'SELF') throw new Error('the bench has no team functions');
  const data = monthly.get(spec.measure)!;
  const column = new Float64Array(CELLS);
  for (let team = 0; team < TEAMS; team++) {
    for (let month = 0; month < MONTHS; month++) {
      const [start, end] = windowOf(month, spec.time);
      let sum = NaN;
      for (let m = Math.max(0, start); m <= end; m++) {
        const x = data[team * MONTHS + m];
        if (x === x) sum = sum === sum ? sum + x : x;
      }
      column[team * MONTHS + month] = sum;
    }
  }
  return column;
}

// ---------------------------------------------------------------------------------------
const resolve = (name: string) => (MEASURES.includes(name) ? 'MEASURE' : kpis.some((k) => k.key === name) ? 'KPI' : undefined);
function compileAll() {
  const definitions: KpiDefinition[] = kpis.map(({ key, formula }) => {
    const result = checkFormula(formula, { resolve, self: key });
    if (!result.ok) throw new Error(`${key}: ${JSON.stringify(result.errors)}`);
    return { key, ast: result.ast!, formula };
  });
  return { definitions, plan: compilePlan({ kpis: definitions, wanted: kpis.map((k) => k.key) }) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => x.toFixed(2);

// Creating the mathjs instance (and its lazily built node classes) is a one-time start-up cost, not compilation.
parseFormula('IF(a ? b : -c, (d), e) + 1');
let started = performance.now();
let { definitions, plan } = compileAll();
const coldCompile = performance.now() - started;
const compileTimes: number[] = [];
for (let r = 0; r < 25; r++) {
  started = performance.now();
  ({ definitions, plan } = compileAll());
  compileTimes.push(performance.now() - started);
}

const grid = { cells: CELLS, inputs: plan.inputs.map(loadColumn) };
const byId = new Map(plan.inputs.map((spec, i) => [spec.id, grid.inputs[i]]));
const columns: Columns = (id) => {
  const column = byId.get(id);
  if (!column) throw new Error(`hand-written code reads ${id}, which the plan did not load`);
  return column;
};

function handWritten(): Outputs {
  const out: Outputs = new Map();
  for (const kpi of kpis) {
    const values = new Float64Array(CELLS);
    const errors = new Uint8Array(CELLS);
    kpi.hand(columns, out, values, errors);
    out.set(kpi.key, { values, errors });
  }
  return out;
}

// Same numbers, or stop.
const engineOut = plan.evaluate(grid);
const handOut = handWritten();
let mismatches = 0;
for (const { key } of kpis) {
  const a = engineOut.get(key)!;
  const b = handOut.get(key)!;
  for (let i = 0; i < CELLS; i++) {
    const same = (a.values[i] === b.values[i] || (a.values[i] !== a.values[i] && b.values[i] !== b.values[i])) && a.errors[i] === b.errors[i];
    if (!same && mismatches++ < 5) {
      console.error(`MISMATCH ${key} cell ${i}: engine ${a.values[i]}/${a.errors[i]}, hand-written ${b.values[i]}/${b.errors[i]}`);
    }
  }
}
if (mismatches > 0) {
  console.error(`engine and hand-written loops disagree on ${mismatches} cells`);
  process.exit(1);
}

for (let r = 0; r < WARMUP; r++) {
  plan.evaluate(grid);
  handWritten();
}
// Runs alternate which goes first, and the ratio is the median of per-run ratios, so that
// load from other processes and garbage collection affect both sides alike.
const engineTimes: number[] = [];
const handTimes: number[] = [];
const ratios: number[] = [];
const timeEngine = () => {
  const t = performance.now();
  plan.evaluate(grid);
  return performance.now() - t;
};
const timeHand = () => {
  const t = performance.now();
  handWritten();
  return performance.now() - t;
};
for (let r = 0; r < RUNS; r++) {
  const [e, h] = r % 2 === 0 ? [timeEngine(), timeHand()] : (([h2, e2]) => [e2, h2])([timeHand(), timeEngine()]);
  engineTimes.push(e);
  handTimes.push(h);
  ratios.push(e / h);
}

// mathjs per cell, on a spread of cells, checked against the engine too.
const reference = new ReferenceEvaluator(definitions);
const sample = Array.from({ length: MATHJS_CELLS }, (_, k) => Math.floor((k * CELLS) / MATHJS_CELLS));
const runMathjs = () => {
  for (const cell of sample) {
    for (const { key } of kpis) {
      const value = reference.evaluate(key, (input) => {
        const x = grid.inputs[plan.inputIndex(input.id)!][cell];
        return x === x ? x : BLANK;
      });
      const column = engineOut.get(key)!;
      const expected = decodeCell(column.values[cell], column.errors[cell]);
      if (JSON.stringify(value) !== JSON.stringify(expected)) throw new Error(`mathjs reference disagrees on ${key} cell ${cell}`);
    }
  }
};
runMathjs(); // warm-up (compiles the mathjs trees)
started = performance.now();
runMathjs();
const mathjsTime = performance.now() - started;

const kpiCells = kpis.length * CELLS;
const engine = median(engineTimes);
const hand = median(handTimes);
const perCell = (total: number, cells: number) => ((total * 1e6) / cells).toFixed(2);
const mathjsPerCell = (mathjsTime * 1e6) / (kpis.length * sample.length);
console.log(`reference grid: ${kpis.length} KPIs × ${TEAMS} teams × ${MONTHS} months = ${kpiCells} KPI cells; ${MEASURES.length} measures, ${plan.inputs.length} input columns, ${plan.nodes.length} plan nodes, ${BLANK_SHARE * 100}% blanks`);
console.log(`compile 60 KPIs: ${ms(median(compileTimes))} ms (parse + check + plan + codegen, median of 25; first ${ms(coldCompile)} ms)`);
console.log(`engine:       ${ms(engine)} ms per grid, ${perCell(engine, kpiCells)} ns per cell (median of ${RUNS})`);
console.log(`hand-written: ${ms(hand)} ms per grid, ${perCell(hand, kpiCells)} ns per cell (median of ${RUNS})`);
console.log(`mathjs per-cell: ${mathjsPerCell.toFixed(0)} ns per cell (${sample.length} cells × ${kpis.length} KPIs, compile().evaluate(scope))`);
console.log('identical numbers: yes (values and error codes, every cell)');
console.log(`ratio engine/hand-written: ${median(ratios).toFixed(2)}`);
console.log(`speedup vs mathjs per-cell: ${(mathjsPerCell / ((engine * 1e6) / kpiCells)).toFixed(0)}`);
