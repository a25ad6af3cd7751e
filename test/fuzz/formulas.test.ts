/**
 * Formula text from a grammar, mutated and broken, random unicode, and formulas at the size
 * limits (2,000 characters, 500 parts, depth 64, 10 years of reach), through the public
 * engine entry points. Rule: parse and check return errors with a code of the language and
 * a position inside the text, never throw; what checks compiles, evaluates to numbers,
 * blanks or typed errors, and agrees with the mathjs reference evaluator cell by cell.
 * (test/engine/property.test.ts does the same for trees built directly; this file starts
 * from text.) FUZZ_SEED replays a run; fast-check prints the seed of a failure.
 */
import fc from 'fast-check';
import {
  checkFormula, ERROR_CODES, MAX_DEPTH, MAX_FORMULA_LENGTH, MAX_NODES, parseFormula, type CellValue, type CheckResult, type FormulaError,
} from '../../src/engine';
import { evaluate } from '../engine/helpers';

const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const runs = (n: number) => ({ numRuns: n, seed: SEED });

const MEASURES = ['a', 'b', 'c'];
const KEY = /^[a-z][a-z0-9_]*$/;
/** As the API resolves names: the three measures; any other name is unknown. */
const check = (text: string): CheckResult => checkFormula(text, { resolve: (n) => (MEASURES.includes(n) ? 'MEASURE' : undefined), knownKeys: MEASURES });

/** Every error has a code of the language and, when it has a position, one inside the text. */
function expectTypedErrors(text: string, errors: readonly FormulaError[]): void {
  for (const e of errors) {
    expect(ERROR_CODES).toContain(e.code);
    expect(typeof e.message).toBe('string');
    expect(e.message.length).toBeGreaterThan(0);
    if (e.position) {
      expect(e.position.offset).toBeGreaterThanOrEqual(0);
      expect(e.position.offset + e.position.length).toBeLessThanOrEqual(text.length);
    }
  }
}

const CELLS = 4;
/** Blank (NaN), zeros, signs and extremes, as measure columns may hold. */
const COLUMN_VALUES = [NaN, 0, -0, 1, -1, 2.5, 1e308, -1e308, 5e-324, 123456.789];

/** A formula that checks compiles and evaluates; `evaluate` compares every cell with the reference. */
function expectEvaluates(text: string, seed: number): void {
  const { values } = evaluate({ fuzzed: text }, ['fuzzed'], CELLS, (spec) =>
    Array.from({ length: CELLS }, (_, cell) => COLUMN_VALUES[(seed + cell * 7 + spec.id.length * 3) % COLUMN_VALUES.length]),
  );
  for (const v of values.get('fuzzed')!) expect(isCellValue(v)).toBe(true);
}

function isCellValue(v: CellValue): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  return v.kind === 'blank' || (v.kind === 'error' && (ERROR_CODES as readonly string[]).includes(v.code));
}

/** The whole rule for one text, whatever it is. */
function expectHandled(text: string, seed = 0): CheckResult {
  const parsed = parseFormula(text);
  expect(parsed.ast === undefined).toBe(parsed.errors.length > 0);
  expectTypedErrors(text, parsed.errors);
  const result = check(text);
  expectTypedErrors(text, result.errors);
  expect(result.ok).toBe(result.errors.length === 0);
  if (result.ok) expectEvaluates(text, seed);
  return result;
}

// ---------------------------------------------------------------------------------------
// A grammar of valid formulas over a, b, c, printed with random spacing, function-name
// case and number spelling; every compound is parenthesised so the printing is unambiguous.

const space = fc.constantFrom('', ' ', '  ', '\t', '\n');
const numberText = fc.oneof(
  // Not `5.`: before `/`, `*` or `^` mathjs reads `5./` as an element-wise operator, which the language refuses.
  fc.constantFrom('0', '1', '2', '0.5', '.5', '1e3', '1E-3', '2.50', '100', '1e300', '0.000001', '007'),
  fc.integer({ min: 0, max: 1_000_000 }).map(String),
);
const fnName = (name: string) => fc.constantFrom(name, name.toLowerCase());

