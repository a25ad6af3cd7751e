/**
 * Signed outgoing webhooks: every alert is POSTed to each registered URL with
 * `X-Kpi-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`, retried
 * with backoff after a failure or a non-2xx answer, logged attempt by attempt, and
 * delivered successfully exactly once per (alert, webhook) — on PostgreSQL also with two
 * API processes claiming deliveries from the same queue.
 */
import { createHmac } from 'node:crypto';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningServer } from '../../src/server';
import { createWorkspace, type TestWorkspace } from './harness/client';
import { createTeams, defineMeasures, mustCreateKpi, recordValues } from './harness/crm';
import { alertsOf, mustCreateRule, waitFor } from './harness/alerts';
import { startOwnServer } from './harness/own-server';

interface Received { readonly headers: IncomingHttpHeaders; readonly body: string; readonly at: number }

/** A local receiver on a free port: answers with the status `answer` picks for the n-th request (1-based). */
async function receiver(answer: (n: number) => number): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      res.statusCode = answer(received.length);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/kpi`, received, server };
}

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

const REGISTER = `mutation($i: RegisterWebhookInput!) { registerWebhook(input: $i) {
  __typename ... on WebhookRegistered { secret webhook { id url } } ... on Problem { code message } ... on InputError { field } } }`;
const DELIVERIES = `query($w: String) { webhookDeliveries(webhook: $w) { id alert state deliveredAt attempts { attempt statusCode error attemptedAt durationMs } } }`;

async function workspaceWithRule(prefix: string): Promise<TestWorkspace> {
  const ws = await createWorkspace(prefix);
  await createTeams(ws, [['org', null], ['east', 'org']]);
  await defineMeasures(ws, [{ key: 'revenue' }]);
  await mustCreateKpi(ws, { key: 'rev', formula: 'revenue', defaultTarget: 100 });
  await mustCreateRule(ws, { kpi: 'rev', kind: 'ENTERS_OFF_TRACK', team: 'east' });
  return ws;
}

/** What a receiver does: recompute the HMAC over "<t>.<raw body>" with the shared secret. */
function verify(secret: string, header: string | string[] | undefined, body: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(header));
  if (!match) return false;
  return createHmac('sha256', secret).update(`${match[1]}.${body}`).digest('hex') === match[2];
}

test('registration refuses non-http(s) URLs and short secrets; the secret is shown once', async () => {
  const ws = await createWorkspace('hook-reg');
  for (const url of ['ftp://example.test/x', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
    expect((await ws.ok(REGISTER, { i: { url } })).registerWebhook).toMatchObject({ code: 'INVALID_INPUT', field: 'url' });
  }
  expect((await ws.ok(REGISTER, { i: { url: 'http://127.0.0.1:9/h', secret: 'short' } })).registerWebhook).toMatchObject({ code: 'INVALID_INPUT', field: 'secret' });
  const made = (await ws.ok(REGISTER, { i: { url: 'http://127.0.0.1:9/h' } })).registerWebhook;
  expect(made.secret).toMatch(/^whsec_[0-9a-f]{48}$/);
  const listed = (await ws.ok(`{ webhooks { id url } }`)).webhooks;
  expect(listed).toEqual([{ id: made.webhook.id, url: 'http://127.0.0.1:9/h' }]);
  expect(JSON.stringify(listed)).not.toContain(made.secret);
  const del = `mutation($id: String!) { deleteWebhook(id: $id) { __typename ... on Problem { code } } }`;
  expect((await ws.ok(del, { id: made.webhook.id })).deleteWebhook.__typename).toBe('WebhookDeleted');
  expect((await ws.ok(del, { id: made.webhook.id })).deleteWebhook).toMatchObject({ code: 'NOT_FOUND' });
  expect((await ws.ok(`{ webhooks { id } }`)).webhooks).toEqual([]);
});

test('a receiver that answers 500 then 200 gets the same signed delivery twice; the log shows 2 attempts and one success', async () => {
  const ws = await workspaceWithRule('hook-retry');
  const hook = await receiver((n) => (n === 1 ? 500 : 200));
  servers.push(hook.server);
  const secret = 'a-shared-secret-of-some-length';
  const reg = (await ws.ok(REGISTER, { i: { url: hook.url, secret } })).registerWebhook;
  expect(reg.secret).toBe(secret);

  await recordValues(ws, [['revenue', 'east', '2025-02', 80]]); // 80 / 100 = 0.8: OFF_TRACK
  const [alert] = await waitFor(() => alertsOf(ws), (a) => a.length > 0, 'the alert');
  const log = await waitFor(() => ws.ok(DELIVERIES, { w: reg.webhook.id }).then((d) => d.webhookDeliveries), (d) => d[0]?.state === 'SUCCEEDED', 'a successful delivery');
  expect(log).toHaveLength(1);
  expect(log[0].alert).toBe(alert.id);
  expect(log[0].attempts.map((a: any) => [a.attempt, a.statusCode, a.error])).toEqual([[1, 500, 'The receiver answered HTTP 500.'], [2, 200, null]]);
  expect(log[0].attempts.filter((a: any) => a.statusCode === 200)).toHaveLength(1);

  expect(hook.received).toHaveLength(2);
  // The retry waited the first backoff step (2 s) after the failure.
  expect(hook.received[1].at - hook.received[0].at).toBeGreaterThanOrEqual(1900);
  for (const r of hook.received) {
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['x-kpi-event']).toBe('alert.fired');
    expect(r.headers['x-kpi-delivery']).toBe(log[0].id);
    expect(verify(secret, r.headers['x-kpi-signature'], r.body)).toBe(true);
    expect(verify('another-secret-entirely', r.headers['x-kpi-signature'], r.body)).toBe(false);
    expect(verify(secret, r.headers['x-kpi-signature'], r.body.replace('"value":80', '"value":81'))).toBe(false);
    const t = Number(/t=(\d+)/.exec(String(r.headers['x-kpi-signature']))![1]);
    expect(Math.abs(t - r.at / 1000)).toBeLessThan(60);
    const payload = JSON.parse(r.body);
    expect(payload).toMatchObject({
      type: 'alert.fired', deliveryId: log[0].id, workspace: ws.key,
      alert: { id: alert.id, kind: 'ENTERS_OFF_TRACK', kpi: 'rev', team: 'east', period: '2025-02', value: 80, target: 100, status: 'OFF_TRACK' },
    });
  }

  // A later alert is delivered once (the receiver now answers 200) and the first delivery is not sent again.
  await recordValues(ws, [['revenue', 'east', '2025-03', 50]]);
  await waitFor(() => ws.ok(DELIVERIES, { w: reg.webhook.id }).then((d) => d.webhookDeliveries), (d) => d.length === 2 && d.every((x: any) => x.state === 'SUCCEEDED'), 'the second delivery');
  expect(hook.received).toHaveLength(3);
  expect(hook.received.filter((r) => r.headers['x-kpi-delivery'] === log[0].id)).toHaveLength(2);
});

const onPostgres = process.env.KPI_TEST_DATABASE === 'postgres' || !!process.env.DATABASE_URL;
(onPostgres ? test : test.skip)('PostgreSQL: two API processes on one database deliver each of 12 alerts exactly once', async () => {
  let second: RunningServer | undefined;
  try {
    second = await startOwnServer({});
    const ws = await workspaceWithRule('hook-two');
    const hook = await receiver(() => 200);
    servers.push(hook.server);
    const secret = 'another-shared-secret-value';
    const reg = (await ws.ok(REGISTER, { i: { url: hook.url, secret } })).registerWebhook;
    // 12 months at 10 / 100 = 0.1 (OFF_TRACK): 12 alerts for east, each one delivery.
    const months = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`);
    for (const month of months) await recordValues(ws, [['revenue', 'east', month, 10]]);
    await waitFor(() => ws.ok(DELIVERIES, { w: reg.webhook.id }).then((d) => d.webhookDeliveries), (d) => d.length === 12 && d.every((x: any) => x.state === 'SUCCEEDED'), '12 deliveries');
    const perDelivery = new Map<string, number>();
    for (const r of hook.received) perDelivery.set(String(r.headers['x-kpi-delivery']), (perDelivery.get(String(r.headers['x-kpi-delivery'])) ?? 0) + 1);
    expect(perDelivery.size).toBe(12);
    expect([...perDelivery.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(hook.received.map((r) => JSON.parse(r.body).alert.period))).toEqual(new Set(months));
  } finally {
    await second?.stop();
  }
});
