/** Test helpers: define KPIs from text, evaluate them compiled, and check against the oracle. */
import {
  BLANK,
  checkFormula,
  compilePlan,
  decodeCell,
  errorValue,
  ReferenceEvaluator,
  type CellValue,
  type ErrorCode,
  type Grid,
  type InputSpec,
  type KpiDefinition,
  type Plan,
} from '../../src/engine';

export const blank = BLANK;
export const err = (code: ErrorCode): CellValue => errorValue(code);

const KEY = /^[a-z][a-z0-9_]*$/;

/** Parses and checks KPI formulas; any lower-case name that is not a KPI is a measure. */
export function define(kpis: Record<string, string>): KpiDefinition[] {
  return Object.entries(kpis).map(([key, formula]) => {
    const result = checkFormula(formula, {
      resolve: (name) => (name in kpis ? 'KPI' : KEY.test(name) ? 'MEASURE' : undefined),
    });
    if (!result.ast) throw new Error(`${key}: ${JSON.stringify(result.errors)}`);
    return { key, ast: result.ast, formula };
  });
}

/**
 * Evaluates `wanted` over `cells` cells; `column(spec)` gives each input column (NaN for
 * blank). Every cell is also evaluated by the mathjs reference evaluator and must agree.
 */
export function evaluate(
  kpis: Record<string, string>,
  wanted: readonly string[],
  cells: number,
  column: (spec: InputSpec) => readonly number[],
): { plan: Plan; grid: Grid; values: Map<string, CellValue[]> } {
  const definitions = define(kpis);
  const plan = compilePlan({ kpis: definitions, wanted });
  const grid: Grid = {
    cells,
    inputs: plan.inputs.map((spec) => {
      const values = column(spec);
      if (values.length !== cells) throw new Error(`column ${spec.id} has ${values.length} cells`);
      return Float64Array.from(values);
    }),
  };
  const result = plan.evaluate(grid);
  const reference = new ReferenceEvaluator(definitions);
  const values = new Map<string, CellValue[]>();
  for (const key of wanted) {
    const { values: v, errors: e } = result.get(key)!;
    const compiled = Array.from(v, (x, i) => decodeCell(x, e[i]));
    const oracle = compiled.map((_, cell) =>
      reference.evaluate(key, (input) => {
        const index = plan.inputIndex(input.id);
        if (index === undefined) throw new Error(`no input ${input.id}`);
        const x = grid.inputs[index][cell];
        return x === x ? x : BLANK;
      }),
    );
    expect(compiled).toEqual(oracle);
    values.set(key, compiled);
  }
  return { plan, grid, values };
}

/**
 * One formula in one cell; `inputs` by input id (`revenue`, `revenue@SHIFT(1)`), missing
 * ids are blank. Checks compiled == reference and returns the value.
 */
export function valueOf(formula: string, inputs: Record<string, number> = {}, kpis: Record<string, string> = {}): CellValue {
  const { values } = evaluate({ ...kpis, result_kpi: formula }, ['result_kpi'], 1, (spec) => [inputs[spec.id] ?? NaN]);
  return values.get('result_kpi')![0];
}
