/**
 * Sends queued webhook deliveries. A process claims due deliveries with FOR UPDATE SKIP
 * LOCKED under a lease longer than one attempt may take, plus a claim token that every
 * outcome must match: a delivery is attempted by one process at a time, so it succeeds
 * at most once. A failure or non-2xx answer is retried with exponential backoff, up to
 * MAX_DELIVERY_ATTEMPTS; every attempt is logged (status code, error, time).
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/data-source';
import { rowsOf } from '../db/sql';
import { type Alert, loadAlertsByIds } from './alerts';
import { signatureHeader } from './webhooks';

export const MAX_DELIVERY_ATTEMPTS = 8;
/** The first retry waits this long, each later one twice as long. */
export const RETRY_BASE_MS = 2000;
/** One attempt gives up after this; the lease below is longer, so a claim never expires mid-attempt. */
const ATTEMPT_TIMEOUT_MS = 10_000;
const LEASE_SECONDS = 60;
const CLAIM_BATCH = 10;

interface ClaimedDelivery {
  readonly workspaceId: string;
  readonly workspaceKey: string;
  readonly id: string;
  readonly alertId: string;
  readonly url: string;
  readonly secret: string;
  readonly token: string;
}

/** Claims up to CLAIM_BATCH due deliveries of live webhooks. */
export async function claimDeliveries(db: Database): Promise<ClaimedDelivery[]> {
  const token = randomUUID();
  const rows = await db.dataSource.transaction((tx) => rowsOf<Record<string, unknown>>(tx,
    `WITH due AS (
       SELECT d.workspace_id, d.id FROM webhook_deliveries d
        WHERE d.state = 'PENDING' AND d.next_attempt_at <= now() AND (d.claimed_until IS NULL OR d.claimed_until < now())
        ORDER BY d.next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
     ), claimed AS (
       UPDATE webhook_deliveries d SET claimed_until = now() + make_interval(secs => $2), claim_token = $3
         FROM due WHERE d.workspace_id = due.workspace_id AND d.id = due.id
       RETURNING d.workspace_id, d.id, d.alert_id, d.webhook_id
     )
     SELECT c.workspace_id, ws.key AS workspace_key, c.id, c.alert_id, w.url, w.secret
       FROM claimed c
       JOIN webhooks w ON w.workspace_id = c.workspace_id AND w.id = c.webhook_id
       JOIN workspaces ws ON ws.id = c.workspace_id`,
    [CLAIM_BATCH, LEASE_SECONDS, token]));
  return rows.map((r) => ({
    workspaceId: r.workspace_id as string, workspaceKey: r.workspace_key as string, id: r.id as string, alertId: r.alert_id as string,
    url: r.url as string, secret: r.secret as string, token,
  }));
}

/** The JSON a receiver gets: the event type, the delivery id (for deduplication) and the alert. */
export function webhookBody(delivery: { id: string; workspaceKey: string }, alert: Alert): string {
  return JSON.stringify({
    type: 'alert.fired',
    deliveryId: delivery.id,
    workspace: delivery.workspaceKey,
    alert: {
      id: alert.id, rule: alert.ruleId, ruleName: alert.ruleName, kind: alert.kind, threshold: alert.threshold, kpi: alert.kpiKey,
      team: alert.teamKey, period: alert.periodKey, value: alert.value, previous: alert.previous, target: alert.target,
      achievement: alert.achievement, status: alert.status, firedAt: alert.firedAt.toISOString(),
    },
  });
}

/** One attempt; `abort` ends it early when the process shuts down (the claim is then released). */
export async function attemptDelivery(db: Database, delivery: ClaimedDelivery, abort: AbortSignal): Promise<void> {
  const [alert] = await loadAlertsByIds(db, delivery.workspaceId, [delivery.alertId]);
  const body = webhookBody(delivery, alert);
  const began = Date.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.any([abort, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'kpi-engine-webhooks/1',
        'x-kpi-event': 'alert.fired',
        'x-kpi-delivery': delivery.id,
        'x-kpi-signature': signatureHeader(delivery.secret, Math.floor(began / 1000), body),
      },
      body,
    });
    statusCode = response.status;
    await response.body?.cancel().catch(() => undefined);
    if (statusCode < 200 || statusCode > 299) error = `The receiver answered HTTP ${statusCode}.`;
  } catch (e) {
    if (abort.aborted) {
      await release(db, delivery);
      return;
    }
    error = describeFailure(e);
  }
  await recordOutcome(db, delivery, { statusCode, error, durationMs: Date.now() - began });
}

async function recordOutcome(db: Database, d: ClaimedDelivery, outcome: { statusCode: number | null; error: string | null; durationMs: number }): Promise<void> {
  await db.dataSource.transaction(async (tx) => {
    const ok = outcome.error === null;
    const [row] = await rowsOf<{ attempts: number }>(tx,
      `UPDATE webhook_deliveries SET attempts = attempts + 1, claimed_until = NULL, claim_token = NULL,
              state = CASE WHEN $4 THEN 'SUCCEEDED' WHEN attempts + 1 >= $5 THEN 'FAILED' ELSE 'PENDING' END,
              delivered_at = CASE WHEN $4 THEN now() END,
              next_attempt_at = now() + make_interval(secs => $6::float8 * power(2, attempts) / 1000)
        WHERE workspace_id = $1 AND id = $2 AND claim_token = $3 AND state = 'PENDING'
        RETURNING attempts`,
      [d.workspaceId, d.id, d.token, ok, MAX_DELIVERY_ATTEMPTS, RETRY_BASE_MS]);
    if (!row) return; // the claim was lost (webhook deleted meanwhile): this attempt is not ours to log
    await tx.query(
      `INSERT INTO webhook_delivery_attempts (workspace_id, delivery_id, attempt, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)`,
      [d.workspaceId, d.id, Number(row.attempts), outcome.statusCode, outcome.error, outcome.durationMs],
    );
  });
}

async function release(db: Database, d: ClaimedDelivery): Promise<void> {
  await db.dataSource.query(`UPDATE webhook_deliveries SET claimed_until = NULL, claim_token = NULL WHERE workspace_id = $1 AND id = $2 AND claim_token = $3`, [d.workspaceId, d.id, d.token]);
}

function describeFailure(e: unknown): string {
  const error = e as Error & { cause?: { code?: string; message?: string } };
  if (error.name === 'TimeoutError') return `No answer within ${ATTEMPT_TIMEOUT_MS / 1000} s.`;
  const cause = error.cause?.code ?? error.cause?.message;
  return `${error.message}${cause ? ` (${cause})` : ''}`.slice(0, 500);
}
