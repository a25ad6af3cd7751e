/**
 * The request context every service function takes first: which workspace, who is
 * asking, with which rights. It is the only way to reach data.
 */
import type { EntityManager } from 'typeorm';
import type { Database } from '../db/data-source';
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

export interface ServiceContext {
  readonly requestId: string;
  readonly db: Database;
  readonly workspace: WorkspaceInfo;
  readonly actor: Actor;
}

/** What each role may do; ADMIN may do everything. */
export type Permission = 'read' | 'define' | 'ingest' | 'admin';
const GRANTS: Record<Role, readonly Permission[]> = {
  ADMIN: ['read', 'define', 'ingest', 'admin'],
  EDITOR: ['read', 'define'],
  INGEST: ['ingest'],
  VIEWER: ['read'],
};

export function can(ctx: ServiceContext, permission: Permission): boolean {
  return GRANTS[ctx.actor.role].includes(permission);
}

export function requirePermission(ctx: ServiceContext, permission: Permission): void {
  if (!can(ctx, permission)) {
    throw new Problem('FORBIDDEN', `A ${ctx.actor.role} key may not ${describePermission(permission)}.`);
  }
}

function describePermission(permission: Permission): string {
  switch (permission) {
    case 'read': return 'read KPI data';
    case 'define': return 'change definitions (teams, measures, KPIs, targets, scorecards)';
    case 'ingest': return 'record measure values or events';
    case 'admin': return 'manage API keys or workspace settings';
  }
}

/** Runs `work` in one transaction: all of it is written, or none of it. */
export function transaction<T>(ctx: ServiceContext, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return ctx.db.dataSource.transaction(work);
}
