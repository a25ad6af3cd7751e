/**
 * Compiles one plan node — a KPI's checked AST in one evaluation context — into ONE fused
 * JS loop over all cells, built with `new Function`.
 *
 * Safety invariant (ARCHITECTURE.md invariant 4, "user text is never executed"): the
 * generated source is assembled only from
 *   - fixed template text in this file and in `functions/` (operators, Math.*, H.round),
 *   - generated local names (`v12`, `e12`) and array indexes (`I[3]`, `V[2]`),
 *   - numeric literals printed by `formatNumberLiteral`, which refuses anything but a
 *     finite number, and integer error codes.
 * Measure and KPI keys never appear in it (a key named `process` or `constructor` is just
 * input column 3), and neither do function names as written: calls are dispatched on our
 * table. test/engine/compile.test.ts checks this on generated sources.
 *
 * Each sub-expression lives in two locals (v = number, NaN for blank or error; e = error
 * code, 0 for none). The common all-finite path computes the operation and tests
 * `v - v !== 0` (true only for NaN and ±Infinity); blank and error handling run only then.
 */
import type { FormulaAst } from './ast';
import { applyContextStep, contextKey, type EvalContext } from './context';
import { ERROR_CODE_NUMBER } from './errors';
import { BINARY_OPERATORS, lookupFunction, UNARY_OPERATORS, type ColumnEmitter, type Operand } from './functions';
import { IF } from './functions/logic';
import { roundHalfAwayFromZero } from './values';

/** Fixed helpers the generated code may call, passed in as `H`. */
export const COLUMN_HELPERS = Object.freeze({ round: roundHalfAwayFromZero });
export type ColumnHelpers = typeof COLUMN_HELPERS;

/** A compiled node: fills outV/outE for cells [0, n) from input and KPI node columns. */
export type ColumnFunction = (
  n: number,
  inputs: readonly Float64Array[],
  nodeValues: readonly Float64Array[],
  nodeErrors: readonly Uint8Array[],
  outV: Float64Array,
  outE: Uint8Array,
  helpers: ColumnHelpers,
) => void;

/** How the compiler finds the columns a reference reads. */
export interface ColumnResolver {
  isKpi(name: string): boolean;
  /** Input column index of a measure in a context; undefined when always blank (team NONE). */
  input(measure: string, context: EvalContext): number | undefined;
  /** Plan node index of a KPI in a context (already evaluated before this node). */
  kpi(key: string, context: EvalContext): number;
}

export interface CompiledColumn {
  readonly source: string;
  readonly run: ColumnFunction;
}

/** The only way a number enters generated code. */
export function formatNumberLiteral(x: number): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error('Only finite numbers can be emitted');
  if (Object.is(x, -0)) return '(-0)';
  const text = String(x);
  if (!/^-?\d+(\.\d+)?(e[+-]\d+)?$/.test(text)) throw new Error(`Unexpected number text ${text}`);
  return x < 0 ? `(${text})` : text;
}

export function compileColumn(ast: FormulaAst, context: EvalContext, resolver: ColumnResolver): CompiledColumn {
  const compiler = new ColumnCompiler(resolver);
  const result = compiler.expression(ast, context);
  const source = compiler.source(result);
  const run = new Function('n', 'I', 'V', 'E', 'outV', 'outE', 'H', source) as ColumnFunction;
  return { source, run };
}

