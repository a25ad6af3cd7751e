/**
 * Closing a scorecard's period (PRODUCT.md "Period close"): every team's result, as
 * `evaluateScorecard` computes it today, is stored; reads of the period then answer with
 * the stored numbers, whatever data or definitions change later. Reopening (ADMIN, with a
 * reason) makes the period live again and keeps the close as history. Both are audited.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../db/sql';
import { type Period, parsePeriodKey } from '../periods';
import { recordAudit } from './audit';
import { CLOSE_LOCK_SQL } from './closed-periods';
import { type ServiceContext, requirePermission, transaction } from './context';
import type { FrozenContext } from './frozen-results';
import { Problem, notFound } from './problem';
import { type Scorecard, loadScorecard, loadScorecards, scorecardVersionOn } from './scorecard';
import { type ScorecardEvaluation, evaluateLiveScorecard } from './scorecard-evaluation';
import { loadTeamTree } from './teams';

export interface PeriodClose {
  readonly id: string;
  readonly scorecard: string;
  readonly period: Period;
  readonly scorecardVersion: number;
  readonly closedAt: Date;
  readonly closedBy: string;
  /** Teams whose result was frozen: the whole tree at the time of the close. */
  readonly teams: number;
  readonly reopenedAt: Date | null;
  readonly reopenedBy: string | null;
  readonly reopenReason: string | null;
}

/** Teams evaluated per grid while freezing, well inside the grid limit for a typical scorecard. */
const TEAMS_PER_EVALUATION = 1000;
/** Data written between evaluating and storing makes a close start again, this many times at most. */
const ATTEMPTS = 3;
const MAX_REASON = 1000;

export async function closePeriod(ctx: ServiceContext, input: { scorecard: string; period: string }): Promise<PeriodClose> {
  requirePermission(ctx, 'admin');
  const scorecard = await loadScorecard(ctx, input.scorecard);
  const period = periodOf(ctx, input.period);
  for (let attempt = 1; ; attempt++) {
    await assertNotClosed(ctx, ctx.db.dataSource.manager, scorecard, period);
    const seen = await revisions(ctx.db.dataSource.manager, ctx.workspace.id);
    const results = await freeze(ctx, scorecard, period);
    const saved = await transaction(ctx, async (tx) => {
      // Exclusive: writers check closed periods under the same lock taken shared, so none is halfway through.
      await tx.query(`SELECT pg_advisory_xact_lock(${CLOSE_LOCK_SQL})`, [ctx.workspace.id]);
      const now = await revisions(tx, ctx.workspace.id);
      if (now.values !== seen.values || now.definitions !== seen.definitions) return null;
      await assertNotClosed(ctx, tx, scorecard, period);
      return store(ctx, tx, scorecard, period, results);
    });
    if (saved) return saved;
    if (attempt === ATTEMPTS) {
      throw new Problem('CONFLICT', `Data or definitions kept changing while ${period.key} of scorecard "${scorecard.key}" was being closed; close it again when ingestion is quiet.`, { key: scorecard.key });
    }
  }
}

export async function reopenPeriod(ctx: ServiceContext, input: { scorecard: string; period: string; reason: string }): Promise<PeriodClose> {
  requirePermission(ctx, 'admin');
  const reason = input.reason.trim();
  if (reason === '' || reason.length > MAX_REASON) {
    throw new Problem('INVALID_INPUT', `Say why the period is reopened: a reason of 1–${MAX_REASON} characters.`, { field: 'reason' });
  }
  const scorecard = await loadScorecard(ctx, input.scorecard);
  const period = periodOf(ctx, input.period);
  return transaction(ctx, async (tx) => {
    const [row] = await rowsOf<Record<string, unknown>>(tx,
      `UPDATE period_closes SET reopened_at = now(), reopened_by = $4, reopen_reason = $5
        WHERE workspace_id = $1 AND scorecard_id = $2 AND period_key = $3 AND reopened_at IS NULL
        RETURNING ${CLOSE_COLUMNS}`,
      [ctx.workspace.id, scorecard.id, period.key, ctx.actor.name, reason]);
    if (!row) throw new Problem('NOT_FOUND', `${period.key} of scorecard "${scorecard.key}" is not closed; there is nothing to reopen.`, { field: 'period', key: period.key });
    const reopened = closeFromRow(ctx, scorecard.key, row);
    await recordAudit(ctx, tx, {
      action: 'REOPEN', entityType: 'PERIOD_CLOSE', entityKey: `${scorecard.key}/${period.key}`,
      before: { closedAt: reopened.closedAt, closedBy: reopened.closedBy, scorecardVersion: reopened.scorecardVersion }, after: { reason },
    });
    return reopened;
  });
}

/** Every close of the workspace (or of one scorecard), reopened ones included, newest first. */
export async function listPeriodCloses(ctx: ServiceContext, scorecardKey?: string | null): Promise<PeriodClose[]> {
  requirePermission(ctx, 'read');
  const scorecards = await loadScorecards(ctx, undefined, scorecardKey ?? undefined);
  if (scorecardKey && scorecards.length === 0) throw notFound('scorecard', scorecardKey);
  const keys = new Map(scorecards.map((s) => [s.id, s.key]));
  const rows: Array<Record<string, unknown>> = await ctx.db.dataSource.query(
    `SELECT ${CLOSE_COLUMNS} FROM period_closes WHERE workspace_id = $1 AND scorecard_id = ANY($2::uuid[]) ORDER BY closed_at DESC, period_key`,
    [ctx.workspace.id, [...keys.keys()]]);
  return rows.map((r) => closeFromRow(ctx, keys.get(r.scorecard_id as string)!, r));
}

