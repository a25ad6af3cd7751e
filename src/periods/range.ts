import { assertCalendar, type Calendar } from './calendar';
import type { Granularity } from './granularity';
import type { Period } from './period';
import { periodFromIndex, periodIndexOfDay } from './period-index';
import { type InvalidPeriodError, parsePeriodKey } from './period-key';

export const DEFAULT_MAX_PERIODS = 5000;

export type PeriodRangeError =
  | InvalidPeriodError
  | { readonly code: 'INVALID_RANGE'; readonly message: string }
  | { readonly code: 'RANGE_TOO_LARGE'; readonly message: string };

export type PeriodRangeResult =
  | { readonly ok: true; readonly periods: readonly Period[] }
  | { readonly ok: false; readonly error: PeriodRangeError };

/**
 * Every period at `granularity` from the one holding the first day of `fromKey` to the
 * one holding the last day of `toKey`; the keys may be of any granularity (`2025`,
 * `2025-Q2` by MONTH gives 2025-01..2025-06). Never throws for bad keys or ranges.
 */
export function periodRange(
  fromKey: unknown,
  toKey: unknown,
  granularity: Granularity,
  calendar: Calendar,
  options: { readonly maxPeriods?: number } = {},
): PeriodRangeResult {
  assertCalendar(calendar);
  const from = parsePeriodKey(fromKey, calendar);
  if (!from.ok) return { ok: false, error: { code: 'INVALID_PERIOD', message: `from: ${from.error.message}` } };
  const to = parsePeriodKey(toKey, calendar);
  if (!to.ok) return { ok: false, error: { code: 'INVALID_PERIOD', message: `to: ${to.error.message}` } };
  if (from.period.startDay > to.period.endDay) {
    return {
      ok: false,
      error: {
        code: 'INVALID_RANGE',
        message:
          `The range starts after it ends: from ${from.period.key} (starts ${from.period.start}) ` +
          `is after to ${to.period.key} (ends ${to.period.end}); swap them.`,
      },
    };
  }
  const first = periodIndexOfDay(from.period.startDay, granularity, calendar);
  const last = periodIndexOfDay(to.period.endDay, granularity, calendar);
  const count = last - first + 1;
  const maxPeriods = options.maxPeriods ?? DEFAULT_MAX_PERIODS;
  if (count > maxPeriods) {
    return {
      ok: false,
      error: {
        code: 'RANGE_TOO_LARGE',
        message:
          `${from.period.key}..${to.period.key} by ${granularity} has ${count} periods, more than the limit of ` +
          `${maxPeriods}; narrow the range or choose a coarser granularity.`,
      },
    };
  }
  const periods: Period[] = new Array(count);
  for (let i = 0; i < count; i++) periods[i] = periodFromIndex(first + i, granularity, calendar);
  return { ok: true, periods };
}
