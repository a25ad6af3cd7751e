import fc from 'fast-check';
import {
  type Calendar,
  GRANULARITIES,
  type Granularity,
  MAX_DAY,
  MIN_DAY,
  type Period,
  parsePeriodKey,
  periodOfDate,
} from '../../src/periods';

/** Every fiscal start month, 1 (calendar years) to 12. */
export const calendarArb: fc.Arbitrary<Calendar> = fc
  .integer({ min: 1, max: 12 })
  .map((fiscalYearStartMonth) => ({ fiscalYearStartMonth }));

export const granularityArb: fc.Arbitrary<Granularity> = fc.constantFrom(...GRANULARITIES);

export const nonWeekGranularityArb: fc.Arbitrary<Granularity> = fc.constantFrom(
  ...GRANULARITIES.filter((g) => g !== 'WEEK'),
);

// A year and a bit away from both ends, so that every period holding the day (a
// fiscal year is at most 366 days) lies inside the supported days.
export const dayArb: fc.Arbitrary<number> = fc.integer({ min: MIN_DAY + 400, max: MAX_DAY - 400 });

/** Days around today's data, where most real keys live and shifts stay in range. */
export const recentDayArb: fc.Arbitrary<number> = fc.integer({ min: 7_000, max: 30_000 });

export const periodArb = (calendar: Calendar, granularity?: Granularity): fc.Arbitrary<Period> =>
  fc
    .tuple(dayArb, granularity === undefined ? granularityArb : fc.constant(granularity))
    .map(([day, g]) => periodOfDate(day, g, calendar));

/** Parses a key the test knows is valid; a failure shows the parser's message. */
export function period(key: string, calendar: Calendar = { fiscalYearStartMonth: 1 }): Period {
  const result = parsePeriodKey(key, calendar);
  if (!result.ok) throw new Error(result.error.message);
  return result.period;
}
