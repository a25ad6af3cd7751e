import { assertCalendar, type Calendar } from './calendar';
import { dayFromYmd, daysInMonth, ymdFromDay } from './day';
import type { Granularity } from './granularity';
import { isoWeekOfWeekIndex, isoWeeksInYear, weekIndexOfIsoWeek } from './iso-week';
import type { Period } from './period';
import { periodFromIndex, periodIndex } from './period-index';

function assertWholeNumber(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be a whole number, got ${n}`);
}

/** The period `n` periods later at the same granularity (negative n: earlier). */
export function shiftPeriod(period: Period, n: number, calendar: Calendar): Period {
  assertCalendar(calendar);
  assertWholeNumber(n, 'the shift');
  return periodFromIndex(periodIndex(period, calendar) + n, period.granularity, calendar);
}

/**
 * Index of the same period `years` years earlier (negative: later). Months, quarters,
 * halves and years keep their position in the (fiscal) year. A day keeps its month and
 * day, with Feb 29 becoming Feb 28 in a common year; a week keeps its ISO week number,
 * with week 53 becoming week 52 in a 52-week year. Moving several years is one step,
 * so 2024-02-29 four years back is 2020-02-29, not a Feb 28 carried along.
 */
export function indexYearsEarlier(index: number, granularity: Granularity, years: number): number {
  switch (granularity) {
    case 'DAY': {
      const { year, month, day } = ymdFromDay(index);
      const target = year - years;
      return dayFromYmd(target, month, Math.min(day, daysInMonth(target, month)));
    }
    case 'WEEK': {
      const { year, week } = isoWeekOfWeekIndex(index);
      const target = year - years;
      return weekIndexOfIsoWeek(target, Math.min(week, isoWeeksInYear(target)));
    }
    case 'MONTH':
      return index - 12 * years;
    case 'QUARTER':
      return index - 4 * years;
    case 'HALF':
      return index - 2 * years;
    case 'YEAR':
      return index - years;
  }
}

/** The same period `years` years earlier (see indexYearsEarlier for days and weeks). */
export function samePeriodYearsEarlier(period: Period, years: number, calendar: Calendar): Period {
  assertCalendar(calendar);
  assertWholeNumber(years, 'the number of years');
  const index = indexYearsEarlier(periodIndex(period, calendar), period.granularity, years);
  return periodFromIndex(index, period.granularity, calendar);
}

/** The same period one year earlier: what PREV_YEAR reads. */
export function samePeriodLastYear(period: Period, calendar: Calendar): Period {
  return samePeriodYearsEarlier(period, 1, calendar);
}
