import { samePeriodLastYear, samePeriodYearsEarlier, shiftPeriod } from '../../src/periods';
import { period } from './arbitraries';

const CALENDAR = { fiscalYearStartMonth: 1 };
const APRIL = { fiscalYearStartMonth: 4 };

describe('shiftPeriod moves n periods at the same granularity', () => {
  test.each([
    ['2025-11', 3, '2026-02'], // Dec, Jan, Feb
    ['2025-Q1', -1, '2024-Q4'],
    ['2025-H2', 1, '2026-H1'],
    ['2025', -10, '2015'],
    ['2025-W52', 1, '2026-W01'], // 2025 has 52 ISO weeks
    ['2026-W52', 1, '2026-W53'], // 2026 has 53
    ['2026-W53', 1, '2027-W01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2025-03', 0, '2025-03'],
  ])('%s shifted by %i is %s', (key, n, expected) => {
    expect(shiftPeriod(period(key), n, CALENDAR).key).toBe(expected);
  });

  test('on a fiscal calendar the previous quarter of 2025-Q1 is 2024-Q4, January to March 2025', () => {
    const previous = shiftPeriod(period('2025-Q1', APRIL), -1, APRIL);
    expect([previous.key, previous.start, previous.end]).toEqual(['2024-Q4', '2025-01-01', '2025-03-31']);
  });

  test('a shift that is not a whole number is a programming error', () => {
    expect(() => shiftPeriod(period('2025-03'), 1.5, CALENDAR)).toThrow(RangeError);
  });
});

describe('samePeriodLastYear keeps the position within the year', () => {
  test.each([
    ['2025-03-15', '2024-03-15'],
    ['2024-02-29', '2023-02-28'], // 2023 has no Feb 29
    ['2025-W09', '2024-W09'],
    ['2026-W53', '2025-W52'], // 2025 has only 52 ISO weeks
    ['2025-03', '2024-03'],
    ['2025-Q3', '2024-Q3'],
    ['2025-H1', '2024-H1'],
    ['2025', '2024'],
  ])('%s a year earlier is %s', (key, expected) => {
    expect(samePeriodLastYear(period(key), CALENDAR).key).toBe(expected);
  });

  test('2024-W09 runs 2024-02-26..2024-03-03', () => {
    // 2024-01-01 is a Monday, so W01 starts that day and W09 starts 56 days later:
    // Jan 1 + 31 = Feb 1, + 25 = Feb 26.
    const p = samePeriodLastYear(period('2025-W09'), CALENDAR);
    expect([p.start, p.end]).toEqual(['2024-02-26', '2024-03-03']);
  });

  test('a fiscal quarter a year earlier is the same fiscal quarter of the previous fiscal year', () => {
    // April start: 2025-Q4 = Jan–Mar 2026, so 2024-Q4 = Jan–Mar 2025.
    const p = samePeriodLastYear(period('2025-Q4', APRIL), APRIL);
    expect([p.key, p.start, p.end]).toEqual(['2024-Q4', '2025-01-01', '2025-03-31']);
  });

  test('several years back is one step: 2024-02-29 four years earlier is 2020-02-29', () => {
    expect(samePeriodYearsEarlier(period('2024-02-29'), 4, CALENDAR).key).toBe('2020-02-29');
    expect(samePeriodYearsEarlier(period('2020-W53'), 6, CALENDAR).key).toBe('2014-W52'); // 2014: 52 weeks
    expect(samePeriodYearsEarlier(period('2020-W53'), 5, CALENDAR).key).toBe('2015-W53'); // 2015: 53 weeks
  });
});
