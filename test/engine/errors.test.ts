/** Every error code of PRODUCT.md is produced somewhere, and the column encoding round-trips. */
import {
  checkFormula,
  compilePlan,
  decodeCell,
  encodeCell,
  ERROR_CODE_NUMBER,
  ERROR_CODES,
  errorCodeFromNumber,
  errorValue,
  type ErrorCode,
} from '../../src/engine';
import { isSafeMathjsVersion } from '../../src/engine/parse';
import { define, valueOf } from './helpers';

const resolve = (name: string) => (['x', 'y'].includes(name) ? 'MEASURE' : undefined);
const staticCode = (formula: string) => checkFormula(formula, { resolve, self: 'me' }).errors[0]?.code;
const runtimeCode = (formula: string) => {
  const value = valueOf(formula, { x: 0 });
  return typeof value === 'object' && value.kind === 'error' ? value.code : undefined;
};

test('every error code is produced by some formula', () => {
  const produced: Record<ErrorCode, ErrorCode | undefined> = {
    SYNTAX: staticCode('x +'),
    UNKNOWN_REFERENCE: staticCode('z'),
    CYCLE: staticCode('me + 1'),
    DIV_BY_ZERO: runtimeCode('1 / x'),
    NUMERIC: runtimeCode('LN(x)'),
    ARGUMENT: staticCode('PREV(x, 0)'),
    FORBIDDEN_CONSTRUCT: staticCode('x.y'),
    TOO_COMPLEX: staticCode('('.repeat(65) + 'x' + ')'.repeat(65)),
  };
  for (const code of ERROR_CODES) expect(produced[code]).toBe(code);
});

test('CYCLE is also an evaluated value, and ARGUMENT can arise at evaluation (CLAMP bounds)', () => {
  const plan = compilePlan({ kpis: define({ a: 'b', b: 'a' }), wanted: ['a'] });
  const column = plan.evaluate({ cells: 1, inputs: [] }).get('a')!;
  expect(decodeCell(column.values[0], column.errors[0])).toEqual(errorValue('CYCLE'));
  expect(valueOf('CLAMP(1, 2, 0)')).toEqual(errorValue('ARGUMENT'));
});

test('error codes map to stable small numbers and back; 0 is no error', () => {
  expect(ERROR_CODES.map((c) => ERROR_CODE_NUMBER[c])).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  for (const code of ERROR_CODES) expect(errorCodeFromNumber(ERROR_CODE_NUMBER[code])).toBe(code);
  expect(errorCodeFromNumber(0)).toBeUndefined();
  expect(encodeCell(errorValue('NUMERIC'))).toEqual({ value: NaN, code: 5 });
  expect(encodeCell(3)).toEqual({ value: 3, code: 0 });
  expect(decodeCell(NaN, 0)).toEqual({ kind: 'blank' });
});

test('the parser refuses mathjs releases with known escapes', () => {
  expect(isSafeMathjsVersion('15.2.0')).toBe(true);
  expect(isSafeMathjsVersion('15.10.1')).toBe(true);
  expect(isSafeMathjsVersion('16.0.0')).toBe(true);
  expect(isSafeMathjsVersion('15.1.9')).toBe(false);
  expect(isSafeMathjsVersion('11.12.0')).toBe(false);
});
