/**
 * The SQL half of the measure loader: one query groups every requested measure's values
 * by (measure, team, bucket), where buckets are consecutive periods of the grid's
 * granularity and a value falls in the bucket holding its anchor day (its period's first
 * day, or the Thursday of an ISO week). `width_bucket` over the sorted bucket starts
 * finds each bucket by binary search in the same pass as the aggregation.
 *
 * Event-based measures are computed here too, from `events`, at read time: first
 * aggregated per (team, grain period), giving exactly the rows a recorded measure would
 * have, then bucketed like recorded values. Not materialised, because a definition
 * change (filters, attribute) or a late event would otherwise need a rebuild, and the
 * `(workspace_id, type, local_date)` index keeps the read cheap.
 */
import type { EntityManager } from 'typeorm';
import { type DayNumber, dayToIso } from '../periods';
import { compileEventSource, type EventSource } from '../domain/event-source';
import type { MeasureGrain } from '../domain/measure';

export interface BucketMeasure {
  readonly id: string;
  readonly grain: MeasureGrain;
  readonly source: EventSource | null;
  /** Whether the first and last value of each bucket are needed (time rules FIRST, LAST). */
  readonly withEnds: boolean;
}

export interface BucketQuery {
  readonly workspaceId: string;
  readonly measures: readonly BucketMeasure[];
  /** First day of each bucket, ascending, plus the day after the last bucket. */
  readonly bucketBounds: readonly DayNumber[];
  readonly fiscalYearStartMonth: number;
  /** Only these teams (a scoped key's subtree); null for every team. */
  readonly teamIds: readonly string[] | null;
}

/** One (measure, team, bucket) group; rows come sorted by measure, team, bucket. */
export interface BucketRow {
  readonly measure_id: string;
  readonly team_id: string;
  /** 0-based bucket. */
  readonly bucket: number;
  readonly sum: number;
  readonly count: number;
  readonly min: number;
  readonly max: number;
  /** Value with the earliest / latest anchor in the bucket (null unless asked for). */
  readonly first: number | null;
  readonly last: number | null;
}

export async function queryMeasureBuckets(run: EntityManager, q: BucketQuery): Promise<BucketRow[]> {
  if (q.measures.length === 0) return [];
  const params: unknown[] = [];
  const bind = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const workspace = bind(q.workspaceId);
  const from = bind(dayToIso(q.bucketBounds[0]));
  const until = bind(dayToIso(q.bucketBounds[q.bucketBounds.length - 1]));
  const teams = q.teamIds ? bind(q.teamIds) : null;
  const bounds = bind(q.bucketBounds.map(dayToIso));
  const at = { workspace, from, until, teams, fiscalOffset: q.fiscalYearStartMonth - 1, bounds: q.bucketBounds };

  // The values of some measures, recorded or computed from events, as (measure, team, anchor, value).
  const valuesOf = (measures: readonly BucketMeasure[]): string => {
    const parts: string[] = [];
    const recorded = measures.filter((m) => m.source === null).map((m) => m.id);
    if (recorded.length > 0) {
      parts.push(`SELECT measure_id, team_id, anchor_date, value FROM measure_values
        WHERE workspace_id = ${workspace} AND measure_id = ANY(${bind(recorded)}::uuid[])
          AND period_start >= ${from}::date - 3 AND period_start < ${until}::date
          AND anchor_date >= ${from}::date AND anchor_date < ${until}::date${teams ? ` AND team_id = ANY(${teams}::uuid[])` : ''}`);
    }
    for (const m of measures) if (m.source) parts.push(eventPart(m, m.source, bind, at));
    return parts.join('\n      UNION ALL\n');
  };
  // Only FIRST / LAST need the value at each end of a bucket; ordering every group costs.
  const groups: string[] = [];
  for (const ends of [false, true]) {
    const subset = q.measures.filter((m) => m.withEnds === ends);
    if (subset.length === 0) continue;
    groups.push(`SELECT measure_id, team_id,
           width_bucket(anchor_date, ${bounds}::date[]) - 1 AS bucket,
           sum(value) AS sum, count(*)::int AS count, min(value) AS min, max(value) AS max,
           ${ends ? '(array_agg(value ORDER BY anchor_date))[1]' : 'NULL::float8'} AS first,
           ${ends ? '(array_agg(value ORDER BY anchor_date DESC))[1]' : 'NULL::float8'} AS last
      FROM (${valuesOf(subset)}) vals
     GROUP BY 1, 2, 3`);
  }
  // Sorting by uuid is cheaper than by text (no collation); the cast happens on the way out.
  return run.query(
    `SELECT g.measure_id::text AS measure_id, g.team_id::text AS team_id, g.bucket, g.sum, g.count, g.min, g.max, g.first, g.last
       FROM (${groups.join('\n    UNION ALL\n    ')}) g
      ORDER BY g.measure_id, g.team_id, g.bucket`,
    params,
  );
}

function eventPart(
  m: BucketMeasure,
  source: EventSource,
  bind: (value: unknown) => string,
  at: { workspace: string; from: string; until: string; teams: string | null; fiscalOffset: number; bounds: readonly DayNumber[] },
): string {
  const { aggregate, conditions } = compileEventSource(source, bind);
  const start = periodStartSql(m.grain, at.fiscalOffset, bind);
  // A week counts by its Thursday, so its events may lie up to 3 days either side of the span.
  const margin = m.grain === 'WEEK' ? 3 : 0;
  const lo = bind(dayToIso(at.bounds[0] - margin));
  const hi = bind(dayToIso(at.bounds[at.bounds.length - 1] + margin));
  return `SELECT * FROM (
        SELECT ${bind(m.id)}::uuid AS measure_id, e.team_id, e.period_start${m.grain === 'WEEK' ? ' + 3' : ''} AS anchor_date, ${aggregate} AS value
          FROM (SELECT e.team_id, e.numbers, ${start} AS period_start FROM events e
                 WHERE e.workspace_id = ${at.workspace} AND e.local_date >= ${lo}::date AND e.local_date < ${hi}::date
                   AND ${conditions.join(' AND ')}${at.teams ? ` AND e.team_id = ANY(${at.teams}::uuid[])` : ''}) e
         GROUP BY e.team_id, e.period_start) ev
       WHERE ev.anchor_date >= ${at.from}::date AND ev.anchor_date < ${at.until}::date AND ev.value IS NOT NULL`;
}

/** First day of the measure-grain period holding an event's local date (fiscal years shift by whole months). */
function periodStartSql(grain: MeasureGrain, fiscalOffset: number, bind: (value: unknown) => string): string {
  switch (grain) {
    case 'DAY':
      return 'e.local_date';
    case 'WEEK':
      return `date_trunc('week', e.local_date::timestamp)::date`;
    case 'MONTH':
      return `date_trunc('month', e.local_date::timestamp)::date`;
    case 'QUARTER':
    case 'YEAR': {
      const shift = `make_interval(months => ${bind(fiscalOffset)}::int)`;
      return `(date_trunc('${grain.toLowerCase()}', e.local_date - ${shift}) + ${shift})::date`;
    }
  }
}