const { formula: validFormula } = fc.letrec<{ formula: string }>((tie) => {
  const sub = tie('formula');
  const around = (s: fc.Arbitrary<string>) => fc.tuple(space, s, space).map(([l, x, r]) => `${l}${x}${r}`);
  const args = (min: number, max: number) => fc.array(around(sub), { minLength: min, maxLength: max }).map((xs) => xs.join(','));
  return {
    formula: fc.oneof(
      { maxDepth: 5, depthIdentifier: 'text' },
      { weight: 5, arbitrary: fc.oneof(fc.constantFrom(...MEASURES), numberText) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(sub, fc.constantFrom('+', '-', '*', '/', '^', '==', '!=', '<', '<=', '>', '>=', 'and', 'or'), sub, space)
          // A word operator needs space around it (`a and b`, not `aandb`).
          .map(([l, op, r, s]) => { const gap = s === '' && /[a-z]/.test(op) ? ' ' : s; return `(${l}${gap}${op}${gap}${r})`; }),
      },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('-', '+', 'not '), sub).map(([op, x]) => `(${op}${x})`) },
      { weight: 1, arbitrary: fc.tuple(sub, sub, sub).map(([c, t, e]) => `(${c} ? ${t} : ${e})`) },
      {
        weight: 3,
        arbitrary: fc.oneof(
          fc.tuple(fnName('IF'), args(2, 3)).map(([f, xs]) => `${f}(${xs})`),
          fc.tuple(fc.constantFrom('IFERROR', 'POW').chain(fnName), args(2, 2)).map(([f, xs]) => `${f}(${xs})`),
          fc.tuple(fnName('COALESCE'), args(2, 4)).map(([f, xs]) => `${f}(${xs})`),
          fc.tuple(fnName('DIVIDE'), args(2, 3)).map(([f, xs]) => `${f}(${xs})`),
          fc.tuple(fnName('CLAMP'), args(3, 3)).map(([f, xs]) => `${f}(${xs})`),
          fc.tuple(fc.constantFrom('ABS', 'FLOOR', 'CEIL', 'SQRT', 'LN', 'EXP', 'ISBLANK').chain(fnName), sub).map(([f, x]) => `${f}(${x})`),
          fc.tuple(fc.constantFrom('SUM', 'AVERAGE', 'MIN', 'MAX').chain(fnName), args(1, 4)).map(([f, xs]) => `${f}(${xs})`),
          fc.tuple(fnName('ROUND'), sub, fc.integer({ min: -15, max: 15 })).map(([f, x, n]) => `${f}(${x}, ${n})`),
          fc.tuple(fnName('PREV'), sub, fc.integer({ min: 0, max: 12 })).map(([f, x, n]) => `${f}(${x}, ${n})`),
          fc.tuple(fc.constantFrom('ROLLING', 'ROLLING_AVG').chain(fnName), sub, fc.integer({ min: 1, max: 6 })).map(([f, x, n]) => `${f}(${x}, ${n})`),
          fc.tuple(fc.constantFrom('PREV_YEAR', 'GROWTH', 'YTD', 'QTD', 'PARENT', 'TOTAL').chain(fnName), sub).map(([f, x]) => `${f}(${x})`),
        ),
      },
    ),
  };
});

/** Characters a broken formula is made of: the language's own, and what it refuses. */
const NOISE = ['(', ')', ',', '+', '-', '*', '/', '^', '?', ':', '.', 'e', 'E', '1', '0', 'a', 'z', '_', ' ', '\n', '"', "'", '[', ']', '{', '}', ';', '#', '%', '&', '|', '~', '!', '=', '<', '>', '$', '`', '\\', '\u0000', '\u00a0', '\u2028', '😀', '\ud800', 'é', 'Ⅻ', '٣'];
const noise = fc.oneof(fc.constantFrom(...NOISE), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }), fc.constantFrom('PREV(', 'IF(', 'and', 'not', 'to', 'mod', '1e999', 'Infinity', 'NaN', 'pi'));

