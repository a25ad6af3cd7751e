/**
 * Random strings and near-valid period keys through the period parser, on every fiscal
 * calendar. Rule: the answer is INVALID_PERIOD with a short message, or a period whose key
 * is exactly the text given (only canonical keys are accepted, so parse → key round-trips)
 * and whose start and end agree with the key, computed here without the period module.
 * FUZZ_SEED replays a run; fast-check prints the seed of a failure.
 */
import fc from 'fast-check';
import { type Calendar, type Granularity, parsePeriodKey, periodOfDate, periodRange } from '../../src/periods';
import { calendarArb, granularityArb, periodArb, recentDayArb } from '../periods/arbitraries';

const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const runs = (n: number) => ({ numRuns: n, seed: SEED });

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d); // Date.UTC maps years 0–99 to 1900+, not used below 1900

/** What a key must mean, from its shape alone: granularity, and the days where a calendar fixes them. */
function expectMatchesKey(key: string, calendar: Calendar, period: { granularity: Granularity; start: string; end: string; startDay: number; endDay: number }): void {
  expect(period.startDay).toBeLessThanOrEqual(period.endDay);
  // start/end are the ISO dates of startDay/endDay (days since 1970-01-01).
  expect(period.start).toBe(isoDay(period.startDay * DAY_MS));
  expect(period.end).toBe(isoDay(period.endDay * DAY_MS));
  const length = period.endDay - period.startDay + 1;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key))) {
    expect(period.granularity).toBe('DAY');
    expect([period.start, period.end]).toEqual([key, key]);
  } else if ((m = /^(\d{4})-(\d{2})$/.exec(key))) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    expect(period.granularity).toBe('MONTH');
    expect(period.start).toBe(`${key}-01`);
    expect(period.end).toBe(isoDay(utc(y, mo + 1, 1) - DAY_MS)); // the day before the next month's first
  } else if ((m = /^(\d{4})-W(\d{2})$/.exec(key))) {
    expect(period.granularity).toBe('WEEK');
    expect(length).toBe(7);
    expect(new Date(period.startDay * DAY_MS).getUTCDay()).toBe(1); // ISO weeks start on Monday
    // Its Thursday lies in the ISO year of the key, and week n starts 7(n−1) days after week 1.
    const thursday = new Date((period.startDay + 3) * DAY_MS);
    expect(thursday.getUTCFullYear()).toBe(Number(m[1]));
    expect(Math.floor((period.startDay + 3 - utc(Number(m[1]), 1, 1) / DAY_MS) / 7) + 1).toBe(Number(m[2]));
  } else if ((m = /^(\d{4})(?:-([HQ])(\d))?$/.exec(key))) {
    const months = m[2] === 'H' ? 6 : m[2] === 'Q' ? 3 : 12;
    expect(period.granularity).toBe(m[2] === 'H' ? 'HALF' : m[2] === 'Q' ? 'QUARTER' : 'YEAR');
    // Fiscal year Y starts in the start month of calendar year Y (or Y−1 when it is named by its end:
    // either way, the period starts on the 1st of a month and spans whole months).
    expect(period.start.endsWith('-01')).toBe(true);
    const [sy, sm] = period.start.split('-').map(Number);
    expect((sm - calendar.fiscalYearStartMonth + 12) % months).toBe(0);
    expect(period.end).toBe(isoDay(utc(sy, sm + months, 1) - DAY_MS));
  } else {
    throw new Error(`accepted a key of no canonical shape: ${JSON.stringify(key)}`);
  }
}

function expectHandled(text: unknown, calendar: Calendar): boolean {
  const result = parsePeriodKey(text, calendar);
  if (!result.ok) {
    expect(result.error.code).toBe('INVALID_PERIOD');
    expect(result.error.message.length).toBeGreaterThan(0);
    // Never echoes a long input whole.
    expect(result.error.message.length).toBeLessThan(600);
    return false;
  }
  expect(result.period.key).toBe(text);
  expect(parsePeriodKey(result.period.key, calendar)).toEqual(result);
  expectMatchesKey(result.period.key, calendar, result.period);
  return true;
}

