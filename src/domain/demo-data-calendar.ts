/**
 * The demo's months and their rhythm. The data covers the 24 months before a FIXED
 * reference date (2024-01..2025-12), so every run and every test sees the same periods,
 * whatever today is. Seasonality follows a Chinese sales year: a dip in the month of the
 * Spring Festival and less around it, the 618 mid-year sale, and a Q4 peak (Double 11).
 */
export const DEMO_REFERENCE_DATE = '2026-01-01';
export const DEMO_MONTH_COUNT = 24;
/** Names every random stream of the demo; change it and all numbers change. */
export const DEMO_SEED = 'kpi-engine-crm-demo';

export interface DemoMonth {
  /** Period key, e.g. `2025-03`. */
  readonly key: string;
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** 0 for the first month of the demo. */
  readonly index: number;
  /** 0 at the first month, 1 at the last: where a trend is between its start and end. */
  readonly progress: number;
  /** Activity relative to an ordinary month (1). */
  readonly season: number;
}

/** Month of the Spring Festival (春节) by year. */
const SPRING_FESTIVAL_MONTH: Readonly<Record<number, number>> = { 2022: 2, 2023: 1, 2024: 2, 2025: 1, 2026: 2, 2027: 2 };
/** Jan … Dec before the Spring Festival: 618 in June, Double 11 in November, year-end in December. */
const MONTH_FACTOR = [1.0, 1.0, 0.98, 1.0, 1.02, 1.06, 0.97, 0.96, 1.0, 1.06, 1.18, 1.12];

export function seasonOf(year: number, month: number): number {
  const festival = SPRING_FESTIVAL_MONTH[year];
  const base = MONTH_FACTOR[month - 1];
  if (festival === month) return base * 0.75;
  if (festival !== undefined && Math.abs(festival - month) === 1) return base * 0.92;
  return base;
}

function monthsBefore(referenceDate: string, count: number): DemoMonth[] {
  const [year, month] = referenceDate.split('-').map(Number);
  const firstOrdinal = year * 12 + (month - 1) - count;
  return Array.from({ length: count }, (_, index) => {
    const ordinal = firstOrdinal + index;
    const y = Math.floor(ordinal / 12);
    const m = (ordinal % 12) + 1;
    return { key: `${y}-${String(m).padStart(2, '0')}`, year: y, month: m, index, progress: index / (count - 1), season: seasonOf(y, m) };
  });
}

/** 2024-01 … 2025-12. */
export const DEMO_MONTHS: readonly DemoMonth[] = monthsBefore(DEMO_REFERENCE_DATE, DEMO_MONTH_COUNT);

/** The value of a trend at this month: `from` at the first month, `to` at the last. */
export const trend = (m: DemoMonth, [from, to]: readonly [number, number]): number => from + (to - from) * m.progress;
