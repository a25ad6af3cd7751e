import { anchorDay, countingStartDays, countsToward, countsTowardWindow, dayFromYmd } from '../../src/periods';
import { period } from './arbitraries';

const APRIL = { fiscalYearStartMonth: 4 };

describe('a period counts toward the periods it lies wholly inside', () => {
  test('a month counts toward its quarter, half and year, and toward itself', () => {
    const march = period('2025-03');
    for (const key of ['2025-03', '2025-Q1', '2025-H1', '2025']) expect(countsToward(march, period(key))).toBe(true);
    for (const key of ['2025-Q2', '2025-H2', '2024', '2025-02']) expect(countsToward(march, period(key))).toBe(false);
  });

  test('on an April fiscal calendar March 2025 counts toward 2024-Q4 and fiscal 2024', () => {
    const march = period('2025-03', APRIL);
    expect(countsToward(march, period('2024-Q4', APRIL))).toBe(true);
    expect(countsToward(march, period('2024', APRIL))).toBe(true);
    expect(countsToward(march, period('2025', APRIL))).toBe(false);
  });

  test('a day counts toward the ISO week holding it', () => {
    // 2025-W09 is Mon Feb 24..Sun Mar 2.
    expect(countsToward(period('2025-03-02'), period('2025-W09'))).toBe(true);
    expect(countsToward(period('2025-03-03'), period('2025-W09'))).toBe(false);
  });

  test('a coarser period never counts toward a finer one', () => {
    expect(countsToward(period('2025-02'), period('2025-W09'))).toBe(false);
    expect(countsToward(period('2025-Q1'), period('2025-03'))).toBe(false);
  });
});

describe('a week counts toward the month, quarter, half and year holding its Thursday', () => {
  test('2025-W09 (Thursday Feb 27) counts toward February, not March, though it ends in March', () => {
    const week = period('2025-W09');
    expect(countsToward(week, period('2025-02'))).toBe(true);
    expect(countsToward(week, period('2025-03'))).toBe(false);
  });

  test('2025-W01 (Mon 2024-12-30, Thursday 2025-01-02) counts toward 2025, not 2024', () => {
    const week = period('2025-W01');
    expect(countsToward(week, period('2025-01'))).toBe(true);
    expect(countsToward(week, period('2025'))).toBe(true);
    expect(countsToward(week, period('2024-12'))).toBe(false);
    expect(countsToward(week, period('2024'))).toBe(false);
  });

  test('2026-W53 (Thursday 2026-12-31) counts toward December 2026 and 2026-Q4', () => {
    const week = period('2026-W53');
    expect(countsToward(week, period('2026-12'))).toBe(true);
    expect(countsToward(week, period('2026-Q4'))).toBe(true);
    expect(countsToward(week, period('2027-01'))).toBe(false);
  });

  test('a week counts toward itself, not toward another week, and never toward a day', () => {
    expect(countsToward(period('2025-W09'), period('2025-W09'))).toBe(true);
    expect(countsToward(period('2025-W09'), period('2025-W10'))).toBe(false);
    expect(countsToward(period('2025-W09'), period('2025-02-27'))).toBe(false);
  });

  test('the anchor day is the Thursday for weeks and the first day otherwise', () => {
    expect(anchorDay(period('2025-W09'))).toBe(dayFromYmd(2025, 2, 27));
    expect(anchorDay(period('2025-Q2'))).toBe(dayFromYmd(2025, 4, 1));
  });
});

describe('countsTowardWindow: the same rule over (grain, first day) rows', () => {
  const marchStart = dayFromYmd(2025, 3, 1);
  const marchEnd = dayFromYmd(2025, 3, 31);

  test('weeks count toward a month window by their Thursday', () => {
    // Mon Feb 24 (Thu Feb 27): no. Mon Mar 24 (Thu Mar 27): yes. Mon Mar 31 (Thu Apr 3): no.
    expect(countsTowardWindow('WEEK', dayFromYmd(2025, 2, 24), marchStart, marchEnd, 'MONTH')).toBe(false);
    expect(countsTowardWindow('WEEK', dayFromYmd(2025, 3, 24), marchStart, marchEnd, 'MONTH')).toBe(true);
    expect(countsTowardWindow('WEEK', dayFromYmd(2025, 3, 31), marchStart, marchEnd, 'MONTH')).toBe(false);
  });

  test('for SQL, those are the weeks starting Feb 26..Mar 28 (three days before each end)', () => {
    expect(countingStartDays('WEEK', marchStart, marchEnd, 'MONTH')).toEqual({
      from: dayFromYmd(2025, 2, 26),
      to: dayFromYmd(2025, 3, 28),
    });
  });

  test('a value recorded at a grain coarser than the window never counts', () => {
    // A MONTH value toward a window of weeks W10..W13 (Mon Mar 3..Sun Mar 30).
    expect(countsTowardWindow('MONTH', marchStart, dayFromYmd(2025, 3, 3), dayFromYmd(2025, 3, 30), 'WEEK')).toBe(false);
    expect(countingStartDays('QUARTER', marchStart, marchEnd, 'MONTH')).toBeNull();
  });

  test('a week never counts toward a day window; days count toward week windows', () => {
    expect(countingStartDays('WEEK', marchStart, marchEnd, 'DAY')).toBeNull();
    expect(countsTowardWindow('DAY', dayFromYmd(2025, 3, 2), dayFromYmd(2025, 2, 24), dayFromYmd(2025, 3, 2), 'WEEK')).toBe(true);
  });
});
