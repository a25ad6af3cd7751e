/**
 * Explains one cell of a KPI (`explainKpiValue`): the formula as a tree of its parts, each
 * with its source text and value, measures with their input column's value and window,
 * KPIs with their value and, expanded, their own formula in that window. Values come from
 * the reference evaluator on the same inputs the plan evaluated, so they agree with it.
 */
import type { FormulaAst, Position } from './ast';
import { describeContext, type EvalContext } from './context';
import { errorCodeFromNumber, type ErrorCode } from './errors';
import type { Grid, Plan } from './plan';
import { printFormula } from './print';
import { ReferenceEvaluator, type TraceNode } from './reference';
import { BLANK, errorValue, type CellValue } from './values';

export type ExplainedValue =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'blank' }
  | { readonly kind: 'error'; readonly code: ErrorCode }
  /** In a branch that IF, IFERROR, COALESCE or DIVIDE did not need. */
  | { readonly kind: 'not-evaluated' };

export interface ExplainNode {
  readonly kind: FormulaAst['kind'];
  /** The source text of this part (printed from the tree when no source was given). */
  readonly text: string;
  readonly position: Position;
  readonly value: ExplainedValue;
  /** The window and team this part is evaluated for, in words; absent for the cell itself. */
  readonly context?: string;
  /** A measure: its input column and a readable label ("won_deals over year to date"). */
  readonly measure?: { readonly key: string; readonly inputId: string; readonly label: string };
  /** A KPI: its key, formula and the explanation of its own formula (when expanded). */
  readonly kpi?: { readonly key: string; readonly formula: string; readonly explanation?: ExplainNode };
  readonly children: readonly ExplainNode[];
}

export interface CellExplanation {
  readonly kpi: string;
  readonly formula: string;
  readonly value: ExplainedValue;
  /** Absent when the KPI cannot be evaluated (cycle, unknown key). */
  readonly tree?: ExplainNode;
}

export interface ExplainOptions {
  /** How many levels of referenced KPIs to expand (default: all). */
  readonly expandKpis?: number;
}

const evaluators = new WeakMap<Plan, ReferenceEvaluator>();

export function explainCell(plan: Plan, kpi: string, cell: number, grid: Grid, options: ExplainOptions = {}): CellExplanation {
  const definition = plan.definitions.get(kpi);
  const formula = definition ? (definition.formula ?? printFormula(definition.ast)) : '';
  if (!Number.isInteger(cell) || cell < 0 || cell >= grid.cells) throw new Error(`Cell ${cell} is outside the grid`);
  let evaluator = evaluators.get(plan);
  if (!evaluator) {
    evaluator = new ReferenceEvaluator([...plan.definitions.values()]);
    evaluators.set(plan, evaluator);
  }
  const lookup = (input: { id: string }): CellValue => {
    const index = plan.inputIndex(input.id);
    if (index === undefined) throw new Error(`The plan has no input column ${input.id}`);
    const x = grid.inputs[index][cell];
    return x === x ? x : BLANK;
  };
  const trace = evaluator.trace(kpi, lookup);
  if (!trace) {
    const code = plan.errors.get(kpi)?.[0]?.code ?? (definition ? 'CYCLE' : 'UNKNOWN_REFERENCE');
    return { kpi, formula, value: explained(errorValue(code)) };
  }
  const depth = options.expandKpis ?? Infinity;
  const tree = toExplainNode(trace, plan, depth, undefined);
  return { kpi, formula, value: tree.value, tree };
}

function toExplainNode(trace: TraceNode, plan: Plan, expand: number, parentContext: EvalContext | undefined): ExplainNode {
  const source = plan.definitions.get(trace.kpi)?.formula;
  const { ast } = trace;
  const text = source ? source.slice(ast.position.offset, ast.position.offset + ast.position.length) : printFormula(ast);
  const contextWords = describeContext(trace.context);
  const showContext = contextWords !== '' && (parentContext === undefined || describeContext(parentContext) !== contextWords || trace.step);
  const node: {
    -readonly [K in keyof ExplainNode]: ExplainNode[K];
  } = {
    kind: ast.kind,
    text,
    position: ast.position,
    value: explained(trace.value),
    children: trace.children.map((child) => toExplainNode(child, plan, expand, trace.context)),
  };
  if (showContext) node.context = contextWords;
  if (trace.input) {
    const words = describeContext(trace.input.context);
    node.measure = { key: trace.input.measure, inputId: trace.input.id, label: words ? `${trace.input.measure} over ${words}` : trace.input.measure };
  }
  if (ast.kind === 'reference' && plan.definitions.has(ast.name)) {
    const def = plan.definitions.get(ast.name)!;
    node.kpi = {
      key: ast.name,
      formula: def.formula ?? printFormula(def.ast),
      ...(trace.expansion && expand > 0 ? { explanation: toExplainNode(trace.expansion, plan, expand - 1, undefined) } : {}),
    };
  }
  return node;
}

function explained(value: CellValue | undefined): ExplainedValue {
  if (value === undefined) return { kind: 'not-evaluated' };
  if (typeof value === 'number') return { kind: 'number', value };
  if (value.kind === 'blank') return { kind: 'blank' };
  return { kind: 'error', code: value.code };
}

/** The explained value of a (value, code) pair of an evaluated column. */
export function explainedColumnValue(value: number, code: number): ExplainedValue {
  if (code !== 0) return { kind: 'error', code: errorCodeFromNumber(code) ?? 'NUMERIC' };
  return value === value ? { kind: 'number', value } : { kind: 'blank' };
}
