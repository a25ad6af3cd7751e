/** Workspaces: one company's isolated KPI system and its settings. */
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/data-source';
import { insertApiKey, type NewKey } from './api-keys';
import { rowsOf } from '../db/sql';
import { recordAudit } from './audit';
import { type ServiceContext, requirePermission, transaction } from './context';
import { assertSlugKey, assertText } from './keys';
import { Problem, conflict } from './problem';

export interface Workspace {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly timeZone: string;
  readonly fiscalYearStartMonth: number;
  readonly onTrackThreshold: number;
  readonly atRiskThreshold: number;
  readonly revision: number;
  readonly createdAt: Date;
}

export interface WorkspaceSettings {
  readonly name?: string;
  readonly timeZone?: string;
  readonly fiscalYearStartMonth?: number;
  readonly onTrackThreshold?: number;
  readonly atRiskThreshold?: number;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function assertSettings(s: WorkspaceSettings): void {
  if (s.name !== undefined) assertText('name', s.name, 200);
  if (s.timeZone !== undefined && !isValidTimeZone(s.timeZone)) {
    throw new Problem('INVALID_INPUT', `Time zone "${s.timeZone.slice(0, 80)}" is not an IANA time zone such as "Asia/Shanghai" or "UTC".`, { field: 'timeZone' });
  }
  if (s.fiscalYearStartMonth !== undefined && !(Number.isInteger(s.fiscalYearStartMonth) && s.fiscalYearStartMonth >= 1 && s.fiscalYearStartMonth <= 12)) {
    throw new Problem('INVALID_INPUT', `fiscalYearStartMonth must be a month number from 1 to 12, got ${s.fiscalYearStartMonth}.`, { field: 'fiscalYearStartMonth' });
  }
  for (const field of ['onTrackThreshold', 'atRiskThreshold'] as const) {
    const v = s[field];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v <= 100)) {
      throw new Problem('INVALID_INPUT', `${field} must be an achievement ratio from 0 to 100 (1 = target met), got ${v}.`, { field });
    }
  }
}

function toWorkspace(r: Record<string, unknown>): Workspace {
  return {
    id: r.id as string,
    key: r.key as string,
    name: r.name as string,
    timeZone: r.time_zone as string,
    fiscalYearStartMonth: Number(r.fiscal_year_start_month),
    onTrackThreshold: Number(r.on_track_threshold),
    atRiskThreshold: Number(r.at_risk_threshold),
    revision: Number(r.revision),
    createdAt: new Date(r.created_at as string),
  };
}

/** Operator-only: a new workspace and its first ADMIN key. */
export async function createWorkspace(
  db: Database,
  input: WorkspaceSettings & { key: string; name: string },
  options: { adminToken?: string } = {},
): Promise<{ workspace: Workspace; admin: NewKey }> {
  assertSlugKey('Workspace', input.key);
  assertSettings(input);
  return db.dataSource.transaction(async (tx) => {
    // Workspace keys are unique across workspaces in their own table (migration 1764300000401).
    const existing = await tx.query(`SELECT 1 FROM workspace_keys WHERE key = $1`, [input.key]);
    if (existing.length > 0) throw new Problem('ALREADY_EXISTS', `A workspace with key "${input.key}" already exists.`, { field: 'key', key: input.key });
    const rows = await tx.query(
      `INSERT INTO workspaces (id, key, name, time_zone, fiscal_year_start_month, on_track_threshold, at_risk_threshold)
       VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING *`,
      [randomUUID(), input.key, input.name, input.timeZone ?? 'UTC', input.fiscalYearStartMonth ?? 1, input.onTrackThreshold ?? 1, input.atRiskThreshold ?? 0.9],
    );
    const workspace = toWorkspace(rows[0]);
    await tx.query(`INSERT INTO workspace_keys (key, workspace_id) VALUES ($1, $2)`, [workspace.key, workspace.id]);
    const admin = await insertApiKey(tx, workspace.id, { name: 'admin', role: 'ADMIN', createdBy: 'operator', token: options.adminToken });
    await tx.query(
      `INSERT INTO audit_log (workspace_id, actor, action, entity_type, entity_key, after) VALUES ($1, 'operator', 'CREATE', 'WORKSPACE', $2, $3)`,
      [workspace.id, workspace.key, JSON.stringify(workspace)],
    );
    return { workspace, admin };
  });
}

export async function findWorkspaceByKey(db: Database, key: string): Promise<Workspace | undefined> {
  const rows = await db.dataSource.query(`SELECT w.* FROM workspace_keys k JOIN workspaces w ON w.id = k.workspace_id WHERE k.key = $1`, [key]);
  return rows[0] ? toWorkspace(rows[0]) : undefined;
}

export async function getWorkspace(ctx: ServiceContext): Promise<Workspace> {
  const rows = await ctx.db.dataSource.query(`SELECT * FROM workspaces WHERE id = $1`, [ctx.workspace.id]);
  return toWorkspace(rows[0]);
}

export async function updateWorkspaceSettings(ctx: ServiceContext, revision: number, settings: WorkspaceSettings): Promise<Workspace> {
  requirePermission(ctx, 'admin');
  assertSettings(settings);
  return transaction(ctx, async (tx) => {
    const rows = await tx.query(`SELECT * FROM workspaces WHERE id = $1 FOR UPDATE`, [ctx.workspace.id]);
    const before = toWorkspace(rows[0]);
    if (before.revision !== revision) throw conflict('Workspace', before.key, revision, before.revision);
    const after = { ...before, ...stripUndefined(settings), revision: before.revision + 1 };
    if (after.atRiskThreshold > after.onTrackThreshold) {
      throw new Problem('INVALID_INPUT', `atRiskThreshold (${after.atRiskThreshold}) must not be above onTrackThreshold (${after.onTrackThreshold}).`, { field: 'atRiskThreshold' });
    }
    const updated = await rowsOf(tx,
      `UPDATE workspaces SET name = $2, time_zone = $3, fiscal_year_start_month = $4, on_track_threshold = $5, at_risk_threshold = $6,
              revision = revision + 1, definitions_generation = definitions_generation + 1, updated_at = now()
        WHERE id = $1 RETURNING *`,
      [ctx.workspace.id, after.name, after.timeZone, after.fiscalYearStartMonth, after.onTrackThreshold, after.atRiskThreshold],
    );
    const result = toWorkspace(updated[0]);
    await recordAudit(ctx, tx, { action: 'UPDATE', entityType: 'WORKSPACE', entityKey: before.key, before, after: result });
    return result;
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
