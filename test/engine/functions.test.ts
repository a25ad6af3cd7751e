/**
 * Every operator and function, with the blank and error rules of PRODUCT.md "Precise
 * rules". Each case runs compiled over a column and through the mathjs reference; both
 * must agree (helpers.valueOf) and equal the value worked out here.
 */
import { describeFunctions, FUNCTIONS } from '../../src/engine';
import { blank, err, valueOf } from './helpers';

describe('arithmetic', () => {
  test('follows precedence: a + b * c ^ 2', () => {
    // 1 + 2 * 3^2 = 1 + 18
    expect(valueOf('a + b * c ^ 2', { a: 1, b: 2, c: 3 })).toBe(19);
  });
  test('unary minus binds looser than ^ (as mathjs reads it): -2^2 = -(2^2)', () => {
    expect(valueOf('-2^2')).toBe(-4);
  });
  test('a blank operand gives blank (no data is not zero)', () => {
    expect(valueOf('a + 1', {})).toEqual(blank);
    expect(valueOf('a * 0', {})).toEqual(blank);
    expect(valueOf('-a', {})).toEqual(blank);
  });
  test('a recorded 0 is a number', () => {
    expect(valueOf('a + 1', { a: 0 })).toBe(1);
  });
  test('blank ^ 0 stays blank although JavaScript gives NaN ** 0 = 1', () => {
    expect(valueOf('a ^ 0', {})).toEqual(blank);
    expect(valueOf('POW(a, 0)', {})).toEqual(blank);
  });
  test('x / 0 is DIV_BY_ZERO, also 0 / 0', () => {
    expect(valueOf('a / b', { a: 5, b: 0 })).toEqual(err('DIV_BY_ZERO'));
    expect(valueOf('a / b', { a: 0, b: 0 })).toEqual(err('DIV_BY_ZERO'));
  });
  test('blank / 0 is blank: no data wins before the divisor is looked at', () => {
    expect(valueOf('a / b', { b: 0 })).toEqual(blank);
  });
  test('x / blank is blank', () => {
    expect(valueOf('a / b', { a: 3 })).toEqual(blank);
  });
  test('an overflowing result is NUMERIC', () => {
    // 1e308 * 10 = Infinity
    expect(valueOf('a * 10', { a: 1e308 })).toEqual(err('NUMERIC'));
    expect(valueOf('a + a', { a: 1e308 })).toEqual(err('NUMERIC'));
    expect(valueOf('10 ^ 400')).toEqual(err('NUMERIC'));
  });
  test('a non-real power is NUMERIC: (-8) ^ 0.5', () => {
    expect(valueOf('a ^ 0.5', { a: -8 })).toEqual(err('NUMERIC'));
  });
  test('errors win over blanks, and the leftmost error wins', () => {
    // blank + (1/0): the error is not hidden by the missing value
    expect(valueOf('a + 1 / 0', {})).toEqual(err('DIV_BY_ZERO'));
    // (1/0) + SQRT(-1): DIV_BY_ZERO is met first
    expect(valueOf('1 / 0 + SQRT(-1)')).toEqual(err('DIV_BY_ZERO'));
    expect(valueOf('SQRT(-1) + 1 / 0')).toEqual(err('NUMERIC'));
  });
  test('unary plus is the identity, blank included', () => {
    expect(valueOf('+a', { a: 4 })).toBe(4);
    expect(valueOf('+a', {})).toEqual(blank);
  });
});

describe('comparisons and logic', () => {
  test('comparisons give 1 or 0', () => {
    expect(valueOf('a < b', { a: 1, b: 2 })).toBe(1);
    expect(valueOf('a >= b', { a: 1, b: 2 })).toBe(0);
    expect(valueOf('a == b', { a: 2, b: 2 })).toBe(1);
    expect(valueOf('a != b', { a: 2, b: 2 })).toBe(0);
    expect(valueOf('a <= b', { a: 2, b: 2 })).toBe(1);
    expect(valueOf('a > b', { a: 3, b: 2 })).toBe(1);
  });
  test('a comparison with a blank is blank: no data is not "less than 0"', () => {
    expect(valueOf('a < 0', {})).toEqual(blank);
    expect(valueOf('a == a', {})).toEqual(blank);
  });
  test('and / or / not give 1 or 0, blank with a blank operand', () => {
    expect(valueOf('a and b', { a: 2, b: 0 })).toBe(0);
    expect(valueOf('a or b', { a: 2, b: 0 })).toBe(1);
    expect(valueOf('not a', { a: 0 })).toBe(1);
    expect(valueOf('not a', { a: -3 })).toBe(0);
    // both operands are read: 0 and blank is blank, not 0
    expect(valueOf('a and b', { a: 0 })).toEqual(blank);
    expect(valueOf('a or b', { a: 1 })).toEqual(blank);
    expect(valueOf('not a', {})).toEqual(blank);
  });
  test('an error operand of a comparison or logic gives that error', () => {
    expect(valueOf('1 / 0 < 1')).toEqual(err('DIV_BY_ZERO'));
    expect(valueOf('a and 1 / 0', { a: 0 })).toEqual(err('DIV_BY_ZERO'));
    expect(valueOf('not (1 / 0)')).toEqual(err('DIV_BY_ZERO'));
  });
  test('not binds tighter than comparisons, as mathjs reads it: not a > b is (not a) > b', () => {
    // (not 0) > 0.5 = 1 > 0.5
    expect(valueOf('not a > b', { a: 0, b: 0.5 })).toBe(1);
  });
});

