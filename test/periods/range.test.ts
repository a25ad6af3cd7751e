import { periodRange } from '../../src/periods';

const CALENDAR = { fiscalYearStartMonth: 1 };
const APRIL = { fiscalYearStartMonth: 4 };

function keys(result: ReturnType<typeof periodRange>): string[] {
  if (!result.ok) throw new Error(result.error.message);
  return result.periods.map((p) => p.key);
}

describe('periodRange lists every period between two keys of any granularity', () => {
  test('a quarter to a month, by month', () => {
    expect(keys(periodRange('2025-Q1', '2025-03', 'MONTH', CALENDAR))).toEqual(['2025-01', '2025-02', '2025-03']);
  });

  test('a fiscal year by quarter', () => {
    expect(keys(periodRange('2025', '2025', 'QUARTER', APRIL))).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
  });

  test('calendar months by fiscal year include every fiscal year they touch', () => {
    // April start: Jan–Mar 2025 is the end of FY2024, Apr–Jun 2025 the start of FY2025.
    expect(keys(periodRange('2025-01', '2025-06', 'YEAR', APRIL))).toEqual(['2024', '2025']);
  });

  test('by week it runs from the week holding the first day to the week holding the last', () => {
    // 2025-02-01 is a Saturday in W05 (Mon Jan 27 = Dec 30 + 28 days); 2025-03-31 is the
    // Monday starting W14 (Dec 30 + 13·7 = 91 days). W05..W14 is 10 weeks.
    const weeks = keys(periodRange('2025-02', '2025-03', 'WEEK', CALENDAR));
    expect(weeks).toHaveLength(10);
    expect([weeks[0], weeks[9]]).toEqual(['2025-W05', '2025-W14']);
  });

  test('one period is a range of one', () => {
    expect(keys(periodRange('2025-03-15', '2025-03-15', 'DAY', CALENDAR))).toEqual(['2025-03-15']);
  });

  test('from after to is INVALID_RANGE', () => {
    const result = periodRange('2025-Q2', '2025-03', 'MONTH', CALENDAR);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_RANGE');
      expect(result.error.message).toContain('from 2025-Q2 (starts 2025-04-01) is after to 2025-03 (ends 2025-03-31)');
    }
  });

  test('more periods than the limit is RANGE_TOO_LARGE, with the count', () => {
    // 2000-01-01..2025-12-31: 26 years · 365 + 7 leap days (2000, 04, 08, 12, 16, 20, 24).
    const result = periodRange('2000', '2025', 'DAY', CALENDAR);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('RANGE_TOO_LARGE');
      expect(result.error.message).toContain(`has ${26 * 365 + 7} periods, more than the limit of 5000`);
    }
  });

  test('the limit can be set per call and is inclusive', () => {
    expect(periodRange('2025-01', '2025-12', 'MONTH', CALENDAR, { maxPeriods: 12 }).ok).toBe(true);
    const result = periodRange('2025-01', '2025-12', 'MONTH', CALENDAR, { maxPeriods: 11 });
    expect(!result.ok && result.error.code).toBe('RANGE_TOO_LARGE');
  });

  test('a bad key is INVALID_PERIOD, saying which end is wrong', () => {
    const result = periodRange('2025-01', '2025-13', 'MONTH', CALENDAR);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_PERIOD');
      expect(result.error.message).toMatch(/^to: .*month 13 is out of range 01–12/);
    }
  });
});
