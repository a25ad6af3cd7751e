/**
 * The escape battery (ARCHITECTURE.md "Formula safety"): known expression-parser attacks on
 * mathjs, each refused with a typed error, and nothing executed.
 */
import { checkFormula, compilePlan, ReferenceEvaluator, type ErrorCode } from '../../src/engine';

const measures = new Set(['revenue', 'orders', 'x', 'a', 'b', 'f', 'cos']);
const check = (text: string) => checkFormula(text, { resolve: (n) => (measures.has(n) ? 'MEASURE' : undefined), knownKeys: measures });

const sentinel = '__kpiEngineEscapeSentinel';
beforeAll(() => {
  (globalThis as Record<string, unknown>)[sentinel] = 'untouched';
});
afterAll(() => {
  expect((globalThis as Record<string, unknown>)[sentinel]).toBe('untouched');
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

const deepParens = '('.repeat(10_000) + '1' + ')'.repeat(10_000);
const deepMinus = '-('.repeat(10_000) + '1' + ')'.repeat(10_000);
const deepWithinLength = '('.repeat(900) + '1' + ')'.repeat(900);
const deepBrackets = '['.repeat(900) + ']'.repeat(900);

const attacks: Array<[string, string, ErrorCode]> = [
  ['property access', 'a.constructor', 'FORBIDDEN_CONSTRUCT'],
  ['index access', 'a["constructor"]', 'FORBIDDEN_CONSTRUCT'],
  ['optional chaining', 'a?.constructor', 'FORBIDDEN_CONSTRUCT'],
  ['constructor as a name', 'constructor', 'UNKNOWN_REFERENCE'],
  ['constructor as a function', 'constructor(1)', 'UNKNOWN_REFERENCE'],
  ['Function constructor chain', 'cos.constructor("return process")()', 'FORBIDDEN_CONSTRUCT'],
  ['array map constructor', '[].map.constructor("return this")()', 'FORBIDDEN_CONSTRUCT'],
  ['import with an object', 'import({x: 1}, {override: true})', 'FORBIDDEN_CONSTRUCT'],
  ['import', 'import(x)', 'UNKNOWN_REFERENCE'],
  ['evaluate', 'evaluate("process.exit(1)")', 'FORBIDDEN_CONSTRUCT'],
  ['evaluate without a string', 'evaluate(x)', 'UNKNOWN_REFERENCE'],
  ['parse', 'parse("1 + 1")', 'FORBIDDEN_CONSTRUCT'],
  ['compile', 'compile(x)', 'UNKNOWN_REFERENCE'],
  ['createUnit', 'createUnit("knot")', 'FORBIDDEN_CONSTRUCT'],
  ['createUnit without a string', 'createUnit(x)', 'UNKNOWN_REFERENCE'],
  ['simplify', 'simplify("x")', 'FORBIDDEN_CONSTRUCT'],
  ['derivative', 'derivative(x, x)', 'UNKNOWN_REFERENCE'],
  ['typed', 'typed(x)', 'UNKNOWN_REFERENCE'],
  ['assignment', 'a = 1', 'FORBIDDEN_CONSTRUCT'],
  ['assignment of a global', `${sentinel} = 1`, 'FORBIDDEN_CONSTRUCT'],
  ['function definition', 'f(x) = x', 'FORBIDDEN_CONSTRUCT'],
  ['function alias and call', 'f = cos; f(x)', 'FORBIDDEN_CONSTRUCT'],
  ['matrix', '[1, 2]', 'FORBIDDEN_CONSTRUCT'],
  ['object', '{a: 1}', 'FORBIDDEN_CONSTRUCT'],
  ['prototype pollution object', '{__proto__: {polluted: 1}}', 'FORBIDDEN_CONSTRUCT'],
  ['string', '"x"', 'FORBIDDEN_CONSTRUCT'],
  ['single-quoted string', "'x'", 'FORBIDDEN_CONSTRUCT'],
  ['unit', '5 cm', 'FORBIDDEN_CONSTRUCT'],
  ['unit conversion', '2 to inch', 'FORBIDDEN_CONSTRUCT'],
  ['unit conversion with in', '2 inch in cm', 'FORBIDDEN_CONSTRUCT'],
  ['range', '1:3', 'FORBIDDEN_CONSTRUCT'],
  ['block with ;', 'a; b', 'FORBIDDEN_CONSTRUCT'],
  ['block with a new line', 'a\nb', 'FORBIDDEN_CONSTRUCT'],
  ['transpose', "a'", 'FORBIDDEN_CONSTRUCT'],
  ['comment hiding code', '1 # ; evaluate("x")', 'FORBIDDEN_CONSTRUCT'],
  ['deeply nested parentheses ×10,000', deepParens, 'TOO_COMPLEX'],
  ['deeply nested minus ×10,000', deepMinus, 'TOO_COMPLEX'],
  ['nesting within the length limit', deepWithinLength, 'TOO_COMPLEX'],
  ['nested brackets', deepBrackets, 'FORBIDDEN_CONSTRUCT'],
  ['unary chain within the length limit', '-'.repeat(1999) + '1', 'TOO_COMPLEX'],
  ['__proto__', '__proto__', 'UNKNOWN_REFERENCE'],
  ['__proto__ call', '__proto__(1)', 'UNKNOWN_REFERENCE'],
  ['this', 'this', 'UNKNOWN_REFERENCE'],
  ['process', 'process', 'UNKNOWN_REFERENCE'],
  ['require', 'require(x)', 'UNKNOWN_REFERENCE'],
  ['globalThis', 'globalThis', 'UNKNOWN_REFERENCE'],
  ['eval', 'eval(x)', 'UNKNOWN_REFERENCE'],
  ['Function', 'Function(x)', 'UNKNOWN_REFERENCE'],
  ['toString', 'toString', 'UNKNOWN_REFERENCE'],
  ['hasOwnProperty', 'hasOwnProperty(x)', 'UNKNOWN_REFERENCE'],
  ['mathjs constant', 'pi * e', 'UNKNOWN_REFERENCE'],
  ['dollar names', '$x', 'SYNTAX'],
  ['backtick', '`x`', 'SYNTAX'],
  ['NUL character', 'x\u0000', 'SYNTAX'],
  ['hex literal', '0xFF', 'FORBIDDEN_CONSTRUCT'],
  ['nullish operator', 'x ?? 1', 'FORBIDDEN_CONSTRUCT'],
];

describe('every known escape is refused with a typed error', () => {
  test.each(attacks)('%s', (_name, text, code) => {
    const result = check(text);
    expect(result.ok).toBe(false);
    expect(result.ast === undefined || result.errors.length > 0).toBe(true);
    expect(result.errors[0].code).toBe(code);
    if (text.length <= 2000 && code !== 'TOO_COMPLEX') expect(result.errors[0].position).toBeDefined();
  });
});

describe('what does parse is harmless', () => {
  test('a huge exponent is NUMERIC at evaluation, quickly, not a hang', () => {
    const result = check('10^10^10 + x');
    expect(result.ok).toBe(true);
    const plan = compilePlan({ kpis: [{ key: 'k', ast: result.ast! }], wanted: ['k'] });
    const started = Date.now();
    const out = plan.evaluate({ cells: 1000, inputs: [new Float64Array(1000).fill(1)] }).get('k')!;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(out.errors.every((e) => e === 5 /* NUMERIC */)).toBe(true);
    expect(new ReferenceEvaluator([{ key: 'k', ast: result.ast! }]).evaluate('k', () => 1)).toEqual({ kind: 'error', code: 'NUMERIC' });
  });

  test('keys named like JavaScript globals are just input columns', () => {
    const keys = ['constructor', 'process', 'require', 'this', 'e', 'pi', 'tostring', 'eval', 'function', 'return', 'prototype'];
    const formula = keys.join(' + ');
    const result = checkFormula(formula, { resolve: (n) => (keys.includes(n) ? 'MEASURE' : undefined) });
    expect(result.ok).toBe(true);
    const plan = compilePlan({ kpis: [{ key: 'k', ast: result.ast! }], wanted: ['k'] });
    expect(plan.inputs.map((i) => i.measure)).toEqual(keys);
    for (const node of plan.nodes) for (const key of keys.filter((k) => k.length > 1)) expect(node.source).not.toContain(key);
    const inputs = keys.map((_, i) => Float64Array.of(i + 1));
    // 1 + 2 + … + 11 = 66
    expect(plan.evaluate({ cells: 1, inputs }).get('k')!.values[0]).toBe(66);
    expect(new ReferenceEvaluator([{ key: 'k', ast: result.ast! }]).evaluate('k', (input) => keys.indexOf(input.measure) + 1)).toBe(66);
  });
});
