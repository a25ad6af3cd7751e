/**
 * Property: for random valid formulas (every operator and function, nested, KPIs of KPIs,
 * time and team contexts) and random data (blanks, zeros, negatives, huge and tiny
 * values), the compiled columns equal the mathjs reference evaluation cell by cell.
 */
import fc from 'fast-check';
import {
  BLANK,
  checkFormula,
  compilePlan,
  decodeCell,
  parseFormula,
  printFormula,
  ReferenceEvaluator,
  type FormulaAst,
  type Position,
} from '../../src/engine';

const P: Position = { offset: 0, line: 1, column: 1, length: 0 };
const MEASURES = ['a', 'b', 'c'];
const num = (value: number): FormulaAst => ({ kind: 'number', value, position: P });
const call = (name: string, args: FormulaAst[]): FormulaAst => ({ kind: 'call', name, args, position: P, namePosition: P });
const signed = (n: number): FormulaAst => (n < 0 ? { kind: 'unary', op: '-', operand: num(-n), position: P } : num(n));

function formulaArbitrary(references: readonly string[]): fc.Arbitrary<FormulaAst> {
  const leaf = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...references).map((name): FormulaAst => ({ kind: 'reference', name, position: P })) },
    { weight: 1, arbitrary: fc.constantFrom(0, 1, 2, 0.5, 3.75, 100, 1e300, 1e-300).map(num) },
  );
  const { expr } = fc.letrec<{ expr: FormulaAst }>((tie) => {
    const sub = tie('expr');
    const subs = (min: number, max: number) => fc.array(sub, { minLength: min, maxLength: max });
    const small = fc.integer({ min: 1, max: 3 });
    return {
      expr: fc.oneof(
        { maxDepth: 4, depthIdentifier: 'formula', withCrossShrink: true },
        { weight: 4, arbitrary: leaf },
        {
          weight: 2,
          arbitrary: fc
            .tuple(fc.constantFrom('+', '-', '*', '/', '^', '==', '!=', '<', '<=', '>', '>=', 'and', 'or' as const), sub, sub)
            .map(([op, left, right]): FormulaAst => ({ kind: 'binary', op, left, right, position: P })),
        },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom('-', '+', 'not' as const), sub).map(([op, operand]): FormulaAst => ({ kind: 'unary', op, operand, position: P })) },
        { weight: 1, arbitrary: fc.tuple(sub, sub, sub).map(([test, then, otherwise]): FormulaAst => ({ kind: 'conditional', test, then, otherwise, position: P })) },
        {
          weight: 3,
          arbitrary: fc.oneof(
            subs(2, 3).map((args) => call('IF', args)),
            subs(2, 2).map((args) => call('IFERROR', args)),
            subs(2, 4).map((args) => call('COALESCE', args)),
            subs(1, 1).map((args) => call('ISBLANK', args)),
            subs(2, 3).map((args) => call('DIVIDE', args)),
            fc.tuple(fc.constantFrom('ABS', 'FLOOR', 'CEIL', 'SQRT', 'LN', 'EXP'), sub).map(([name, x]) => call(name, [x])),
            fc.tuple(sub, fc.option(fc.integer({ min: -3, max: 4 }), { nil: undefined })).map(([x, n]) => call('ROUND', n === undefined ? [x] : [x, signed(n)])),
            subs(2, 2).map((args) => call('POW', args)),
            subs(3, 3).map((args) => call('CLAMP', args)),
            fc.tuple(fc.constantFrom('SUM', 'AVERAGE', 'MIN', 'MAX'), subs(1, 4)).map(([name, args]) => call(name, args)),
            fc.tuple(sub, fc.option(small, { nil: undefined })).map(([x, n]) => call('PREV', n === undefined ? [x] : [x, num(n)])),
            fc.tuple(fc.constantFrom('PREV_YEAR', 'GROWTH', 'YTD', 'QTD', 'PARENT', 'TOTAL'), sub).map(([name, x]) => call(name, [x])),
            fc.tuple(fc.constantFrom('ROLLING', 'ROLLING_AVG'), sub, small).map(([name, x, n]) => call(name, [x, num(n)])),
          ),
        },
      ),
    };
  });
  return expr;
}

