/**
 * Alerts over a GraphQL subscription (graphql-ws at /graphql): a subscriber authenticated
 * with an API key in connectionParams receives its workspace's alerts inside its key's
 * team scope, nothing of another workspace; a bad key is refused (close code 4403). On
 * PostgreSQL a subscriber connected to a second API process receives alerts fired by
 * either process (LISTEN/NOTIFY).
 */
import type { RunningServer } from '../../src/server';
import { createWorkspace, type TestWorkspace } from './harness/client';
import { createTeams, defineMeasures, mustCreateKpi, recordValues } from './harness/crm';
import { alertsOf, mustCreateRule, waitFor } from './harness/alerts';
import { keyWithRole } from './harness/measure-fixtures';
import { startOwnServer } from './harness/own-server';
import { type Subscriber, subscribe } from './harness/subscriber';

const SUBSCRIPTION = 'subscription($f: AlertSubscriptionFilterInput) { alertFired(filter: $f) { id kpi team period { key } value status kind } }';
const url = () => process.env.KPI_TEST_URL!;
const open: Subscriber[] = [];

async function subscriber(token: string, httpUrl = url(), variables: Record<string, unknown> = {}): Promise<Subscriber> {
  const s = await subscribe(httpUrl, token, SUBSCRIPTION, variables);
  open.push(s);
  return s;
}

/** Rule: rev (target 100) enters OFF_TRACK, on every team. */
async function workspaceWithRule(prefix: string): Promise<TestWorkspace> {
  const ws = await createWorkspace(prefix);
  await createTeams(ws, [['org', null], ['east', 'org'], ['west', 'org']]);
  await defineMeasures(ws, [{ key: 'revenue' }]);
  await mustCreateKpi(ws, { key: 'rev', formula: 'revenue', defaultTarget: 100 });
  await mustCreateRule(ws, { kpi: 'rev', kind: 'ENTERS_OFF_TRACK' });
  return ws;
}

/**
 * The server registers a subscription a moment after the client sends it, and nothing
 * acknowledges that; so alerts are fired one month at a time (10 / 100 = 0.1: OFF_TRACK)
 * until the subscriber has one, at most `tries` months.
 */
async function fireUntilReceived(ws: TestWorkspace, team: string, s: Subscriber, tries = 6): Promise<string[]> {
  const months: string[] = [];
  for (let m = 1; m <= tries && s.received.length === 0; m++) {
    const month = `2024-${String(m).padStart(2, '0')}`;
    months.push(month);
    await recordValues(ws, [['revenue', team, month, 10]]);
    await waitFor(() => alertsOf(ws, { team }), (a) => a.some((x) => x.period.key === month && x.team === team), `the ${team} ${month} alert`);
    await waitFor(async () => s.received.length, (n) => n > 0, 'the subscriber to receive it', 2000).catch(() => undefined);
  }
  return months;
}

afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

test('a subscriber receives its workspace\'s alerts; another workspace\'s key and a west-scoped key receive none of them', async () => {
  const a = await workspaceWithRule('sub-a');
  const b = await workspaceWithRule('sub-b');
  const subA = await subscriber(a.token);
  const subB = await subscriber(b.token);
  const subWest = await subscriber(await keyWithRole(a, 'VIEWER', 'west'));
  expect([subA.failure, subB.failure, subWest.failure]).toEqual([null, null, null]);

  await fireUntilReceived(a, 'east', subA);
  const alertsA = await alertsOf(a);
  expect(subA.received.length).toBeGreaterThan(0);
  const idsA = new Set(alertsA.map((x) => x.id));
  for (const r of subA.received) {
    expect(idsA.has(r.alertFired.id)).toBe(true);
    expect(r.alertFired).toMatchObject({ kpi: 'rev', kind: 'ENTERS_OFF_TRACK', status: 'OFF_TRACK', value: 10 });
  }
  // Each alert of A's east and org once: east and its parent org fire for the same month.
  const received = subA.received.map((r) => `${r.alertFired.team} ${r.alertFired.period.key}`);
  expect(new Set(received).size).toBe(received.length);

  // B and the west-scoped key are live too: each gets an alert of its own, and never one of A's east or org.
  await fireUntilReceived(b, 'east', subB);
  await fireUntilReceived(a, 'west', subWest);
  expect(subB.received.length).toBeGreaterThan(0);
  expect(subB.received.filter((r) => idsA.has(r.alertFired.id))).toEqual([]);
  expect(subWest.received.length).toBeGreaterThan(0);
  expect(subWest.received.map((r) => r.alertFired.team).filter((t) => t !== 'west')).toEqual([]);
});

test('a filter narrows the stream to one KPI and team subtree', async () => {
  const ws = await workspaceWithRule('sub-filter');
  const onlyWest = await subscriber(ws.token, url(), { f: { team: 'west', kpi: 'rev' } });
  await fireUntilReceived(ws, 'west', onlyWest);
  await recordValues(ws, [['revenue', 'east', '2024-12', 10]]);
  await waitFor(() => alertsOf(ws, { team: 'east' }), (x) => x.length > 0, 'the east alert');
  // A later west alert is the barrier after which an east alert would have arrived too.
  const before = onlyWest.received.length;
  await recordValues(ws, [['revenue', 'west', '2025-12', 10]]);
  await waitFor(async () => onlyWest.received.length, (n) => n > before, 'the later west alert');
  expect(onlyWest.received.map((r) => r.alertFired.team).filter((t) => t !== 'west')).toEqual([]);
});

test('a bad key, no key and an unknown field are refused', async () => {
  const bad = await subscriber('kpi_notarealkey_0000000000000000');
  expect(bad.failure).toMatchObject({ code: 4403 });
  const none = await subscribe(url(), '', SUBSCRIPTION);
  open.push(none);
  expect(none.failure).toMatchObject({ code: 4403 });
  const ws = await createWorkspace('sub-bad');
  const wrong = await subscribe(url(), ws.token, 'subscription { alertFired { nope } }');
  open.push(wrong);
  await waitFor(async () => wrong.failure, (f) => f !== null, 'the validation error', 5000);
  expect(JSON.stringify(wrong.failure)).toContain('nope');
  const query = await subscribe(url(), ws.token, '{ teams { key } }');
  open.push(query);
  await waitFor(async () => query.failure, (f) => f !== null, 'the refusal of a query', 5000);
  expect(JSON.stringify(query.failure)).toContain('Only subscriptions');
});

const onPostgres = process.env.KPI_TEST_DATABASE === 'postgres' || !!process.env.DATABASE_URL;
(onPostgres ? test : test.skip)('PostgreSQL: a subscriber on a second API process receives alerts fired by either process', async () => {
  let second: RunningServer | undefined;
  try {
    second = await startOwnServer({});
    const ws = await workspaceWithRule('sub-two');
    const remote = await subscriber(ws.token, second.url);
    await fireUntilReceived(ws, 'east', remote);
    expect(remote.received.length).toBeGreaterThan(0);
    const ids = new Set((await alertsOf(ws)).map((x) => x.id));
    for (const r of remote.received) expect(ids.has(r.alertFired.id)).toBe(true);
  } finally {
    await Promise.all(open.splice(0).map((s) => s.close()));
    await second?.stop();
  }
});
