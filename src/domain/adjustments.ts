/**
 * The adjustments log: every value written into a closed period on purpose (who, when,
 * why, which measure or event, team, period, old and new value). The frozen result of
 * the period stays as it was; readers see these entries beside it.
 */
import type { EntityManager } from 'typeorm';
import { type DayNumber, type Granularity, countsTowardWindow, dayToIso, isoToDay } from '../periods';
import type { ServiceContext } from './context';
import { Problem } from './problem';

/** Sent with a write into a closed period: the write happens and is logged with this reason. */
export interface AdjustmentInput {
  readonly reason: string;
}

export type AdjustmentSource = 'VALUES' | 'DELETE' | 'CSV' | 'EVENTS';

const MAX_REASON = 1000;

/** The checked reason of an adjustment, or null when the write is not one. */
export function adjustmentReason(input: AdjustmentInput | null | undefined): string | null {
  if (input == null) return null;
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason === '' || reason.length > MAX_REASON) {
    throw new Problem('INVALID_INPUT', `An adjustment needs a reason of 1–${MAX_REASON} characters saying why the closed period's data changes.`, { field: 'adjustment.reason' });
  }
  return reason;
}

export interface AdjustmentRow {
  readonly source: AdjustmentSource;
  /** A measure value's measure, or else the event type. */
  readonly measureKey: string | null;
  readonly eventType: string | null;
  readonly teamId: string;
  readonly teamKey: string;
  readonly grain: Granularity;
  readonly periodKey: string;
  readonly periodStartDay: DayNumber;
  /** null: nothing was stored before (or, for events, not a single number). */
  readonly oldValue: number | null;
  /** null: deleted (or an event). */
  readonly newValue: number | null;
  readonly detail?: unknown;
}

const CHUNK = 5000;

export async function logAdjustments(ctx: ServiceContext, tx: EntityManager, reason: string, rows: readonly AdjustmentRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map((r) => ({
      source: r.source, measure_key: r.measureKey, event_type: r.eventType, team_id: r.teamId, team_key: r.teamKey, grain: r.grain,
      period_key: r.periodKey, period_start: dayToIso(r.periodStartDay), old_value: r.oldValue, new_value: r.newValue, detail: r.detail ?? null,
    }));
    // The clock, not the transaction's start: a write that waited for a close to commit is logged as after it.
    await tx.query(
      `INSERT INTO value_adjustments (workspace_id, at, actor, reason, source, measure_key, event_type, team_id, team_key, grain, period_key, period_start, old_value, new_value, detail)
       SELECT $1, clock_timestamp(), $2, $3, r.source, r.measure_key, r.event_type, r.team_id, r.team_key, r.grain, r.period_key, r.period_start, r.old_value, r.new_value, r.detail
         FROM jsonb_to_recordset($4::jsonb) AS r(source text, measure_key text, event_type text, team_id uuid, team_key text, grain text,
              period_key text, period_start date, old_value double precision, new_value double precision, detail jsonb)`,
      [ctx.workspace.id, ctx.actor.name, reason, JSON.stringify(chunk)],
    );
  }
}

export interface Adjustment {
  readonly id: string;
  readonly at: Date;
  readonly actor: string;
  readonly reason: string;
  readonly source: AdjustmentSource;
  readonly measure: string | null;
  readonly eventType: string | null;
  readonly teamId: string;
  readonly team: string;
  readonly grain: Granularity;
  readonly period: string;
  readonly periodStartDay: DayNumber;
  readonly oldValue: number | null;
  readonly newValue: number | null;
}

export interface AdjustedPeriod {
  readonly granularity: Granularity;
  readonly startDay: DayNumber;
  readonly endDay: DayNumber;
  /** Only adjustments made after this instant count (earlier ones are inside the frozen numbers). */
  readonly since: Date;
}

/** Adjustments made since each period's close that count toward it, oldest first, in one query. */
export async function adjustmentsTouching(ctx: ServiceContext, periods: readonly AdjustedPeriod[]): Promise<Map<AdjustedPeriod, Adjustment[]>> {
  const out = new Map<AdjustedPeriod, Adjustment[]>(periods.map((p) => [p, []]));
  if (periods.length === 0) return out;
  // A week counts by its Thursday: its first day may lie up to 3 days before the period.
  const from = Math.min(...periods.map((p) => p.startDay)) - 3;
  const to = Math.max(...periods.map((p) => p.endDay));
  const since = new Date(Math.min(...periods.map((p) => p.since.getTime())));
  const rows: Array<Record<string, unknown>> = await ctx.db.dataSource.query(
    `SELECT id::text, at, actor, reason, source, measure_key, event_type, team_id, team_key, grain, period_key, period_start::text AS period_start, old_value, new_value
       FROM value_adjustments WHERE workspace_id = $1 AND period_start BETWEEN $2::date AND $3::date AND at >= $4
      ORDER BY id`,
    [ctx.workspace.id, dayToIso(from), dayToIso(to), since],
  );
  for (const r of rows) {
    const a: Adjustment = {
      id: r.id as string, at: new Date(r.at as string), actor: r.actor as string, reason: r.reason as string, source: r.source as AdjustmentSource,
      measure: (r.measure_key as string | null) ?? null, eventType: (r.event_type as string | null) ?? null,
      teamId: r.team_id as string, team: r.team_key as string, grain: r.grain as Granularity, period: r.period_key as string,
      periodStartDay: isoToDay(r.period_start as string),
      oldValue: r.old_value === null ? null : Number(r.old_value), newValue: r.new_value === null ? null : Number(r.new_value),
    };
    for (const p of periods) {
      if (a.at >= p.since && countsTowardWindow(a.grain, a.periodStartDay, p.startDay, p.endDay, p.granularity)) out.get(p)!.push(a);
    }
  }
  return out;
}
