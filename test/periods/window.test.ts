import type { TimeOp } from '../../src/engine/context';
import { type Calendar, dayFromYmd, reachBackDays, resolveWindow, windowDays } from '../../src/periods';
import { period } from './arbitraries';

const CALENDAR = { fiscalYearStartMonth: 1 };
const APRIL = { fiscalYearStartMonth: 4 };

const YTD: TimeOp = { kind: 'TO_DATE', unit: 'YEAR' };
const QTD: TimeOp = { kind: 'TO_DATE', unit: 'QUARTER' };
const prev = (periods: number): TimeOp => ({ kind: 'SHIFT', periods });
const prevYear = (years: number): TimeOp => ({ kind: 'SHIFT_YEAR', years });
const rolling = (periods: number): TimeOp => ({ kind: 'WIDEN', periods });

function window(key: string, ops: readonly TimeOp[], calendar: Calendar = CALENDAR): string {
  const { first, last } = resolveWindow(period(key, calendar), ops, calendar);
  return `${first.key}..${last.key}`;
}

describe('resolveWindow applies time operations outermost first', () => {
  test('YTD of March is January..March', () => {
    expect(window('2025-03', [YTD])).toBe('2025-01..2025-03');
  });

  test('PREV(YTD(x)) for March is YTD of February: January..February', () => {
    expect(window('2025-03', [prev(1), YTD])).toBe('2025-01..2025-02');
  });

  test('YTD(PREV(x)) for March shifts the whole YTD window: December..February', () => {
    expect(window('2025-03', [YTD, prev(1)])).toBe('2024-12..2025-02');
  });

  test('ROLLING(x, 3) for March is January..March', () => {
    expect(window('2025-03', [rolling(3)])).toBe('2025-01..2025-03');
    expect(window('2025-03', [rolling(1)])).toBe('2025-03..2025-03');
  });

  test('PREV(x, 12) of a month is the same month a year earlier', () => {
    expect(window('2025-03', [prev(12)])).toBe('2024-03..2024-03');
  });

  test('PREV_YEAR of a quarter is the same quarter a year earlier', () => {
    expect(window('2025-Q3', [prevYear(1)])).toBe('2024-Q3..2024-Q3');
  });

  test('PREV_YEAR(YTD(x)) is last year up to the same month', () => {
    expect(window('2025-03', [prevYear(1), YTD])).toBe('2024-01..2024-03');
  });

  test('YTD on an April fiscal year starts in April', () => {
    expect(window('2025-05', [YTD], APRIL)).toBe('2025-04..2025-05');
    // February 2026 is in FY2025 (2025-04..2026-03).
    expect(window('2026-02', [YTD], APRIL)).toBe('2025-04..2026-02');
    expect(window('2025-Q3', [YTD], APRIL)).toBe('2025-Q1..2025-Q3');
  });

  test('QTD starts at the first month of the (fiscal) quarter', () => {
    expect(window('2025-05', [QTD])).toBe('2025-04..2025-05');
    // February start: quarters are Feb–Apr, May–Jul, so May starts its quarter.
    expect(window('2025-05', [QTD], { fiscalYearStartMonth: 2 })).toBe('2025-05..2025-05');
  });

  test('YTD of a day starts on the first day of the year', () => {
    expect(window('2025-03-15', [YTD])).toBe('2025-01-01..2025-03-15');
  });

  test('YTD of a week starts at the first week whose Thursday is in that year', () => {
    // 2027-01-01 is a Friday: the week holding it has its Thursday on 2026-12-31, so the
    // first week of 2027 is the one of Thursday Jan 7, i.e. 2027-W01 (Mon Jan 4).
    expect(window('2027-W05', [YTD])).toBe('2027-W01..2027-W05');
  });

  test('YTD of a week on an April fiscal year starts at the week of the first Thursday from April 1', () => {
    // FY2025 starts Tue 2025-04-01; its week Mon Mar 31..Sun Apr 6 has Thursday Apr 3 in
    // FY2025, so it is the first. Mar 31 is 91 days (13 weeks) after W01's Monday Dec 30: W14.
    expect(window('2025-W20', [YTD], APRIL)).toBe('2025-W14..2025-W20');
  });

  test('YTD and QTD of a period as coarse as the unit change nothing', () => {
    expect(window('2025', [YTD])).toBe('2025..2025');
    expect(window('2025-Q2', [QTD])).toBe('2025-Q2..2025-Q2');
    expect(window('2025-H2', [QTD])).toBe('2025-H2..2025-H2');
  });

  test('no operations is the period itself', () => {
    expect(window('2025-W09', [])).toBe('2025-W09..2025-W09');
  });

  test('counts that are not whole numbers, or a ROLLING below 1, are programming errors', () => {
    expect(() => resolveWindow(period('2025-03'), [rolling(0)], CALENDAR)).toThrow(RangeError);
    expect(() => resolveWindow(period('2025-03'), [prev(0.5)], CALENDAR)).toThrow(RangeError);
  });
});

describe('window days for the data layer', () => {
  test('YTD of March 2025 reads 2025-01-01..2025-03-31', () => {
    const days = windowDays(resolveWindow(period('2025-03'), [YTD], CALENDAR));
    expect(days).toEqual({
      startDay: dayFromYmd(2025, 1, 1),
      endDay: dayFromYmd(2025, 3, 31),
      start: '2025-01-01',
      end: '2025-03-31',
    });
  });

  test('a window of weeks runs from the first Monday to the last Sunday', () => {
    const days = windowDays(resolveWindow(period('2025-W09'), [rolling(2)], CALENDAR));
    expect([days.start, days.end]).toEqual(['2025-02-17', '2025-03-02']);
  });
});

describe('reachBackDays: how far before the period a window starts', () => {
  test('YTD of March reaches back January and February: 31 + 28 days', () => {
    expect(reachBackDays(period('2025-03'), [YTD], CALENDAR)).toBe(59);
  });

  test('PREV(x, 12) of March 2025 reaches back to 2024-03-01: 365 days (no Feb 29 between)', () => {
    expect(reachBackDays(period('2025-03'), [prev(12)], CALENDAR)).toBe(365);
  });

  test('ten PREV_YEARs of 2025 reach back to 2015-01-01: 3650 days + leap days 2016, 2020, 2024', () => {
    expect(reachBackDays(period('2025'), [prevYear(10)], CALENDAR)).toBe(3653);
  });

  test('no operations reach back 0 days', () => {
    expect(reachBackDays(period('2025-03-15'), [], CALENDAR)).toBe(0);
  });
});
