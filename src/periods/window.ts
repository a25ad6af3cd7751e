import type { TimeOp } from '../engine/context';
import { assertCalendar, type Calendar } from './calendar';
import type { DayNumber } from './day';
import type { Granularity } from './granularity';
import { indexYearsEarlier } from './navigate';
import type { Period } from './period';
import { periodFromIndex, periodIndex, periodIndexOfDay, startDayOfIndex } from './period-index';

/** A run of consecutive periods at one granularity, both ends included. */
export interface PeriodWindow {
  readonly first: Period;
  readonly last: Period;
}

/** The same window as dense indexes (see period-index.ts), for grids of many periods. */
export interface IndexWindow {
  readonly first: number;
  readonly last: number;
}

// The engine validates PREV / ROLLING arguments before it builds ops, so a bad count
// here is a programming error and throws.
function assertWhole(n: number, op: TimeOp, min = Number.MIN_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(n) || n < min) {
    throw new RangeError(`${op.kind} needs a whole number${min > 0 ? ` ≥ ${min}` : ''}, got ${n}`);
  }
}

/**
 * Index of the first period at `granularity` of the fiscal year or quarter holding the
 * period `index`. For weeks that is the first week whose Thursday lies in that unit, the
 * same rule that decides which year or quarter a week counts toward; for granularities
 * coarser than the unit it is the period itself, since those start on unit boundaries.
 */
function toDateIndex(index: number, granularity: Granularity, unit: 'YEAR' | 'QUARTER', calendar: Calendar): number {
  const anchor =
    granularity === 'WEEK' ? startDayOfIndex(index, 'WEEK', calendar) + 3 : startDayOfIndex(index, granularity, calendar);
  const unitStart = startDayOfIndex(periodIndexOfDay(anchor, unit, calendar), unit, calendar);
  if (granularity === 'WEEK') {
    // Thursdays are the days 7·i (week index i), so the first Thursday on or after the
    // unit's first day belongs to week ceil(unitStart / 7); `+ 0` turns -0 into 0.
    return Math.ceil(unitStart / 7) + 0;
  }
  return periodIndexOfDay(unitStart, granularity, calendar);
}

/**
 * Applies time operations, outermost function first, to the window [index, index]
 * (see TimeOp in engine/context.ts). Integer work only, for evaluating whole grids.
 */
export function resolveWindowIndexes(
  index: number,
  granularity: Granularity,
  ops: readonly TimeOp[],
  calendar: Calendar,
): IndexWindow {
  let first = index;
  let last = index;
  for (const op of ops) {
    switch (op.kind) {
      case 'SHIFT':
        assertWhole(op.periods, op);
        first -= op.periods;
        last -= op.periods;
        break;
      case 'SHIFT_YEAR':
        assertWhole(op.years, op);
        first = indexYearsEarlier(first, granularity, op.years);
        last = indexYearsEarlier(last, granularity, op.years);
        break;
      case 'TO_DATE':
        first = toDateIndex(first, granularity, op.unit, calendar);
        break;
      case 'WIDEN':
        assertWhole(op.periods, op, 1);
        first -= op.periods - 1;
        break;
      default: {
        const unknown: never = op;
        throw new RangeError(`unknown time operation ${JSON.stringify(unknown)}`);
      }
    }
  }
  return { first, last };
}

/** The periods a sub-expression reads for `period` under time operations `ops`. */
export function resolveWindow(period: Period, ops: readonly TimeOp[], calendar: Calendar): PeriodWindow {
  assertCalendar(calendar);
  const { first, last } = resolveWindowIndexes(periodIndex(period, calendar), period.granularity, ops, calendar);
  return {
    first: periodFromIndex(first, period.granularity, calendar),
    last: periodFromIndex(last, period.granularity, calendar),
  };
}

/** The window's days, inclusive, as day numbers and ISO dates, for the data layer. */
export function windowDays(window: PeriodWindow): {
  readonly startDay: DayNumber;
  readonly endDay: DayNumber;
  readonly start: string;
  readonly end: string;
} {
  return { startDay: window.first.startDay, endDay: window.last.endDay, start: window.first.start, end: window.last.end };
}

/**
 * How many days before `period.start` the window of `ops` starts (0 when it does not
 * reach back, negative if it only reaches forward), so a caller can enforce "time
 * functions reach back at most 10 years".
 */
export function reachBackDays(period: Period, ops: readonly TimeOp[], calendar: Calendar): number {
  assertCalendar(calendar);
  const { first } = resolveWindowIndexes(periodIndex(period, calendar), period.granularity, ops, calendar);
  return period.startDay - startDayOfIndex(first, period.granularity, calendar);
}
