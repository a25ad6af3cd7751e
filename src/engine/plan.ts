/**
 * The evaluation plan (ARCHITECTURE.md "How a scorecard is evaluated", steps 2 and 4):
 * from stored KPI definitions and the KPIs wanted, everything the data layer must load —
 * one list of input columns, each a measure in a context (time operations + team) — and
 * the compiled column loops, run in dependency order.
 *
 * A KPI read inside a time or team function is a separate node (kpi, context): its own
 * formula over context-moved inputs, so `YTD(conversion_rate)` is YTD won / YTD leads.
 * Identical (measure, context) pairs share one input column, identical (KPI, context)
 * pairs one node. Plans are immutable; callers cache them by definitions generation.
 */
import { childrenOf, walk, type FormulaAst } from './ast';
import {
  applyContextStep,
  contextKey,
  inputId,
  ROOT_CONTEXT,
  timeReach,
  type EvalContext,
  type TeamContext,
  type TimeOp,
} from './context';
import { compileColumn, COLUMN_HELPERS, type ColumnFunction } from './compile';
import { ERROR_CODE_NUMBER, formulaError, type ErrorCode, type FormulaError } from './errors';
import { lookupFunction } from './functions';
import { formatCyclePath, orderByDependencies } from './graph';

export interface KpiDefinition {
  readonly key: string;
  /** A checked formula (checkFormula gave ok). */
  readonly ast: FormulaAst;
  /** The formula text, for explanations; optional. */
  readonly formula?: string;
}

/** One column the data layer loads: a measure aggregated over a moved window, for a team context. */
export interface InputSpec {
  readonly index: number;
  readonly measure: string;
  readonly time: readonly TimeOp[];
  readonly team: TeamContext;
  /** Stable text id (`won_deals@TO_DATE(YEAR)`), equal for equal (measure, context). */
  readonly id: string;
}

/** Columns of teams × periods cells (any fixed layout), one per InputSpec; NaN = blank. */
export interface Grid {
  readonly cells: number;
  readonly inputs: readonly Float64Array[];
}

/** An evaluated KPI: values NaN for blank or error; errors 0 or an ERROR_CODE_NUMBER. */
export interface KpiColumn {
  readonly values: Float64Array;
  readonly errors: Uint8Array;
}

export interface PlanNode {
  readonly index: number;
  readonly kpi: string;
  readonly context: EvalContext;
  /** `conversion_rate@TO_DATE(YEAR)`. */
  readonly id: string;
  /** Generated code (absent for failed nodes), for debugging and the safety tests. */
  readonly source?: string;
  /** When set, every cell of the node is this error (CYCLE, UNKNOWN_REFERENCE). */
  readonly failure?: ErrorCode;
}

export interface Plan {
  readonly inputs: readonly InputSpec[];
  /** Nodes in evaluation order: every node after the nodes it reads. */
  readonly nodes: readonly PlanNode[];
  /** Wanted KPIs and their dependencies in evaluation order (root context only). */
  readonly order: readonly string[];
  readonly wanted: readonly string[];
  /** Errors per KPI key known before evaluation: cycles (with path), unknown keys. */
  readonly errors: ReadonlyMap<string, readonly FormulaError[]>;
  readonly definitions: ReadonlyMap<string, KpiDefinition>;
  /** The input column of a measure in a context, by InputSpec id. */
  inputIndex(id: string): number | undefined;
  /** Periods before the first requested one that the inputs reach, at a granularity. */
  reach(periodsPerYear: number): number;
  /** Runs the compiled loops; returns a column per wanted KPI. */
  evaluate(grid: Grid): Map<string, KpiColumn>;
}

export interface PlanRequest {
  /** Definitions; a later entry replaces an earlier one with the same key (a draft over a stored KPI). */
  readonly kpis: readonly KpiDefinition[];
  /** KPIs to return; include a draft's key to preview it alongside stored KPIs. */
  readonly wanted: readonly string[];
}

interface NodeBuild {
  readonly node: PlanNode;
  readonly run?: ColumnFunction;
}

