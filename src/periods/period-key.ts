import { assertCalendar, type Calendar, describeFiscalYear } from './calendar';
import { dayFromYmd, describeInvalidDate, MAX_DAY, MAX_YEAR, MIN_DAY, MIN_YEAR, twoDigits } from './day';
import type { Granularity } from './granularity';
import { isoWeeksInYear, weekIndexOfIsoWeek } from './iso-week';
import type { Period } from './period';
import { periodFromIndex } from './period-index';

export interface InvalidPeriodError {
  readonly code: 'INVALID_PERIOD';
  readonly message: string;
}

export type ParsePeriodResult =
  | { readonly ok: true; readonly period: Period }
  | { readonly ok: false; readonly error: InvalidPeriodError };

const EXAMPLES =
  'expected a key such as 2025 (year), 2025-H1 (half), 2025-Q1 (quarter), 2025-03 (month), ' +
  '2025-W09 (ISO week) or 2025-03-15 (day)';

// The longest valid key is a day (10 characters); well past that it is not a typo
// worth diagnosing, and echoing it whole would only bloat the message.
const MAX_DIAGNOSED_LENGTH = 32;

// Loose on purpose: it accepts wrong digit counts and letter case so that the checks
// below can say exactly what to change instead of "not a period key".
const KEY_SHAPE = /^(\d+)(?:-(?:([A-Za-z])(\d+)|(\d+)(?:-(\d+))?))?$/;

const LETTER_PARTS: Readonly<Record<string, { granularity: Granularity; name: string; max: number; digits: number }>> = {
  H: { granularity: 'HALF', name: 'half', max: 2, digits: 1 },
  Q: { granularity: 'QUARTER', name: 'quarter', max: 4, digits: 1 },
  W: { granularity: 'WEEK', name: 'week', max: 53, digits: 2 },
};

/**
 * Reads a period key from user input: one of the canonical forms only, so a key is a
 * stable identifier. Never throws for bad input; the message says what to write instead.
 */
export function parsePeriodKey(key: unknown, calendar: Calendar): ParsePeriodResult {
  assertCalendar(calendar);
  if (typeof key !== 'string') {
    return refuse(`A period key must be a string, got ${key === null ? 'null' : typeof key}; ${EXAMPLES}.`);
  }
  if (key.length === 0) return refuse(`A period key is empty; ${EXAMPLES}.`);
  if (key.length > MAX_DIAGNOSED_LENGTH) {
    return refuse(
      `Invalid period key ${JSON.stringify(`${key.slice(0, 20)}…`)} (${key.length} characters): ` +
        `a period key has at most 10 characters; ${EXAMPLES}.`,
    );
  }
  const invalid = (problem: string): ParsePeriodResult =>
    refuse(`Invalid period key ${JSON.stringify(key)}: ${problem}.`);

  if (/\s/.test(key)) {
    const trimmed = key.trim();
    if (trimmed.length === 0 || /\s/.test(trimmed)) return invalid(`a period key contains no whitespace; ${EXAMPLES}`);
    // Say everything to fix at once: the whitespace and whatever is wrong with the rest.
    const rest = parsePeriodKey(trimmed, calendar);
    return rest.ok
      ? invalid(`remove the surrounding whitespace and write "${trimmed}"`)
      : refuse(`${rest.error.message.slice(0, -1)}; also remove the surrounding whitespace.`);
  }
  const match = KEY_SHAPE.exec(key);
  if (match === null) return invalid(EXAMPLES);
  const [, yearDigits, letter, letterDigits, monthDigits, dayDigits] = match as unknown as (string | undefined)[];

  if (yearDigits!.length !== 4) return invalid(`the year must have four digits (${MIN_YEAR}–${MAX_YEAR})`);
  const year = Number(yearDigits);
  if (year < MIN_YEAR || year > MAX_YEAR) return invalid(`year ${year} is out of range ${MIN_YEAR}–${MAX_YEAR}`);

  let period: Period;
  if (letter !== undefined) {
    const upper = letter.toUpperCase();
    const part = LETTER_PARTS[upper];
    if (part === undefined) return invalid(`"${letter}" is not a period letter (H half, Q quarter, W week); ${EXAMPLES}`);
    const n = Number(letterDigits);
    if (n < 1 || n > part.max) {
      return invalid(`${part.name} ${letterDigits} is out of range ${rangeText(1, part.max, part.digits)}`);
    }
    const canonical = `${yearDigits}-${upper}${part.digits === 2 ? twoDigits(n) : n}`;
    if (letter !== upper) return invalid(`write a capital ${upper}: "${canonical}"`);
    if (key !== canonical) {
      return invalid(`write the ${part.name} with ${part.digits === 2 ? 'two digits' : 'one digit'}: "${canonical}"`);
    }
    if (part.granularity === 'WEEK' && n > isoWeeksInYear(year)) {
      return invalid(`ISO year ${year} has only ${isoWeeksInYear(year)} weeks, so week ${n} does not exist`);
    }
    const index =
      part.granularity === 'WEEK' ? weekIndexOfIsoWeek(year, n) : year * (part.granularity === 'HALF' ? 2 : 4) + n - 1;
    period = periodFromIndex(index, part.granularity, calendar);
  } else if (monthDigits === undefined) {
    period = periodFromIndex(year, 'YEAR', calendar);
  } else {
    const month = Number(monthDigits);
    if (month < 1 || month > 12) return invalid(`month ${monthDigits} is out of range 01–12`);
    if (dayDigits === undefined) {
      if (monthDigits.length !== 2) return invalid(`write the month with two digits: "${yearDigits}-${twoDigits(month)}"`);
      period = periodFromIndex(year * 12 + month - 1, 'MONTH', calendar);
    } else {
      const day = Number(dayDigits);
      const problem = describeInvalidDate(year, month, day);
      if (problem !== undefined) return invalid(problem);
      if (monthDigits.length !== 2 || dayDigits.length !== 2) {
        return invalid(`write the month and day with two digits: "${yearDigits}-${twoDigits(month)}-${twoDigits(day)}"`);
      }
      period = periodFromIndex(dayFromYmd(year, month, day), 'DAY', calendar);
    }
  }
  // Fiscal years and ISO weeks can spill past the supported days (9999-W52 ends
  // 10000-01-02); those days have no ISO date string, so the key is refused.
  if (period.startDay < MIN_DAY || period.endDay > MAX_DAY) {
    const fiscal =
      period.granularity === 'YEAR' || period.granularity === 'HALF' || period.granularity === 'QUARTER'
        ? describeFiscalYear(calendar)
        : '';
    return invalid(
      `it runs ${period.start}..${period.end}${fiscal === '' ? '' : ` with ${fiscal}`}, ` +
        `outside the supported days ${MIN_YEAR}-01-01..${MAX_YEAR}-12-31`,
    );
  }
  return { ok: true, period };
}

function rangeText(min: number, max: number, digits: number): string {
  return digits === 2 ? `${twoDigits(min)}–${twoDigits(max)}` : `${min}–${max}`;
}

function refuse(message: string): ParsePeriodResult {
  return { ok: false, error: { code: 'INVALID_PERIOD', message } };
}
