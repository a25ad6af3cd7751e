/**
 * The closed scorecard periods of a workspace, as day ranges, for the ingestion paths:
 * one query per write loads them all, and each row is then checked in memory. A value
 * is in a closed period when it counts toward it by the containment rule (a month inside
 * a closed quarter, a week by its Thursday); an event when its local date lies inside.
 */
import type { EntityManager } from 'typeorm';
import { type DayNumber, type Granularity, countingStartDays, isoToDay } from '../periods';
import type { ServiceContext } from './context';
import { Problem, type ProblemDetail } from './problem';

export interface ClosedPeriod {
  readonly scorecard: string;
  readonly period: string;
  readonly granularity: Granularity;
  readonly startDay: DayNumber;
  readonly endDay: DayNumber;
}

/** One shared advisory lock per workspace: writers hold it shared, a close exclusively. */
export const CLOSE_LOCK_SQL = `hashtext('period_closes:' || $1::text)`;

export class ClosedPeriods {
  private readonly byGrain = new Map<Granularity, Array<{ from: DayNumber; to: DayNumber; closed: ClosedPeriod }>>();

  constructor(readonly periods: readonly ClosedPeriod[]) {}

  get isEmpty(): boolean {
    return this.periods.length === 0;
  }

  /** The closed period a value recorded for (grain, first day) counts toward, if any. */
  containing(grain: Granularity, startDay: DayNumber): ClosedPeriod | undefined {
    let ranges = this.byGrain.get(grain);
    if (!ranges) {
      ranges = [];
      for (const closed of this.periods) {
        const range = countingStartDays(grain, closed.startDay, closed.endDay, closed.granularity);
        if (range) ranges.push({ ...range, closed });
      }
      this.byGrain.set(grain, ranges);
    }
    return ranges.find((r) => startDay >= r.from && startDay <= r.to)?.closed;
  }
}

/**
 * The standing closes of the workspace. Inside a write transaction it first takes the
 * close lock shared, so a close committing meanwhile is either seen here or waits for
 * this write to commit (and then sees the values revision move, see period-close.ts).
 */
export async function loadClosedPeriods(ctx: ServiceContext, run?: EntityManager): Promise<ClosedPeriods> {
  const db = run ?? ctx.db.dataSource.manager;
  if (run) await run.query(`SELECT pg_advisory_xact_lock_shared(${CLOSE_LOCK_SQL})`, [ctx.workspace.id]);
  const rows: Array<Record<string, string>> = await db.query(
    `SELECT s.key AS scorecard, c.period_key, c.granularity, c.start_day::text AS start_day, c.end_day::text AS end_day
       FROM period_closes c JOIN scorecards s ON s.workspace_id = c.workspace_id AND s.id = c.scorecard_id
      WHERE c.workspace_id = $1 AND c.reopened_at IS NULL
      ORDER BY c.start_day, s.key`,
    [ctx.workspace.id],
  );
  return new ClosedPeriods(rows.map((r) => ({
    scorecard: r.scorecard,
    period: r.period_key,
    granularity: r.granularity as Granularity,
    startDay: isoToDay(r.start_day),
    endDay: isoToDay(r.end_day),
  })));
}

export interface ClosedHit {
  /** 0-based row index in a batch; absent for a CSV line or a deletion. */
  readonly index?: number;
  readonly field: string;
  /** The row as a person reads it: `(revenue, sales-east, 2025-02)`. */
  readonly what: string;
  readonly closed: ClosedPeriod;
}

const LISTED_HITS = 100;

/**
 * The refusal of a write into closed periods: every offending row, and how to send it
 * anyway. `total`: the rows of the batch, or absent for a deletion (its rows are stored ones).
 */
export function periodClosed(hits: readonly ClosedHit[], field: string, total?: number): Problem {
  const periods = [...new Set(hits.map((h) => `${h.closed.period} of scorecard "${h.closed.scorecard}"`))];
  const details: ProblemDetail[] = hits.slice(0, LISTED_HITS).map((h) => ({
    ...(h.index === undefined ? {} : { index: h.index }),
    field: h.field,
    message: `${h.what} lies in ${h.closed.period}, closed for scorecard "${h.closed.scorecard}".`,
  }));
  return new Problem(
    'PERIOD_CLOSED',
    `${total === undefined ? `${hits.length} stored values to delete` : `${hits.length} of ${total} ${field === 'events' ? 'events' : 'rows'}`} fall in closed periods (${periods.slice(0, 5).join(', ')}${periods.length > 5 ? ', …' : ''}), so nothing was ${total === undefined ? 'deleted' : 'written'}${hits.length > LISTED_HITS ? `; the first ${LISTED_HITS} are listed` : ''}. Send the change as an adjustment with a reason, or have an ADMIN reopen the period.`,
    { field, details },
  );
}
