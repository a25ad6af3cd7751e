/**
 * Cell values of the scalar (reference) evaluator: a finite number, blank (no data) or an
 * error. PRODUCT.md "Values" and "Precise rules" define how they combine; the helpers
 * here are the shared vocabulary of the function table's scalar implementations.
 *
 * The compiled column evaluator encodes the same three states as (value, code) pairs:
 * a finite number with code 0, NaN with code 0 (blank), NaN with an error code.
 */
import { ERROR_CODE_NUMBER, errorCodeFromNumber, type ErrorCode } from './errors';

export interface Blank {
  readonly kind: 'blank';
}
export interface ErrorValue {
  readonly kind: 'error';
  readonly code: ErrorCode;
}
/** Numbers are always finite: a non-finite result becomes the NUMERIC error. */
export type CellValue = number | Blank | ErrorValue;

export const BLANK: Blank = Object.freeze({ kind: 'blank' as const });

const errorValues = new Map<ErrorCode, ErrorValue>();
export function errorValue(code: ErrorCode): ErrorValue {
  let value = errorValues.get(code);
  if (!value) {
    value = Object.freeze({ kind: 'error' as const, code });
    errorValues.set(code, value);
  }
  return value;
}

export function isBlank(value: CellValue): value is Blank {
  return typeof value === 'object' && value.kind === 'blank';
}
export function isError(value: CellValue): value is ErrorValue {
  return typeof value === 'object' && value.kind === 'error';
}

/** A computed number as a cell value: non-finite results are the NUMERIC error. */
export function finite(x: number): CellValue {
  return Number.isFinite(x) ? x : errorValue('NUMERIC');
}

/**
 * The rule of arithmetic and of most functions: the first error among the arguments
 * (left to right) wins, else any blank gives blank, else `compute` on the numbers.
 * Errors win over blanks so that a broken input is never hidden by a missing one.
 */
export function strict(args: readonly CellValue[], compute: (xs: number[]) => CellValue): CellValue {
  for (const a of args) if (isError(a)) return a;
  for (const a of args) if (isBlank(a)) return BLANK;
  return compute(args as number[]);
}

/** The first error among the arguments, left to right, if any. */
export function firstError(args: readonly CellValue[]): ErrorValue | undefined {
  for (const a of args) if (isError(a)) return a;
  return undefined;
}

/** The (value, code) column encoding of a cell value. */
export function encodeCell(value: CellValue): { value: number; code: number } {
  if (typeof value === 'number') return { value, code: 0 };
  if (value.kind === 'blank') return { value: NaN, code: 0 };
  return { value: NaN, code: ERROR_CODE_NUMBER[value.code] };
}

/** Column number encoding for a (value, code) pair read back from a grid. */
export function decodeCell(value: number, code: number): CellValue {
  if (code !== 0) {
    const c = errorCodeFromNumber(code);
    return c ? errorValue(c) : errorValue('NUMERIC');
  }
  return value === value ? value : BLANK;
}

/**
 * ROUND(x, n): half away from zero, like spreadsheets. `toPrecision(15)` first removes
 * binary noise so that ROUND(1.005, 2) is 1.01 as a person expects.
 * Shared by both evaluators so they agree to the bit.
 */
export function roundHalfAwayFromZero(x: number, digits: number): number {
  if (x !== x) return NaN;
  const scale = 10 ** Math.abs(digits);
  const scaled = digits >= 0 ? Math.abs(x) * scale : Math.abs(x) / scale;
  // Already an integer at this scale (or too large to carry decimals): nothing to round.
  if (!Number.isFinite(scaled) || scaled >= 2 ** 52) return x;
  const rounded = Math.round(Number(scaled.toPrecision(15)));
  const magnitude = digits >= 0 ? rounded / scale : rounded * scale;
  return x < 0 ? -magnitude : magnitude;
}
