import { monthName } from './day';

/**
 * How a workspace counts years. Fiscal years move YEAR, HALF and QUARTER by the start
 * month and are labelled by the calendar year in which they start (start month 4:
 * `2025` = 2025-04-01..2026-03-31). Months, ISO weeks and days never move.
 */
export interface Calendar {
  /** 1..12; 1 means fiscal years are calendar years. */
  readonly fiscalYearStartMonth: number;
}

export const CALENDAR_YEAR: Calendar = Object.freeze({ fiscalYearStartMonth: 1 });

export function isValidFiscalYearStartMonth(month: unknown): month is number {
  return typeof month === 'number' && Number.isInteger(month) && month >= 1 && month <= 12;
}

/**
 * Calendars come from validated workspace settings, so a bad one is a programming
 * error: it throws instead of returning an error value.
 */
export function assertCalendar(calendar: Calendar): void {
  if (!isValidFiscalYearStartMonth(calendar?.fiscalYearStartMonth)) {
    throw new RangeError(
      `fiscalYearStartMonth must be an integer 1–12, got ${String(calendar?.fiscalYearStartMonth)}`,
    );
  }
}

/** Months between January and the fiscal year's first month (0 for calendar years). */
export function fiscalMonthOffset(calendar: Calendar): number {
  return calendar.fiscalYearStartMonth - 1;
}

/** "the fiscal year starting in April", for messages; empty for calendar years. */
export function describeFiscalYear(calendar: Calendar): string {
  return calendar.fiscalYearStartMonth === 1
    ? ''
    : `the fiscal year starting in ${monthName(calendar.fiscalYearStartMonth)}`;
}
