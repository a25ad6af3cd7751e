/**
 * The comment model: a note on one KPI × team × period cell. A CHECK_IN is a status
 * statement; it alone may override the cell's status (with a reason), and the newest
 * check-in of a cell decides whether an override is in force.
 */
import type { BandStatus } from '../scoring';
import { Problem } from './problem';

export type CommentKind = 'COMMENT' | 'CHECK_IN';
export const OVERRIDE_STATUSES: readonly BandStatus[] = ['ON_TRACK', 'AT_RISK', 'OFF_TRACK'];

/** Markdown text; long enough for a review note, short enough to list many in a grid. */
export const MAX_COMMENT_TEXT = 10_000;
export const MAX_OVERRIDE_REASON = 2_000;

export interface Comment {
  readonly id: string;
  readonly kpi: string;
  readonly team: string;
  readonly periodKey: string;
  readonly kind: CommentKind;
  readonly text: string;
  readonly statusOverride: BandStatus | null;
  readonly overrideReason: string | null;
  /** The API key's audit name (name and id prefix), as the audit trail records it. */
  readonly author: string;
  readonly authorKeyId: string;
  readonly revision: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface StatusOverride {
  readonly status: BandStatus;
  readonly reason: string;
  readonly author: string;
  readonly at: Date;
  readonly commentId: string;
}

/** Columns for `commentFromRow`; the query joins `kpis k` and `teams t` for the keys. */
export const COMMENT_COLUMNS = `c.id::text AS id, k.key AS kpi, t.key AS team, c.period_key, c.kind, c.body, c.status_override, c.override_reason,
  c.author_key_id, c.author_name, c.revision, c.created_at, c.updated_at`;
export const COMMENT_JOINS = `JOIN kpis k ON k.workspace_id = c.workspace_id AND k.id = c.kpi_id
  JOIN teams t ON t.workspace_id = c.workspace_id AND t.id = c.team_id`;

export function commentFromRow(r: Record<string, unknown>): Comment {
  return {
    id: r.id as string,
    kpi: r.kpi as string,
    team: r.team as string,
    periodKey: r.period_key as string,
    kind: r.kind as CommentKind,
    text: r.body as string,
    statusOverride: (r.status_override as BandStatus | null) ?? null,
    overrideReason: (r.override_reason as string | null) ?? null,
    author: r.author_name as string,
    authorKeyId: r.author_key_id as string,
    revision: Number(r.revision),
    createdAt: new Date(r.created_at as string),
    updatedAt: new Date(r.updated_at as string),
  };
}

/** The override in force for a cell: the newest check-in's, if it carries one. */
export function overrideOf(newestFirst: readonly Comment[]): StatusOverride | null {
  const checkIn = newestFirst.find((c) => c.kind === 'CHECK_IN');
  if (!checkIn || checkIn.statusOverride === null) return null;
  return { status: checkIn.statusOverride, reason: checkIn.overrideReason!, author: checkIn.author, at: checkIn.updatedAt, commentId: checkIn.id };
}

/**
 * Comment text: not blank, bounded. Text the database cannot hold (NUL, lone surrogates)
 * is refused for every argument of the API before this runs (graphql/text-guard.ts).
 */
export function assertCommentText(field: string, value: string, max: number): void {
  if (value.trim() === '') throw new Problem('INVALID_INPUT', `${field} must not be empty.`, { field });
  if (value.length > max) throw new Problem('INVALID_INPUT', `${field} is ${value.length} characters long; the limit is ${max}.`, { field });
}

/** Checks a comment's override as it will be stored: only check-ins, band names only, never without a reason. */
export function assertOverride(kind: CommentKind, status: string | null, reason: string | null): void {
  if (status === null) {
    if (reason !== null) throw new Problem('INVALID_INPUT', 'overrideReason explains a status override: send statusOverride with it, or leave the reason out.', { field: 'overrideReason' });
    return;
  }
  if (kind !== 'CHECK_IN') throw new Problem('INVALID_INPUT', 'Only a check-in may override the status: send kind CHECK_IN, or leave statusOverride out.', { field: 'statusOverride' });
  if (!(OVERRIDE_STATUSES as readonly string[]).includes(status)) {
    throw new Problem('INVALID_INPUT', `statusOverride must be a status band (${OVERRIDE_STATUSES.join(', ')}), not ${status}.`, { field: 'statusOverride' });
  }
  if (reason === null) throw new Problem('INVALID_INPUT', 'A status override needs a reason: send overrideReason saying why the computed status does not tell the story.', { field: 'overrideReason' });
  assertCommentText('overrideReason', reason, MAX_OVERRIDE_REASON);
}

/** Comment ids are identity numbers; anything else names no comment. */
export function assertCommentId(id: string, field = 'id'): void {
  if (!/^[1-9]\d{0,17}$/.test(id)) throw new Problem('INVALID_INPUT', `${field} must be a comment id as returned by addComment (digits), not "${id.slice(0, 40)}".`, { field });
}
