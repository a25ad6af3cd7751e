/** Text -> FormulaAst: the accepted language, positions, and what is refused at parse time. */
import { MAX_FORMULA_LENGTH, parseFormula, printFormula, type FormulaAst } from '../../src/engine';

const errorsOf = (text: string) => parseFormula(text).errors;
const only = (text: string) => {
  const errors = errorsOf(text);
  expect(errors).toHaveLength(1);
  return errors[0];
};

describe('the accepted language', () => {
  test('a ratio KPI parses into our own tree with positions', () => {
    const { ast, errors } = parseFormula('won_deals / leads * 100');
    expect(errors).toEqual([]);
    expect(ast).toEqual({
      kind: 'binary',
      op: '*',
      position: { offset: 0, line: 1, column: 1, length: 23 },
      left: {
        kind: 'binary',
        op: '/',
        position: { offset: 0, line: 1, column: 1, length: 17 },
        left: { kind: 'reference', name: 'won_deals', position: { offset: 0, line: 1, column: 1, length: 9 } },
        right: { kind: 'reference', name: 'leads', position: { offset: 12, line: 1, column: 13, length: 5 } },
      },
      right: { kind: 'number', value: 100, position: { offset: 20, line: 1, column: 21, length: 3 } },
    });
  });

  test('function names are upper-cased; their name position is kept', () => {
    const ast = parseFormula('  round(x, 2)').ast as Extract<FormulaAst, { kind: 'call' }>;
    expect(ast.name).toBe('ROUND');
    expect(ast.namePosition).toEqual({ offset: 2, line: 1, column: 3, length: 5 });
    expect(ast.position).toEqual({ offset: 2, line: 1, column: 3, length: 11 });
  });

  test('a parenthesised operand is part of its parent\u2019s span but not a node', () => {
    const ast = parseFormula('(a + b) * c').ast as Extract<FormulaAst, { kind: 'binary' }>;
    expect(ast.position.length).toBe(11);
    expect(ast.left.position).toEqual({ offset: 1, line: 1, column: 2, length: 5 });
  });

  test('multi-line formulas parse, with line and column positions', () => {
    const text = 'IF(revenue > 0,\n   won_deals / leads,\n   0)';
    const ast = parseFormula(text).ast as Extract<FormulaAst, { kind: 'call' }>;
    // "won_deals" starts after "IF(revenue > 0,\n   " = 16 + 3 characters
    expect(ast.args[1].position).toEqual({ offset: 19, line: 2, column: 4, length: 17 });
    expect(ast.args[2].position).toEqual({ offset: 41, line: 3, column: 4, length: 1 });
  });

  test('numbers: decimals and exponents; the conditional; and / or / not', () => {
    expect(printFormula(parseFormula('.5 + 1e6 + 2.5e-3').ast!)).toBe('0.5 + 1000000 + 0.0025');
    expect(printFormula(parseFormula('a > 0 and not b ? 1 : 2').ast!)).toBe('a > 0 and not b ? 1 : 2');
  });

  test('printing and parsing again gives the same tree (minimal parentheses)', () => {
    for (const text of ['(a + b) * c', 'a - (b - c)', '(a ^ b) ^ c', 'a ^ b ^ c', '-(a ^ 2)', '(-a) ^ 2', 'not (a < b)', '(a < b) == c', 'a ? (b ? 1 : 2) : c ? 3 : 4', 'a / (b * c)', '(a or b) and c']) {
      const ast = parseFormula(text).ast!;
      const again = parseFormula(printFormula(ast)).ast!;
      expect(printFormula(again)).toBe(printFormula(ast));
    }
  });
});

describe('syntax errors carry mathjs\u2019s position', () => {
  test('a formula ending after an operator', () => {
    expect(only('a +')).toEqual({
      code: 'SYNTAX',
      message: 'The formula ends unexpectedly',
      position: { offset: 3, line: 1, column: 4, length: 0 },
    });
  });
  test('a missing value on the second line', () => {
    // "a +\n  * b": the "*" is at offset 6, line 2, column 3
    expect(only('a +\n  * b')).toMatchObject({ code: 'SYNTAX', position: { offset: 6, line: 2, column: 3, length: 1 } });
  });
  test('an unclosed call', () => {
    expect(only('IF(a, b')).toMatchObject({ code: 'SYNTAX', message: '`)` is expected here', position: { offset: 7 } });
  });
  test('two values side by side', () => {
    expect(only('1 2')).toMatchObject({ code: 'SYNTAX', position: { offset: 2, length: 1 } });
  });
  test('an unexpected character', () => {
    expect(only('revenue € 2')).toEqual({
      code: 'SYNTAX',
      message: 'Unexpected character `€`',
      position: { offset: 8, line: 1, column: 9, length: 1 },
    });
  });
  test('an empty formula', () => {
    expect(only('   ')).toMatchObject({ code: 'SYNTAX', message: 'The formula is empty' });
  });
});