/** Values a measure column may hold: blanks, zeros, signs, extremes. */
const POOL = [NaN, NaN, 0, -0, 1, -1, 2, 0.5, -3.25, 7, 1e308, -1e308, 1e-308, 123456.789, 1e154];
function mulberry32(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const CELLS = 6;
const KPI_KEYS = ['k1', 'k2', 'k3'];

test('compiled columns equal the mathjs reference on random formulas and data', () => {
  const kpisArbitrary = fc.tuple(
    formulaArbitrary(MEASURES),
    formulaArbitrary([...MEASURES, 'k1']),
    formulaArbitrary([...MEASURES, 'k1', 'k2']),
  );
  fc.assert(
    fc.property(kpisArbitrary, fc.integer(), fc.boolean(), (asts, seed, lowerCase) => {
      // Through text: print, parse and check, as a stored formula would be.
      const definitions = asts.map((ast, i) => {
        const text = printFormula(ast);
        const formula = lowerCase ? text.replace(/[A-Z_]+\(/g, (m) => m.toLowerCase()) : text;
        const result = checkFormula(formula, { resolve: (n) => (MEASURES.includes(n) ? 'MEASURE' : KPI_KEYS.includes(n) ? 'KPI' : undefined) });
        if (!result.ok) throw new Error(`${formula}: ${JSON.stringify(result.errors)}`);
        return { key: KPI_KEYS[i], ast: result.ast!, formula };
      });
      const plan = compilePlan({ kpis: definitions, wanted: KPI_KEYS });
      const random = mulberry32(seed);
      const grid = {
        cells: CELLS,
        inputs: plan.inputs.map(() => Float64Array.from({ length: CELLS }, () => POOL[Math.floor(random() * POOL.length)])),
      };
      const out = plan.evaluate(grid);
      const reference = new ReferenceEvaluator(definitions);
      for (const key of KPI_KEYS) {
        const column = out.get(key)!;
        for (let cell = 0; cell < CELLS; cell++) {
          const expected = reference.evaluate(key, (input) => {
            const x = grid.inputs[plan.inputIndex(input.id)!][cell];
            return x === x ? x : BLANK;
          });
          const actual = decodeCell(column.values[cell], column.errors[cell]);
          if (typeof expected === 'number' && typeof actual === 'number' ? !Object.is(expected, actual) : JSON.stringify(expected) !== JSON.stringify(actual)) {
            throw new Error(`${key} = ${definitions.find((d) => d.key === key)!.formula}, cell ${cell}: compiled ${JSON.stringify(actual)} (${Object.is(actual, -0) ? '-0' : ''}), reference ${JSON.stringify(expected)}`);
          }
        }
      }
    }),
    { numRuns: Number(process.env.ENGINE_PROPERTY_RUNS ?? 400) },
  );
});

test('printing a random formula and parsing it back gives the same tree', () => {
  fc.assert(
    fc.property(formulaArbitrary(MEASURES), (ast) => {
      const text = printFormula(ast);
      const parsed = parseFormula(text);
      expect(parsed.errors).toEqual([]);
      expect(printFormula(parsed.ast!)).toBe(text);
      expect(stripPositions(parsed.ast!)).toEqual(stripPositions(ast));
    }),
    { numRuns: 300 },
  );
});

function stripPositions(node: FormulaAst): unknown {
  const { position: _p, ...rest } = node as FormulaAst & { namePosition?: Position };
  delete (rest as { namePosition?: Position }).namePosition;
  for (const [k, v] of Object.entries(rest)) {
    if (Array.isArray(v)) (rest as Record<string, unknown>)[k] = v.map(stripPositions);
    else if (v && typeof v === 'object' && 'kind' in v) (rest as Record<string, unknown>)[k] = stripPositions(v as FormulaAst);
  }
  return rest;
}
