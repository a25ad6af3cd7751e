/** Logic functions: IF chooses a branch, IFERROR catches errors. Both are lazy. */
import { BLANK, isBlank, isError } from '../values';
import type { LazyFunction } from './types';

/**
 * IF(c, a[, b]): only the chosen branch is evaluated, so an error in the other one does
 * not matter (as in spreadsheets). A missing b is blank. The same rule serves `c ? a : b`.
 */
export const IF: LazyFunction = {
  name: 'IF',
  family: 'logic',
  evaluation: 'lazy',
  minArgs: 2,
  maxArgs: 3,
  signature: 'IF(c, a[, b])',
  doc: 'a when c is non-zero, else b (blank when b is left out).',
  blankRule: 'A blank condition gives blank.',
  errorRule: 'An error condition gives that error; only the chosen branch is evaluated.',
  example: 'IF(leads > 0, won_deals / leads * 100, 0)',
  scalar: ([tc, ta, tb]) => {
    const c = tc();
    if (isError(c) || isBlank(c)) return c;
    if (c !== 0) return ta();
    return tb ? tb() : BLANK;
  },
  emit: (g, [tc, ta, tb]) => {
    const c = tc();
    const out = g.local('NaN');
    g.branches([
      [`${c.v} !== ${c.v}`, () => (c.e === '0' ? undefined : g.line(`${out.e} = ${c.e};`))],
      [`${c.v} !== 0`, () => g.assign(out, ta())],
      ...(tb ? [[undefined, () => g.assign(out, tb())] as const] : []),
    ]);
    return out;
  },
};

/** IFERROR(x, alt): alt (evaluated only then) when x is an error; blanks pass through. */
export const IFERROR: LazyFunction = {
  name: 'IFERROR',
  family: 'logic',
  evaluation: 'lazy',
  minArgs: 2,
  maxArgs: 2,
  signature: 'IFERROR(x, alt)',
  doc: 'x, or alt when x is an error (DIV_BY_ZERO, NUMERIC, …).',
  blankRule: 'A blank x stays blank (use COALESCE for blanks).',
  errorRule: 'Catches any error of x; an error of alt is returned.',
  example: 'IFERROR(revenue / orders, 0)',
  scalar: ([tx, talt]) => {
    const x = tx();
    return isError(x) ? talt() : x;
  },
  emit: (g, [tx, talt]) => {
    const x = tx();
    if (x.e === '0') return x;
    const out = g.local(x.v, x.e);
    g.branches([[`${out.e} !== 0`, () => g.assign(out, talt())]]);
    return out;
  },
};

export const LOGIC_FUNCTIONS = [IF, IFERROR] as const;
