/**
 * mathjs tree -> FormulaAst, the security boundary of parsing (see parse.ts). The allowed
 * node types emit their tokens in a fixed source order, so walking the tree consumes the
 * lexer's token list exactly once and every node gets its position. Anything outside the
 * language becomes an error with its position; a disagreement with the lexer is refused.
 */
import type { MathNode } from 'mathjs';
import { spanPositions, type BinaryOp, type FormulaAst, type Position, type UnaryOp } from './ast';
import { formulaError, type FormulaError } from './errors';
import { MAX_NESTING, type Token } from './lexer';

const BINARY_OPS: Record<string, BinaryOp> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  pow: '^',
  equal: '==',
  unequal: '!=',
  smaller: '<',
  smallerEq: '<=',
  larger: '>',
  largerEq: '>=',
  and: 'and',
  or: 'or',
};
const UNARY_OPS: Record<string, UnaryOp> = { unaryMinus: '-', unaryPlus: '+', not: 'not' };

export class TokenMismatch extends Error {}
export class TooDeep extends Error {
  constructor(readonly position: Position) {
    super('too deep');
  }
}

interface Converted {
  readonly ast: FormulaAst | undefined;
  readonly first: Token;
  readonly last: Token;
}

export class Converter {
  pos = 0;
  readonly errors: FormulaError[] = [];
  /** AST depth of the node being converted (parentheses do not count). */
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    private readonly locate: (start: number, end: number) => Position,
  ) {}

  convert(node: MathNode): Converted {
    if (node.type === 'ParenthesisNode') return this.parenthesis(node as MathNode & Record<string, any>);
    // Deep trees are refused here, before recursing further (`- - - … 1` within 2,000 characters).
    if (++this.depth > MAX_NESTING) {
      const token = this.tokens[Math.min(this.pos, this.tokens.length - 1)];
      throw new TooDeep(this.at(token));
    }
    try {
      return this.node(node as MathNode & Record<string, any>);
    } finally {
      this.depth--;
    }
  }

  private parenthesis(n: Record<string, any>): Converted {
    const open = this.expect('(');
    const inner = this.convert(n.content);
    const close = this.expect(')');
    return { ast: inner.ast, first: open, last: close };
  }

  private node(n: MathNode & Record<string, any>): Converted {
    switch (n.type) {
      case 'ConstantNode': {
        const token = this.take();
        // mathjs turns `true`, `false`, `null`, `undefined`, `NaN`, `Infinity` into constants;
        // here they are just names, resolved like any key (and unknown unless one exists).
        if (token.kind === 'identifier') return this.leaf({ kind: 'reference', name: token.text, position: this.at(token) }, token);
        if (token.kind !== 'number' || typeof n.value !== 'number') throw new TokenMismatch();
        if (!Number.isFinite(n.value)) {
          this.fail('FORBIDDEN_CONSTRUCT', `The number ${token.text} is too large`, this.at(token));
          return { ast: undefined, first: token, last: token };
        }
        return this.leaf({ kind: 'number', value: n.value, position: this.at(token) }, token);
      }
      case 'SymbolNode': {
        const token = this.take();
        if (token.kind !== 'identifier' || token.text !== n.name) throw new TokenMismatch();
        return this.leaf({ kind: 'reference', name: token.text, position: this.at(token) }, token);
      }
      case 'OperatorNode':
        return this.operator(n);
      case 'ConditionalNode': {
        const test = this.convert(n.condition);
        this.expect('?');
        const then = this.convert(n.trueExpr);
        this.expect(':');
        const otherwise = this.convert(n.falseExpr);
        const position = this.span(test.first, otherwise.last);
        const ast =
          test.ast && then.ast && otherwise.ast
            ? ({ kind: 'conditional', test: test.ast, then: then.ast, otherwise: otherwise.ast, position } as const)
            : undefined;
        return { ast, first: test.first, last: otherwise.last };
      }
      case 'FunctionNode': {
        if (n.fn?.type !== 'SymbolNode') throw new TokenMismatch();
        const name = this.take();
        if (name.kind !== 'identifier' || name.text !== n.fn.name) throw new TokenMismatch();
        this.expect('(');
        const args: Converted[] = [];
        (n.args as MathNode[]).forEach((arg, index) => {
          if (index > 0) this.expect(',');
          args.push(this.convert(arg));
        });
        const close = this.expect(')');
        const complete = args.every((a) => a.ast);
        const ast = complete
          ? ({
              kind: 'call',
              name: name.text.toUpperCase(),
              args: args.map((a) => a.ast!),
              position: this.span(name, close),
              namePosition: this.at(name),
            } as const)
          : undefined;
        return { ast, first: name, last: close };
      }
      case 'RelationalNode': {
        // `a < b < c`: mathjs reads it as a chain; the language does not.
        const params = n.params as MathNode[];
        const first = this.convert(params[0]);
        let last = first;
        for (let i = 1; i < params.length; i++) {
          this.take();
          last = this.convert(params[i]);
        }
        this.fail(
          'FORBIDDEN_CONSTRUCT',
          'Comparisons cannot be chained: write `a < b and b < c`',
          this.span(first.first, last.last),
        );
        return { ast: undefined, first: first.first, last: last.last };
      }
      default:
        // Every other node type needs a character the lexer refuses; never reached.
        throw new TokenMismatch();
    }
  }

  private operator(n: Record<string, any>): Converted {
    const args = n.args as MathNode[];
    if (args.length === 1) {
      const opToken = this.take();
      const op = Object.hasOwn(UNARY_OPS, n.fn) ? UNARY_OPS[n.fn] : undefined;
      if (!op || opToken.text !== n.op) throw new TokenMismatch();
      const operand = this.convert(args[0]);
      const position = this.span(opToken, operand.last);
      const ast = operand.ast ? ({ kind: 'unary', op, operand: operand.ast, position } as const) : undefined;
      return { ast, first: opToken, last: operand.last };
    }
    if (args.length !== 2) throw new TokenMismatch();
    if (n.implicit) {
      const left = this.convert(args[0]);
      const right = this.convert(args[1]);
      const gap = this.text.slice(left.last.offset + left.last.text.length, right.first.offset);
      if (/[\r\n]/.test(gap)) {
        this.fail(
          'FORBIDDEN_CONSTRUCT',
          'A formula is one expression: a new line cannot start a second one (did you miss an operator?)',
          this.span(right.first, right.last),
        );
      } else {
        this.fail(
          'FORBIDDEN_CONSTRUCT',
          'Implicit multiplication is not allowed: write `*` between the two values',
          this.span(left.first, right.last),
        );
      }
      return { ast: undefined, first: left.first, last: right.last };
    }
    const left = this.convert(args[0]);
    const opToken = this.take();
    const right = this.convert(args[1]);
    const op = Object.hasOwn(BINARY_OPS, n.fn) ? BINARY_OPS[n.fn] : undefined;
    if (!op) {
      this.fail('FORBIDDEN_CONSTRUCT', `Operator \`${opToken.text}\` is not allowed`, this.at(opToken));
      return { ast: undefined, first: left.first, last: right.last };
    }
    if (opToken.text !== op) throw new TokenMismatch();
    const position = this.span(left.first, right.last);
    const ast =
      left.ast && right.ast ? ({ kind: 'binary', op, left: left.ast, right: right.ast, position } as const) : undefined;
    return { ast, first: left.first, last: right.last };
  }

  private leaf(ast: FormulaAst, token: Token): Converted {
    return { ast, first: token, last: token };
  }
  private take(): Token {
    const token = this.tokens[this.pos++];
    if (!token) throw new TokenMismatch();
    return token;
  }
  private expect(text: string): Token {
    const token = this.take();
    if (token.text !== text) throw new TokenMismatch();
    return token;
  }
  private at(token: Token): Position {
    return this.locate(token.offset, token.offset + token.text.length);
  }
  private span(first: Token, last: Token): Position {
    return spanPositions(this.at(first), this.at(last));
  }
  private fail(code: 'FORBIDDEN_CONSTRUCT' | 'SYNTAX', message: string, position: Position): void {
    this.errors.push(formulaError(code, message, position));
  }
}
