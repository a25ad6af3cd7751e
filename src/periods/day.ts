/**
 * Days as integers: a day number counts days since 1970-01-01 in the proleptic
 * Gregorian calendar. All period arithmetic runs on these, in UTC, without `Date`
 * objects, so it is fast and never touches the machine's local time zone.
 */
export type DayNumber = number;

/** Period keys and dates from users must lie in these years. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;

export interface CivilDate {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  /** 1..31 */
  readonly day: number;
}

const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

/** Integer division rounding down, also for negative dividends. */
export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

// Howard Hinnant's days_from_civil: exact for every proleptic Gregorian date.
export function dayFromYmd(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yearOfEra = y - era * 400;
  const marchBasedMonth = (month + 9) % 12;
  const dayOfYear = floorDiv(153 * marchBasedMonth + 2, 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

// Howard Hinnant's civil_from_days, the inverse of dayFromYmd.
export function ymdFromDay(dayNumber: DayNumber): CivilDate {
  const z = dayNumber + 719468;
  const era = floorDiv(z, 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = floorDiv(
    dayOfEra - floorDiv(dayOfEra, 1460) + floorDiv(dayOfEra, 36524) - floorDiv(dayOfEra, 146096),
    365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100));
  const marchBasedMonth = floorDiv(5 * dayOfYear + 2, 153);
  const day = dayOfYear - floorDiv(153 * marchBasedMonth + 2, 5) + 1;
  const month = marchBasedMonth < 10 ? marchBasedMonth + 3 : marchBasedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(dayNumber: DayNumber): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/**
 * A month as one integer, `year * 12 + (month - 1)`, so that month, quarter, half and
 * fiscal-year arithmetic is integer division.
 */
export function monthIndexOfDay(dayNumber: DayNumber): number {
  const { year, month } = ymdFromDay(dayNumber);
  return year * 12 + month - 1;
}

export function firstDayOfMonthIndex(monthIndex: number): DayNumber {
  const year = floorDiv(monthIndex, 12);
  return dayFromYmd(year, monthIndex - year * 12 + 1, 1);
}

export function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? `month ${month}`;
}

export function formatYear(year: number): string {
  // Years past 9999 only arise from arithmetic beyond the supported range; they keep
  // all their digits rather than being cut, so they stay unambiguous.
  return year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0');
}

export function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `YYYY-MM-DD` of a day number. */
export function dayToIso(dayNumber: DayNumber): string {
  const { year, month, day } = ymdFromDay(dayNumber);
  return `${formatYear(year)}-${twoDigits(month)}-${twoDigits(day)}`;
}

/** The first day and last day (inclusive) that user input may name. */
export const MIN_DAY: DayNumber = dayFromYmd(MIN_YEAR, 1, 1);
export const MAX_DAY: DayNumber = dayFromYmd(MAX_YEAR, 12, 31);

/**
 * Why year-month-day is not a real supported date, or undefined when it is. Shared by
 * day keys and ISO dates so both explain a bad date the same way.
 */
export function describeInvalidDate(year: number, month: number, day: number): string | undefined {
  if (year < MIN_YEAR || year > MAX_YEAR) return `year ${year} is out of range ${MIN_YEAR}–${MAX_YEAR}`;
  if (month < 1 || month > 12) return `month ${twoDigits(month)} is out of range 01–12`;
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) {
    const leapNote = month === 2 && day === 29 ? ` (${year} is not a leap year)` : '';
    return `day ${twoDigits(day)} is out of range 01–${last} for ${monthName(month)} ${year}${leapNote}`;
  }
  return undefined;
}

export type ParseIsoDateResult =
  | { readonly ok: true; readonly day: DayNumber }
  | { readonly ok: false; readonly error: { readonly code: 'INVALID_DATE'; readonly message: string } };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Reads a `YYYY-MM-DD` date from user input (years 1900–9999); never throws. */
export function parseIsoDate(text: unknown): ParseIsoDateResult {
  const fail = (problem: string): ParseIsoDateResult => ({
    ok: false,
    error: { code: 'INVALID_DATE', message: problem },
  });
  if (typeof text !== 'string') return fail(`A date must be a string such as 2025-03-15, got ${typeof text}.`);
  const match = ISO_DATE.exec(text);
  if (match === null) {
    return fail(`Invalid date ${JSON.stringify(text.slice(0, 40))}: expected YYYY-MM-DD, such as 2025-03-15.`);
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const problem = describeInvalidDate(year, month, day);
  if (problem !== undefined) return fail(`Invalid date ${JSON.stringify(text)}: ${problem}.`);
  return { ok: true, day: dayFromYmd(year, month, day) };
}

/** Day number of a `YYYY-MM-DD` date; throws RangeError when it is not one (trusted input). */
export function isoToDay(iso: string): DayNumber {
  const result = parseIsoDate(iso);
  if (!result.ok) throw new RangeError(result.error.message);
  return result.day;
}
