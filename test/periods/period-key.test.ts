import { parsePeriodKey } from '../../src/periods';
import { period } from './arbitraries';

const CALENDAR = { fiscalYearStartMonth: 1 };
const APRIL = { fiscalYearStartMonth: 4 };

function span(key: string, calendar = CALENDAR): string {
  const p = period(key, calendar);
  return `${p.granularity} ${p.start}..${p.end}`;
}

describe('period keys on calendar years', () => {
  test.each([
    ['2025', 'YEAR 2025-01-01..2025-12-31'],
    ['2025-H2', 'HALF 2025-07-01..2025-12-31'],
    ['2025-Q1', 'QUARTER 2025-01-01..2025-03-31'],
    ['2025-02', 'MONTH 2025-02-01..2025-02-28'], // 2025 is not a leap year
    ['2024-02', 'MONTH 2024-02-01..2024-02-29'], // 2024 is
    ['2025-03-15', 'DAY 2025-03-15..2025-03-15'],
    ['2024-02-29', 'DAY 2024-02-29..2024-02-29'],
  ])('%s is %s', (key, expected) => {
    expect(span(key)).toBe(expected);
    expect(period(key).key).toBe(key);
  });

  test('ISO week 1 holds the first Thursday: 2025-W09 is 2025-02-24..2025-03-02', () => {
    // 2025-01-01 is a Wednesday, so W01 is Mon 2024-12-30..Sun 2025-01-05 (Thursday Jan 2).
    // W09 starts 8 weeks later: 2024-12-30 + 56 days = Jan 1 + 54 = Feb 1 + 23 = Feb 24.
    expect(span('2025-W09')).toBe('WEEK 2025-02-24..2025-03-02');
  });

  test('2026 has 53 ISO weeks: 2026-W53 is 2026-12-28..2027-01-03', () => {
    // 2026-01-01 is a Thursday, so W01 starts Mon 2025-12-29; W53 is 52 weeks (364 days)
    // later, 2026-12-28, and ends on Sunday 2027-01-03.
    expect(span('2026-W53')).toBe('WEEK 2026-12-28..2027-01-03');
  });

  test('2020 has 53 ISO weeks: 2020-W53 is 2020-12-28..2021-01-03', () => {
    // 2020 is a leap year starting on a Wednesday, so W01 starts Mon 2019-12-30 (Thursday
    // Jan 2); 364 days later is 2020-12-28 (2019-12-30 + 366 = 2020-12-30, minus 2).
    expect(span('2020-W53')).toBe('WEEK 2020-12-28..2021-01-03');
  });

  test('the first and last supported periods parse', () => {
    expect(span('1900-W01')).toBe('WEEK 1900-01-01..1900-01-07'); // 1900-01-01 was a Monday
    expect(span('9999')).toBe('YEAR 9999-01-01..9999-12-31');
  });
});

describe('fiscal years move YEAR, HALF and QUARTER and are labelled by the year they start', () => {
  test.each([
    ['2025', 'YEAR 2025-04-01..2026-03-31'],
    ['2025-Q1', 'QUARTER 2025-04-01..2025-06-30'],
    ['2025-Q4', 'QUARTER 2026-01-01..2026-03-31'],
    ['2025-H1', 'HALF 2025-04-01..2025-09-30'],
    ['2025-H2', 'HALF 2025-10-01..2026-03-31'],
  ])('with April as first month, %s is %s', (key, expected) => {
    expect(span(key, APRIL)).toBe(expected);
  });

  test('months, ISO weeks and days are never shifted', () => {
    expect(span('2025-03', APRIL)).toBe('MONTH 2025-03-01..2025-03-31');
    expect(span('2025-W09', APRIL)).toBe('WEEK 2025-02-24..2025-03-02');
    expect(span('2025-03-15', APRIL)).toBe('DAY 2025-03-15..2025-03-15');
  });

  test('with October as first month, 2025-Q2 is January to March 2026', () => {
    // FY2025 starts 2025-10-01: Q1 = Oct–Dec 2025, Q2 = Jan–Mar 2026.
    expect(span('2025-Q2', { fiscalYearStartMonth: 10 })).toBe('QUARTER 2026-01-01..2026-03-31');
  });

  test('with December as first month, 2025-Q1 spans the new year', () => {
    // Dec 2025, Jan 2026, Feb 2026 (2026 is not a leap year).
    expect(span('2025-Q1', { fiscalYearStartMonth: 12 })).toBe('QUARTER 2025-12-01..2026-02-28');
  });
});

