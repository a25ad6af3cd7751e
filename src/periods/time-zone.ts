import { dayFromYmd, type DayNumber, dayToIso, describeInvalidDate, MAX_DAY, MIN_DAY } from './day';

/**
 * Timestamps become calendar dates in the workspace's IANA time zone: an event at
 * 2025-03-31T23:30:00Z is on 2025-04-01 in Europe/Paris and counts toward April there.
 */
export type TimestampToDateResult =
  | { readonly ok: true; readonly date: string; readonly day: DayNumber }
  | {
      readonly ok: false;
      readonly error: { readonly code: 'INVALID_TIME_ZONE' | 'INVALID_TIMESTAMP'; readonly message: string };
    };

// Building an Intl.DateTimeFormat costs far more than formatting with one; reuse them.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | undefined {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        // Spelled out so that no locale default can bring another calendar or digits.
        calendar: 'gregory',
        numberingSystem: 'latn',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
      });
    } catch {
      return undefined;
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `timeZone` is a time zone name this runtime knows (`Europe/Paris`, `UTC`). */
export function isValidTimeZone(timeZone: unknown): timeZone is string {
  return typeof timeZone === 'string' && timeZone.length > 0 && formatterFor(timeZone) !== undefined;
}

// A day either side of the supported days: any zone's local date is within a day of UTC's.
const EARLIEST_MILLIS = (MIN_DAY - 1) * 86_400_000;
const LATEST_MILLIS = (MAX_DAY + 2) * 86_400_000 - 1;

// An offset or Z is required: without one the instant is ambiguous, and Date.parse
// would read it in the server's own zone.
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * The local calendar date of an instant (epoch milliseconds or an ISO 8601 timestamp
 * with an offset) in an IANA time zone. Never throws for bad input.
 */
export function timestampToDate(timestamp: number | string, timeZone: string): TimestampToDateResult {
  const badZone = (): TimestampToDateResult => ({
    ok: false,
    error: {
      code: 'INVALID_TIME_ZONE',
      message:
        `Unknown time zone ${JSON.stringify(String(timeZone).slice(0, 64))}: ` +
        'use an IANA time zone name such as "Europe/Paris", "America/New_York" or "UTC".',
    },
  });
  const badTimestamp = (problem: string): TimestampToDateResult => ({
    ok: false,
    error: {
      code: 'INVALID_TIMESTAMP',
      message: `Invalid timestamp ${typeof timestamp === 'string' ? JSON.stringify(timestamp.slice(0, 64)) : String(timestamp)}: ${problem}.`,
    },
  });
  if (typeof timeZone !== 'string' || timeZone.length === 0) return badZone();
  const formatter = formatterFor(timeZone);
  if (formatter === undefined) return badZone();

  let millis: number;
  if (typeof timestamp === 'number') {
    if (!Number.isFinite(timestamp)) return badTimestamp('epoch milliseconds must be a finite number');
    millis = timestamp;
  } else if (typeof timestamp === 'string') {
    const text = timestamp.length > 64 ? '' : timestamp;
    const match = ISO_TIMESTAMP.exec(text);
    if (match === null) {
      return badTimestamp('expected an ISO 8601 timestamp with an offset, such as 2025-03-15T10:30:00Z or 2025-03-15T11:30:00+01:00');
    }
    const [, y, mo, d, h, mi, s, oh, om] = match;
    const problem = describeInvalidDate(Number(y), Number(mo), Number(d));
    if (problem !== undefined) return badTimestamp(problem);
    if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59 || Number(oh ?? 0) > 23 || Number(om ?? 0) > 59) {
      return badTimestamp('the time or offset is out of range');
    }
    millis = Date.parse(text);
    if (Number.isNaN(millis)) return badTimestamp('not a valid instant');
  } else {
    return badTimestamp('expected epoch milliseconds or an ISO 8601 timestamp string');
  }

  // Checked before formatting so that only years 1899..10000 reach Intl (no eras).
  if (millis < EARLIEST_MILLIS || millis > LATEST_MILLIS) {
    return badTimestamp('its date is outside the supported days 1900-01-01..9999-12-31');
  }
  let year = 0;
  let month = 0;
  let day = 0;
  for (const part of formatter.formatToParts(millis)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
  }
  const dayNumber = dayFromYmd(year, month, day);
  if (dayNumber < MIN_DAY || dayNumber > MAX_DAY) {
    return badTimestamp(`its date in ${timeZone} is outside the supported days 1900-01-01..9999-12-31`);
  }
  return { ok: true, date: dayToIso(dayNumber), day: dayNumber };
}
