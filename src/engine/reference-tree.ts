/**
 * Our checked AST -> a mathjs tree over the functions reference.ts imports: measures as
 * symbols `in_<n>` (bound per evaluation by LazyInputScope), operators and functions by our
 * own names, KPIs inlined in their context, time and team functions given their argument
 * once per window step, already converted in the moved context. Optionally every node is
 * wrapped in TRACE(id, …) so that explain can read each part's value.
 */
import type { MathJsInstance, MathNode } from 'mathjs';
import type { BinaryOp, FormulaAst, UnaryOp } from './ast';
import { applyContextStep, inputId, ROOT_CONTEXT, type EvalContext } from './context';
import { ERROR_CODE_NUMBER } from './errors';
import { lookupFunction } from './functions';
import type { KpiDefinition } from './plan';
import type { InputRef } from './reference';
import type { CellValue } from './values';

export const BINARY_NAMES: { readonly [K in BinaryOp]: string } = {
  '+': 'OP_ADD',
  '-': 'OP_SUBTRACT',
  '*': 'OP_MULTIPLY',
  '/': 'OP_DIVIDE',
  '^': 'OP_POW',
  '==': 'OP_EQUAL',
  '!=': 'OP_UNEQUAL',
  '<': 'OP_SMALLER',
  '<=': 'OP_SMALLER_EQ',
  '>': 'OP_LARGER',
  '>=': 'OP_LARGER_EQ',
  and: 'OP_AND',
  or: 'OP_OR',
};
export const UNARY_NAMES: { readonly [K in UnaryOp]: string } = { '-': 'OP_MINUS', '+': 'OP_PLUS', not: 'OP_NOT' };

export interface ShapeBuild {
  readonly ast: FormulaAst;
  readonly kpi: string;
  readonly context: EvalContext;
  readonly step?: EvalContext;
  readonly id: number;
  readonly children: ShapeBuild[];
  readonly input?: InputRef;
  expansion?: ShapeBuild;
}

export interface CompiledKpi {
  readonly root: MathNode;
  /** Symbol name -> input it stands for. */
  readonly inputs: ReadonlyMap<string, InputRef>;
  readonly shape?: ShapeBuild;
}

/**
 * The scope mathjs reads symbols from: an input is looked up only when evaluation reaches
 * it, so inputs in branches that are never needed (and that the plan need not load, such
 * as the alternative of IFERROR over a measure) are never asked for.
 */
export class LazyInputScope {
  private readonly values = new Map<string, CellValue>();
  constructor(
    private readonly inputs: ReadonlyMap<string, InputRef>,
    private readonly lookup: (input: InputRef) => CellValue,
  ) {}
  has(symbol: string): boolean {
    return this.inputs.has(symbol);
  }
  get(symbol: string): CellValue | undefined {
    let value = this.values.get(symbol);
    if (value === undefined) {
      const input = this.inputs.get(symbol);
      if (!input) return undefined;
      value = this.lookup(input);
      this.values.set(symbol, value);
    }
    return value;
  }
  set(symbol: string, value: CellValue): this {
    this.values.set(symbol, value);
    return this;
  }
  keys(): IterableIterator<string> {
    return this.inputs.keys();
  }
  delete(symbol: string): boolean {
    return this.values.delete(symbol);
  }
  clear(): void {
    this.values.clear();
  }
  forEach(callback: (value: CellValue | undefined, key: string, map: this) => void): void {
    for (const key of this.inputs.keys()) callback(this.get(key), key, this);
  }
}

/** Our AST (in contexts, with KPIs inlined) -> a mathjs tree over our imported functions. */
export class TreeBuilder {
  private readonly inputs = new Map<string, InputRef>();
  private readonly symbols = new Map<string, string>();
  private nextTrace = 0;

  constructor(
    private readonly m: MathJsInstance,
    private readonly definitions: ReadonlyMap<string, KpiDefinition>,
    private readonly cycles: ReadonlyMap<string, readonly string[]>,
    private readonly traced: boolean,
  ) {}

  build(key: string): CompiledKpi {
    const { node, shape } = this.convert(this.definitions.get(key)!.ast, ROOT_CONTEXT, key);
    return { root: node, inputs: this.inputs, ...(this.traced ? { shape } : {}) };
  }

  private convert(
    ast: FormulaAst,
    context: EvalContext,
    kpi: string,
    step?: EvalContext,
  ): { node: MathNode; shape: ShapeBuild } {
    const children: ShapeBuild[] = [];
    const sub = (child: FormulaAst, ctx: EvalContext = context, childStep?: EvalContext) => {
      const converted = this.convert(child, ctx, kpi, childStep);
      children.push(converted.shape);
      return converted.node;
    };
    const shape: ShapeBuild = { ast, kpi, context, id: this.nextTrace++, children, ...(step ? { step } : {}) };
    const m = this.m;
    const call = (name: string, args: MathNode[]) => new m.FunctionNode(new m.SymbolNode(name), args);
    let node: MathNode;
    switch (ast.kind) {
      case 'number':
        node = new m.ConstantNode(ast.value);
        break;
      case 'reference': {
        const def = this.definitions.get(ast.name);
        if (def) {
          if (this.cycles.has(ast.name)) node = call('ERROR_VALUE', [new m.ConstantNode(ERROR_CODE_NUMBER.CYCLE)]);
          else {
            const inner = this.convert(def.ast, context, ast.name);
            shape.expansion = inner.shape;
            node = inner.node;
          }
        } else if (context.team.kind === 'NONE') {
          node = call('BLANK_VALUE', []);
        } else {
          const input: InputRef = { measure: ast.name, context, id: inputId(ast.name, context) };
          let symbol = this.symbols.get(input.id);
          if (!symbol) {
            symbol = `in_${this.symbols.size}`;
            this.symbols.set(input.id, symbol);
            this.inputs.set(symbol, input);
          }
          (shape as { input?: InputRef }).input = input;
          node = new m.SymbolNode(symbol);
        }
        break;
      }
      case 'unary':
        node = new m.OperatorNode(ast.op as any, UNARY_NAMES[ast.op] as any, [sub(ast.operand)]);
        break;
      case 'binary':
        node = new m.OperatorNode(ast.op as any, BINARY_NAMES[ast.op] as any, [sub(ast.left), sub(ast.right)]);
        break;
      case 'conditional':
        node = call('IF', [sub(ast.test), sub(ast.then), sub(ast.otherwise)]);
        break;
      case 'call': {
        const fn = lookupFunction(ast.name);
        if (!fn) throw new Error('Unchecked formula: unknown function');
        if (fn.evaluation === 'context') {
          node = call(
            fn.name,
            fn.steps(ast.args).map((s) => {
              const inner = applyContextStep(context, s);
              return sub(ast.args[0], inner, inner);
            }),
          );
        } else {
          node = call(fn.name, ast.args.map((a) => sub(a)));
        }
        break;
      }
    }
    if (this.traced) node = call('TRACE', [new m.ConstantNode(shape.id), node]);
    return { node, shape };
  }
}
