/**
 * The code generation invariant: generated sources contain only our template text, local
 * names, column indexes and numbers printed by formatNumberLiteral — never user text.
 */
import { checkFormula, compilePlan, formatNumberLiteral, FUNCTIONS, ReferenceEvaluator } from '../../src/engine';

/** Every word a generated source may contain. */
const ALLOWED_WORDS = new Set([
  'use', 'strict', 'const', 'let', 'for', 'if', 'else', 'i', 'n', 'I', 'V', 'E', 'outV', 'outE', 'H', 'round',
  'Math', 'abs', 'floor', 'ceil', 'sqrt', 'log', 'exp', 'min', 'max', 'NaN', 'Infinity',
]);
const isAllowedWord = (word: string) => ALLOWED_WORDS.has(word) || /^[veIKQ]\d+$/.test(word);

/** A formula calling every function, over keys that are dangerous JavaScript words. */
const keys = ['constructor', 'process', 'require', 'prototype', 'window', 'document'];
const everything = [
  'IF(constructor > 0, process, require)',
  'IFERROR(process / require, 0)',
  'COALESCE(prototype, window, 1)',
  'ISBLANK(document)',
  'DIVIDE(constructor, process, 2)',
  'ABS(process) + ROUND(process, 2) + FLOOR(process) + CEIL(process)',
  'MIN(process, window) + MAX(process, 1) + SUM(process, 2) + AVERAGE(process, window)',
  'SQRT(process) + LN(process) + EXP(process) + POW(process, 2) + CLAMP(process, 0, 1)',
  'PREV(process) + PREV(process, 2) + PREV_YEAR(process) + GROWTH(process) + YTD(process) + QTD(process)',
  'ROLLING(process, 3) + ROLLING_AVG(process, 3) + PARENT(process) + TOTAL(process)',
  'constructor ? 1e300 : 0.000001 + 12345.678 - -3 ^ 2',
  '(not process and window or document == 1) + (process != 2) + (process < 3) + (process <= 4) + (process > 5) + (process >= 6)',
].join(' + ');

describe('generated code never contains user text', () => {
  const result = checkFormula(everything, { resolve: (n) => (keys.includes(n) ? 'MEASURE' : undefined) });

  test('the formula uses every function of the table', () => {
    expect(result.ok).toBe(true);
    expect([...result.functions].sort()).toEqual(FUNCTIONS.map((f) => f.name).sort());
  });

  test('every word in the source is template text or a generated name', () => {
    const plan = compilePlan({ kpis: [{ key: 'danger', ast: result.ast! }], wanted: ['danger'] });
    const source = plan.nodes[0].source!;
    const words = source.match(/[A-Za-z_$][A-Za-z0-9_$]*/g)!;
    // Exponents of numeric literals (1e+300) are not words.
    const unexpected = words.filter((w) => !isAllowedWord(w) && !/^e$/.test(w));
    expect(unexpected).toEqual([]);
    // No quotes at all besides the two of "use strict".
    expect(source).not.toMatch(/['`]/);
    expect(source.match(/"/g)).toHaveLength(2);
    for (const key of keys) expect(source).not.toContain(key);
  });

  test('the mathjs reference tree holds only input symbols and our function names', () => {
    const tree = new ReferenceEvaluator([{ key: 'danger', ast: result.ast! }]).mathTree('danger')!;
    const ours = new Set([...FUNCTIONS.map((f) => f.name), 'BLANK_VALUE', 'ERROR_VALUE', 'TRACE']);
    const seen: string[] = [];
    tree.traverse((node, _path, parent) => {
      const n = node as unknown as { type: string; name?: string; fn?: unknown; value?: unknown };
      if (n.type === 'SymbolNode') {
        const isCallee = (parent as unknown as { fn?: unknown } | null)?.fn === node;
        seen.push(n.name!);
        expect(isCallee ? ours.has(n.name!) : /^in_\d+$/.test(n.name!)).toBe(true);
      }
      if (n.type === 'ConstantNode') expect(typeof n.value).toBe('number');
      if (n.type === 'OperatorNode') expect(String(n.fn)).toMatch(/^OP_[A-Z_]+$/);
      expect(['SymbolNode', 'ConstantNode', 'OperatorNode', 'FunctionNode']).toContain(n.type);
    });
    for (const key of keys) expect(seen).not.toContain(key);
  });

  test('one fused loop per node', () => {
    const plan = compilePlan({ kpis: [{ key: 'danger', ast: result.ast! }], wanted: ['danger'] });
    for (const node of plan.nodes) expect(node.source!.match(/for \(/g)).toHaveLength(1);
  });
});

describe('formatNumberLiteral is the only way numbers enter code', () => {
  test('prints finite numbers as JavaScript literals', () => {
    expect(formatNumberLiteral(12)).toBe('12');
    expect(formatNumberLiteral(0.5)).toBe('0.5');
    expect(formatNumberLiteral(1e300)).toBe('1e+300');
    expect(formatNumberLiteral(-2)).toBe('(-2)');
    expect(formatNumberLiteral(-0)).toBe('(-0)');
    expect(formatNumberLiteral(5e-324)).toBe('5e-324');
  });
  test('refuses anything else', () => {
    expect(() => formatNumberLiteral(NaN)).toThrow();
    expect(() => formatNumberLiteral(Infinity)).toThrow();
    expect(() => formatNumberLiteral('1; process.exit()' as unknown as number)).toThrow();
    expect(() => formatNumberLiteral({ valueOf: () => 1 } as unknown as number)).toThrow();
  });
});

describe('shared work', () => {
  test('GROWTH(GROWTH(x)) reads x one period back once per cell', () => {
    const result = checkFormula('GROWTH(GROWTH(x))', { resolve: () => 'MEASURE' });
    const plan = compilePlan({ kpis: [{ key: 'g', ast: result.ast! }], wanted: ['g'] });
    expect(plan.inputs.map((i) => i.id)).toEqual(['x', 'x@SHIFT(1)', 'x@SHIFT(2)']);
    const source = plan.nodes[0].source!;
    expect(source.match(/I1\[i\]/g)).toHaveLength(1);
  });
});
