/**
 * The reference evaluator: mathjs evaluates single cells with our scalar implementations
 * (ARCHITECTURE.md, end of "Formula safety"). It is the oracle the compiled columns must
 * match in property tests, and the basis of `explain`.
 *
 * mathjs never sees user text here: the tree it compiles is built from our checked AST
 * with mathjs node constructors (reference-tree.ts). Measures become symbols `in_<n>` bound per evaluation,
 * operators and functions call our implementations under our own names (OP_ADD, IF, …)
 * imported into a private instance, KPIs referenced are inlined in their context, and
 * time/team functions receive their argument once per window step, already converted in
 * the moved context. Lazy functions (IF, IFERROR, COALESCE, DIVIDE) take raw arguments.
 */
import { all, create, type MathJsInstance, type MathNode } from 'mathjs';
import { childrenOf, type BinaryOp, type FormulaAst, type UnaryOp } from './ast';
import type { EvalContext } from './context';
import { errorCodeFromNumber } from './errors';
import { BINARY_OPERATORS, FUNCTIONS, UNARY_OPERATORS } from './functions';
import { orderByDependencies } from './graph';
import type { KpiDefinition } from './plan';
import { BINARY_NAMES, LazyInputScope, TreeBuilder, UNARY_NAMES, type CompiledKpi, type ShapeBuild } from './reference-tree';
import { BLANK, errorValue, type CellValue } from './values';

/** A measure read in a context, as the evaluator asks for it. */
export interface InputRef {
  readonly measure: string;
  readonly context: EvalContext;
  /** Same id as the plan's InputSpec for this (measure, context). */
  readonly id: string;
}

/** One evaluated node of a traced evaluation, shaped like the formula (see explain.ts). */
export interface TraceNode {
  readonly ast: FormulaAst;
  readonly kpi: string;
  readonly context: EvalContext;
  /** For the argument of GROWTH / ROLLING_AVG / PREV …: the window step it was evaluated in. */
  readonly step?: EvalContext;
  /** Undefined when not evaluated (the branch IF did not take). */
  readonly value: CellValue | undefined;
  readonly children: readonly TraceNode[];
  readonly input?: InputRef;
  /** A KPI reference: the referenced KPI's own formula, evaluated in this context. */
  readonly expansion?: TraceNode;
}

let recording: Map<number, CellValue> | undefined;
let instance: MathJsInstance | undefined;
const compiled = new WeakMap<MathNode, { evaluate(scope: unknown): unknown }>();

function evaluateNode(node: MathNode, scope: unknown): CellValue {
  let code = compiled.get(node);
  if (!code) {
    code = node.compile();
    compiled.set(node, code);
  }
  return code.evaluate(scope) as CellValue;
}

/** The private mathjs instance with our operators and functions imported. */
function math(): MathJsInstance {
  if (instance) return instance;
  const m = create(all);
  const table: Record<string, unknown> = {};
  for (const [op, name] of Object.entries(BINARY_NAMES)) {
    const impl = BINARY_OPERATORS[op as BinaryOp];
    table[name] = (a: CellValue, b: CellValue) => impl.scalar(a, b);
  }
  for (const [op, name] of Object.entries(UNARY_NAMES)) {
    const impl = UNARY_OPERATORS[op as UnaryOp];
    table[name] = (a: CellValue) => impl.scalar(a);
  }
  for (const fn of FUNCTIONS) {
    if (fn.evaluation === 'lazy') {
      const raw = (args: MathNode[], _math: unknown, scope: unknown) =>
        fn.scalar(args.map((arg) => () => evaluateNode(arg, scope)));
      raw.rawArgs = true;
      table[fn.name] = raw;
    } else {
      table[fn.name] = (...args: CellValue[]) => fn.scalar(args);
    }
  }
  table.ERROR_VALUE = (code: number) => errorValue(errorCodeFromNumber(code) ?? 'NUMERIC');
  table.BLANK_VALUE = () => BLANK;
  table.TRACE = (id: number, value: CellValue) => {
    recording?.set(id, value);
    return value;
  };
  m.import(table, { override: true });
  instance = m;
  return m;
}

export class ReferenceEvaluator {
  private readonly definitions: ReadonlyMap<string, KpiDefinition>;
  private readonly cycles: ReadonlyMap<string, readonly string[]>;
  private readonly cache = new Map<string, CompiledKpi>();

  constructor(kpis: readonly KpiDefinition[]) {
    const definitions = new Map<string, KpiDefinition>();
    for (const def of kpis) definitions.set(def.key, def);
    this.definitions = definitions;
    this.cycles = orderByDependencies([...definitions.keys()], (key) => {
      const refs: string[] = [];
      const stack = [definitions.get(key)!.ast];
      while (stack.length) {
        const node = stack.pop()!;
        if (node.kind === 'reference' && definitions.has(node.name)) refs.push(node.name);
        stack.push(...childrenOf(node));
      }
      return refs;
    }).cycles;
  }

  /** The value of KPI `key` for one cell, reading measures through `lookup`. */
  evaluate(key: string, lookup: (input: InputRef) => CellValue): CellValue {
    if (!this.definitions.has(key)) return errorValue('UNKNOWN_REFERENCE');
    if (this.cycles.has(key)) return errorValue('CYCLE');
    const kpi = this.compiled(key, false);
    return evaluateNode(kpi.root, this.scope(kpi, lookup));
  }

  /** Evaluates with every node's value recorded, shaped like the formula. */
  trace(key: string, lookup: (input: InputRef) => CellValue): TraceNode | undefined {
    if (!this.definitions.has(key) || this.cycles.has(key)) return undefined;
    const kpi = this.compiled(key, true);
    const values = new Map<number, CellValue>();
    recording = values;
    try {
      evaluateNode(kpi.root, this.scope(kpi, lookup));
    } finally {
      recording = undefined;
    }
    const finish = (shape: ShapeBuild): TraceNode => ({
      ast: shape.ast,
      kpi: shape.kpi,
      context: shape.context,
      ...(shape.step ? { step: shape.step } : {}),
      value: values.get(shape.id),
      children: shape.children.map(finish),
      ...(shape.input ? { input: shape.input } : {}),
      ...(shape.expansion ? { expansion: finish(shape.expansion) } : {}),
    });
    return finish(kpi.shape!);
  }

  /** The mathjs tree for a KPI (for inspection: it never contains user text). */
  mathTree(key: string): MathNode | undefined {
    return this.definitions.has(key) && !this.cycles.has(key) ? this.compiled(key, false).root : undefined;
  }

  private scope(kpi: CompiledKpi, lookup: (input: InputRef) => CellValue): LazyInputScope {
    return new LazyInputScope(kpi.inputs, lookup);
  }

  private compiled(key: string, traced: boolean): CompiledKpi {
    const cacheKey = `${traced ? 'T' : 'P'}:${key}`;
    let kpi = this.cache.get(cacheKey);
    if (!kpi) {
      kpi = new TreeBuilder(math(), this.definitions, this.cycles, traced).build(key);
      this.cache.set(cacheKey, kpi);
    }
    return kpi;
  }
}
