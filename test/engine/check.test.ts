/** Save-time validation: references, functions, arity, constant arguments, limits, reach. */
import { checkAst, checkFormula, MAX_EXPANDED_NODES, type CheckOptions, type FormulaAst } from '../../src/engine';

const measures = ['revenue', 'orders', 'won_deals', 'leads', 'x'];
const kpis = ['conversion_rate', 'aov'];
const options: CheckOptions = {
  resolve: (name) => (measures.includes(name) ? 'MEASURE' : kpis.includes(name) ? 'KPI' : undefined),
  knownKeys: [...measures, ...kpis],
};
const check = (text: string, extra: Partial<CheckOptions> = {}) => checkFormula(text, { ...options, ...extra });

describe('references', () => {
  test('a valid formula lists the measures, KPIs and functions it uses', () => {
    const result = check('ROUND(revenue / orders, 2) + aov * 0 + IF(leads > 0, conversion_rate, 0) + revenue');
    expect(result.ok).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.measures).toEqual(['revenue', 'orders', 'leads']);
    expect(result.kpis).toEqual(['aov', 'conversion_rate']);
    expect(result.functions).toEqual(['ROUND', 'IF']);
  });

  test('keys are case-sensitive: Revenue is UNKNOWN_REFERENCE, did you mean revenue', () => {
    const result = check('Revenue / orders');
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      {
        code: 'UNKNOWN_REFERENCE',
        message: 'Unknown measure or KPI `Revenue`; did you mean `revenue`?',
        position: { offset: 0, line: 1, column: 1, length: 7 },
      },
    ]);
  });

  test('a typo gets the nearest key; a name far from every key gets no suggestion', () => {
    expect(check('revnue').errors[0].message).toMatch(/did you mean `revenue`\?/);
    expect(check('conversion_rat').errors[0].message).toMatch(/did you mean `conversion_rate`\?/);
    expect(check('zzz').errors[0].message).toBe('Unknown measure or KPI `zzz`');
  });

  test('the position of an unknown reference in a multi-line formula', () => {
    const result = check('IF(revenue > 0,\n   revnue / orders,\n   0)');
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_REFERENCE', position: { offset: 19, line: 2, column: 4, length: 6 } }),
    ]);
  });

  test('mathjs constants are not part of the language: pi, e, true, Infinity, NaN are unknown', () => {
    for (const name of ['pi', 'e', 'true', 'false', 'null', 'Infinity', 'NaN']) {
      const result = check(`revenue * ${name}`);
      expect(result.errors).toEqual([expect.objectContaining({ code: 'UNKNOWN_REFERENCE', position: expect.objectContaining({ offset: 10 }) })]);
    }
  });

  test('a key that looks like a mathjs constant is just a key when the workspace has it', () => {
    const result = checkFormula('e + true', { resolve: (n) => (n === 'e' || n === 'true' ? 'MEASURE' : undefined) });
    expect(result.ok).toBe(true);
    expect(result.measures).toEqual(['e', 'true']);
  });

  test('a function name used as a value is explained', () => {
    expect(check('sum').errors[0].message).toBe('`sum` is not a key; SUM is a function: write SUM(x, …)');
  });

  test('referring to the KPI being defined is a CYCLE', () => {
    expect(check('aov * 2', { self: 'aov' }).errors).toEqual([
      expect.objectContaining({ code: 'CYCLE', path: ['aov', 'aov'], position: expect.objectContaining({ offset: 0, length: 3 }) }),
    ]);
  });
});

describe('functions', () => {
  test('an unknown function is UNKNOWN_REFERENCE at its name, with a suggestion or alias', () => {
    expect(check('1 + SUMM(revenue)').errors).toEqual([
      {
        code: 'UNKNOWN_REFERENCE',
        message: 'Unknown function `SUMM`; did you mean SUM?',
        position: { offset: 4, line: 1, column: 5, length: 4 },
      },
    ]);
    expect(check('AVG(revenue, orders)').errors[0].message).toBe('Unknown function `AVG`; did you mean AVERAGE?');
    expect(check('constructor(1)').errors[0].message).toBe('Unknown function `CONSTRUCTOR`');
  });

  test('wrong argument counts are ARGUMENT errors on the call', () => {
    expect(check('ROUND(x, 1, 2)').errors).toEqual([
      {
        code: 'ARGUMENT',
        message: 'ROUND takes 1 to 2 arguments, got 3: ROUND(x[, n])',
        position: { offset: 0, line: 1, column: 1, length: 14 },
      },
    ]);
    expect(check('ABS()').errors[0].message).toBe('ABS takes 1 argument, got 0: ABS(x)');
    expect(check('COALESCE(x)').errors[0].message).toBe('COALESCE takes at least 2 arguments, got 1: COALESCE(x, alt…)');
    expect(check('ROLLING(x)').errors[0].code).toBe('ARGUMENT');
  });

  test('PREV(x, n) needs a whole constant n ≥ 1, at the argument\u2019s position', () => {
    for (const n of ['0', '1.5', '-1', 'x', '1 + 1']) {
      const result = check(`PREV(revenue, ${n})`);
      expect(result.errors).toEqual([
        {
          code: 'ARGUMENT',
          message: 'Argument 2 of PREV must be a whole number of periods, at least 1',
          position: { offset: 14, line: 1, column: 15, length: n.length },
        },
      ]);
    }
    expect(check('PREV(revenue, 2)').ok).toBe(true);
  });

  test('ROLLING and ROLLING_AVG need a whole constant n ≥ 1; ROUND digits are -15…15', () => {
    expect(check('ROLLING(x, 0)').errors[0].code).toBe('ARGUMENT');
    expect(check('ROLLING_AVG(x, leads)').errors[0].code).toBe('ARGUMENT');
    expect(check('ROUND(x, 16)').errors[0].code).toBe('ARGUMENT');
    expect(check('ROUND(x, -2)').ok).toBe(true);
  });

  test('all errors are collected, not only the first', () => {
    const result = check('foo + BAR(1) + ROUND(x, 1, 2) + PREV(x, 0)');
    expect(result.errors.map((e) => [e.code, e.position!.offset])).toEqual([
      ['UNKNOWN_REFERENCE', 0],
      ['UNKNOWN_REFERENCE', 6],
      ['ARGUMENT', 15],
      ['ARGUMENT', 40],
    ]);
  });
});

