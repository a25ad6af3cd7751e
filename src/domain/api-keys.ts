/**
 * API keys: shown once, stored as a salted SHA-256 hash with a random public prefix for
 * lookup, compared in constant time. Keys carry 192 random bits, so a fast hash is
 * enough: there is nothing to guess that a slow hash would protect.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Database } from '../db/data-source';
import { rowsOf } from '../db/sql';
import { recordAudit } from './audit';
import { type Actor, type Role, type ServiceContext, type WorkspaceInfo, requirePermission, transaction } from './context';
import { assertText } from './keys';
import { Problem, notFound } from './problem';

const TOKEN = /^kpi_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{32})$/;

export interface ApiKeyInfo {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly role: Role;
  readonly scopeTeamKey: string | null;
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
  readonly createdAt: Date;
}

function hash(salt: Buffer, secret: string): Buffer {
  return createHash('sha256').update(salt).update(secret).digest();
}

function base62(bytes: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(bytes), (b) => alphabet[b % 62]).join('');
}

export interface NewKey {
  readonly key: ApiKeyInfo;
  /** The only time the secret is shown. */
  readonly token: string;
}

/** Inserts a key without permission checks: for workspace creation and the local demo key. */
export async function insertApiKey(
  tx: EntityManager,
  workspaceId: string,
  input: { name: string; role: Role; scopeTeamId?: string | null; expiresAt?: Date | null; createdBy: string; token?: string },
): Promise<NewKey> {
  const prefix = input.token ? TOKEN.exec(input.token)![1] : base62(12);
  const secret = input.token ? TOKEN.exec(input.token)![2] : randomBytes(24).toString('base64url');
  const salt = randomBytes(16);
  const id = randomUUID();
  const rows = await tx.query(
    `INSERT INTO api_keys (workspace_id, id, prefix, salt, hash, name, role, scope_team_id, expires_at, created_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING created_at`,
    [workspaceId, id, prefix, salt, hash(salt, secret), input.name, input.role, input.scopeTeamId ?? null, input.expiresAt ?? null, input.createdBy],
  );
  // Prefixes are unique across workspaces; the lookup also tells authentication where the key lives.
  await tx.query(`INSERT INTO api_key_prefixes (prefix, workspace_id) VALUES ($1, $2)`, [prefix, workspaceId]);
  return {
    token: `kpi_${prefix}_${secret}`,
    key: {
      id, name: input.name, prefix, role: input.role, scopeTeamKey: null,
      expiresAt: input.expiresAt ?? null, lastUsedAt: null, revokedAt: null, createdAt: new Date(rows[0].created_at),
    },
  };
}

export function isWellFormedToken(token: string): boolean {
  return TOKEN.test(token);
}

export type Authentication =
  | {
      readonly ok: true;
      readonly workspace: WorkspaceInfo;
      readonly actor: Actor;
      /** The workspace's write revision on the primary when the request arrived (read-replicas.ts). */
      readonly writeRevision: bigint;
    }
  | { readonly ok: false; readonly reason: string };

/** An id no workspace has: an unknown prefix still runs the key query. */
const NO_WORKSPACE = '00000000-0000-0000-0000-000000000000';

/** Resolves a bearer token to its workspace and actor; the same answer for every kind of bad key. */
export async function authenticate(db: Database, token: string): Promise<Authentication> {
  const match = TOKEN.exec(token);
  const refusal = { ok: false as const, reason: 'The API key is not valid, has expired or was revoked.' };
  if (!match) return refusal;
  // The key's workspace first, then the key within it: each read stays on one shard when
  // tables are distributed by workspace (docs/SCALING.md). An unknown prefix still reads
  // twice, so timing does not tell which prefixes exist.
  const owners: Array<{ workspace_id: string }> = await db.dataSource.query(`SELECT workspace_id FROM api_key_prefixes WHERE prefix = $1`, [match[1]]);
  const rows: Array<Record<string, unknown>> = await db.dataSource.query(
    `SELECT k.workspace_id, k.id, k.salt, k.hash, k.name, k.role, k.scope_team_id, k.expires_at, k.revoked_at, k.last_used_at,
            w.key AS workspace_key, w.time_zone, w.fiscal_year_start_month, w.write_revision
       FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id
      WHERE k.workspace_id = $1 AND k.prefix = $2`,
    [owners[0]?.workspace_id ?? NO_WORKSPACE, match[1]],
  );
  const row = rows[0];
  // Hash even when no row matched, so timing does not reveal which prefixes exist.
  const expected = row ? (row.hash as Buffer) : Buffer.alloc(32);
  const actual = hash(row ? (row.salt as Buffer) : Buffer.alloc(16), match[2]);
  const same = timingSafeEqual(expected, actual);
  if (!row || !same) return refusal;
  if (row.revoked_at) return refusal;
  if (row.expires_at && new Date(row.expires_at as string).getTime() <= Date.now()) return refusal;
  // Last-used time at minute resolution: one write per key per minute, not per request.
  const lastUsed = row.last_used_at ? new Date(row.last_used_at as string).getTime() : 0;
  if (Date.now() - lastUsed > 60_000) {
    await db.dataSource.query(`UPDATE api_keys SET last_used_at = now() WHERE workspace_id = $1 AND id = $2`, [row.workspace_id, row.id]);
  }
  return {
    ok: true,
    writeRevision: BigInt(row.write_revision as string),
    workspace: {
      id: row.workspace_id as string,
      key: row.workspace_key as string,
      timeZone: row.time_zone as string,
      fiscalYearStartMonth: Number(row.fiscal_year_start_month),
    },
    actor: {
      keyId: row.id as string,
      name: `${row.name} (${match[1].slice(0, 6)}…)`,
      role: row.role as Role,
      scopeTeamId: (row.scope_team_id as string | null) ?? undefined,
    },
  };
}