/** Small changes to a valid key: case, digits, separators, whitespace, length. */
const KEY_EDITS: ReadonlyArray<(key: string, n: number) => string> = [
  (k) => k.toLowerCase(),
  (k, n) => k.slice(0, n % (k.length + 1)) + k.slice((n % (k.length + 1)) + 1),
  (k, n) => k.slice(0, n % (k.length + 1)) + String(n % 10) + k.slice(n % (k.length + 1)),
  (k, n) => k.replace(/\d(?!.*\d)/, String(n % 10)),
  (k) => k.replace(/-(\d)(?=$|-)/, '-0$1'),
  (k) => k.replace(/-0(\d)/, '-$1'),
  (k) => k.replace(/-/g, '/'),
  (k) => ` ${k}`,
  (k) => `${k}\n`,
  (k) => `${k}-01`,
  (k) => k.replace(/^\d{4}/, (y) => String(Number(y) + 8000)),
  (k) => k.replace(/^\d{4}/, '1899'),
  (k) => k.replace(/W\d\d/, 'W53'),
  (k) => k.replace(/Q\d/, 'Q5').replace(/H\d/, 'H0'),
  (k) => k.replace(/-(\d\d)-\d\d$/, '-$1-31'),
  (k) => k.replace(/-(\d\d)-\d\d$/, '-02-29'),
  (k) => `${k}\u0000`,
  (k) => k.replace(/\d/, '٣'),
];

describe('period keys', () => {
  test('every valid key round-trips and its days agree with the key', () => {
    fc.assert(
      fc.property(calendarArb.chain((c) => fc.tuple(fc.constant(c), periodArb(c))), ([calendar, period]) => {
        expect(expectHandled(period.key, calendar)).toBe(true);
      }),
      runs(500),
    );
  });

  test('near-valid keys are refused with INVALID_PERIOD or are themselves canonical keys', () => {
    fc.assert(
      fc.property(
        calendarArb.chain((c) => fc.tuple(fc.constant(c), periodArb(c))),
        fc.array(fc.tuple(fc.nat({ max: KEY_EDITS.length - 1 }), fc.nat()), { minLength: 1, maxLength: 3 }),
        ([calendar, period], edits) => {
          expectHandled(edits.reduce((key, [i, n]) => KEY_EDITS[i](key, n), period.key as string), calendar);
        },
      ),
      runs(1500),
    );
  });

  test('random strings and non-strings are refused, never thrown', () => {
    const anything = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: fc.constantFrom('0', '1', '2', '9', '-', 'W', 'Q', 'H', 'w', ' ', '/'), maxLength: 12 }),
      fc.constantFrom('', '2025-'.repeat(10_000), 'NaN', '-2025', '+2025', '2025.0', '2025e0', '0x7E9'),
      fc.anything(),
    );
    fc.assert(fc.property(anything, calendarArb, (text, calendar) => void expectHandled(text, calendar)), runs(1500));
  });

  test('random ranges give periods that tile from..to, or a typed error', () => {
    let valid = 0;
    // Mostly keys of any granularity a few hundred days apart (in either order), so that many ranges are valid.
    const near = fc
      .tuple(calendarArb, recentDayArb, fc.integer({ min: -30, max: 700 }), granularityArb, granularityArb)
      .map(([calendar, day, offset, g1, g2]) => ({ calendar, from: periodOfDate(day, g1, calendar).key as string, to: periodOfDate(day + offset, g2, calendar).key as string }));
    const odd = fc.record({ calendar: calendarArb, from: fc.constantFrom('1900', '9999', '2025-W53', '2026-W53', 'x', ''), to: fc.constantFrom('1900-01-01', '9999-12', '2026-W53', '2025-Q5', 'x') });
    fc.assert(
      fc.property(fc.oneof({ weight: 4, arbitrary: near }, { weight: 1, arbitrary: odd }), granularityArb, ({ calendar, from, to }, granularity) => {
        const range = periodRange(from, to, granularity, calendar, { maxPeriods: 400 });
        if (!range.ok) {
          expect(['INVALID_PERIOD', 'INVALID_RANGE', 'RANGE_TOO_LARGE']).toContain(range.error.code);
          return;
        }
        valid++;
        const { periods } = range;
        expect(periods.length).toBeGreaterThan(0);
        expect(periods.length).toBeLessThanOrEqual(400);
        for (const [i, p] of periods.entries()) {
          expect(p.granularity).toBe(granularity);
          if (i > 0) expect(p.startDay).toBe(periods[i - 1].endDay + 1);
        }
        // The first period holds the first day of `from`, the last the last day of `to`.
        const [f, t] = [parsePeriodKey(from, calendar), parsePeriodKey(to, calendar)];
        if (!f.ok || !t.ok) throw new Error('a range of unparsable keys was accepted');
        expect(periods[0].startDay).toBeLessThanOrEqual(f.period.startDay);
        expect(periods[0].endDay).toBeGreaterThanOrEqual(f.period.startDay);
        expect(periods[periods.length - 1].startDay).toBeLessThanOrEqual(t.period.endDay);
        expect(periods[periods.length - 1].endDay).toBeGreaterThanOrEqual(t.period.endDay);
      }),
      runs(800),
    );
    // The generator is useful only if a good share of ranges are valid.
    expect(valid).toBeGreaterThan(100);
  });
});
