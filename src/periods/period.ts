import type { DayNumber } from './day';
import type { Granularity } from './granularity';

/** A canonical period key such as `2025-Q1`; only this module's parsers produce one. */
export type PeriodKey = string & { readonly __periodKey: true };

/**
 * A calendar interval at one granularity. `start` and `end` are what the API returns;
 * `startDay` and `endDay` carry the same days as integers so that callers doing
 * arithmetic or building SQL never re-parse the strings.
 */
export interface Period {
  readonly key: PeriodKey;
  readonly granularity: Granularity;
  /** First day, `YYYY-MM-DD`. */
  readonly start: string;
  /** Last day, inclusive, `YYYY-MM-DD`. */
  readonly end: string;
  readonly startDay: DayNumber;
  readonly endDay: DayNumber;
}