function periodOf(ctx: ServiceContext, key: string): Period {
  const parsed = parsePeriodKey(key, { fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth });
  if (!parsed.ok) throw new Problem('INVALID_PERIOD', `period: ${parsed.error.message}`, { field: 'period' });
  return parsed.period;
}

async function assertNotClosed(ctx: ServiceContext, run: EntityManager, scorecard: Scorecard, period: Period): Promise<void> {
  const [row] = await run.query(
    `SELECT closed_at, closed_by FROM period_closes WHERE workspace_id = $1 AND scorecard_id = $2 AND period_key = $3 AND reopened_at IS NULL`,
    [ctx.workspace.id, scorecard.id, period.key]);
  if (row) {
    throw new Problem('PERIOD_CLOSED', `${period.key} of scorecard "${scorecard.key}" was already closed at ${new Date(row.closed_at).toISOString()} by ${row.closed_by}; reopen it first to close it again.`, { field: 'period', key: period.key });
  }
}

async function revisions(run: EntityManager, workspaceId: string): Promise<{ values: string; definitions: string }> {
  const [row] = await run.query(`SELECT values_revision::text AS v, definitions_generation::text AS d FROM workspaces WHERE id = $1`, [workspaceId]);
  return { values: row.v, definitions: row.d };
}

/** Today's result of every team of the tree, archived ones too, a slice of the tree per grid. */
async function freeze(ctx: ServiceContext, scorecard: Scorecard, period: Period): Promise<ScorecardEvaluation[]> {
  const keys = (await loadTeamTree(ctx)).nodes.map((t) => t.key);
  const out: ScorecardEvaluation[] = [];
  for (let i = 0; i < keys.length; i += TEAMS_PER_EVALUATION) {
    out.push(...await evaluateLiveScorecard(ctx, { scorecard: scorecard.key, teams: keys.slice(i, i + TEAMS_PER_EVALUATION), periods: [period.key] }));
  }
  return out;
}

async function store(ctx: ServiceContext, tx: EntityManager, scorecard: Scorecard, period: Period, results: readonly ScorecardEvaluation[]): Promise<PeriodClose> {
  const version = scorecardVersionOn(scorecard, period.endDay);
  const context: FrozenContext = { definition: version.definition, formulaVersions: Object.fromEntries(results[0]?.formulaVersions ?? []) };
  const id = randomUUID();
  const [row] = await tx.query(
    `INSERT INTO period_closes (workspace_id, id, scorecard_id, period_key, granularity, start_day, end_day, scorecard_version, closed_by, results)
     VALUES ($1, $2, $3, $4, $5, DATE '1970-01-01' + $6::int, DATE '1970-01-01' + $7::int, $8, $9, $10)
     RETURNING ${CLOSE_COLUMNS}`,
    [ctx.workspace.id, id, scorecard.id, period.key, period.granularity, period.startDay, period.endDay, version.version, ctx.actor.name, JSON.stringify(context)]);
  for (let i = 0; i < results.length; i += TEAMS_PER_EVALUATION) {
    const chunk = results.slice(i, i + TEAMS_PER_EVALUATION).map((r) => ({ team_id: r.team.id, result: r.result }));
    await tx.query(
      `INSERT INTO period_close_results (workspace_id, close_id, team_id, result)
       SELECT $1, $2, r.team_id, r.result FROM jsonb_to_recordset($3::jsonb) AS r(team_id uuid, result jsonb)`,
      [ctx.workspace.id, id, JSON.stringify(chunk)]);
  }
  const close = closeFromRow(ctx, scorecard.key, { ...row, teams: results.length });
  await recordAudit(ctx, tx, {
    action: 'CLOSE', entityType: 'PERIOD_CLOSE', entityKey: `${scorecard.key}/${period.key}`,
    after: { scorecardVersion: version.version, teams: results.length, scores: Object.fromEntries(results.filter((r) => r.team.parentId === null).map((r) => [r.team.key, r.result.score])) },
  });
  return close;
}

const CLOSE_COLUMNS = `id, scorecard_id, period_key, scorecard_version, closed_at, closed_by, reopened_at, reopened_by, reopen_reason,
  (SELECT count(*)::int FROM period_close_results r WHERE r.workspace_id = period_closes.workspace_id AND r.close_id = period_closes.id) AS teams`;

function closeFromRow(ctx: ServiceContext, scorecard: string, r: Record<string, unknown>): PeriodClose {
  return {
    id: r.id as string,
    scorecard,
    period: periodOf(ctx, r.period_key as string),
    scorecardVersion: Number(r.scorecard_version),
    closedAt: new Date(r.closed_at as string),
    closedBy: r.closed_by as string,
    teams: Number(r.teams),
    reopenedAt: r.reopened_at ? new Date(r.reopened_at as string) : null,
    reopenedBy: (r.reopened_by as string | null) ?? null,
    reopenReason: (r.reopen_reason as string | null) ?? null,
  };
}
