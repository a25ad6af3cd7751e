/**
 * Time functions move the window of everything inside them (PRODUCT.md "Time functions").
 * They are not computed on values: each step becomes time operations on the measures
 * read inside (input columns the data layer re-aggregates by each measure's own time
 * rule), so `YTD(won_deals / leads)` divides the YTD sums. GROWTH and ROLLING_AVG then
 * combine the values their argument takes in several windows.
 */
import { errorValue, strict, type CellValue } from '../values';
import type { FormulaAst } from '../ast';
import { aggregateScalar, emitAggregate } from './aggregate';
import { constantValue, type ContextFunction, type ContextStep } from './types';

const MOVES_ALL = 'Applies to the whole expression inside: measures are re-aggregated over the moved window.';
const periodsArgument = (description: string) => ({ index: 1, min: 1, max: Number.MAX_SAFE_INTEGER, description });

function windowFunction(
  name: string,
  signature: string,
  doc: string,
  example: string,
  steps: (args: readonly FormulaAst[]) => readonly ContextStep[],
  extra: Partial<ContextFunction> = {},
): ContextFunction {
  return {
    name,
    family: 'time',
    evaluation: 'context',
    minArgs: 1,
    maxArgs: 1,
    signature,
    doc: `${doc} ${MOVES_ALL}`,
    blankRule: 'Blank when the moved window has no data.',
    errorRule: 'Errors of the expression in the moved window pass through.',
    example,
    steps,
    scalar: ([x]) => x,
    emit: (_g, [x]) => x,
    ...extra,
  };
}

const periods = (args: readonly FormulaAst[], fallback: number) => constantValue(args[1]) ?? fallback;

export const PREV = windowFunction(
  'PREV',
  'PREV(x[, n])',
  'x for the period n periods before (default 1).',
  'revenue - PREV(revenue)',
  (args) => [{ time: { kind: 'SHIFT', periods: periods(args, 1) } }],
  { maxArgs: 2, constantArguments: [periodsArgument('a whole number of periods, at least 1')] },
);

export const PREV_YEAR = windowFunction(
  'PREV_YEAR',
  'PREV_YEAR(x)',
  'x for the same period one year earlier.',
  'PREV_YEAR(revenue) * 1.1',
  () => [{ time: { kind: 'SHIFT_YEAR', years: 1 } }],
);

export const YTD = windowFunction(
  'YTD',
  'YTD(x)',
  'x over the (fiscal) year to date.',
  'YTD(won_deals / leads) * 100',
  () => [{ time: { kind: 'TO_DATE', unit: 'YEAR' } }],
);

export const QTD = windowFunction(
  'QTD',
  'QTD(x)',
  'x over the quarter to date.',
  'QTD(revenue)',
  () => [{ time: { kind: 'TO_DATE', unit: 'QUARTER' } }],
);

export const ROLLING = windowFunction(
  'ROLLING',
  'ROLLING(x, n)',
  'x over one window of the last n periods, ending with the current one.',
  'ROLLING(revenue, 3)',
  (args) => [{ time: { kind: 'WIDEN', periods: periods(args, 1) } }],
  { minArgs: 2, maxArgs: 2, constantArguments: [periodsArgument('a whole number of periods, at least 1')] },
);

/** ROLLING_AVG(x, n): the average of x's n per-period values, skipping blanks. */
export const ROLLING_AVG = windowFunction(
  'ROLLING_AVG',
  'ROLLING_AVG(x, n)',
  'Average of x in each of the last n periods (the current one first), skipping blanks.',
  'ROLLING_AVG(csat, 3)',
  (args) => Array.from({ length: periods(args, 1) }, (_, k) => (k === 0 ? {} : { time: { kind: 'SHIFT', periods: k } })),
  {
    minArgs: 2,
    maxArgs: 2,
    constantArguments: [periodsArgument('a whole number of periods, at least 1')],
    blankRule: 'Blank periods are skipped; all blank gives blank.',
    errorRule: 'The first error, from the current period back, wins; a non-finite result is NUMERIC.',
    scalar: (values) => aggregateScalar('AVERAGE', values),
    emit: (g, values) => emitAggregate(g, 'AVERAGE', values),
  },
);

/**
 * GROWTH(x) = (x − PREV(x)) / |PREV(x)|. A previous value of 0 is DIV_BY_ZERO, exactly as
 * the division it stands for (IFERROR or DIVIDE choose otherwise).
 */
export const GROWTH = windowFunction(
  'GROWTH',
  'GROWTH(x)',
  'Relative change from the previous period: (x − PREV(x)) / |PREV(x)|.',
  'GROWTH(revenue) * 100',
  () => [{}, { time: { kind: 'SHIFT', periods: 1 } }],
  {
    blankRule: 'Blank when x or PREV(x) is blank.',
    errorRule: 'An error of x, then of PREV(x), wins; PREV(x) = 0 gives DIV_BY_ZERO; non-finite is NUMERIC.',
    scalar: (values: readonly CellValue[]): CellValue =>
      strict(values, ([x, p]) => {
        if (p === 0) return errorValue('DIV_BY_ZERO');
        const r = (x - p) / Math.abs(p);
        return Number.isFinite(r) ? r : errorValue('NUMERIC');
      }),
    emit: (g, [x, p]) =>
      g.strict([x, p], `(${x.v} - ${p.v}) / Math.abs(${p.v})`, `(${p.v} === 0 ? ${g.codes.DIV_BY_ZERO} : ${g.codes.NUMERIC})`),
  },
);

export const TIME_FUNCTIONS = [PREV, PREV_YEAR, GROWTH, YTD, QTD, ROLLING, ROLLING_AVG] as const;

