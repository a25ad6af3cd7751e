import fc from 'fast-check';
import {
  dayFromYmd,
  dayToIso,
  daysInMonth,
  isLeapYear,
  isoToDay,
  isoWeekday,
  parseIsoDate,
  ymdFromDay,
} from '../../src/periods';

describe('day numbers count days since 1970-01-01', () => {
  test('1970-01-01 is day 0 and the day before is -1', () => {
    expect(dayFromYmd(1970, 1, 1)).toBe(0);
    expect(dayFromYmd(1969, 12, 31)).toBe(-1);
  });

  test('2000-03-01 is day 11017', () => {
    // 1970..1999 is 30 years with 7 leap years (72, 76, 80, 84, 88, 92, 96):
    // 30·365 + 7 = 10957 days to 2000-01-01, then January 31 + February 29 (2000 is leap).
    expect(dayFromYmd(2000, 3, 1)).toBe(10957 + 31 + 29);
  });

  test('1900-01-01 is day -25567', () => {
    // 1900..1969 is 70 years with 17 leap years (1904..1968; 1900 is not leap).
    expect(dayFromYmd(1900, 1, 1)).toBe(-(70 * 365 + 17));
  });

  test('ISO weekdays run from 1 (Monday) to 7 (Sunday)', () => {
    expect(isoWeekday(0)).toBe(4); // 1970-01-01 was a Thursday
    expect(isoWeekday(dayFromYmd(2025, 1, 1))).toBe(3); // a Wednesday
    expect(isoWeekday(dayFromYmd(1900, 1, 1))).toBe(1); // a Monday
    expect(isoWeekday(dayFromYmd(2025, 3, 2))).toBe(7); // a Sunday
  });

  test('leap years: divisible by 4, except centuries not divisible by 400', () => {
    expect([1900, 2000, 2024, 2025, 2100].map(isLeapYear)).toEqual([false, true, true, false, false]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(daysInMonth(2025, 4)).toBe(30);
  });

  test('ISO strings and day numbers convert both ways', () => {
    expect(dayToIso(dayFromYmd(2025, 3, 15))).toBe('2025-03-15');
    expect(isoToDay('2025-03-15')).toBe(dayFromYmd(2025, 3, 15));
    expect(dayToIso(-1)).toBe('1969-12-31');
  });

  test('every day maps to a date and back, and the next day is the next date', () => {
    fc.assert(
      fc.property(fc.integer({ min: -800_000, max: 3_000_000 }), (day) => {
        const { year, month, day: dom } = ymdFromDay(day);
        expect(dayFromYmd(year, month, dom)).toBe(day);
        const next = ymdFromDay(day + 1);
        if (dom < daysInMonth(year, month)) expect(next).toEqual({ year, month, day: dom + 1 });
        else if (month < 12) expect(next).toEqual({ year, month: month + 1, day: 1 });
        else expect(next).toEqual({ year: year + 1, month: 1, day: 1 });
      }),
    );
  });
});

describe('parseIsoDate reads user dates without throwing', () => {
  test('a real date gives its day number', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ ok: true, day: dayFromYmd(2024, 2, 29) });
  });

  test.each([
    ['2025-02-29', 'day 29 is out of range 01–28 for February 2025 (2025 is not a leap year)'],
    ['2025-13-01', 'month 13 is out of range 01–12'],
    ['1899-12-31', 'year 1899 is out of range 1900–9999'],
    ['2025-3-1', 'expected YYYY-MM-DD'],
    ['', 'expected YYYY-MM-DD'],
  ])('%j is refused: %s', (text, part) => {
    const result = parseIsoDate(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_DATE');
      expect(result.error.message).toContain(part);
    }
  });

  test('a non-string is refused, and isoToDay throws for trusted input that is not a date', () => {
    expect(parseIsoDate(20250315).ok).toBe(false);
    expect(() => isoToDay('2025-02-30')).toThrow(RangeError);
  });
});