describe('bad period keys are refused with INVALID_PERIOD and a message saying what to fix', () => {
  test.each([
    ['2025-13', 'month 13 is out of range 01–12'],
    ['2025-00', 'month 00 is out of range 01–12'],
    ['2025-Q5', 'quarter 5 is out of range 1–4'],
    ['2025-Q0', 'quarter 0 is out of range 1–4'],
    ['2025-H3', 'half 3 is out of range 1–2'],
    ['2025-W54', 'week 54 is out of range 01–53'],
    ['2025-W00', 'week 00 is out of range 01–53'],
    // 2025 starts on a Wednesday and is not a leap year, so it has 52 ISO weeks.
    ['2025-W53', 'ISO year 2025 has only 52 weeks, so week 53 does not exist'],
    ['2025-02-30', 'day 30 is out of range 01–28 for February 2025'],
    ['2025-02-29', '(2025 is not a leap year)'],
    ['2025-04-31', 'day 31 is out of range 01–30 for April 2025'],
    ['2025-q1', 'write a capital Q: "2025-Q1"'],
    ['2025-h2', 'write a capital H: "2025-H2"'],
    ['2025-w9', 'write a capital W: "2025-W09"'],
    ['2025-W9', 'write the week with two digits: "2025-W09"'],
    ['2025-Q01', 'write the quarter with one digit: "2025-Q1"'],
    ['2025-3', 'write the month with two digits: "2025-03"'],
    ['2025-3-5', 'write the month and day with two digits: "2025-03-05"'],
    [' 2025-Q1', 'remove the surrounding whitespace and write "2025-Q1"'],
    ['2025-Q1\n', 'remove the surrounding whitespace and write "2025-Q1"'],
    ['2025 Q1', 'contains no whitespace'],
    ['   ', 'contains no whitespace'],
    ['25-Q1', 'the year must have four digits (1900–9999)'],
    ['1899', 'year 1899 is out of range 1900–9999'],
    ['2025-M03', '"M" is not a period letter'],
    ['2025/03', 'expected a key such as 2025 (year)'],
    ['next quarter', 'contains no whitespace'],
    ['Q1-2025', 'expected a key such as'],
    ['2025-03-15T00:00:00Z', 'expected a key such as'],
    ['<script>', 'expected a key such as'],
    ['', 'A period key is empty; expected a key such as 2025 (year)'],
  ])('%j: %s', (key, part) => {
    const result = parsePeriodKey(key, CALENDAR);
    expect(result).toEqual({ ok: false, error: { code: 'INVALID_PERIOD', message: expect.any(String) } });
    if (!result.ok) expect(result.error.message).toContain(part);
  });

  test('a very long string is refused without echoing it whole', () => {
    const key = '2025-'.repeat(10_000);
    const result = parsePeriodKey(key, CALENDAR);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toContain('(50000 characters): a period key has at most 10 characters');
      expect(result.error.message.length).toBeLessThan(300);
    }
  });

  test.each([[null], [undefined], [2025], [{ key: '2025' }], [['2025']]])(
    'a non-string (%j) is refused, not thrown',
    (value) => {
      const result = parsePeriodKey(value, CALENDAR);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toContain('A period key must be a string');
    },
  );

  test('a fiscal year or week that runs past 9999-12-31 is refused', () => {
    // With April as first month, FY9999 would end on 10000-03-31.
    const fiscal = parsePeriodKey('9999', APRIL);
    expect(fiscal.ok).toBe(false);
    if (!fiscal.ok) {
      expect(fiscal.error.message).toContain('9999-04-01..10000-03-31 with the fiscal year starting in April');
    }
    // 9999-12-31 is a Friday, so the ISO week holding it (9999-W52) ends on 10000-01-02.
    const week = parsePeriodKey('9999-W52', CALENDAR);
    expect(week.ok).toBe(false);
    if (!week.ok) expect(week.error.message).toContain('outside the supported days 1900-01-01..9999-12-31');
  });

  test('a calendar with an impossible start month is a programming error and throws', () => {
    expect(() => parsePeriodKey('2025', { fiscalYearStartMonth: 13 })).toThrow(/1–12/);
  });
});

describe('whitespace around an otherwise bad key', () => {
  test('reports both problems at once', () => {
    const result = parsePeriodKey(' 2025-q1 ', CALENDAR);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toBe(
        'Invalid period key "2025-q1": write a capital Q: "2025-Q1"; also remove the surrounding whitespace.',
      );
    }
  });
});