function toInfo(r: Record<string, unknown>): ApiKeyInfo {
  return {
    id: r.id as string,
    name: r.name as string,
    prefix: r.prefix as string,
    role: r.role as Role,
    scopeTeamKey: (r.scope_team_key as string | null) ?? null,
    expiresAt: r.expires_at ? new Date(r.expires_at as string) : null,
    lastUsedAt: r.last_used_at ? new Date(r.last_used_at as string) : null,
    revokedAt: r.revoked_at ? new Date(r.revoked_at as string) : null,
    createdAt: new Date(r.created_at as string),
  };
}

const KEY_COLUMNS = `k.id, k.name, k.prefix, k.role, k.expires_at, k.last_used_at, k.revoked_at, k.created_at, t.key AS scope_team_key`;

export async function listApiKeys(ctx: ServiceContext): Promise<ApiKeyInfo[]> {
  requirePermission(ctx, 'admin');
  const rows = await ctx.db.dataSource.query(
    `SELECT ${KEY_COLUMNS} FROM api_keys k LEFT JOIN teams t ON t.workspace_id = k.workspace_id AND t.id = k.scope_team_id
      WHERE k.workspace_id = $1 ORDER BY k.created_at, k.id`,
    [ctx.workspace.id],
  );
  return rows.map(toInfo);
}

export async function createApiKey(
  ctx: ServiceContext,
  input: { name: string; role: Role; scopeTeam?: string | null; expiresAt?: Date | null },
): Promise<NewKey> {
  requirePermission(ctx, 'admin');
  assertText('name', input.name, 200);
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
    throw new Problem('INVALID_INPUT', 'expiresAt is in the past; give a future time or none.', { field: 'expiresAt' });
  }
  return transaction(ctx, async (tx) => {
    let scopeTeamId: string | null = null;
    if (input.scopeTeam) {
      const team = await tx.query(`SELECT id FROM teams WHERE workspace_id = $1 AND key = $2`, [ctx.workspace.id, input.scopeTeam]);
      if (team.length === 0) throw notFound('team', input.scopeTeam);
      scopeTeamId = team[0].id;
    }
    const created = await insertApiKey(tx, ctx.workspace.id, { ...input, scopeTeamId, createdBy: ctx.actor.name });
    const key = { ...created.key, scopeTeamKey: input.scopeTeam ?? null };
    await recordAudit(ctx, tx, { action: 'CREATE', entityType: 'API_KEY', entityKey: key.prefix, after: auditView(key) });
    return { token: created.token, key };
  });
}

export async function revokeApiKey(ctx: ServiceContext, id: string): Promise<ApiKeyInfo> {
  requirePermission(ctx, 'admin');
  return transaction(ctx, async (tx) => {
    const rows = await rowsOf(tx,
      `UPDATE api_keys k SET revoked_at = COALESCE(k.revoked_at, now())
        FROM (SELECT 1) one
       WHERE k.workspace_id = $1 AND k.id::text = $2
       RETURNING ${KEY_COLUMNS.replace(', t.key AS scope_team_key', ', NULL AS scope_team_key')}`,
      [ctx.workspace.id, id],
    );
    if (rows.length === 0) throw new Problem('NOT_FOUND', `No API key with id "${id}" in this workspace.`, { key: id });
    const key = toInfo(rows[0]);
    await recordAudit(ctx, tx, { action: 'REVOKE', entityType: 'API_KEY', entityKey: key.prefix, after: auditView(key) });
    return key;
  });
}

function auditView(key: ApiKeyInfo): object {
  return { id: key.id, name: key.name, prefix: key.prefix, role: key.role, scopeTeam: key.scopeTeamKey, expiresAt: key.expiresAt, revokedAt: key.revokedAt };
}
