/**
 * Aggregates over their arguments: SUM, AVERAGE, MIN, MAX skip blanks and give blank when
 * every argument is blank (PRODUCT.md "Precise rules"). The first error wins.
 */
import { BLANK, errorValue, firstError, isBlank, type CellValue } from '../values';
import type { ColumnEmitter, Operand, StrictFunction } from './types';

export type AggregateKind = 'SUM' | 'AVERAGE' | 'MIN' | 'MAX';

/** Scalar rule shared by the aggregates and ROLLING_AVG. Sums run left to right. */
export function aggregateScalar(kind: AggregateKind, args: readonly CellValue[]): CellValue {
  const error = firstError(args);
  if (error) return error;
  const xs = args.filter((a): a is number => !isBlank(a));
  if (xs.length === 0) return BLANK;
  // Start from the first value (not 0) so that both evaluators agree to the bit, -0 included.
  let acc = xs[0];
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i];
    acc = kind === 'MIN' ? Math.min(acc, x) : kind === 'MAX' ? Math.max(acc, x) : acc + x;
  }
  const result = kind === 'AVERAGE' ? acc / xs.length : acc;
  return Number.isFinite(result) ? result : errorValue('NUMERIC');
}

/**
 * Column template: the all-present case is one expression; only a non-finite result
 * (a blank, an error or an overflow) takes the slow path that skips blanks.
 */
export function emitAggregate(g: ColumnEmitter, kind: AggregateKind, args: readonly Operand[]): Operand {
  const vs = args.map((a) => a.v);
  const fast =
    kind === 'SUM'
      ? vs.join(' + ')
      : kind === 'AVERAGE'
        ? `(${vs.join(' + ')}) / ${args.length}`
        : `Math.${kind === 'MIN' ? 'min' : 'max'}(${vs.join(', ')})`;
  const out = g.local(fast);
  g.branches([
    [
      `${out.v} - ${out.v} !== 0`,
      () => {
        const err = g.firstError(args);
        if (err !== '0') g.line(`${out.e} = ${err};`);
        g.branches([
          [`${out.e} !== 0`, () => g.line(`${out.v} = NaN;`)],
          [
            undefined,
            () => {
              const acc = g.local('NaN');
              const count = g.local('0');
              for (const a of args) {
                const combine =
                  kind === 'MIN' || kind === 'MAX'
                    ? `Math.${kind === 'MIN' ? 'min' : 'max'}(${acc.v}, ${a.v})`
                    : `${acc.v} + ${a.v}`;
                g.line(`if (${a.v} === ${a.v}) { ${acc.v} = ${count.v} === 0 ? ${a.v} : ${combine}; ${count.v}++; }`);
              }
              const result = kind === 'AVERAGE' ? `${acc.v} / ${count.v}` : acc.v;
              g.line(
                `if (${count.v} === 0) ${out.v} = NaN; else { ${out.v} = ${result}; if (${out.v} - ${out.v} !== 0) { ${out.v} = NaN; ${out.e} = ${g.codes.NUMERIC}; } }`,
              );
            },
          ],
        ]);
      },
    ],
  ]);
  return out;
}

function aggregate(kind: AggregateKind, doc: string, example: string): StrictFunction {
  return {
    name: kind,
    family: 'aggregate',
    evaluation: 'strict',
    minArgs: 1,
    maxArgs: Infinity,
    signature: `${kind}(x, …)`,
    doc,
    blankRule: 'Blank arguments are skipped; all blank gives blank.',
    errorRule: 'The first error among the arguments wins; a non-finite result is NUMERIC.',
    example,
    scalar: (args) => aggregateScalar(kind, args),
    emit: (g, args) => emitAggregate(g, kind, args),
  };
}

export const SUM = aggregate('SUM', 'Sum of the arguments that have data.', 'SUM(marketing_spend, sales_cost, other_acquisition_cost)');
export const AVERAGE = aggregate('AVERAGE', 'Mean of the arguments that have data.', 'AVERAGE(csat, nps)');
export const MIN = aggregate('MIN', 'Smallest argument that has data.', 'MIN(budget_execution, 100)');
export const MAX = aggregate('MAX', 'Largest argument that has data.', 'MAX(revenue - sales_cost, 0)');

export const AGGREGATE_FUNCTIONS = [SUM, AVERAGE, MIN, MAX] as const;
