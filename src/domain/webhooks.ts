/**
 * Outgoing webhooks: a URL that receives every alert of the workspace as a signed JSON
 * POST. Signature: `X-Kpi-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
 * "<t>.<body>")>`; a receiver recomputes it over the raw body and refuses old
 * timestamps (replays). The secret is shown once, at registration, and kept readable in
 * the database because every delivery is signed with it: a hash could not sign, so read
 * access to the database exposes the secrets (rotate by registering a new webhook).
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../db/sql';
import { recordAudit } from './audit';
import { type ServiceContext, requirePermission, transaction } from './context';
import { Problem } from './problem';

export interface Webhook {
  readonly id: string;
  readonly url: string;
  readonly createdAt: Date;
}

export interface WebhookDeliveryAttempt {
  readonly attempt: number;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly attemptedAt: Date;
  readonly durationMs: number;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly webhookId: string;
  readonly alertId: string;
  readonly state: 'PENDING' | 'SUCCEEDED' | 'FAILED';
  readonly attempts: readonly WebhookDeliveryAttempt[];
  readonly nextAttemptAt: Date | null;
  readonly deliveredAt: Date | null;
}

const MAX_URL = 2000;
const MIN_SECRET = 16;
const MAX_SECRET = 200;
const MAX_WEBHOOKS = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The signature header value for a body sent at `unixSeconds`. */
export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