type Edit = { kind: 'delete' | 'insert' | 'replace' | 'truncate' | 'duplicate'; at: number; text: string };
const edit: fc.Arbitrary<Edit> = fc.record({ kind: fc.constantFrom('delete', 'insert', 'replace', 'truncate', 'duplicate'), at: fc.nat(), text: noise });
function applyEdit(text: string, e: Edit): string {
  const at = text.length === 0 ? 0 : e.at % (text.length + 1);
  switch (e.kind) {
    case 'delete': return text.slice(0, at) + text.slice(at + 1);
    case 'insert': return text.slice(0, at) + e.text + text.slice(at);
    case 'replace': return text.slice(0, at) + e.text + text.slice(at + e.text.length);
    case 'truncate': return text.slice(0, at);
    case 'duplicate': return text.slice(0, at) + text.slice(at) + text.slice(at);
  }
}

describe('formula text from a grammar, broken and random', () => {
  test('valid formulas check, and compiled evaluation equals the reference', () => {
    fc.assert(
      fc.property(validFormula, fc.nat(), (text, seed) => {
        if (text.length > MAX_FORMULA_LENGTH) return;
        const result = expectHandled(text, seed);
        // Well formed over known measures: only the limits or a constant-argument rule can refuse it.
        for (const e of result.errors) expect(['TOO_COMPLEX', 'ARGUMENT']).toContain(e.code);
      }),
      runs(400),
    );
  });

  test('mutated formulas give typed errors or evaluate like the reference', () => {
    fc.assert(
      fc.property(validFormula, fc.array(edit, { minLength: 1, maxLength: 4 }), fc.nat(), (text, edits, seed) => {
        expectHandled(edits.reduce(applyEdit, text), seed);
      }),
      runs(600),
    );
  });

  test('random unicode and token soup give typed errors, never exceptions', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.array(noise, { maxLength: 30 }).map((xs) => xs.join(''))), (text) => {
        expectHandled(text);
      }),
      runs(600),
    );
  });
});

// ---------------------------------------------------------------------------------------
// At the limits. Each layer wraps the formula so that it is one level deeper, and adds a
// known number of parts and at most one level of parentheses; a SUM of `width` measures
// sits at the bottom. So the tree's size and depth are known without asking the engine:
//   parts = 1 (SUM) + width + Σ layer parts,   depth = layers + 2 (SUM, then its arguments).

interface Layer { readonly parts: number; wrap(x: string): string }
const LAYERS: readonly Layer[] = [
  { parts: 1, wrap: (x) => `-${x}` }, //                        unary minus
  { parts: 1, wrap: (x) => `ABS(${x})` }, //                    call
  { parts: 2, wrap: (x) => `(${x} + b)` }, //                   binary, its right side a measure
  { parts: 3, wrap: (x) => `(c ? ${x} : b)` }, //               conditional: c, x, b
  { parts: 5, wrap: (x) => `IF(a > 0, ${x}, b)` }, //           call of (a > 0 → 3 parts), x and b
  { parts: 2, wrap: (x) => `COALESCE(${x}, a)` },
];

function layered(layers: readonly number[], width: number): { text: string; parts: number; depth: number } {
  let text = `SUM(${Array.from({ length: width }, (_, i) => MEASURES[i % 3]).join(',')})`;
  let parts = 1 + width;
  for (const i of layers) {
    text = LAYERS[i].wrap(text);
    parts += LAYERS[i].parts;
  }
  return { text, parts, depth: layers.length + 2 };
}

