/**
 * The embedded demo's workspace and its local admin key. The key's secret is kept in
 * the data directory (never in the database, which stores only its hash), so the same
 * key works after a restart.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/data-source';
import { findWorkspaceByKey, createWorkspace, type Workspace } from '../domain/workspaces';

export const DEMO_WORKSPACE_KEY = 'demo';

function newToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const prefix = Array.from(randomBytes(12), (b) => alphabet[b % 62]).join('');
  return `kpi_${prefix}_${randomBytes(24).toString('base64url')}`;
}

export async function ensureDemoWorkspace(db: Database, dataDir: string): Promise<{ workspace: Workspace; token: string; created: boolean }> {
  const keyFile = path.join(dataDir, 'local-admin-key');
  const existing = await findWorkspaceByKey(db, DEMO_WORKSPACE_KEY);
  if (existing && existsSync(keyFile)) {
    return { workspace: existing, token: readFileSync(keyFile, 'utf8').trim(), created: false };
  }
  if (existing) throw new Error(`The demo workspace exists but ${keyFile} is missing; create a key with createApiKey using another ADMIN key.`);
  const token = newToken();
  const { workspace } = await createWorkspace(db, { key: DEMO_WORKSPACE_KEY, name: 'Demo company', timeZone: 'Asia/Shanghai' }, { adminToken: token });
  writeFileSync(keyFile, token + '\n', { mode: 0o600 });
  return { workspace, token, created: true };
}