export async function registerWebhook(ctx: ServiceContext, url: string, secret?: string | null): Promise<{ webhook: Webhook; secret: string }> {
  requirePermission(ctx, 'admin');
  const checkedUrl = checkUrl(url);
  if (secret !== undefined && secret !== null && (secret.length < MIN_SECRET || secret.length > MAX_SECRET)) {
    throw new Problem('INVALID_INPUT', `A webhook secret must have ${MIN_SECRET}–${MAX_SECRET} characters, got ${secret.length}; or leave it out to get a generated one.`, { field: 'secret' });
  }
  const chosen = secret ?? `whsec_${randomBytes(24).toString('hex')}`;
  return transaction(ctx, async (tx) => {
    const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM webhooks WHERE workspace_id = $1 AND deleted_at IS NULL`, [ctx.workspace.id]);
    if (Number(n) >= MAX_WEBHOOKS) throw new Problem('LIMIT_EXCEEDED', `A workspace may have at most ${MAX_WEBHOOKS} webhooks; delete one first.`);
    const id = randomUUID();
    const [row] = await rowsOf(tx, `INSERT INTO webhooks (workspace_id, id, url, secret, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id, url, created_at`,
      [ctx.workspace.id, id, checkedUrl, chosen, ctx.actor.name]);
    await recordAudit(ctx, tx, { action: 'CREATE', entityType: 'webhook', entityKey: id, after: { url: checkedUrl } });
    return { webhook: webhookFromRow(row), secret: chosen };
  });
}

/** Stops deliveries to a webhook; its pending deliveries end as FAILED, its log stays. */
export async function deleteWebhook(ctx: ServiceContext, id: string): Promise<Webhook> {
  requirePermission(ctx, 'admin');
  return transaction(ctx, async (tx) => {
    const rows = UUID.test(id)
      ? await rowsOf(tx, `UPDATE webhooks SET deleted_at = now() WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING id, url, created_at`, [ctx.workspace.id, id])
      : [];
    if (!rows[0]) throw new Problem('NOT_FOUND', `No webhook with id "${id.slice(0, 80)}" in this workspace.`, { field: 'id', key: id.slice(0, 80) });
    await tx.query(`UPDATE webhook_deliveries SET state = 'FAILED', claimed_until = NULL, claim_token = NULL WHERE workspace_id = $1 AND webhook_id = $2 AND state = 'PENDING'`, [ctx.workspace.id, id]);
    const webhook = webhookFromRow(rows[0]);
    await recordAudit(ctx, tx, { action: 'DELETE', entityType: 'webhook', entityKey: id, before: { url: webhook.url } });
    return webhook;
  });
}

export async function listWebhooks(ctx: ServiceContext): Promise<Webhook[]> {
  requirePermission(ctx, 'admin');
  const rows = await ctx.db.dataSource.query(`SELECT id, url, created_at FROM webhooks WHERE workspace_id = $1 AND deleted_at IS NULL ORDER BY created_at, id`, [ctx.workspace.id]);
  return rows.map(webhookFromRow);
}

/** The delivery log, newest first, each delivery with every attempt. */
export async function listWebhookDeliveries(ctx: ServiceContext, filter: { webhook?: string | null; alert?: string | null; first?: number | null }): Promise<WebhookDelivery[]> {
  requirePermission(ctx, 'admin');
  const first = filter.first ?? 100;
  if (!Number.isInteger(first) || first < 1 || first > 1000) throw new Problem('INVALID_INPUT', `first must be a whole number from 1 to 1000, got ${first}.`, { field: 'first' });
  if ((filter.webhook != null && !UUID.test(filter.webhook)) || (filter.alert != null && !UUID.test(filter.alert))) return [];
  const deliveries: Array<Record<string, unknown>> = await ctx.db.dataSource.query(
    `SELECT id, webhook_id, alert_id, state, next_attempt_at, delivered_at FROM webhook_deliveries
      WHERE workspace_id = $1 AND ($2::uuid IS NULL OR webhook_id = $2) AND ($3::uuid IS NULL OR alert_id = $3)
      ORDER BY created_at DESC, id LIMIT $4`,
    [ctx.workspace.id, filter.webhook ?? null, filter.alert ?? null, first],
  );
  const attempts: Array<Record<string, unknown>> = deliveries.length === 0 ? [] : await ctx.db.dataSource.query(
    `SELECT delivery_id, attempt, status_code, error, attempted_at, duration_ms FROM webhook_delivery_attempts
      WHERE workspace_id = $1 AND delivery_id = ANY($2::uuid[]) ORDER BY delivery_id, attempt`,
    [ctx.workspace.id, deliveries.map((d) => d.id)],
  );
  const byDelivery = new Map<string, WebhookDeliveryAttempt[]>();
  for (const a of attempts) {
    const list = byDelivery.get(a.delivery_id as string) ?? [];
    list.push({
      attempt: Number(a.attempt), statusCode: a.status_code === null ? null : Number(a.status_code), error: (a.error as string | null) ?? null,
      attemptedAt: new Date(a.attempted_at as string), durationMs: Number(a.duration_ms),
    });
    byDelivery.set(a.delivery_id as string, list);
  }
  return deliveries.map((d) => ({
    id: d.id as string,
    webhookId: d.webhook_id as string,
    alertId: d.alert_id as string,
    state: d.state as WebhookDelivery['state'],
    attempts: byDelivery.get(d.id as string) ?? [],
    nextAttemptAt: d.state === 'PENDING' ? new Date(d.next_attempt_at as string) : null,
    deliveredAt: d.delivered_at ? new Date(d.delivered_at as string) : null,
  }));
}

/** One pending delivery per live webhook for each new alert, in the alerts' own transaction. */
export async function queueWebhookDeliveries(tx: EntityManager, workspaceId: string, alertIds: readonly string[]): Promise<void> {
  await tx.query(
    `INSERT INTO webhook_deliveries (workspace_id, id, webhook_id, alert_id)
     SELECT $1, gen_random_uuid(), w.id, a.id FROM webhooks w CROSS JOIN unnest($2::uuid[]) AS a(id)
      WHERE w.workspace_id = $1 AND w.deleted_at IS NULL
     ON CONFLICT (workspace_id, alert_id, webhook_id) DO NOTHING`,
    [workspaceId, alertIds],
  );
}

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Problem('INVALID_INPUT', `"${url.slice(0, 80)}" is not a URL; give an absolute http:// or https:// address.`, { field: 'url' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Problem('INVALID_INPUT', `Webhooks are sent over http or https only, not "${parsed.protocol.slice(0, 20)}".`, { field: 'url' });
  }
  if (url.length > MAX_URL) throw new Problem('INVALID_INPUT', `The URL has ${url.length} characters; at most ${MAX_URL}.`, { field: 'url' });
  if (parsed.username || parsed.password) throw new Problem('INVALID_INPUT', 'Put no credentials in the URL; the signature authenticates each delivery.', { field: 'url' });
  return parsed.toString();
}

function webhookFromRow(r: Record<string, unknown>): Webhook {
  return { id: r.id as string, url: r.url as string, createdAt: new Date(r.created_at as string) };
}