describe('IF and the conditional', () => {
  test('IF chooses by a non-zero condition', () => {
    expect(valueOf('IF(a > 1, 10, 20)', { a: 2 })).toBe(10);
    expect(valueOf('IF(a > 1, 10, 20)', { a: 1 })).toBe(20);
    expect(valueOf('a ? 10 : 20', { a: -1 })).toBe(10);
  });
  test('IF with a blank condition is blank; with an error condition that error', () => {
    expect(valueOf('IF(a, 1, 2)', {})).toEqual(blank);
    expect(valueOf('IF(1 / 0, 1, 2)')).toEqual(err('DIV_BY_ZERO'));
    expect(valueOf('a ? 1 : 2', {})).toEqual(blank);
  });
  test('IF is lazy: an error in the branch not taken does not matter', () => {
    expect(valueOf('IF(b > 0, a / b, 0)', { a: 1, b: 0 })).toBe(0);
    expect(valueOf('b == 0 ? 0 : a / b', { a: 1, b: 0 })).toBe(0);
  });
  test('IF without an else branch is blank when the condition is 0', () => {
    expect(valueOf('IF(a, 5)', { a: 0 })).toEqual(blank);
  });
  test('function names are case-insensitive', () => {
    expect(valueOf('if(1, 2, 3) + If(0, 2, 3)')).toBe(5);
  });
});

describe('IFERROR', () => {
  test('catches an error and evaluates the alternative only then', () => {
    expect(valueOf('IFERROR(a / b, -1)', { a: 1, b: 0 })).toBe(-1);
    // a/b = 0.5 is kept; the alternative 1/0 would be an error but is never evaluated
    expect(valueOf('IFERROR(a / b, 1 / 0)', { a: 1, b: 2 })).toBe(0.5);
  });
  test('does not catch blanks', () => {
    expect(valueOf('IFERROR(a, 0)', {})).toEqual(blank);
  });
  test('an error in the alternative is returned', () => {
    expect(valueOf('IFERROR(1 / 0, SQRT(-1))')).toEqual(err('NUMERIC'));
  });
});

describe('COALESCE and ISBLANK', () => {
  test('COALESCE gives the first non-blank argument', () => {
    expect(valueOf('COALESCE(a, b, 7)', { b: 0 })).toBe(0);
    expect(valueOf('COALESCE(a, b, 7)', {})).toBe(7);
    expect(valueOf('COALESCE(a, b)', {})).toEqual(blank);
  });
  test('COALESCE returns an error met before a number, and stops at the first number', () => {
    expect(valueOf('COALESCE(a, 1 / 0, 3)', {})).toEqual(err('DIV_BY_ZERO'));
    expect(valueOf('COALESCE(a, 2, 1 / 0)', {})).toBe(2);
  });
  test('ISBLANK is 1 for blank, 0 for a number (also 0), the error for an error', () => {
    expect(valueOf('ISBLANK(a)', {})).toBe(1);
    expect(valueOf('ISBLANK(a)', { a: 0 })).toBe(0);
    expect(valueOf('ISBLANK(1 / 0)')).toEqual(err('DIV_BY_ZERO'));
  });
});

describe('DIVIDE', () => {
  test('divides like /', () => {
    expect(valueOf('DIVIDE(a, b)', { a: 3, b: 4 })).toBe(0.75);
  });
  test('DIVIDE(a, 0) and DIVIDE(a, blank) without an alternative give blank', () => {
    expect(valueOf('DIVIDE(a, b)', { a: 3, b: 0 })).toEqual(blank);
    expect(valueOf('DIVIDE(a, b)', { a: 3 })).toEqual(blank);
  });
  test('with an alternative they give it', () => {
    expect(valueOf('DIVIDE(a, b, 9)', { a: 3, b: 0 })).toBe(9);
    expect(valueOf('DIVIDE(a, b, 9)', { a: 3 })).toBe(9);
  });
  test('a blank numerator gives blank even when b is 0', () => {
    expect(valueOf('DIVIDE(a, b, 9)', { b: 0 })).toEqual(blank);
  });
  test('errors of a, then b, win; the alternative is evaluated only when used', () => {
    expect(valueOf('DIVIDE(1 / 0, SQRT(-1))')).toEqual(err('DIV_BY_ZERO'));
    expect(valueOf('DIVIDE(a, SQRT(-1))', {})).toEqual(err('NUMERIC'));
    expect(valueOf('DIVIDE(4, 2, 1 / 0)')).toBe(2);
    expect(valueOf('DIVIDE(4, 0, 1 / 0)')).toEqual(err('DIV_BY_ZERO'));
  });
  test('an overflowing quotient is NUMERIC', () => {
    expect(valueOf('DIVIDE(a, b)', { a: 1e308, b: 1e-10 })).toEqual(err('NUMERIC'));
  });
});

