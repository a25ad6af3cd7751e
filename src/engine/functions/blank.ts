/** Functions about blanks (no data): COALESCE fills them, ISBLANK tests for them. */
import { BLANK, isBlank, isError } from '../values';
import type { LazyFunction, StrictFunction } from './types';

/** COALESCE(x, alt…): the first argument that is not blank; later ones are not evaluated. */
export const COALESCE: LazyFunction = {
  name: 'COALESCE',
  family: 'blank',
  evaluation: 'lazy',
  minArgs: 2,
  maxArgs: Infinity,
  signature: 'COALESCE(x, alt…)',
  doc: 'The first argument that is not blank.',
  blankRule: 'Skips blanks; all blank gives blank.',
  errorRule: 'An error met before a number is returned as that error.',
  example: 'COALESCE(csat_responses, 0)',
  scalar: (args) => {
    for (const t of args) {
      const value = t();
      if (!isBlank(value)) return value;
    }
    return BLANK;
  },
  emit: (g, args) => {
    const first = args[0]();
    const out = g.local(first.v, first.e);
    const next = (i: number): void => {
      if (i >= args.length) return;
      const blank = out.e === '0' ? `${out.v} !== ${out.v}` : `${out.v} !== ${out.v} && ${out.e} === 0`;
      g.branches([
        [
          blank,
          () => {
            g.assign(out, args[i]());
            next(i + 1);
          },
        ],
      ]);
    };
    next(1);
    return out;
  },
};

export const ISBLANK: StrictFunction = {
  name: 'ISBLANK',
  family: 'blank',
  evaluation: 'strict',
  minArgs: 1,
  maxArgs: 1,
  signature: 'ISBLANK(x)',
  doc: '1 when x is blank (no data), else 0.',
  blankRule: 'Blank gives 1.',
  errorRule: 'An error x gives that error.',
  example: 'IF(ISBLANK(csat_responses), 0, csat)',
  scalar: ([x]) => (isError(x) ? x : isBlank(x) ? 1 : 0),
  emit: (g, [x]) => {
    const out = g.local(`${x.v} !== ${x.v} ? 1 : 0`, x.e);
    if (x.e !== '0') g.line(`if (${out.e} !== 0) ${out.v} = NaN;`);
    return out;
  },
};

export const BLANK_FUNCTIONS = [COALESCE, ISBLANK] as const;
