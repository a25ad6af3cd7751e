/**
 * Comments and check-ins on KPI × team × period cells. ADMIN, EDITOR and VIEWER keys may
 * comment; check-ins (which may override a status) need EDITOR or ADMIN. Only the author
 * (the same API key) or an ADMIN may edit or delete; a key scoped to a subtree touches
 * comments of its teams only. Every change is audited.
 */
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../db/sql';
import { type Period, parsePeriodKey } from '../periods';
import { recordAudit } from './audit';
import {
  COMMENT_COLUMNS, COMMENT_JOINS, type Comment, type CommentKind, MAX_COMMENT_TEXT,
  assertCommentId, assertCommentText, assertOverride, commentFromRow,
} from './comment';
import { type ServiceContext, can, requirePermission, transaction } from './context';
import { loadDefinitions } from './definitions';
import { Problem, conflict } from './problem';
import { assertInScope, loadTeamTree, resolveTeam } from './teams';

export interface AddCommentInput {
  readonly kpi: string;
  readonly team: string;
  readonly period: string;
  readonly kind: CommentKind;
  readonly text: string;
  readonly statusOverride?: string | null;
  readonly overrideReason?: string | null;
}

export interface EditCommentInput {
  readonly id: string;
  readonly revision: number;
  /** Absent: unchanged. */
  readonly text?: string | null;
  /** Absent: unchanged; null: the override (and its reason) is withdrawn. */
  readonly statusOverride?: string | null;
  readonly overrideReason?: string | null;
}

export async function addComment(ctx: ServiceContext, input: AddCommentInput): Promise<Comment> {
  requirePermission(ctx, 'comment');
  if (input.kind === 'CHECK_IN') requirePermission(ctx, 'check-in');
  assertCommentText('text', input.text, MAX_COMMENT_TEXT);
  assertOverride(input.kind, input.statusOverride ?? null, input.overrideReason ?? null);
  const period = parsePeriod(ctx, input.period, 'period');
  return transaction(ctx, async (tx) => {
    const defs = await loadDefinitions(ctx, tx);
    const kpi = defs.kpis.get(input.kpi);
    if (!kpi) throw new Problem('NOT_FOUND', `No KPI with key "${input.kpi.slice(0, 80)}" in this workspace.`, { field: 'kpi', key: input.kpi });
    const team = resolveTeam(ctx, await loadTeamTree(ctx, tx), input.team, 'team');
    const [row] = await rowsOf<{ id: string }>(tx,
      `INSERT INTO comments (workspace_id, kpi_id, team_id, period_key, kind, body, status_override, override_reason, author_key_id, author_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id::text AS id`,
      [ctx.workspace.id, kpi.id, team.id, period.key, input.kind, input.text, input.statusOverride ?? null, input.overrideReason ?? null, ctx.actor.keyId, ctx.actor.name]);
    const comment = (await readComment(ctx, tx, row.id))!;
    await recordAudit(ctx, tx, { action: 'CREATE', entityType: 'COMMENT', entityKey: comment.id, after: audited(comment) });
    return comment;
  });
}

export async function editComment(ctx: ServiceContext, input: EditCommentInput): Promise<Comment> {
  requirePermission(ctx, 'comment');
  assertCommentId(input.id);
  if (input.text !== undefined && input.text !== null) assertCommentText('text', input.text, MAX_COMMENT_TEXT);
  if (input.text === null) throw new Problem('INVALID_INPUT', 'text must not be null: leave it out to keep the text.', { field: 'text' });
  return transaction(ctx, async (tx) => {
    const before = await lockOwnComment(ctx, tx, input.id, 'edit');
    if (before.revision !== input.revision) throw conflict('Comment', before.id, input.revision, before.revision);
    const withdrawn = input.statusOverride === null;
    const status = input.statusOverride === undefined ? before.statusOverride : input.statusOverride;
    const reason = withdrawn ? input.overrideReason ?? null : input.overrideReason === undefined ? before.overrideReason : input.overrideReason;
    assertOverride(before.kind, status, reason);
    const text = input.text ?? before.text;
    if (text === before.text && status === before.statusOverride && reason === before.overrideReason) return before;
    await rowsOf(tx,
      `UPDATE comments SET body = $3, status_override = $4, override_reason = $5, revision = revision + 1, updated_at = now()
        WHERE workspace_id = $1 AND id = $2`,
      [ctx.workspace.id, before.id, text, status, reason]);
    const after = (await readComment(ctx, tx, before.id))!;
    await recordAudit(ctx, tx, { action: 'UPDATE', entityType: 'COMMENT', entityKey: after.id, before: audited(before), after: audited(after) });
    return after;
  });
}

