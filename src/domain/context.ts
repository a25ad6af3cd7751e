/**
 * The request context every service function takes first: which workspace, who is
 * asking, with which rights. It is the only way to reach data.
 */
import type { EntityManager } from 'typeorm';
import type { Database } from '../db/data-source';
import { bumpWriteRevision } from '../db/write-revision';
import { Problem } from './problem';

export type Role = 'ADMIN' | 'EDITOR' | 'INGEST' | 'VIEWER';
export const ROLES: readonly Role[] = ['ADMIN', 'EDITOR', 'INGEST', 'VIEWER'];

export interface WorkspaceInfo {
  readonly id: string;
  readonly key: string;
  readonly timeZone: string;
  readonly fiscalYearStartMonth: number;
}

export interface Actor {
  /** Audit name: the API key's name and id prefix. */
  readonly name: string;
  readonly keyId: string;
  readonly role: Role;
  /** A scoped key sees and writes only this team's subtree. */
  readonly scopeTeamId?: string;
}

export interface EvaluationDeadline {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly limitMs: number;
}

export interface ServiceContext {
  readonly requestId: string;
  readonly db: Database;
  readonly workspace: WorkspaceInfo;
  readonly actor: Actor;
  /** When formula evaluation gives up (EVALUATION_TIMEOUT_MS after the request began); absent: no limit. */
  readonly evaluationDeadline?: EvaluationDeadline;
  /** Set by `inOneTransaction`: every service transaction joins this one instead of opening its own. */
  readonly tx?: EntityManager;
}

/**
 * What each role may do; ADMIN may do everything. A reviewer (VIEWER) may join the
 * discussion of a number ('comment') but not post check-ins, which may override a status.
 */
export type Permission = 'read' | 'define' | 'ingest' | 'admin' | 'comment' | 'check-in';
const GRANTS: Record<Role, readonly Permission[]> = {
  ADMIN: ['read', 'define', 'ingest', 'admin', 'comment', 'check-in'],
  EDITOR: ['read', 'define', 'comment', 'check-in'],
  INGEST: ['ingest'],
  VIEWER: ['read', 'comment'],
};

export function can(ctx: ServiceContext, permission: Permission): boolean {
  return GRANTS[ctx.actor.role].includes(permission);
}

export function requirePermission(ctx: ServiceContext, permission: Permission): void {
  if (!can(ctx, permission)) {
    throw new Problem('FORBIDDEN', `A ${ctx.actor.role} key may not ${describePermission(permission)}.`);
  }
  // Keys and settings span the whole workspace: a subtree-scoped ADMIN could otherwise mint itself an unscoped key.
  if (permission === 'admin' && ctx.actor.scopeTeamId) {
    throw new Problem('FORBIDDEN', `A key limited to a team subtree may not ${describePermission(permission)}; use an unscoped ADMIN key.`);
  }
}

function describePermission(permission: Permission): string {
  switch (permission) {
    case 'read': return 'read KPI data';
    case 'define': return 'change definitions (teams, measures, KPIs, targets, scorecards)';
    case 'ingest': return 'record measure values or events';
    case 'admin': return 'manage API keys, workspace settings or period closes';
    case 'comment': return 'comment on KPI values';
    case 'check-in': return 'post check-ins or override a KPI status';
  }
}

/**
 * Runs `work` in one transaction: all of it is written, or none of it. A transaction that
 * wrote also bumps the workspace's write revision, which tells read replicas whether
 * they hold this write yet.
 */
export function transaction<T>(ctx: ServiceContext, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  if (ctx.tx) return work(ctx.tx);
  return ctx.db.dataSource.transaction(async (tx) => {
    const result = await work(tx);
    await bumpWriteRevision(tx, ctx.workspace.id);
    return result;
  });
}

/**
 * Runs several service calls as one transaction (a template pack install, the demo seed):
 * the context passed to `work` makes each service join it, so a failure anywhere undoes
 * everything. Inside, only services that write through `transaction` may be called; a
 * read through `ctx.db` outside the transaction would wait forever on PGlite's one session.
 */
export function inOneTransaction<T>(ctx: ServiceContext, work: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  return transaction(ctx, (tx) => work({ ...ctx, tx }));
}