describe('math functions', () => {
  test('ABS, FLOOR, CEIL', () => {
    expect(valueOf('ABS(a)', { a: -2.5 })).toBe(2.5);
    expect(valueOf('FLOOR(a)', { a: -2.5 })).toBe(-3);
    expect(valueOf('CEIL(a)', { a: -2.5 })).toBe(-2);
    expect(valueOf('ABS(a)', {})).toEqual(blank);
  });
  test('ROUND rounds halves away from zero, to n decimals, negative n to tens', () => {
    expect(valueOf('ROUND(a)', { a: 2.5 })).toBe(3);
    expect(valueOf('ROUND(a)', { a: -2.5 })).toBe(-3);
    // 1.005 is 1.00499999999999989… in binary; a person means 1.01
    expect(valueOf('ROUND(a, 2)', { a: 1.005 })).toBe(1.01);
    expect(valueOf('ROUND(a, -2)', { a: 1250 })).toBe(1300);
    expect(valueOf('ROUND(a, 1)', {})).toEqual(blank);
  });
  test('SQRT, LN, EXP, POW', () => {
    expect(valueOf('SQRT(a)', { a: 16 })).toBe(4);
    expect(valueOf('LN(a)', { a: 1 })).toBe(0);
    expect(valueOf('EXP(0)')).toBe(1);
    expect(valueOf('POW(a, 3)', { a: 2 })).toBe(8);
  });
  test('out-of-domain math is NUMERIC: SQRT(-1), LN(0), LN(-1), EXP(1000)', () => {
    expect(valueOf('SQRT(-1)')).toEqual(err('NUMERIC'));
    expect(valueOf('LN(a)', { a: 0 })).toEqual(err('NUMERIC'));
    expect(valueOf('LN(-1)')).toEqual(err('NUMERIC'));
    expect(valueOf('EXP(1000)')).toEqual(err('NUMERIC'));
  });
  test('CLAMP limits to [lo, hi]; lo > hi is ARGUMENT; blanks give blank', () => {
    expect(valueOf('CLAMP(a, 0, 100)', { a: 120 })).toBe(100);
    expect(valueOf('CLAMP(a, 0, 100)', { a: -5 })).toBe(0);
    expect(valueOf('CLAMP(a, 0, 100)', { a: 42 })).toBe(42);
    expect(valueOf('CLAMP(a, 10, 0)', { a: 5 })).toEqual(err('ARGUMENT'));
    expect(valueOf('CLAMP(a, 10, 0)', {})).toEqual(blank);
  });
});

describe('aggregates', () => {
  test('SUM, AVERAGE, MIN, MAX skip blanks', () => {
    // a=1, b blank, c=4: SUM 5, AVERAGE 5/2, MIN 1, MAX 4
    const inputs = { a: 1, c: 4 };
    expect(valueOf('SUM(a, b, c)', inputs)).toBe(5);
    expect(valueOf('AVERAGE(a, b, c)', inputs)).toBe(2.5);
    expect(valueOf('MIN(a, b, c)', inputs)).toBe(1);
    expect(valueOf('MAX(a, b, c)', inputs)).toBe(4);
  });
  test('of only blanks they give blank', () => {
    for (const fn of ['SUM', 'AVERAGE', 'MIN', 'MAX']) expect(valueOf(`${fn}(a, b)`, {})).toEqual(blank);
  });
  test('the first error wins', () => {
    expect(valueOf('SUM(a, 1 / 0, SQRT(-1))', { a: 1 })).toEqual(err('DIV_BY_ZERO'));
    expect(valueOf('MAX(a, SQRT(-1))', {})).toEqual(err('NUMERIC'));
  });
  test('an overflowing sum is NUMERIC', () => {
    expect(valueOf('SUM(a, a)', { a: 1e308 })).toEqual(err('NUMERIC'));
    expect(valueOf('AVERAGE(a, a)', { a: 1e308 })).toEqual(err('NUMERIC'));
  });
});

describe('the function table', () => {
  test('holds every function of PRODUCT.md with its metadata', () => {
    const names = FUNCTIONS.map((f) => f.name).sort();
    expect(names).toEqual(
      [
        'IF', 'IFERROR', 'COALESCE', 'ISBLANK', 'DIVIDE', 'ABS', 'ROUND', 'FLOOR', 'CEIL', 'MIN', 'MAX', 'SUM',
        'AVERAGE', 'SQRT', 'LN', 'EXP', 'POW', 'CLAMP', 'PREV', 'PREV_YEAR', 'GROWTH', 'YTD', 'QTD', 'ROLLING',
        'ROLLING_AVG', 'PARENT', 'TOTAL',
      ].sort(),
    );
    for (const f of describeFunctions()) {
      expect(f.doc.length).toBeGreaterThan(0);
      expect(f.blankRule.length).toBeGreaterThan(0);
      expect(f.errorRule.length).toBeGreaterThan(0);
      expect(f.example).toContain(f.name);
      expect(f.signature.startsWith(`${f.name}(`)).toBe(true);
    }
  });
});