describe('limits', () => {
  test('more than 500 nodes is TOO_COMPLEX', () => {
    const args = Array.from({ length: 500 }, () => '1').join(',');
    // SUM plus its 500 arguments: 501 nodes
    expect(check(`SUM(${args})`).errors).toEqual([expect.objectContaining({ code: 'TOO_COMPLEX' })]);
    expect(check(`SUM(${args.slice(2)})`).ok).toBe(true);
  });

  test('depth over 64 is TOO_COMPLEX, also for trees not built by the parser', () => {
    let ast: FormulaAst = { kind: 'number', value: 1, position: { offset: 0, line: 1, column: 1, length: 1 } };
    for (let i = 0; i < 100; i++) ast = { kind: 'unary', op: '-', operand: ast, position: ast.position };
    expect(checkAst(ast, options).errors).toEqual([expect.objectContaining({ code: 'TOO_COMPLEX' })]);
  });

  test(`time functions that repeat their argument more than ${MAX_EXPANDED_NODES} times are TOO_COMPLEX`, () => {
    // 30 * 30 * 30 = 27,000 copies of x
    const result = check('ROLLING_AVG(ROLLING_AVG(ROLLING_AVG(x, 30), 30), 30)');
    expect(result.errors.map((e) => e.code)).toEqual(['TOO_COMPLEX']);
  });
});

describe('time reach: at most 10 years back, counted through nesting', () => {
  test('at save time a period counts as a month: 120 is allowed, 121 is not', () => {
    expect(check('PREV(x, 120)').reach).toBe(120);
    expect(check('PREV(x, 120)').ok).toBe(true);
    expect(check('PREV(x, 121)').errors).toEqual([
      {
        code: 'ARGUMENT',
        message:
          'PREV reaches back 121 months; time functions may reach back at most 10 years (120 months) before the first requested period',
        position: { offset: 0, line: 1, column: 1, length: 12 },
      },
    ]);
  });

  test('nesting adds up: YTD(PREV(x, 110)) reaches 11 + 110 = 121 months', () => {
    const result = check('1 + YTD(PREV(x, 110))');
    expect(result.reach).toBe(121);
    expect(result.errors).toEqual([expect.objectContaining({ code: 'ARGUMENT', position: expect.objectContaining({ offset: 8 }) })]);
  });

  test('PREV_YEAR counts a year; ROLLING(x, n) and ROLLING_AVG n - 1; GROWTH one period', () => {
    expect(check('PREV_YEAR(PREV_YEAR(x))').reach).toBe(24);
    expect(check('ROLLING(x, 12) + ROLLING_AVG(x, 3)').reach).toBe(11);
    expect(check('GROWTH(QTD(x))').reach).toBe(3);
  });

  test('a referenced KPI\u2019s own reach counts too', () => {
    const kpiReach = (key: string) => (key === 'aov' ? 100 : 0);
    // 100 + PREV 30 = 130 months
    expect(check('PREV(aov, 30)', { kpiReach }).errors).toEqual([
      expect.objectContaining({ code: 'ARGUMENT', message: expect.stringMatching(/reaches back 130 months/) }),
    ]);
    expect(check('PREV(aov, 20)', { kpiReach }).reach).toBe(120);
  });

  test('the limit follows the granularity when it is known: 10 years of weeks', () => {
    expect(check('PREV(x, 200)', { periodsPerYear: 53 }).ok).toBe(true);
    expect(check('PREV(x, 531)', { periodsPerYear: 53 }).errors[0].message).toMatch(/530 periods/);
  });
});
