import fc from 'fast-check';
import type { TimeOp } from '../../src/engine/context';
import {
  countingStartDays,
  countsToward,
  countsTowardWindow,
  GRANULARITIES,
  type Granularity,
  granularityRank,
  parsePeriodKey,
  type Period,
  periodFromIndex,
  periodIndex,
  periodOfDate,
  periodRange,
  reachBackDays,
  resolveWindow,
  samePeriodLastYear,
  shiftPeriod,
  ymdFromDay,
} from '../../src/periods';
import { calendarArb, dayArb, granularityArb, nonWeekGranularityArb, periodArb, recentDayArb } from './arbitraries';

const COARSE: readonly Granularity[] = ['MONTH', 'QUARTER', 'HALF', 'YEAR'];

describe('properties of periods on every fiscal calendar', () => {
  test('parsing a period key gives back the same period', () => {
    fc.assert(
      fc.property(
        calendarArb.chain((c) => fc.tuple(fc.constant(c), periodArb(c))),
        ([calendar, p]) => {
          expect(parsePeriodKey(p.key, calendar)).toEqual({ ok: true, period: p });
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('shifting n periods and back returns the same period', () => {
    fc.assert(
      fc.property(
        calendarArb.chain((c) => fc.tuple(fc.constant(c), periodArb(c), fc.integer({ min: -300, max: 300 }))),
        ([calendar, p, n]) => {
          expect(shiftPeriod(shiftPeriod(p, n, calendar), -n, calendar)).toEqual(p);
        },
      ),
    );
  });

  test('consecutive periods tile time: the next starts the day after the previous ends', () => {
    fc.assert(
      fc.property(
        calendarArb.chain((c) => fc.tuple(fc.constant(c), periodArb(c))),
        ([calendar, p]) => {
          const next = shiftPeriod(p, 1, calendar);
          expect(next.startDay).toBe(p.endDay + 1);
          expect(periodIndex(next, calendar)).toBe(periodIndex(p, calendar) + 1);
          expect(p.endDay).toBeGreaterThanOrEqual(p.startDay);
        },
      ),
    );
  });

  test('every day lies in exactly one period of each granularity', () => {
    fc.assert(
      fc.property(dayArb, granularityArb, calendarArb, (day, granularity, calendar) => {
        const p = periodOfDate(day, granularity, calendar);
        expect(p.startDay).toBeLessThanOrEqual(day);
        expect(p.endDay).toBeGreaterThanOrEqual(day);
        // With tiling, the neighbours not holding it means no other period does.
        expect(shiftPeriod(p, -1, calendar).endDay).toBeLessThan(day);
        expect(shiftPeriod(p, 1, calendar).startDay).toBeGreaterThan(day);
      }),
    );
  });

  test('a period index and its period agree', () => {
    fc.assert(
      fc.property(
        calendarArb.chain((c) => fc.tuple(fc.constant(c), periodArb(c))),
        ([calendar, p]) => {
          expect(periodFromIndex(periodIndex(p, calendar), p.granularity, calendar)).toEqual(p);
        },
      ),
    );
  });

  test('the same period last year starts about a year earlier, at the same granularity', () => {
    fc.assert(
      fc.property(
        calendarArb.chain((c) => fc.tuple(fc.constant(c), periodArb(c))),
        ([calendar, p]) => {
          const q = samePeriodLastYear(p, calendar);
          expect(q.granularity).toBe(p.granularity);
          const gap = p.startDay - q.startDay;
          // A week moves 52 or 53 weeks; everything else 365 or 366 days, or 364..366
          // when Feb 29 becomes Feb 28.
          if (p.granularity === 'WEEK') expect([364, 371]).toContain(gap);
          else expect(gap).toBeGreaterThanOrEqual(364);
          if (p.granularity !== 'WEEK') expect(gap).toBeLessThanOrEqual(366);
          if (p.granularity === 'MONTH' || p.granularity === 'DAY') {
            const a = ymdFromDay(p.startDay);
            const b = ymdFromDay(q.startDay);
            expect(b.year).toBe(a.year - 1);
            expect(b.month).toBe(a.month);
          }
        },
      ),
    );
  });
});

describe('properties of containment', () => {
  // Three periods near one another, so that containment holds often enough to matter.
  const nearbyPeriods = calendarArb.chain((calendar) =>
    fc.tuple(
      fc.constant(calendar),
      dayArb,
      fc.array(fc.tuple(fc.integer({ min: -400, max: 400 }), nonWeekGranularityArb), { minLength: 3, maxLength: 3 }),
    ),
  );

  test('containment is transitive for non-week periods, and is inclusion of days', () => {
    fc.assert(
      fc.property(nearbyPeriods, ([calendar, day, parts]) => {
        const [a, b, c] = parts.map(([offset, g]) => periodOfDate(day + offset, g, calendar)) as [Period, Period, Period];
        if (countsToward(a, b) && countsToward(b, c)) expect(countsToward(a, c)).toBe(true);
        expect(countsToward(a, c)).toBe(a.startDay >= c.startDay && a.endDay <= c.endDay);
      }),
      { numRuns: 3000 },
    );
  });

  test('a period always counts toward the coarser periods holding its first day', () => {
    fc.assert(
      fc.property(dayArb, nonWeekGranularityArb, nonWeekGranularityArb, calendarArb, (day, g1, g2, calendar) => {
        const [fine, coarse] = granularityRank(g1) <= granularityRank(g2) ? [g1, g2] : [g2, g1];
        const inner = periodOfDate(day, fine, calendar);
        expect(countsToward(inner, periodOfDate(inner.startDay, coarse, calendar))).toBe(true);
      }),
    );
  });

  test('a week counts toward exactly one month, quarter, half and year: the one of its Thursday', () => {
    fc.assert(
      fc.property(dayArb, fc.constantFrom(...COARSE), calendarArb, (day, coarse, calendar) => {
        const week = periodOfDate(day, 'WEEK', calendar);
        // Only the periods holding its first and last day can overlap a week.
        const candidates = new Map<string, Period>();
        for (const d of [week.startDay, week.endDay]) {
          const p = periodOfDate(d, coarse, calendar);
          candidates.set(p.key, p);
        }
        const holders = [...candidates.values()].filter((p) => countsToward(week, p));
        expect(holders.map((p) => p.key)).toEqual([periodOfDate(week.startDay + 3, coarse, calendar).key]);
      }),
    );
  });

  test('countsTowardWindow agrees with countsToward over the periods of the window', () => {
    fc.assert(
      fc.property(
        calendarArb,
        recentDayArb,
        granularityArb,
        granularityArb,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: -70, max: 70 }),
        (calendar, day, recordedGrain, windowGrain, length, offset) => {
          const last = periodOfDate(day, windowGrain, calendar);
          const first = shiftPeriod(last, -(length - 1), calendar);
          const recorded = periodOfDate(day + offset, recordedGrain, calendar);
          const windowPeriods = Array.from({ length }, (_, i) => shiftPeriod(first, i, calendar));
          const expected = windowPeriods.some((q) => countsToward(recorded, q));
          const args = [recorded.startDay, first.startDay, last.endDay, windowGrain] as const;
          expect(countsTowardWindow(recordedGrain, ...args)).toBe(expected);
          const range = countingStartDays(recordedGrain, first.startDay, last.endDay, windowGrain);
          expect(range !== null && recorded.startDay >= range.from && recorded.startDay <= range.to).toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('properties of ranges and windows', () => {
  test('periodRange covers exactly the days from the period holding the start to the one holding the end', () => {
    fc.assert(
      fc.property(
        calendarArb,
        recentDayArb,
        fc.integer({ min: 0, max: 900 }),
        granularityArb,
        granularityArb,
        fc.constantFrom(...GRANULARITIES.filter((g) => g !== 'DAY')),
        (calendar, day, length, fromGrain, toGrain, granularity) => {
          const from = periodOfDate(day, fromGrain, calendar);
          const to = periodOfDate(day + length, toGrain, calendar);
          fc.pre(from.startDay <= to.endDay);
          const result = periodRange(from.key, to.key, granularity, calendar);
          if (!result.ok) throw new Error(result.error.message);
          const { periods } = result;
          expect(periods[0]!.startDay).toBe(periodOfDate(from.startDay, granularity, calendar).startDay);
          expect(periods[periods.length - 1]!.endDay).toBe(periodOfDate(to.endDay, granularity, calendar).endDay);
          for (let i = 1; i < periods.length; i++) expect(periods[i]!.startDay).toBe(periods[i - 1]!.endDay + 1);
          for (const p of periods) expect(p.granularity).toBe(granularity);
        },
      ),
    );
  });

  const opArb: fc.Arbitrary<TimeOp> = fc.oneof(
    fc.integer({ min: 1, max: 24 }).map((periods): TimeOp => ({ kind: 'SHIFT', periods })),
    fc.integer({ min: 1, max: 3 }).map((years): TimeOp => ({ kind: 'SHIFT_YEAR', years })),
    fc.constantFrom<'YEAR' | 'QUARTER'>('YEAR', 'QUARTER').map((unit): TimeOp => ({ kind: 'TO_DATE', unit })),
    fc.integer({ min: 1, max: 12 }).map((periods): TimeOp => ({ kind: 'WIDEN', periods })),
  );

  test('a resolved window never ends before it starts and stays at the period granularity', () => {
    fc.assert(
      fc.property(
        calendarArb,
        recentDayArb,
        granularityArb,
        fc.array(opArb, { maxLength: 4 }),
        (calendar, day, granularity, ops) => {
          const p = periodOfDate(day, granularity, calendar);
          const { first, last } = resolveWindow(p, ops, calendar);
          expect(first.startDay).toBeLessThanOrEqual(last.startDay);
          expect([first.granularity, last.granularity]).toEqual([granularity, granularity]);
          expect(reachBackDays(p, ops, calendar)).toBe(p.startDay - first.startDay);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('YTD starts at the first period counting toward the fiscal year of its first period', () => {
    fc.assert(
      fc.property(calendarArb, recentDayArb, granularityArb, (calendar, day, granularity) => {
        fc.pre(granularity !== 'YEAR');
        const p = periodOfDate(day, granularity, calendar);
        const { first } = resolveWindow(p, [{ kind: 'TO_DATE', unit: 'YEAR' }], calendar);
        const anchor = granularity === 'WEEK' ? p.startDay + 3 : p.startDay;
        const year = periodOfDate(anchor, 'YEAR', calendar);
        expect(countsToward(first, year)).toBe(true);
        expect(countsToward(shiftPeriod(first, -1, calendar), year)).toBe(false);
      }),
    );
  });
});
