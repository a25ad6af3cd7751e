import type { DayNumber } from './day';
import { type Granularity, granularityRank } from './granularity';
import type { Period } from './period';

/**
 * The product's containment rule: a value recorded for period P counts toward period Q
 * when P lies wholly inside Q, except that a week counts toward the month, quarter,
 * half and year holding its Thursday (ISO 8601 assigns weeks to years the same way),
 * so every week counts exactly once at each coarser level.
 */

// Monday + 3: the day that decides where a week belongs.
const THURSDAY_OFFSET = 3;

/** The day that decides which coarser periods a period counts toward. */
export function anchorDay(period: Period): DayNumber {
  return period.granularity === 'WEEK' ? period.startDay + THURSDAY_OFFSET : period.startDay;
}

/** Whether a value recorded for `inner` counts toward `outer` (both on one calendar). */
export function countsToward(inner: Period, outer: Period): boolean {
  if (inner.granularity === 'WEEK') {
    return countsTowardWindow('WEEK', inner.startDay, outer.startDay, outer.endDay, outer.granularity);
  }
  return inner.startDay >= outer.startDay && inner.endDay <= outer.endDay;
}

/**
 * The same rule for a data layer holding (grain, first day) rows and a window of whole
 * periods [windowStartDay, windowEndDay] at `windowGranularity`. Because finer periods
 * nest inside coarser ones on every calendar (fiscal quarters are whole months), a
 * non-week row counts when its first day is in the window and its grain is not coarser
 * than the window's; a week counts toward week windows by identity and toward month and
 * coarser windows by its Thursday, never toward a day.
 */
export function countsTowardWindow(
  recordedGrain: Granularity,
  recordedStartDay: DayNumber,
  windowStartDay: DayNumber,
  windowEndDay: DayNumber,
  windowGranularity: Granularity,
): boolean {
  const range = countingStartDays(recordedGrain, windowStartDay, windowEndDay, windowGranularity);
  return range !== null && recordedStartDay >= range.from && recordedStartDay <= range.to;
}

/**
 * The first days of rows at `recordedGrain` that count toward the window, as one
 * inclusive range (for `period_start BETWEEN from AND to`), or null when none can.
 */
export function countingStartDays(
  recordedGrain: Granularity,
  windowStartDay: DayNumber,
  windowEndDay: DayNumber,
  windowGranularity: Granularity,
): { readonly from: DayNumber; readonly to: DayNumber } | null {
  if (recordedGrain === 'WEEK') {
    if (windowGranularity === 'DAY') return null;
    if (windowGranularity === 'WEEK') return { from: windowStartDay, to: windowEndDay };
    // Thursday in [start, end] <=> Monday in [start - 3, end - 3].
    return { from: windowStartDay - THURSDAY_OFFSET, to: windowEndDay - THURSDAY_OFFSET };
  }
  if (granularityRank(recordedGrain) > granularityRank(windowGranularity)) return null;
  return { from: windowStartDay, to: windowEndDay };
}