const isLiteral = (v: string) => /^[\d(]/.test(v);
const nodeIds = new WeakMap<FormulaAst, number>();
let nextNodeId = 0;
function nodeId(node: FormulaAst): number {
  let id = nodeIds.get(node);
  if (id === undefined) nodeIds.set(node, (id = nextNodeId++));
  return id;
}

class ColumnCompiler implements ColumnEmitter {
  readonly codes = {
    NUMERIC: ERROR_CODE_NUMBER.NUMERIC,
    DIV_BY_ZERO: ERROR_CODE_NUMBER.DIV_BY_ZERO,
    ARGUMENT: ERROR_CODE_NUMBER.ARGUMENT,
  };
  private readonly header: string[] = [];
  private readonly body: string[] = [];
  private depth = 2;
  private locals = 0;
  /** Memo of (node, context) -> operand, one map per block: branch locals stay in their branch. */
  private readonly scopes: Array<Map<string, Operand>> = [new Map()];
  private readonly inputColumns = new Map<number, string>();
  private readonly kpiColumns = new Map<number, { v: string; e: string }>();

  constructor(private readonly resolver: ColumnResolver) {}

  source(result: Operand): string {
    const store = [`outV[i] = ${result.v};`];
    if (result.e !== '0') store.push(`if (${result.e} !== 0) outE[i] = ${result.e};`);
    return [
      '"use strict";',
      ...this.header,
      'for (let i = 0; i < n; i++) {',
      ...this.body,
      ...store.map((s) => `    ${s}`),
      '}',
    ].join('\n');
  }

  /** Emits a node evaluated in `context`; identical (node, context) pairs are computed once. */
  expression(node: FormulaAst, context: EvalContext): Operand {
    const key = `${nodeId(node)}${contextKey(context)}`;
    for (let s = this.scopes.length - 1; s >= 0; s--) {
      const known = this.scopes[s].get(key);
      if (known) return known;
    }
    const result = this.uncached(node, context);
    this.scopes[this.scopes.length - 1].set(key, result);
    return result;
  }

  private uncached(node: FormulaAst, context: EvalContext): Operand {
    switch (node.kind) {
      case 'number':
        return { v: formatNumberLiteral(node.value), e: '0' };
      case 'reference':
        return this.reference(node.name, context);
      case 'unary':
        return UNARY_OPERATORS[node.op].emit(this, this.expression(node.operand, context));
      case 'binary': {
        const left = this.expression(node.left, context);
        const right = this.expression(node.right, context);
        return BINARY_OPERATORS[node.op].emit(this, left, right);
      }
      case 'conditional':
        return IF.emit(this, [node.test, node.then, node.otherwise].map((n) => () => this.expression(n, context)));
      case 'call': {
        const fn = lookupFunction(node.name);
        if (!fn) throw new Error('Unchecked formula: unknown function');
        switch (fn.evaluation) {
          case 'strict':
            return fn.emit(this, node.args.map((a) => this.expression(a, context)));
          case 'lazy':
            return fn.emit(this, node.args.map((a) => () => this.expression(a, context)));
          case 'context':
            return fn.emit(
              this,
              fn.steps(node.args).map((step) => this.expression(node.args[0], applyContextStep(context, step))),
            );
        }
      }
    }
  }

  private reference(name: string, context: EvalContext): Operand {
    if (this.resolver.isKpi(name)) {
      const index = this.resolver.kpi(name, context);
      let column = this.kpiColumns.get(index);
      if (!column) {
        column = { v: `K${index}`, e: `Q${index}` };
        this.kpiColumns.set(index, column);
        this.header.push(`const ${column.v} = V[${index}], ${column.e} = E[${index}];`);
      }
      return this.local(`${column.v}[i]`, `${column.e}[i]`);
    }
    const index = this.resolver.input(name, context);
    if (index === undefined) return { v: 'NaN', e: '0' };
    let column = this.inputColumns.get(index);
    if (!column) {
      column = `I${index}`;
      this.inputColumns.set(index, column);
      this.header.push(`const ${column} = I[${index}];`);
    }
    // Measure columns hold numbers or NaN (blank), never errors.
    const id = this.locals++;
    this.line(`const v${id} = ${column}[i];`);
    return { v: `v${id}`, e: '0' };
  }

  // ColumnEmitter, for the templates in functions/.

  local(value: string, error = '0'): Operand {
    const id = this.locals++;
    this.line(`let v${id} = ${value}, e${id} = ${error};`);
    return { v: `v${id}`, e: `e${id}` };
  }

  line(code: string): void {
    this.body.push(' '.repeat(this.depth * 2) + code);
  }

  branches(cases: ReadonlyArray<readonly [string | undefined, () => void]>): void {
    cases.forEach(([condition, body], i) => {
      if (i === 0 && condition === undefined) throw new Error('A branch list starts with a condition');
      this.line(i === 0 ? `if (${condition}) {` : condition === undefined ? '} else {' : `} else if (${condition}) {`);
      this.depth++;
      this.scopes.push(new Map());
      body();
      this.scopes.pop();
      this.depth--;
    });
    this.line('}');
  }

  assign(out: Operand, from: Operand): void {
    this.line(`${out.v} = ${from.v}; ${out.e} = ${from.e};`);
  }

  strict(args: readonly Operand[], expr: string, finiteError: string = String(this.codes.NUMERIC)): Operand {
    const out = this.local(expr);
    const present = this.allPresent(args);
    const tail = present === 'true' ? finiteError : `(${present} ? ${finiteError} : 0)`;
    const errors = args.filter((a) => a.e !== '0').map((a) => a.e);
    const chain = [...errors, tail].join(' || ');
    this.line(`if (${out.v} - ${out.v} !== 0) { ${out.e} = ${chain}; ${out.v} = NaN; }`);
    return out;
  }

  firstError(args: readonly Operand[]): string {
    const errors = args.filter((a) => a.e !== '0').map((a) => a.e);
    return errors.length === 0 ? '0' : errors.length === 1 ? errors[0] : `(${errors.join(' || ')})`;
  }

  allPresent(args: readonly Operand[]): string {
    const checks = args.filter((a) => !isLiteral(a.v)).map((a) => `${a.v} === ${a.v}`);
    return checks.length === 0 ? 'true' : checks.length === 1 ? checks[0] : `(${checks.join(' && ')})`;
  }
}
