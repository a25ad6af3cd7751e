/**
 * The durable queue between a data write and alert evaluation. A write adds one row in
 * its own transaction (so committed data always gets evaluated, even after a crash);
 * any process claims rows with FOR UPDATE SKIP LOCKED under a lease, so a job is worked
 * on by one process at a time and taken over when its process died mid-way.
 */
import type { EntityManager } from 'typeorm';
import type { Database } from '../db/data-source';
import { rowsOf } from '../db/sql';
import { dayToIso, isoToDay } from '../periods';

/** What a write touched: the measures, the teams written to, the anchor days' range. */
export interface WrittenData {
  readonly measureIds: readonly string[];
  readonly teamIds: readonly string[];
  readonly fromDay: number;
  readonly toDay: number;
}

export interface AlertJob extends WrittenData {
  readonly workspaceId: string;
  readonly id: string;
  readonly attempts: number;
}

/** A job whose process died is taken over after this long. */
const LEASE_SECONDS = 120;
/** A job that failed this often is parked (kept with its error) instead of retried forever. */
export const MAX_JOB_ATTEMPTS = 5;

/** Queues an evaluation inside the write's transaction; nothing when the workspace has no alert rule. */
export async function enqueueAlertJob(tx: EntityManager, workspaceId: string, data: WrittenData): Promise<void> {
  if (data.measureIds.length === 0 || data.teamIds.length === 0) return;
  await tx.query(
    `INSERT INTO alert_jobs (workspace_id, measure_ids, team_ids, from_day, to_day)
     SELECT $1, $2::uuid[], $3::uuid[], $4::date, $5::date
      WHERE EXISTS (SELECT 1 FROM alert_rules WHERE workspace_id = $1 AND deleted_at IS NULL)`,
    [workspaceId, data.measureIds, data.teamIds, dayToIso(data.fromDay), dayToIso(data.toDay)],
  );
}

/** Event writes queue the event-based measures that count the written event types. */
export async function enqueueEventAlertJob(
  tx: EntityManager,
  workspaceId: string,
  events: ReadonlyArray<{ readonly type: string; readonly teamId: string; readonly localDay: number }>,
): Promise<void> {
  if (events.length === 0) return;
  const types = [...new Set(events.map((e) => e.type))];
  const rows: Array<{ id: string }> = await tx.query(
    `SELECT id FROM measures WHERE workspace_id = $1 AND event_source IS NOT NULL AND event_source->>'eventType' = ANY($2::text[])`,
    [workspaceId, types],
  );
  const days = events.map((e) => e.localDay);
  await enqueueAlertJob(tx, workspaceId, {
    measureIds: rows.map((r) => r.id),
    teamIds: [...new Set(events.map((e) => e.teamId))],
    fromDay: Math.min(...days),
    toDay: Math.max(...days),
  });
}

/** Claims the oldest open job no other process holds; null when there is none. */
export async function claimAlertJob(db: Database): Promise<AlertJob | null> {
  const rows = await db.dataSource.transaction((tx) => rowsOf<Record<string, unknown>>(tx,
    `UPDATE alert_jobs j SET claimed_until = now() + make_interval(secs => $1), attempts = j.attempts + 1
      WHERE (j.workspace_id, j.id) = (
        SELECT workspace_id, id FROM alert_jobs
         WHERE failed_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
         ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING j.workspace_id, j.id::text AS id, j.measure_ids, j.team_ids, j.from_day::text AS from_day, j.to_day::text AS to_day, j.attempts`,
    [LEASE_SECONDS]));
  const r = rows[0];
  if (!r) return null;
  return {
    workspaceId: r.workspace_id as string,
    id: r.id as string,
    measureIds: uuidArray(r.measure_ids),
    teamIds: uuidArray(r.team_ids),
    fromDay: isoToDay(r.from_day as string),
    toDay: isoToDay(r.to_day as string),
    attempts: Number(r.attempts),
  };
}

export async function completeAlertJob(db: Database, job: AlertJob): Promise<void> {
  await db.dataSource.query(`DELETE FROM alert_jobs WHERE workspace_id = $1 AND id = $2`, [job.workspaceId, job.id]);
}

/** Releases a failed job for a later try, or parks it after the last attempt. */
export async function failAlertJob(db: Database, job: AlertJob, error: string): Promise<void> {
  await db.dataSource.query(
    `UPDATE alert_jobs SET claimed_until = now() + make_interval(secs => $3), last_error = $4,
            failed_at = CASE WHEN attempts >= $5 THEN now() END
      WHERE workspace_id = $1 AND id = $2`,
    [job.workspaceId, job.id, 5 * 2 ** job.attempts, error.slice(0, 2000), MAX_JOB_ATTEMPTS],
  );
}

/** node-postgres returns uuid[] as an array, PGlite's driver sometimes as its text form. */
function uuidArray(value: unknown): string[] {
  if (Array.isArray(value)) return value as string[];
  const text = String(value);
  return text.length <= 2 ? [] : text.slice(1, -1).split(',');
}

/** The written-data summary of value rows (a batch, or the columns of an imported file). */
export class WrittenValues {
  private readonly measures = new Set<string>();
  private readonly teams = new Set<string>();
  private fromDay = Infinity;
  private toDay = -Infinity;

  addRows(rows: ReadonlyArray<{ readonly measureId: string; readonly teamId: string; readonly anchorDay: number }>): this {
    for (const r of rows) this.add(r.measureId, r.teamId, r.anchorDay);
    return this;
  }

  /** A chunk's id lists hold only ids its rows use, so they are taken whole. */
  addColumns(c: { readonly measureIds: readonly string[]; readonly teamIds: readonly string[]; readonly anchor: Int32Array }): this {
    for (const id of c.measureIds) this.measures.add(id);
    for (const id of c.teamIds) this.teams.add(id);
    for (const day of c.anchor) {
      if (day < this.fromDay) this.fromDay = day;
      if (day > this.toDay) this.toDay = day;
    }
    return this;
  }

  /** Queues the evaluation when the write changed anything. */
  async enqueue(tx: EntityManager, workspaceId: string, changed: { readonly inserted: number; readonly updated: number }): Promise<void> {
    if (changed.inserted + changed.updated === 0 || this.measures.size === 0) return;
    await enqueueAlertJob(tx, workspaceId, { measureIds: [...this.measures], teamIds: [...this.teams], fromDay: this.fromDay, toDay: this.toDay });
  }

  private add(measureId: string, teamId: string, day: number): void {
    this.measures.add(measureId);
    this.teams.add(teamId);
    if (day < this.fromDay) this.fromDay = day;
    if (day > this.toDay) this.toDay = day;
  }
}
