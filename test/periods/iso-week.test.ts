import { dayFromYmd, isoWeekOfDay, isoWeeksInYear } from '../../src/periods';

describe('ISO weeks belong to the year holding their Thursday', () => {
  test.each([
    [2025, 52], // starts on a Wednesday, not leap
    [2026, 53], // starts on a Thursday
    [2020, 53], // leap year starting on a Wednesday
    [2021, 52], // starts on a Friday
    [2015, 53], // starts on a Thursday
    [2024, 52], // leap year starting on a Monday
  ])('%i has %i weeks', (year, weeks) => {
    expect(isoWeeksInYear(year)).toBe(weeks);
  });

  test('days near New Year can belong to the neighbouring ISO year', () => {
    // Mon 2024-12-30 starts the week holding Thursday 2025-01-02: 2025-W01.
    expect(isoWeekOfDay(dayFromYmd(2024, 12, 30))).toEqual({ year: 2025, week: 1 });
    // Fri 2021-01-01 is in the week of Thursday 2020-12-31: 2020-W53.
    expect(isoWeekOfDay(dayFromYmd(2021, 1, 1))).toEqual({ year: 2020, week: 53 });
    // Sun 2025-03-02 ends 2025-W09 (Mon Feb 24..Sun Mar 2).
    expect(isoWeekOfDay(dayFromYmd(2025, 3, 2))).toEqual({ year: 2025, week: 9 });
  });
});
