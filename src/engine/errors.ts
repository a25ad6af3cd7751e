/**
 * Formula errors are values, never exceptions (ARCHITECTURE.md "Errors"): the parser and
 * checker return lists of them, the evaluators carry their codes through cells.
 */
import type { Position } from './ast';

/** The error codes of PRODUCT.md "Formula language", stable across versions. */
export const ERROR_CODES = [
  'SYNTAX',
  'UNKNOWN_REFERENCE',
  'CYCLE',
  'DIV_BY_ZERO',
  'NUMERIC',
  'ARGUMENT',
  'FORBIDDEN_CONSTRUCT',
  'TOO_COMPLEX',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A user mistake or an evaluation error, with where it is when it comes from the text. */
export interface FormulaError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly position?: Position;
  /** For CYCLE: the dependency path, first and last element equal (`a → b → a`). */
  readonly path?: readonly string[];
}

/**
 * Error codes as small numbers, for the `errors` Uint8Array of an evaluated column.
 * 0 means "no error"; numbers are stable (append only).
 */
export const ERROR_CODE_NUMBER: { readonly [C in ErrorCode]: number } = {
  SYNTAX: 1,
  UNKNOWN_REFERENCE: 2,
  CYCLE: 3,
  DIV_BY_ZERO: 4,
  NUMERIC: 5,
  ARGUMENT: 6,
  FORBIDDEN_CONSTRUCT: 7,
  TOO_COMPLEX: 8,
};

/** The code for a number stored in an `errors` column; undefined for 0 (no error). */
export function errorCodeFromNumber(n: number): ErrorCode | undefined {
  return n >= 1 && n <= ERROR_CODES.length ? ERROR_CODES[n - 1] : undefined;
}

export function formulaError(
  code: ErrorCode,
  message: string,
  position?: Position,
  path?: readonly string[],
): FormulaError {
  const error: { code: ErrorCode; message: string; position?: Position; path?: readonly string[] } = {
    code,
    message,
  };
  if (position) error.position = position;
  if (path) error.path = path;
  return error;
}
