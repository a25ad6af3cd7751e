/** The audit trail: every definition and key change, who made it, before and after. */
import type { EntityManager } from 'typeorm';
import { type ServiceContext, can, requirePermission } from './context';
import { Problem } from './problem';

export type AuditAction = 'CREATE' | 'UPDATE' | 'MOVE' | 'ARCHIVE' | 'REVOKE' | 'INSTALL' | 'DELETE' | 'CLOSE' | 'REOPEN';

export async function recordAudit(
  ctx: ServiceContext,
  tx: EntityManager,
  entry: { action: AuditAction; entityType: string; entityKey: string; before?: unknown; after?: unknown },
): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (workspace_id, actor, action, entity_type, entity_key, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      ctx.workspace.id,
      ctx.actor.name,
      entry.action,
      entry.entityType,
      entry.entityKey,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ],
  );
}

export interface AuditEntry {
  readonly id: string;
  readonly at: Date;
  readonly actor: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityKey: string;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * Newest first. The trail spans the whole workspace (every team, every key), so a key
 * scoped to a subtree may not read it, and only ADMIN keys see API key entries.
 */
export async function listAudit(
  ctx: ServiceContext,
  filter: { entityType?: string; entityKey?: string; since?: Date; until?: Date; after?: string; first: number },
): Promise<AuditEntry[]> {
  requirePermission(ctx, 'read');
  if (ctx.actor.scopeTeamId) {
    throw new Problem('FORBIDDEN', 'The audit trail covers the whole workspace; a key limited to a team subtree may not read it.');
  }
  if (!(Number.isInteger(filter.first) && filter.first >= 1 && filter.first <= 500)) {
    throw new Problem('INVALID_INPUT', `first must be from 1 to 500, got ${filter.first}.`, { field: 'first' });
  }
  if (filter.after !== undefined && !/^\d{1,18}$/.test(filter.after)) throw new Problem('INVALID_INPUT', 'after must be an id from an earlier page.', { field: 'after' });
  const rows: Array<Record<string, unknown>> = await ctx.db.dataSource.query(
    `SELECT id::text, at, actor, action, entity_type, entity_key, before, after FROM audit_log
      WHERE workspace_id = $1
        AND ($2::text IS NULL OR entity_type = $2) AND ($3::text IS NULL OR entity_key = $3)
        AND ($4::timestamptz IS NULL OR at >= $4) AND ($5::timestamptz IS NULL OR at < $5)
        AND ($6::bigint IS NULL OR id < $6)
        AND ($8::boolean OR entity_type <> 'API_KEY')
      ORDER BY audit_log.id DESC LIMIT $7`,
    [ctx.workspace.id, filter.entityType ?? null, filter.entityKey ?? null, filter.since ?? null, filter.until ?? null, filter.after ?? null, filter.first, can(ctx, 'admin')],
  );
  return rows.map((r) => ({
    id: r.id as string,
    at: new Date(r.at as string),
    actor: r.actor as string,
    action: r.action as string,
    entityType: r.entity_type as string,
    entityKey: r.entity_key as string,
    before: r.before,
    after: r.after,
  }));
}
