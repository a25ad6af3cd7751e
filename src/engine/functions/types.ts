/**
 * The shape of a function table entry (HyperFormula-style plugin metadata next to the
 * implementation): documentation for the API, arity, the scalar implementation used by the
 * mathjs reference evaluator, and the column code template used by the compiler.
 */
import type { FormulaAst } from '../ast';
import type { TimeOp } from '../context';
import type { CellValue } from '../values';

export type FunctionFamily = 'math' | 'logic' | 'blank' | 'aggregate' | 'time' | 'team';

/**
 * A sub-expression's result inside a generated column loop: `v` is a JS expression (a
 * local or a numeric literal) holding the number, or NaN for blank and error; `e` holds
 * the error code number, 0 for none. `e` is the literal '0' when no error is possible.
 * Invariant: whenever e !== 0, v is NaN.
 */
export interface Operand {
  readonly v: string;
  readonly e: string;
}

/**
 * What a template may do while generating a column loop. Templates only combine operand
 * names, numeric codes and fixed JS; they never see user text.
 */
export interface ColumnEmitter {
  readonly codes: { readonly NUMERIC: number; readonly DIV_BY_ZERO: number; readonly ARGUMENT: number };
  /** Declares `let vN = value, eN = error;` and returns it. */
  local(value: string, error?: string): Operand;
  /** Emits one statement. */
  line(code: string): void;
  /** `if (c1) { … } else if (c2) { … } else { … }`; undefined condition = else. */
  branches(cases: ReadonlyArray<readonly [condition: string | undefined, body: () => void]>): void;
  /** `out = operand` for both halves. */
  assign(out: Operand, from: Operand): void;
  /**
   * The common rule as code: `v = expr`; on a non-finite result the first argument error
   * wins, else blank if an argument is blank, else `finiteError` (default NUMERIC).
   * `expr` must be NaN whenever an argument is NaN.
   */
  strict(args: readonly Operand[], expr: string, finiteError?: string): Operand;
  /** JS expression: the first non-zero error code of the arguments, or 0. */
  firstError(args: readonly Operand[]): string;
  /** JS expression: true when no argument is NaN. */
  allPresent(args: readonly Operand[]): string;
}

/** One way a time or team function moves the window of its first argument. */
export interface ContextStep {
  readonly time?: TimeOp;
  readonly team?: 'PARENT' | 'TOTAL';
}

/** An argument that must be a whole constant (PREV's n, ROLLING's n, ROUND's digits). */
export interface ConstantArgument {
  readonly index: number;
  readonly min: number;
  readonly max: number;
  readonly description: string;
}

interface FunctionDoc {
  readonly name: string;
  readonly family: FunctionFamily;
  readonly minArgs: number;
  /** Infinity for variadic functions. */
  readonly maxArgs: number;
  readonly signature: string;
  readonly doc: string;
  readonly blankRule: string;
  readonly errorRule: string;
  readonly example: string;
  readonly constantArguments?: readonly ConstantArgument[];
}

/** Arguments are all evaluated, left to right, before the function runs. */
export interface StrictFunction extends FunctionDoc {
  readonly evaluation: 'strict';
  scalar(args: readonly CellValue[]): CellValue;
  emit(g: ColumnEmitter, args: readonly Operand[]): Operand;
}

/** Arguments are evaluated on demand (IF's branches, IFERROR's alternative, …). */
export interface LazyFunction extends FunctionDoc {
  readonly evaluation: 'lazy';
  scalar(args: readonly (() => CellValue)[]): CellValue;
  /** `args[i]()` emits argument i at the current point of the code and returns it. */
  emit(g: ColumnEmitter, args: readonly (() => Operand)[]): Operand;
}

/**
 * Time and team functions: the first argument is evaluated once per step, each time in a
 * moved window (measures re-aggregated there); the values are then combined.
 */
export interface ContextFunction extends FunctionDoc {
  readonly evaluation: 'context';
  steps(args: readonly FormulaAst[]): readonly ContextStep[];
  scalar(values: readonly CellValue[]): CellValue;
  emit(g: ColumnEmitter, values: readonly Operand[]): Operand;
}

export type FunctionSpec = StrictFunction | LazyFunction | ContextFunction;

/** The value of a constant argument: a number, possibly with a minus sign. */
export function constantValue(node: FormulaAst | undefined): number | undefined {
  if (!node) return undefined;
  if (node.kind === 'number') return node.value;
  if (node.kind === 'unary' && (node.op === '-' || node.op === '+')) {
    const inner = constantValue(node.operand);
    return inner === undefined ? undefined : node.op === '-' ? -inner : inner;
  }
  return undefined;
}
