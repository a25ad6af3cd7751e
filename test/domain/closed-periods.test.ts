/**
 * Which recorded values fall in a closed period (src/domain/closed-periods.ts): a value
 * counts when its period lies inside the closed one, a week by its Thursday (PRODUCT.md
 * "Period", "Period close"); a coarser value that only overlaps does not.
 */
import { type Granularity, isoToDay, parsePeriodKey } from '../../src/periods';
import { ClosedPeriods } from '../../src/domain/closed-periods';

const calendar = { fiscalYearStartMonth: 1 };
function period(key: string) {
  const parsed = parsePeriodKey(key, calendar);
  if (!parsed.ok) throw new Error(key);
  return parsed.period;
}
const closed = new ClosedPeriods([
  { scorecard: 'review', period: '2025-Q1', granularity: 'QUARTER', startDay: period('2025-Q1').startDay, endDay: period('2025-Q1').endDay },
  { scorecard: 'monthly', period: '2025-06', granularity: 'MONTH', startDay: period('2025-06').startDay, endDay: period('2025-06').endDay },
]);
const inside = (grain: Granularity, key: string) => closed.containing(grain, period(key).startDay)?.period ?? null;

test('months, days and weeks inside a closed quarter are in it; the first month after is not', () => {
  expect([inside('MONTH', '2025-01'), inside('MONTH', '2025-03'), inside('MONTH', '2025-04')]).toEqual(['2025-Q1', '2025-Q1', null]);
  expect([inside('DAY', '2025-01-01'), inside('DAY', '2025-03-31'), inside('DAY', '2024-12-31')]).toEqual(['2025-Q1', '2025-Q1', null]);
});

test('a week belongs where its Thursday is: 2025-W01 (Mon 30 Dec 2024) is in 2025-Q1, 2025-W14 (Thu 3 Apr) is not', () => {
  expect(period('2025-W01').startDay).toBe(isoToDay('2024-12-30'));
  expect([inside('WEEK', '2025-W01'), inside('WEEK', '2025-W13'), inside('WEEK', '2025-W14')]).toEqual(['2025-Q1', '2025-Q1', null]);
  // A closed month holds the weeks whose Thursday is in June: W23 (Thu 5 Jun) … W26 (Thu 26 Jun); W22's Thursday is 29 May.
  expect([inside('WEEK', '2025-W22'), inside('WEEK', '2025-W23'), inside('WEEK', '2025-W26'), inside('WEEK', '2025-W27')]).toEqual([null, '2025-06', '2025-06', null]);
});

test('a value of a coarser period than the close does not count toward it, so it is not locked', () => {
  expect([inside('YEAR', '2025'), inside('HALF', '2025-H1'), inside('QUARTER', '2025-Q2'), inside('QUARTER', '2025-Q1')]).toEqual([null, null, null, '2025-Q1']);
});

test('no closes, nothing is inside', () => {
  expect(new ClosedPeriods([]).containing('DAY', isoToDay('2025-01-01'))).toBeUndefined();
});