export function compilePlan(request: PlanRequest): Plan {
  const definitions = new Map<string, KpiDefinition>();
  for (const def of request.kpis) definitions.set(def.key, def);
  const wanted = [...new Set(request.wanted)];

  const kpiRefs = (key: string): string[] => {
    const refs: string[] = [];
    for (const n of walk(definitions.get(key)!.ast)) if (n.kind === 'reference' && definitions.has(n.name)) refs.push(n.name);
    return refs;
  };
  const { cycles } = orderByDependencies([...definitions.keys()], kpiRefs);

  const errors = new Map<string, FormulaError[]>();
  for (const key of wanted) {
    if (!definitions.has(key)) errors.set(key, [formulaError('UNKNOWN_REFERENCE', `Unknown KPI \`${key}\``)]);
  }

  const inputs: InputSpec[] = [];
  const inputsById = new Map<string, number>();
  const builds: NodeBuild[] = [];
  const nodesById = new Map<string, number>();

  const inputFor = (measure: string, context: EvalContext): number | undefined => {
    if (context.team.kind === 'NONE') return undefined; // above the top: always blank, nothing to load
    const id = inputId(measure, context);
    let index = inputsById.get(id);
    if (index === undefined) {
      index = inputs.length;
      inputs.push({ index, measure, time: context.time, team: context.team, id });
      inputsById.set(id, index);
    }
    return index;
  };
  const nodeIndex = (key: string, context: EvalContext): number => {
    const index = nodesById.get(key + contextKey(context));
    if (index === undefined) throw new Error(`Plan node ${key}${contextKey(context)} is not built yet`);
    return index;
  };
  const resolver = { isKpi: (name: string) => definitions.has(name), input: inputFor, kpi: nodeIndex };

  // Depth-first over (KPI, context) with an explicit stack: a node is built after its dependencies.
  const build = (rootKey: string): void => {
    const stack: Array<{ key: string; context: EvalContext; expanded: boolean }> = [
      { key: rootKey, context: ROOT_CONTEXT, expanded: false },
    ];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const id = top.key + contextKey(top.context);
      if (nodesById.has(id)) {
        stack.pop();
        continue;
      }
      const cycle = cycles.get(top.key);
      if (!top.expanded && !cycle) {
        top.expanded = true;
        for (const dep of kpiDependencies(definitions.get(top.key)!.ast, top.context, definitions)) {
          if (!nodesById.has(dep.key + contextKey(dep.context))) stack.push({ ...dep, expanded: false });
        }
        continue;
      }
      stack.pop();
      const index = builds.length;
      nodesById.set(id, index);
      if (cycle) {
        builds.push({ node: { index, kpi: top.key, context: top.context, id, failure: 'CYCLE' } });
        continue;
      }
      const { source, run } = compileColumn(definitions.get(top.key)!.ast, top.context, resolver);
      builds.push({ node: { index, kpi: top.key, context: top.context, id, source }, run });
    }
  };
  for (const key of wanted) {
    if (!definitions.has(key)) continue;
    build(key);
    const cycle = cycles.get(key);
    if (cycle) {
      const message = cycle[cycle.length - 1] === key
        ? `${key} is part of a dependency cycle: ${formatCyclePath(cycle)}`
        : `${key} depends on a dependency cycle: ${formatCyclePath(cycle)}`;
      errors.set(key, [formulaError('CYCLE', message, undefined, cycle)]);
    }
  }

  const nodes = builds.map((b) => b.node);
  const runs = builds.map((b) => b.run);
  const order = nodes.filter((n) => contextKey(n.context) === '').map((n) => n.kpi);
  const rootNodes = new Map<string, number>();
  for (const n of nodes) if (contextKey(n.context) === '') rootNodes.set(n.kpi, n.index);

  return {
    inputs,
    nodes,
    order,
    wanted,
    errors,
    definitions,
    inputIndex: (id) => inputsById.get(id),
    reach: (periodsPerYear) => inputs.reduce((max, input) => Math.max(max, timeReach(input.time, periodsPerYear)), 0),
    evaluate(grid) {
      const n = grid.cells;
      if (!Number.isInteger(n) || n < 0) throw new Error(`Grid cells must be a whole number, got ${n}`);
      if (grid.inputs.length !== inputs.length) {
        throw new Error(`The plan needs ${inputs.length} input columns, the grid has ${grid.inputs.length}`);
      }
      grid.inputs.forEach((column, i) => {
        if (column.length !== n) throw new Error(`Input column ${inputs[i].id} has ${column.length} cells, expected ${n}`);
      });
      const values: Float64Array[] = new Array(nodes.length);
      const codes: Uint8Array[] = new Array(nodes.length);
      for (let j = 0; j < nodes.length; j++) {
        const outV = new Float64Array(n);
        const outE = new Uint8Array(n);
        const run = runs[j];
        if (run) run(n, grid.inputs, values, codes, outV, outE, COLUMN_HELPERS);
        else fail(outV, outE, nodes[j].failure ?? 'CYCLE');
        values[j] = outV;
        codes[j] = outE;
      }
      const result = new Map<string, KpiColumn>();
      for (const key of wanted) {
        const index = rootNodes.get(key);
        if (index !== undefined) result.set(key, { values: values[index], errors: codes[index] });
        else {
          const column = { values: new Float64Array(n), errors: new Uint8Array(n) };
          fail(column.values, column.errors, 'UNKNOWN_REFERENCE');
          result.set(key, column);
        }
      }
      return result;
    },
  };
}

function fail(values: Float64Array, errors: Uint8Array, code: ErrorCode): void {
  values.fill(NaN);
  errors.fill(ERROR_CODE_NUMBER[code]);
}

/** The (KPI, context) pairs a formula reads when evaluated in `context`. */
function kpiDependencies(
  ast: FormulaAst,
  context: EvalContext,
  definitions: ReadonlyMap<string, KpiDefinition>,
): Array<{ key: string; context: EvalContext }> {
  const found = new Map<string, { key: string; context: EvalContext }>();
  const visit = (node: FormulaAst, ctx: EvalContext): void => {
    if (node.kind === 'reference') {
      if (definitions.has(node.name)) found.set(node.name + contextKey(ctx), { key: node.name, context: ctx });
      return;
    }
    if (node.kind === 'call') {
      const fn = lookupFunction(node.name);
      if (fn?.evaluation === 'context') {
        for (const step of fn.steps(node.args)) visit(node.args[0], applyContextStep(ctx, step));
        return;
      }
    }
    for (const child of childrenOf(node)) visit(child, ctx);
  };
  visit(ast, context);
  return [...found.values()];
}