describe('formulas at the size limits', () => {
  test('exactly at each limit checks; one over is TOO_COMPLEX (or ARGUMENT for time reach)', () => {
    const atDepth = layered(Array(MAX_DEPTH - 2).fill(0), 1); // 62 unary minus over SUM(a): depth 64
    expect(atDepth.depth).toBe(64);
    expect(expectHandled(atDepth.text).ok).toBe(true);
    const overDepth = layered(Array(MAX_DEPTH - 1).fill(0), 1);
    expect(expectHandled(overDepth.text).errors.map((e) => e.code)).toEqual(['TOO_COMPLEX']);

    const atParts = layered([], MAX_NODES - 1); // SUM of 499 measures: 500 parts
    expect(atParts.parts).toBe(500);
    expect(expectHandled(atParts.text).ok).toBe(true);
    expect(expectHandled(layered([], MAX_NODES).text).errors.map((e) => e.code)).toEqual(['TOO_COMPLEX']);

    // 2,000 characters: `a` padded with spaces and `+ b` — a formula that is fine apart from its length.
    const at2000 = `a${' '.repeat(MAX_FORMULA_LENGTH - 4)}+ b`;
    expect(at2000.length).toBe(2000);
    expect(expectHandled(at2000).ok).toBe(true);
    expect(expectHandled(`a${' '.repeat(MAX_FORMULA_LENGTH - 3)}+ b`).errors.map((e) => e.code)).toEqual(['TOO_COMPLEX']);

    // Parentheses: 64 levels are allowed, 65 are refused before parsing.
    expect(expectHandled(`${'('.repeat(64)}a${')'.repeat(64)}`).ok).toBe(true);
    expect(expectHandled(`${'('.repeat(65)}a${')'.repeat(65)}`).errors.map((e) => e.code)).toEqual(['TOO_COMPLEX']);

    // Time reach, counting a period as a month at save time: 10 years = 120 months back.
    expect(expectHandled('PREV(a, 120)').ok).toBe(true);
    expect(expectHandled('PREV(a, 121)').errors.map((e) => e.code)).toEqual(['ARGUMENT']);
    // ROLLING(x, n) reads n periods, the current one and n − 1 back: 121 reaches 120.
    expect(expectHandled('ROLLING(a, 121)').ok).toBe(true);
    expect(expectHandled('ROLLING(a, 122)').errors.map((e) => e.code)).toEqual(['ARGUMENT']);
    // PREV_YEAR nested 10 times is 120 months; 11 times is 132.
    expect(expectHandled(`${'PREV_YEAR('.repeat(10)}a${')'.repeat(10)}`).ok).toBe(true);
    expect(expectHandled(`${'PREV_YEAR('.repeat(11)}a${')'.repeat(11)}`).errors.map((e) => e.code)).toEqual(['ARGUMENT']);
    // Reach adds up through nesting: 60 + 60 = 120 is allowed, 60 + 61 is not.
    expect(expectHandled('PREV(PREV(a, 60), 60)').ok).toBe(true);
    expect(expectHandled('PREV(PREV(a, 60), 61)').errors.map((e) => e.code)).toEqual(['ARGUMENT']);
  });

  test('random trees around 500 parts, depth 64 and 2,000 characters are refused exactly when over a limit', () => {
    const shape = fc.tuple(
      fc.array(fc.nat({ max: LAYERS.length - 1 }), { minLength: MAX_DEPTH - 8, maxLength: MAX_DEPTH + 2 }),
      fc.integer({ min: 1, max: 520 }),
    );
    fc.assert(
      fc.property(shape, fc.nat(), ([layers, width], seed) => {
        const { text, parts, depth } = layered(layers, width);
        const over = text.length > MAX_FORMULA_LENGTH || parts > MAX_NODES || depth > MAX_DEPTH;
        const result = expectHandled(text, seed);
        if (over) {
          expect(result.errors.map((e) => e.code)).toContain('TOO_COMPLEX');
          expect(result.errors.every((e) => e.code === 'TOO_COMPLEX')).toBe(true);
        } else {
          expect(result.errors).toEqual([]);
        }
      }),
      runs(150),
    );
  });
});

describe('regressions found by fuzzing', () => {
  test('a number ending in an exponent sign (`1E-`) is a SYNTAX error positioned inside the text', () => {
    // The error spans the number; before the fix its length ran one character past the end.
    for (const text of ['1E-', '2.5e+', 'a + 1e-']) {
      const [error] = expectHandled(text).errors;
      expect(error.code).toBe('SYNTAX');
      expect(error.position!.offset + error.position!.length).toBe(text.length);
    }
  });
});

test('names that are not measure keys are UNKNOWN_REFERENCE with the name position', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/).filter((n) => !MEASURES.includes(n) && KEY.test(n)), (name) => {
      const result = expectHandled(`a + ${name}`);
      // Words the language reserves (and, or, not, to, in, mod, xor) are refused as syntax, not as names.
      if (['and', 'or', 'not', 'to', 'in', 'mod', 'xor'].includes(name)) return;
      expect(result.errors.map((e) => [e.code, e.position?.offset])).toEqual([['UNKNOWN_REFERENCE', 4]]);
    }),
    runs(200),
  );
});
