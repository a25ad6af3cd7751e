/** Period logic: keys, fiscal calendars, ISO weeks, navigation, containment and time windows. Pure. */
export { GRANULARITIES, type Granularity, granularityRank, parseGranularity, type ParseGranularityResult } from './granularity';
export {
  type CivilDate,
  type DayNumber,
  dayFromYmd,
  dayToIso,
  daysInMonth,
  isLeapYear,
  isoToDay,
  isoWeekday,
  MAX_DAY,
  MAX_YEAR,
  MIN_DAY,
  MIN_YEAR,
  parseIsoDate,
  type ParseIsoDateResult,
  ymdFromDay,
} from './day';
export { assertCalendar, type Calendar, CALENDAR_YEAR, isValidFiscalYearStartMonth } from './calendar';
export { type IsoWeek, isoWeekOfDay, isoWeeksInYear } from './iso-week';
export type { Period, PeriodKey } from './period';
export { periodFromIndex, periodIndex, periodIndexOfDay, periodOfDate, startDayOfIndex } from './period-index';
export { type InvalidPeriodError, parsePeriodKey, type ParsePeriodResult } from './period-key';
export { indexYearsEarlier, samePeriodLastYear, samePeriodYearsEarlier, shiftPeriod } from './navigate';
export { DEFAULT_MAX_PERIODS, periodRange, type PeriodRangeError, type PeriodRangeResult } from './range';
export { anchorDay, countingStartDays, countsToward, countsTowardWindow } from './containment';
export {
  type IndexWindow,
  type PeriodWindow,
  reachBackDays,
  resolveWindow,
  resolveWindowIndexes,
  windowDays,
} from './window';
export { isValidTimeZone, timestampToDate, type TimestampToDateResult } from './time-zone';
