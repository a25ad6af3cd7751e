import { assertCalendar, type Calendar, fiscalMonthOffset } from './calendar';
import {
  type DayNumber,
  dayToIso,
  firstDayOfMonthIndex,
  floorDiv,
  formatYear,
  isoToDay,
  monthIndexOfDay,
  twoDigits,
} from './day';
import type { Granularity } from './granularity';
import { isoWeekOfWeekIndex, mondayOfWeekIndex, weekIndexOfDay } from './iso-week';
import type { Period, PeriodKey } from './period';

/**
 * Dense integer indexes per granularity: consecutive periods have consecutive indexes,
 * so shifting is one addition and a range is a loop over integers.
 *   DAY: the day number; WEEK: see iso-week.ts; MONTH: year·12 + month − 1;
 *   QUARTER / HALF / YEAR: fiscal year label · 4 / 2 / 1 + position within the year.
 * Fiscal indexes count months from the fiscal start month, which is why fine periods
 * nest exactly inside coarser ones on every calendar.
 */
const MONTHS_PER: Readonly<Record<'QUARTER' | 'HALF' | 'YEAR', number>> = { QUARTER: 3, HALF: 6, YEAR: 12 };

/** Index of the period at `granularity` that holds `day`. */
export function periodIndexOfDay(day: DayNumber, granularity: Granularity, calendar: Calendar): number {
  switch (granularity) {
    case 'DAY':
      return day;
    case 'WEEK':
      return weekIndexOfDay(day);
    case 'MONTH':
      return monthIndexOfDay(day);
    case 'QUARTER':
    case 'HALF':
    case 'YEAR':
      return floorDiv(monthIndexOfDay(day) - fiscalMonthOffset(calendar), MONTHS_PER[granularity]);
  }
}

/** First day of the period with this index. */
export function startDayOfIndex(index: number, granularity: Granularity, calendar: Calendar): DayNumber {
  switch (granularity) {
    case 'DAY':
      return index;
    case 'WEEK':
      return mondayOfWeekIndex(index);
    case 'MONTH':
      return firstDayOfMonthIndex(index);
    case 'QUARTER':
    case 'HALF':
    case 'YEAR':
      return firstDayOfMonthIndex(index * MONTHS_PER[granularity] + fiscalMonthOffset(calendar));
  }
}

/**
 * Index of a period, computed from its first day; pass the calendar the period was made
 * with. The index functions trust their calendar (callers validated it) to stay cheap.
 */
export function periodIndex(period: Period, calendar: Calendar): number {
  return periodIndexOfDay(period.startDay, period.granularity, calendar);
}

function keyOfIndex(index: number, granularity: Granularity): string {
  switch (granularity) {
    case 'DAY':
      return dayToIso(index);
    case 'WEEK': {
      const { year, week } = isoWeekOfWeekIndex(index);
      return `${formatYear(year)}-W${twoDigits(week)}`;
    }
    case 'MONTH': {
      const year = floorDiv(index, 12);
      return `${formatYear(year)}-${twoDigits(index - year * 12 + 1)}`;
    }
    case 'QUARTER': {
      const year = floorDiv(index, 4);
      return `${formatYear(year)}-Q${index - year * 4 + 1}`;
    }
    case 'HALF': {
      const year = floorDiv(index, 2);
      return `${formatYear(year)}-H${index - year * 2 + 1}`;
    }
    case 'YEAR':
      return formatYear(index);
  }
}

/** The period with this index: key, first and last day. */
export function periodFromIndex(index: number, granularity: Granularity, calendar: Calendar): Period {
  const startDay = startDayOfIndex(index, granularity, calendar);
  const endDay = startDayOfIndex(index + 1, granularity, calendar) - 1;
  return {
    key: keyOfIndex(index, granularity) as PeriodKey,
    granularity,
    start: dayToIso(startDay),
    end: dayToIso(endDay),
    startDay,
    endDay,
  };
}

/**
 * The period of `granularity` holding a day (a day number or a trusted `YYYY-MM-DD`;
 * validate user dates with `parseIsoDate` first). Weeks are ISO weeks.
 */
export function periodOfDate(day: DayNumber | string, granularity: Granularity, calendar: Calendar): Period {
  assertCalendar(calendar);
  const dayNumber = typeof day === 'string' ? isoToDay(day) : day;
  if (!Number.isInteger(dayNumber)) throw new RangeError(`a day number must be an integer, got ${dayNumber}`);
  return periodFromIndex(periodIndexOfDay(dayNumber, granularity, calendar), granularity, calendar);
}
