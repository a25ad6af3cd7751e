/**
 * Operators, with the same two implementations as functions: the scalar rule (reference
 * evaluator) and the column template (compiler).
 */
import type { BinaryOp, UnaryOp } from '../ast';
import { errorValue, finite, strict, type CellValue } from '../values';
import type { ColumnEmitter, Operand } from './types';

export interface BinaryOperator {
  readonly op: BinaryOp;
  scalar(a: CellValue, b: CellValue): CellValue;
  emit(g: ColumnEmitter, a: Operand, b: Operand): Operand;
}
export interface UnaryOperator {
  readonly op: UnaryOp;
  scalar(a: CellValue): CellValue;
  emit(g: ColumnEmitter, a: Operand): Operand;
}

function arithmetic(op: '+' | '-' | '*', fn: (a: number, b: number) => number): BinaryOperator {
  return {
    op,
    scalar: (a, b) => strict([a, b], ([x, y]) => finite(fn(x, y))),
    emit: (g, a, b) => g.strict([a, b], `${a.v} ${op} ${b.v}`),
  };
}

/** Comparisons and and/or give 1 or 0, and blank when an operand is blank. */
function truthValued(op: BinaryOp, fn: (a: number, b: number) => boolean, js: (a: string, b: string) => string): BinaryOperator {
  return {
    op,
    scalar: (a, b) => strict([a, b], ([x, y]) => (fn(x, y) ? 1 : 0)),
    emit: (g, a, b) => {
      const out = g.local(`${js(a.v, b.v)} ? 1 : 0`);
      g.line(`if (${a.v} !== ${a.v} || ${b.v} !== ${b.v}) { ${out.v} = NaN; ${out.e} = ${g.firstError([a, b])}; }`);
      return out;
    },
  };
}

export const BINARY_OPERATORS: { readonly [K in BinaryOp]: BinaryOperator } = {
  '+': arithmetic('+', (a, b) => a + b),
  '-': arithmetic('-', (a, b) => a - b),
  '*': arithmetic('*', (a, b) => a * b),
  '/': {
    op: '/',
    scalar: (a, b) => strict([a, b], ([x, y]) => (y === 0 ? errorValue('DIV_BY_ZERO') : finite(x / y))),
    emit: (g, a, b) =>
      g.strict([a, b], `${a.v} / ${b.v}`, `(${b.v} === 0 ? ${g.codes.DIV_BY_ZERO} : ${g.codes.NUMERIC})`),
  },
  '^': {
    op: '^',
    scalar: (a, b) => strict([a, b], ([x, y]) => finite(x ** y)),
    // `NaN ** 0` is 1 in JS: a blank base must stay blank.
    emit: (g, a, b) => g.strict([a, b], `(${a.v} === ${a.v} ? ${a.v} ** ${b.v} : NaN)`),
  },
  '==': truthValued('==', (a, b) => a === b, (a, b) => `${a} === ${b}`),
  '!=': truthValued('!=', (a, b) => a !== b, (a, b) => `${a} !== ${b}`),
  '<': truthValued('<', (a, b) => a < b, (a, b) => `${a} < ${b}`),
  '<=': truthValued('<=', (a, b) => a <= b, (a, b) => `${a} <= ${b}`),
  '>': truthValued('>', (a, b) => a > b, (a, b) => `${a} > ${b}`),
  '>=': truthValued('>=', (a, b) => a >= b, (a, b) => `${a} >= ${b}`),
  and: truthValued('and', (a, b) => a !== 0 && b !== 0, (a, b) => `${a} !== 0 && ${b} !== 0`),
  or: truthValued('or', (a, b) => a !== 0 || b !== 0, (a, b) => `${a} !== 0 || ${b} !== 0`),
};

export const UNARY_OPERATORS: { readonly [K in UnaryOp]: UnaryOperator } = {
  '-': {
    op: '-',
    scalar: (a) => strict([a], ([x]) => -x),
    emit: (g, a) => g.local(`-${a.v}`, a.e),
  },
  '+': { op: '+', scalar: (a) => a, emit: (_g, a) => a },
  not: {
    op: 'not',
    scalar: (a) => strict([a], ([x]) => (x === 0 ? 1 : 0)),
    emit: (g, a) => {
      const out = g.local(`${a.v} === 0 ? 1 : 0`);
      g.line(`if (${a.v} !== ${a.v}) { ${out.v} = NaN; ${out.e} = ${a.e}; }`);
      return out;
    },
  },
};
