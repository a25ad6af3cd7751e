/**
 * FormulaAst -> formula text with the fewest parentheses that mathjs reads back into the
 * same tree. Used where no source text is at hand (explanations of generated trees,
 * property tests that generate ASTs and round-trip them through the parser).
 */
import type { BinaryOp, FormulaAst } from './ast';

const BINARY_PRECEDENCE: { readonly [K in BinaryOp]: number } = {
  or: 2,
  and: 3,
  '==': 4,
  '!=': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '^': 8,
};
const UNARY_PRECEDENCE = 7;
const CONDITIONAL_PRECEDENCE = 1;
const ATOM = 9;

function precedence(node: FormulaAst): number {
  switch (node.kind) {
    case 'binary':
      return BINARY_PRECEDENCE[node.op];
    case 'unary':
      return UNARY_PRECEDENCE;
    case 'conditional':
      return CONDITIONAL_PRECEDENCE;
    default:
      return ATOM;
  }
}

export function printFormula(node: FormulaAst): string {
  const wrap = (child: FormulaAst, parens: boolean) => (parens ? `(${printFormula(child)})` : printFormula(child));
  switch (node.kind) {
    case 'number':
      return String(node.value);
    case 'reference':
      return node.name;
    case 'unary': {
      const inner = node.operand;
      // `- -a` and `-(-a)` read the same; parentheses keep the text unambiguous.
      const parens = precedence(inner) < UNARY_PRECEDENCE || inner.kind === 'unary';
      return node.op === 'not' ? `not ${wrap(inner, parens)}` : `${node.op}${wrap(inner, parens)}`;
    }
    case 'binary': {
      const p = BINARY_PRECEDENCE[node.op];
      if (node.op === '^') {
        // Right-associative; its left side binds tighter than a unary minus (`-2^2` is -(2^2)).
        return `${wrap(node.left, precedence(node.left) <= p)} ^ ${wrap(node.right, precedence(node.right) < UNARY_PRECEDENCE)}`;
      }
      // Comparisons do not chain: both sides need parentheses at equal precedence.
      const comparison = p === 4;
      const left = wrap(node.left, precedence(node.left) < p || (comparison && precedence(node.left) === p));
      const right = wrap(node.right, precedence(node.right) <= p);
      return `${left} ${node.op} ${right}`;
    }
    case 'conditional':
      return `${wrap(node.test, precedence(node.test) <= CONDITIONAL_PRECEDENCE)} ? ${wrap(node.then, node.then.kind === 'conditional')} : ${printFormula(node.otherwise)}`;
    case 'call':
      return `${node.name}(${node.args.map(printFormula).join(', ')})`;
  }
}
