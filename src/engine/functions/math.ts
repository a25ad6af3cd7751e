/** Math functions: numbers in, a number out; blank and error arguments follow arithmetic. */
import { BLANK, errorValue, finite, isBlank, isError, roundHalfAwayFromZero, strict } from '../values';
import type { FunctionSpec, StrictFunction } from './types';

const ARITHMETIC_BLANKS = 'A blank argument gives blank.';
const ARITHMETIC_ERRORS = 'The first error among the arguments wins; a non-finite result is NUMERIC.';

function unaryMath(name: string, fn: (x: number) => number, js: string, doc: string, example: string): StrictFunction {
  return {
    name,
    family: 'math',
    evaluation: 'strict',
    minArgs: 1,
    maxArgs: 1,
    signature: `${name}(x)`,
    doc,
    blankRule: ARITHMETIC_BLANKS,
    errorRule: ARITHMETIC_ERRORS,
    example,
    scalar: (args) => strict(args, ([x]) => finite(fn(x))),
    emit: (g, [x]) => g.strict([x], `${js}(${x.v})`),
  };
}

export const ABS = unaryMath('ABS', Math.abs, 'Math.abs', 'Absolute value.', 'ABS(revenue - PREV(revenue))');
export const FLOOR = unaryMath('FLOOR', Math.floor, 'Math.floor', 'Largest whole number not above x.', 'FLOOR(first_response_seconds / 3600)');
export const CEIL = unaryMath('CEIL', Math.ceil, 'Math.ceil', 'Smallest whole number not below x.', 'CEIL(tickets / sales_reps)');
export const SQRT = unaryMath('SQRT', Math.sqrt, 'Math.sqrt', 'Square root; a negative x is NUMERIC.', 'SQRT(orders)');
export const LN = unaryMath('LN', Math.log, 'Math.log', 'Natural logarithm; x ≤ 0 is NUMERIC.', 'LN(revenue)');
export const EXP = unaryMath('EXP', Math.exp, 'Math.exp', 'e to the power x; overflow is NUMERIC.', 'EXP(0.05 * 3)');

export const ROUND: StrictFunction = {
  name: 'ROUND',
  family: 'math',
  evaluation: 'strict',
  minArgs: 1,
  maxArgs: 2,
  signature: 'ROUND(x[, n])',
  doc: 'x rounded to n decimals (default 0), halves away from zero; a negative n rounds to tens, hundreds…',
  blankRule: ARITHMETIC_BLANKS,
  errorRule: ARITHMETIC_ERRORS,
  example: 'ROUND(won_deals / leads * 100, 1)',
  constantArguments: [{ index: 1, min: -15, max: 15, description: 'a whole number of decimals from -15 to 15' }],
  scalar: (args) => strict(args, ([x, n = 0]) => finite(roundHalfAwayFromZero(x, n))),
  emit: (g, [x, n]) => g.strict(n ? [x, n] : [x], `H.round(${x.v}, ${n ? n.v : '0'})`),
};

export const POW: StrictFunction = {
  name: 'POW',
  family: 'math',
  evaluation: 'strict',
  minArgs: 2,
  maxArgs: 2,
  signature: 'POW(x, y)',
  doc: 'x to the power y, like `x ^ y`.',
  blankRule: ARITHMETIC_BLANKS,
  errorRule: ARITHMETIC_ERRORS,
  example: 'POW(1 + GROWTH(revenue), 12)',
  scalar: (args) => strict(args, ([x, y]) => finite(x ** y)),
  // `NaN ** 0` is 1 in JS: a blank base must stay blank.
  emit: (g, [x, y]) => g.strict([x, y], `(${x.v} === ${x.v} ? ${x.v} ** ${y.v} : NaN)`),
};

export const CLAMP: StrictFunction = {
  name: 'CLAMP',
  family: 'math',
  evaluation: 'strict',
  minArgs: 3,
  maxArgs: 3,
  signature: 'CLAMP(x, lo, hi)',
  doc: 'x limited to the interval [lo, hi]; lo above hi is an ARGUMENT error.',
  blankRule: ARITHMETIC_BLANKS,
  errorRule: `${ARITHMETIC_ERRORS} lo > hi gives ARGUMENT.`,
  example: 'CLAMP(csat, 0, 100)',
  scalar: (args) =>
    strict(args, ([x, lo, hi]) => (lo > hi ? errorValue('ARGUMENT') : Math.min(Math.max(x, lo), hi))),
  emit: (g, [x, lo, hi]) => {
    const out = g.local(`Math.min(Math.max(${x.v}, ${lo.v}), ${hi.v})`);
    const args = [x, lo, hi];
    g.line(
      `if (${out.v} - ${out.v} !== 0 || ${lo.v} > ${hi.v}) { ${out.e} = ${g.firstError(args)} || (${g.allPresent(args)} ? ${g.codes.ARGUMENT} : 0); ${out.v} = NaN; }`,
    );
    return out;
  },
};

/**
 * DIVIDE(a, b[, alt]): safe division. With b blank or 0 it gives alt (evaluated only
 * then) or blank. A blank a gives blank before b is looked at, like `a / b`.
 */
export const DIVIDE: FunctionSpec = {
  name: 'DIVIDE',
  family: 'math',
  evaluation: 'lazy',
  minArgs: 2,
  maxArgs: 3,
  signature: 'DIVIDE(a, b[, alt])',
  doc: 'a / b, but alt (default blank) when b is 0 or blank instead of DIV_BY_ZERO.',
  blankRule: 'a blank gives blank; b blank gives alt, or blank without alt.',
  errorRule: 'An error in a, then in b, wins; alt is evaluated only when used; a non-finite quotient is NUMERIC.',
  example: 'DIVIDE(won_deals, leads, 0) * 100',
  scalar: ([ta, tb, talt]) => {
    const a = ta();
    const b = tb();
    if (isError(a)) return a;
    if (isError(b)) return b;
    if (isBlank(a)) return BLANK;
    if (isBlank(b) || b === 0) return talt ? talt() : BLANK;
    return finite(a / b);
  },
  emit: (g, [ta, tb, talt]) => {
    const a = ta();
    const b = tb();
    const out = g.local(`${a.v} / ${b.v}`);
    g.branches([
      [
        `${out.v} - ${out.v} !== 0`,
        () => {
          g.line(`${out.v} = NaN;`);
          const err = g.firstError([a, b]);
          if (err !== '0') g.line(`${out.e} = ${err};`);
          g.branches([
            [
              `${out.e} === 0 && ${a.v} === ${a.v}`,
              () =>
                g.branches([
                  [
                    `${b.v} !== ${b.v} || ${b.v} === 0`,
                    () => {
                      if (talt) g.assign(out, talt());
                    },
                  ],
                  [undefined, () => g.line(`${out.e} = ${g.codes.NUMERIC};`)],
                ]),
            ],
          ]);
        },
      ],
    ]);
    return out;
  },
};

export const MATH_FUNCTIONS: readonly FunctionSpec[] = [DIVIDE, ABS, ROUND, FLOOR, CEIL, SQRT, LN, EXP, POW, CLAMP];
