/**
 * Set-based writes of measure values: one `INSERT … SELECT FROM unnest(…) ON CONFLICT`
 * per chunk. Columns travel as a handful of array parameters (ids as small indexes into
 * per-chunk id lists), so a chunk of thousands of rows is one statement with eight
 * parameters instead of tens of thousands of bind values.
 */
import type { EntityManager } from 'typeorm';
import type { ResolvedValue } from '../domain/value-rows';
import { rowsOf } from './sql';

export interface WriteCounts {
  inserted: number;
  updated: number;
}

const UPSERT = `
  WITH input AS (
    SELECT ($2::uuid[])[m] AS measure_id, ($3::uuid[])[t] AS team_id,
           DATE '1970-01-01' + p AS period_start, DATE '1970-01-01' + a AS anchor_date, v AS value
      FROM unnest($4::int[], $5::int[], $6::int[], $7::int[], $8::float8[]) AS u(m, t, p, a, v)
  ), written AS (
    INSERT INTO measure_values AS mv (workspace_id, measure_id, team_id, period_start, anchor_date, value)
    SELECT $1::uuid, measure_id, team_id, period_start, anchor_date, value FROM input
    ON CONFLICT (workspace_id, measure_id, team_id, period_start) DO UPDATE
      SET value = EXCLUDED.value, updated_at = now()
      WHERE mv.value IS DISTINCT FROM EXCLUDED.value
    RETURNING (xmax = 0) AS inserted
  )
  SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM written`;

/**
 * One chunk as columns: `measure` and `team` are 1-based positions in `measureIds` and
 * `teamIds`; `periodStart` and `anchor` are day numbers (days since 1970-01-01).
 */
export interface ValueColumns {
  readonly measureIds: readonly string[];
  readonly teamIds: readonly string[];
  readonly measure: Int32Array;
  readonly team: Int32Array;
  readonly periodStart: Int32Array;
  readonly anchor: Int32Array;
  readonly value: Float64Array;
}

/** Upserts one chunk; rows whose value is already stored are left alone (not counted). */
export async function upsertMeasureValueColumns(tx: EntityManager, workspaceId: string, c: ValueColumns): Promise<WriteCounts> {
  if (c.measure.length === 0) return { inserted: 0, updated: 0 };
  const [counts] = await rowsOf<WriteCounts>(tx, UPSERT, [
    workspaceId, c.measureIds, c.teamIds, Array.from(c.measure), Array.from(c.team), Array.from(c.periodStart), Array.from(c.anchor), Array.from(c.value),
  ]);
  return { inserted: Number(counts.inserted), updated: Number(counts.updated) };
}

export async function upsertMeasureValues(tx: EntityManager, workspaceId: string, rows: readonly ResolvedValue[]): Promise<WriteCounts> {
  const measureIds = new Dictionary();
  const teamIds = new Dictionary();
  const n = rows.length;
  const columns = {
    measureIds: measureIds.values, teamIds: teamIds.values, measure: new Int32Array(n), team: new Int32Array(n),
    periodStart: new Int32Array(n), anchor: new Int32Array(n), value: new Float64Array(n),
  };
  rows.forEach((r, i) => {
    columns.measure[i] = measureIds.indexOf(r.measureId);
    columns.team[i] = teamIds.indexOf(r.teamId);
    columns.periodStart[i] = r.periodStartDay;
    columns.anchor[i] = r.anchorDay;
    columns.value[i] = r.value;
  });
  return upsertMeasureValueColumns(tx, workspaceId, columns);
}

/** Bumps the workspace's data counter once per successful batch; returns the new value. */
export async function bumpValuesRevision(tx: EntityManager, workspaceId: string): Promise<number> {
  const [row] = await rowsOf<{ values_revision: string }>(tx,
    `UPDATE workspaces SET values_revision = values_revision + 1 WHERE id = $1 RETURNING values_revision`, [workspaceId]);
  return Number(row.values_revision);
}

/** 1-based positions of distinct strings, for `(array)[i]` lookups in SQL. */
export class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  indexOf(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      this.values.push(value);
      i = this.values.length;
      this.index.set(value, i);
    }
    return i;
  }
}