/** `revision`, when given, refuses the delete with CONFLICT if the comment changed since read. */
export async function deleteComment(ctx: ServiceContext, id: string, revision?: number | null): Promise<Comment> {
  requirePermission(ctx, 'comment');
  assertCommentId(id);
  return transaction(ctx, async (tx) => {
    const before = await lockOwnComment(ctx, tx, id, 'delete');
    if (revision !== undefined && revision !== null && before.revision !== revision) throw conflict('Comment', before.id, revision, before.revision);
    await rowsOf(tx, `DELETE FROM comments WHERE workspace_id = $1 AND id = $2`, [ctx.workspace.id, before.id]);
    await recordAudit(ctx, tx, { action: 'DELETE', entityType: 'COMMENT', entityKey: before.id, before: audited(before) });
    return before;
  });
}

export interface CommentQuery {
  readonly kpi: string;
  readonly team: string;
  /** Period keys of any granularity; a comment is listed when its period lies within [from, to]. */
  readonly from?: string | null;
  readonly to?: string | null;
  readonly first: number;
}

/** One KPI × team thread over a period range, newest first. */
export async function listComments(ctx: ServiceContext, query: CommentQuery): Promise<Comment[]> {
  requirePermission(ctx, 'read');
  if (!(Number.isInteger(query.first) && query.first >= 1 && query.first <= 500)) {
    throw new Problem('INVALID_INPUT', `first must be from 1 to 500, got ${query.first}.`, { field: 'first' });
  }
  const from = query.from === undefined || query.from === null ? null : parsePeriod(ctx, query.from, 'from');
  const to = query.to === undefined || query.to === null ? null : parsePeriod(ctx, query.to, 'to');
  if (from && to && from.startDay > to.endDay) throw new Problem('INVALID_PERIOD', `The range starts after it ends: ${from.key} is after ${to.key}.`, { field: 'from' });
  const defs = await loadDefinitions(ctx);
  const kpi = defs.kpis.get(query.kpi);
  if (!kpi) throw new Problem('NOT_FOUND', `No KPI with key "${query.kpi.slice(0, 80)}" in this workspace.`, { field: 'kpi', key: query.kpi });
  const team = resolveTeam(ctx, await loadTeamTree(ctx), query.team, 'team');
  const rows: Array<Record<string, unknown>> = await ctx.db.dataSource.query(
    `SELECT ${COMMENT_COLUMNS} FROM comments c ${COMMENT_JOINS}
      WHERE c.workspace_id = $1 AND c.kpi_id = $2 AND c.team_id = $3 ORDER BY c.id DESC`,
    [ctx.workspace.id, kpi.id, team.id]);
  // Period bounds follow the workspace calendar as it is now (a fiscal year change moves quarters), so they are applied here.
  const calendar = { fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth };
  return rows.map(commentFromRow).filter((c) => {
    const parsed = parsePeriodKey(c.periodKey, calendar);
    if (!parsed.ok) return false;
    return !(from && parsed.period.startDay < from.startDay) && !(to && parsed.period.endDay > to.endDay);
  }).slice(0, query.first);
}

function parsePeriod(ctx: ServiceContext, key: string, field: string): Period {
  const parsed = parsePeriodKey(key, { fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth });
  if (!parsed.ok) throw new Problem('INVALID_PERIOD', `${field}: ${parsed.error.message}`, { field });
  return parsed.period;
}

async function readComment(ctx: ServiceContext, tx: EntityManager, id: string, lock = false): Promise<Comment | undefined> {
  const rows = await rowsOf(tx, `SELECT ${COMMENT_COLUMNS} FROM comments c ${COMMENT_JOINS} WHERE c.workspace_id = $1 AND c.id = $2${lock ? ' FOR UPDATE OF c' : ''}`, [ctx.workspace.id, id]);
  return rows.length === 0 ? undefined : commentFromRow(rows[0]);
}

/** The comment, locked, once the caller is known to be allowed to change it. */
async function lockOwnComment(ctx: ServiceContext, tx: EntityManager, id: string, verb: 'edit' | 'delete'): Promise<Comment> {
  const comment = await readComment(ctx, tx, id, true);
  if (!comment) throw new Problem('NOT_FOUND', `No comment with id "${id}" in this workspace.`, { field: 'id', key: id });
  const tree = await loadTeamTree(ctx, tx);
  assertInScope(ctx, tree, tree.byKey.get(comment.team)!);
  if (comment.authorKeyId !== ctx.actor.keyId && !can(ctx, 'admin')) {
    throw new Problem('FORBIDDEN', `A ${ctx.actor.role} key may not ${verb} a comment written by someone else (${comment.author}); only its author or an ADMIN key may.`, { key: id });
  }
  if (comment.kind === 'CHECK_IN') requirePermission(ctx, 'check-in');
  return comment;
}

/** The audit record of a comment: where it sits, what it says. */
function audited(c: Comment): Record<string, unknown> {
  return {
    kpi: c.kpi, team: c.team, period: c.periodKey, kind: c.kind, text: c.text,
    statusOverride: c.statusOverride, overrideReason: c.overrideReason, author: c.author, revision: c.revision,
  };
}
