/** The measure model: what a base measure is and how it combines over time and teams. */
import type { EntityManager } from 'typeorm';
import type { Granularity } from '../periods';
import type { ServiceContext } from './context';
import { type EventSource, eventSourceFromJson } from './event-source';

export type MeasureUnit = 'COUNT' | 'CURRENCY' | 'SECONDS' | 'DAYS' | 'PERCENT' | 'POINTS';
export const MEASURE_UNITS: readonly MeasureUnit[] = ['COUNT', 'CURRENCY', 'SECONDS', 'DAYS', 'PERCENT', 'POINTS'];

/** How values of several periods combine into a longer window. */
export type TimeAggregation = 'SUM' | 'LAST' | 'FIRST' | 'AVERAGE' | 'MIN' | 'MAX';
export const TIME_AGGREGATIONS: readonly TimeAggregation[] = ['SUM', 'LAST', 'FIRST', 'AVERAGE', 'MIN', 'MAX'];

/** How the values of the teams of a subtree combine. */
export type TeamAggregation = 'SUM' | 'AVERAGE' | 'MIN' | 'MAX';
export const TEAM_AGGREGATIONS: readonly TeamAggregation[] = ['SUM', 'AVERAGE', 'MIN', 'MAX'];

/** The one granularity a measure is recorded at (HALF is a reporting period only). */
export type MeasureGrain = Exclude<Granularity, 'HALF'>;
export const MEASURE_GRAINS: readonly MeasureGrain[] = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'];

export interface Measure {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly unit: MeasureUnit;
  /** ISO 4217 code, for CURRENCY only. */
  readonly currency: string | null;
  readonly timeAggregation: TimeAggregation;
  readonly teamAggregation: TeamAggregation;
  readonly grain: MeasureGrain;
  /** Set for measures computed from events instead of recorded values. */
  readonly source: EventSource | null;
  readonly archivedAt: Date | null;
  readonly revision: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export const MEASURE_COLUMNS =
  'id, key, name, description, unit, currency, time_aggregation, team_aggregation, grain, event_source, archived_at, revision, created_at, updated_at';

export function measureFromRow(r: Record<string, unknown>): Measure {
  return {
    id: r.id as string,
    key: r.key as string,
    name: r.name as string,
    description: r.description as string,
    unit: r.unit as MeasureUnit,
    currency: (r.currency as string | null) ?? null,
    timeAggregation: r.time_aggregation as TimeAggregation,
    teamAggregation: r.team_aggregation as TeamAggregation,
    grain: r.grain as MeasureGrain,
    source: eventSourceFromJson(r.event_source),
    archivedAt: r.archived_at ? new Date(r.archived_at as string) : null,
    revision: Number(r.revision),
    createdAt: new Date(r.created_at as string),
    updatedAt: new Date(r.updated_at as string),
  };
}

/** Every measure of the workspace by key (a workspace has hundreds at most). */
export async function loadMeasuresByKey(ctx: ServiceContext, tx?: EntityManager): Promise<Map<string, Measure>> {
  const run = tx ?? ctx.db.dataSource.manager;
  const rows: Record<string, unknown>[] = await run.query(`SELECT ${MEASURE_COLUMNS} FROM measures WHERE workspace_id = $1`, [ctx.workspace.id]);
  return new Map(rows.map((r) => [r.key as string, measureFromRow(r)]));
}
