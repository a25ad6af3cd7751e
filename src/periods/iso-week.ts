import { type DayNumber, dayFromYmd, floorDiv, isLeapYear, isoWeekday, ymdFromDay } from './day';

/**
 * ISO 8601 weeks run Monday..Sunday and belong to the year holding their Thursday, so
 * week 1 is the week with the year's first Thursday and a year has 52 or 53 weeks.
 *
 * A week's dense index is `floor((day + 3) / 7)`: 1970-01-01 was a Thursday, so the
 * Thursday of week index i is day 7·i and its Monday is day 7·i − 3.
 */
export function weekIndexOfDay(day: DayNumber): number {
  return floorDiv(day + 3, 7);
}

export function mondayOfWeekIndex(weekIndex: number): DayNumber {
  return weekIndex * 7 - 3;
}

export function thursdayOfWeekIndex(weekIndex: number): DayNumber {
  return weekIndex * 7;
}

/** 53 when the year starts on a Thursday, or on a Wednesday in a leap year; else 52. */
export function isoWeeksInYear(year: number): number {
  const jan1 = isoWeekday(dayFromYmd(year, 1, 1));
  return jan1 === 4 || (jan1 === 3 && isLeapYear(year)) ? 53 : 52;
}

export interface IsoWeek {
  /** The ISO week-numbering year, which differs from the calendar year near New Year. */
  readonly year: number;
  /** 1..53 */
  readonly week: number;
}

export function isoWeekOfWeekIndex(weekIndex: number): IsoWeek {
  const thursday = thursdayOfWeekIndex(weekIndex);
  const { year } = ymdFromDay(thursday);
  return { year, week: floorDiv(thursday - dayFromYmd(year, 1, 1), 7) + 1 };
}

export function isoWeekOfDay(day: DayNumber): IsoWeek {
  return isoWeekOfWeekIndex(weekIndexOfDay(day));
}

/** Week index of ISO week `week` of `year` (week 1 holds January 4). */
export function weekIndexOfIsoWeek(year: number, week: number): number {
  return weekIndexOfDay(dayFromYmd(year, 1, 4)) + week - 1;
}
