/** Context composition: time operations and team contexts (src/engine/context.ts). */
import { composeTeam, contextKey, describeContext, ROOT_CONTEXT, timeReach, type TeamContext } from '../../src/engine';
import { applyContextStep, withTimeOp } from '../../src/engine/context';

const SELF: TeamContext = { kind: 'SELF' };
const A = (levels: number): TeamContext => ({ kind: 'ANCESTOR', levels });
const TOTAL: TeamContext = { kind: 'TOTAL' };
const NONE: TeamContext = { kind: 'NONE' };

describe('team contexts compose inner function first', () => {
  test.each([
    [SELF, A(1), A(1)],
    [A(1), A(1), A(2)], // PARENT(PARENT(x))
    [A(1), TOTAL, NONE], // PARENT(TOTAL(x)): above the top
    [TOTAL, A(1), TOTAL], // TOTAL(PARENT(x))
    [TOTAL, TOTAL, TOTAL],
    [NONE, SELF, NONE],
    [A(2), NONE, NONE],
  ])('%j around %j is %j', (outer, inner, expected) => {
    expect(composeTeam(outer, inner)).toEqual(expected);
  });
});

describe('time operations', () => {
  test('consecutive shifts merge and identities vanish', () => {
    let ctx = withTimeOp(ROOT_CONTEXT, { kind: 'SHIFT', periods: 1 });
    ctx = withTimeOp(ctx, { kind: 'SHIFT', periods: 2 });
    ctx = withTimeOp(ctx, { kind: 'WIDEN', periods: 1 });
    ctx = withTimeOp(ctx, { kind: 'SHIFT', periods: 0 });
    expect(ctx.time).toEqual([{ kind: 'SHIFT', periods: 3 }]);
  });
  test('YTD(YTD(x)) is YTD(x)', () => {
    const ytd = { kind: 'TO_DATE', unit: 'YEAR' } as const;
    expect(withTimeOp(withTimeOp(ROOT_CONTEXT, ytd), ytd).time).toEqual([ytd]);
  });
  test('reach counts every operation, to-date windows at their worst case', () => {
    const ops = [
      { kind: 'SHIFT', periods: 2 },
      { kind: 'TO_DATE', unit: 'QUARTER' },
      { kind: 'SHIFT_YEAR', years: 1 },
      { kind: 'WIDEN', periods: 4 },
    ] as const;
    // months: 2 + (3 - 1) + 12 + (4 - 1) = 19
    expect(timeReach(ops, 12)).toBe(19);
    // days (366 a year): 2 + (92 - 1) + 366 + 3 = 462
    expect(timeReach(ops, 366)).toBe(462);
  });
  test('keys and words for contexts', () => {
    const ctx = applyContextStep(applyContextStep(ROOT_CONTEXT, { time: { kind: 'TO_DATE', unit: 'YEAR' } }), { team: 'TOTAL' });
    expect(contextKey(ctx)).toBe('@TO_DATE(YEAR)#TOTAL');
    expect(describeContext(ctx)).toBe('year to date, whole workspace');
    expect(contextKey(ROOT_CONTEXT)).toBe('');
  });
});
