/**
 * FormulaAst: the engine's own tree, a small discriminated union (HyperFormula style) that
 * every later stage switches over exhaustively. It is built only by `parse.ts` from a
 * whitelisted mathjs tree, so nothing outside the formula language can be represented.
 */

/** Where a node or an error is in the formula text: offset 0-based, line and column 1-based. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '^';
export type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOp = 'and' | 'or';
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp;
export type UnaryOp = '-' | '+' | 'not';

export interface NumberNode {
  readonly kind: 'number';
  /** Always finite and non-negative: a minus sign is a unary node. */
  readonly value: number;
  readonly position: Position;
}

/** A measure or KPI key, exactly as written (keys are case-sensitive). */
export interface ReferenceNode {
  readonly kind: 'reference';
  readonly name: string;
  readonly position: Position;
}

export interface UnaryNode {
  readonly kind: 'unary';
  readonly op: UnaryOp;
  readonly operand: FormulaAst;
  readonly position: Position;
}

export interface BinaryNode {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: FormulaAst;
  readonly right: FormulaAst;
  readonly position: Position;
}

/** `test ? then : otherwise`, the same rule as IF. */
export interface ConditionalNode {
  readonly kind: 'conditional';
  readonly test: FormulaAst;
  readonly then: FormulaAst;
  readonly otherwise: FormulaAst;
  readonly position: Position;
}

export interface CallNode {
  readonly kind: 'call';
  /** Upper-cased: function names are case-insensitive. */
  readonly name: string;
  readonly args: readonly FormulaAst[];
  readonly position: Position;
  /** The function name as written, for "unknown function" errors. */
  readonly namePosition: Position;
}

export type FormulaAst = NumberNode | ReferenceNode | UnaryNode | BinaryNode | ConditionalNode | CallNode;

/** The direct children of a node, in source (and evaluation) order. */
export function childrenOf(node: FormulaAst): readonly FormulaAst[] {
  switch (node.kind) {
    case 'number':
    case 'reference':
      return [];
    case 'unary':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
    case 'conditional':
      return [node.test, node.then, node.otherwise];
    case 'call':
      return node.args;
  }
}

/** Every node, parents before children, without recursion (trees may come from anywhere). */
export function* walk(root: FormulaAst): Generator<FormulaAst> {
  const stack: FormulaAst[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/** Position of the character range [start, end) of `text`. */
export function positionAt(text: string, start: number, end: number = start): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < start && i < text.length; i++) {
    if (text.charCodeAt(i) === 10 /* \n */) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset: start, line, column: start - lineStart + 1, length: Math.max(0, end - start) };
}

/** A position spanning from `a`'s start to `b`'s end. */
export function spanPositions(a: Position, b: Position): Position {
  return { offset: a.offset, line: a.line, column: a.column, length: b.offset + b.length - a.offset };
}