describe('constructs outside the language are FORBIDDEN_CONSTRUCT with their position', () => {
  test.each([
    ['revenue.constructor', 7, 12],
    ['a["x"]', 1, 1],
    ['"text"', 0, 6],
    ["'text'", 0, 6],
    ['[1, 2]', 0, 1],
    ['{a: 1}', 0, 1],
    ['a = 1', 2, 1],
    ['f(x) = x', 5, 1],
    ['a; b', 1, 1],
    ['1:3', 1, 1],
    ['revenue % 2', 8, 1],
    ['a mod 2', 2, 3],
    ['a & b', 2, 1],
    ['a | b', 2, 1],
    ['~a', 0, 1],
    ['a << 2', 2, 2],
    ['a >> 2', 2, 2],
    ['a >>> 2', 2, 3],
    ['a ^| b', 2, 2],
    ['a xor b', 2, 3],
    ['a .* b', 2, 2],
    ['a ./ b', 2, 2],
    ['a .^ b', 2, 2],
    ['a!', 1, 1],
    ["a'", 1, 1],
    ['0x1F', 0, 4],
    ['0b101', 0, 5],
    ['a # comment', 2, 9],
    ['5 to inch', 2, 2],
    ['5 in inch', 2, 2],
    ['a ?? b', 2, 2],
    ['a?.b', 1, 2],
    ['1e999', 0, 5],
  ])('%s at offset %i, length %i', (text, offset, length) => {
    const errors = errorsOf(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ code: 'FORBIDDEN_CONSTRUCT', position: { offset, length } });
  });

  test('implicit multiplication: 2x, 2 (3), (a)(b), 5 cm', () => {
    expect(only('2x')).toMatchObject({ code: 'FORBIDDEN_CONSTRUCT', message: expect.stringMatching(/Implicit multiplication/), position: { offset: 0, length: 2 } });
    expect(only('1 + 2 (3)')).toMatchObject({ code: 'FORBIDDEN_CONSTRUCT', position: { offset: 4, length: 5 } });
    expect(only('(a)(b)')).toMatchObject({ code: 'FORBIDDEN_CONSTRUCT', position: { offset: 0, length: 6 } });
    expect(only('5 cm')).toMatchObject({ code: 'FORBIDDEN_CONSTRUCT', position: { offset: 0, length: 4 } });
  });

  test('a second expression on a new line is refused where it starts', () => {
    expect(only('revenue\n  leads')).toMatchObject({
      code: 'FORBIDDEN_CONSTRUCT',
      message: expect.stringMatching(/new line/),
      position: { offset: 10, line: 2, column: 3, length: 5 },
    });
  });

  test('chained comparisons are refused: a < b < c', () => {
    expect(only('x + (a < b < c)')).toMatchObject({ code: 'FORBIDDEN_CONSTRUCT', position: { offset: 5, length: 9 } });
  });

  test('several forbidden constructs are all reported', () => {
    expect(errorsOf('a % 2 + "x" + b.c').map((e) => e.position!.offset)).toEqual([2, 8, 15]);
  });

  test('a `:` inside a conditional is not a range, one after it is', () => {
    expect(errorsOf('a ? b : c')).toEqual([]);
    expect(errorsOf('a ? 1:3 : 4')[0]).toMatchObject({ code: 'FORBIDDEN_CONSTRUCT', position: { offset: 8 } });
  });
});

describe('limits at parse time', () => {
  test(`more than ${MAX_FORMULA_LENGTH} characters is TOO_COMPLEX`, () => {
    const text = 'a + '.repeat(500) + 'a';
    expect(text.length).toBe(2001);
    expect(only(text)).toMatchObject({ code: 'TOO_COMPLEX', position: { offset: 2000, length: 1 } });
  });
  test('parentheses nested deeper than 64 are TOO_COMPLEX at the 65th', () => {
    const text = '('.repeat(70) + 'a' + ')'.repeat(70);
    expect(only(text)).toMatchObject({ code: 'TOO_COMPLEX', position: { offset: 64, line: 1, column: 65, length: 1 } });
    expect(errorsOf('('.repeat(64) + 'a' + ')'.repeat(64))).toEqual([]);
  });
  test('a chain of 1,000 unary minus signs is TOO_COMPLEX, not a stack overflow', () => {
    expect(only('-'.repeat(1000) + '1')).toMatchObject({ code: 'TOO_COMPLEX' });
  });
});
