/**
 * The database going away under a running server (a PostgreSQL cluster of the test's
 * own, stopped and started again): meanwhile every request fails promptly with the typed
 * error SERVICE_UNAVAILABLE (HTTP 503), never an internal error or a hang; when the
 * database is back the same server process answers again, without a restart.
 */
import { type ChildServer, OPERATOR, gqlAt, killAllChildren, startChild } from './harness/child-server';
import { cleanUp, pgQuery, tempDir } from './harness/databases';
import { type ThrowawayCluster, clusterUnavailableReason, createCluster } from './harness/throwaway-postgres';
import { RECORD, prepareWorkspace, teamKeys, valueBatch } from './harness/value-batch';
import type { TestWorkspace } from '../api/harness/client';

const skipReason = clusterUnavailableReason();
if (skipReason) console.warn(`Database outage tests skipped: ${skipReason}.`);
const maybe = skipReason ? describe.skip : describe;

// A request must be answered within the pool's connection timeout (5 s) plus slack; a
// request still open after this is a hang, which is the failure this guards against.
const HANG = 15_000;
const READ = `query { measureValues(measures: ["calls"], teams: ["east", "west"], from: "2025-01", to: "2025-01", granularity: MONTH) { team value } }`;

async function answer(path: string, init: RequestInit & { url: string }): Promise<{ status: number; body: any }> {
  const res = await fetch(`${init.url}${path}`, { ...init, signal: AbortSignal.timeout(HANG) });
  return { status: res.status, body: await res.json() };
}

maybe('PostgreSQL stopped and started under a running server', () => {
  let cluster: ThrowawayCluster & { stopForGood(): Promise<void> };
  let server: ChildServer;
  let ws: TestWorkspace;

  beforeAll(async () => {
    cluster = await createCluster();
    server = await startChild({ databaseUrl: cluster.url, dataDir: tempDir('outage') });
    ws = await prepareWorkspace(server.url, 'outage', ['calls'], ['east', 'west']);
    // 2025-01-01..03 for each team: east 1 + 2 + 3 = 6, west 4 + 5 + 6 = 15.
    const rows = ['east', 'west'].flatMap((team, t) => [1, 2, 3].map((d) => ({ measure: 'calls', team, period: `2025-01-0${d}`, value: t * 3 + d })));
    expect((await ws.ok(RECORD, { v: rows })).recordMeasureValues.rows).toBe(6);
  });

  afterAll(async () => {
    await killAllChildren();
    await cluster?.stopForGood();
    await cleanUp();
  });

  const expectedRead = [{ team: 'east', value: 6 }, { team: 'west', value: 15 }];

  test('requests while it is down get SERVICE_UNAVAILABLE; the same process recovers once it is back', async () => {
    expect((await ws.ok(READ)).measureValues).toEqual(expectedRead);
    await cluster.stop('fast');

    const withKey = { url: server.url, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.token}` } };
    // An API key is checked against the database before GraphQL runs.
    const read = await answer('/graphql', { ...withKey, body: JSON.stringify({ query: READ }) });
    // The operator credential is not: this one fails inside the resolver.
    const create = await answer('/graphql', {
      ...withKey, headers: { ...withKey.headers, authorization: `Bearer ${OPERATOR}` },
      body: JSON.stringify({ query: 'mutation { createWorkspace(input: { key: "during-outage", name: "x" }) { __typename } }' }),
    });
    for (const r of [read, create]) {
      expect(r.status).toBe(503);
      expect(r.body.errors).toEqual([expect.objectContaining({ message: 'The database is unavailable; retry shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } })]);
    }
    const csv = await answer('/import/measure-values', { ...withKey, headers: { ...withKey.headers, 'content-type': 'text/csv' }, body: 'measure,team,period,value\ncalls,east,2025-01-04,1\n' });
    expect(csv).toEqual({ status: 503, body: { code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable; retry shortly.' } });
    const health = await answer('/health', { url: server.url });
    expect(health).toEqual({ status: 503, body: { status: 'unavailable', database: 'postgres' } });

    await cluster.start();
    const back = Date.now();
    let attempts = 0;
    let first: Awaited<ReturnType<typeof gqlAt>>;
    for (;;) {
      attempts++;
      first = await gqlAt(server.url, ws.token, READ);
      if (first.status !== 503) break;
      await sleep(100);
    }
    console.log(`PostgreSQL restart: the server answered again ${Date.now() - back} ms after the database was up (attempt ${attempts}), without a restart`);
    expect(first.status).toBe(200);
    expect(first.data.measureValues).toEqual(expectedRead);
    expect((await answer('/health', { url: server.url })).status).toBe(200);
    // The pooled connections the shutdown cut were dropped (and logged), not reused.
    expect(server.logs.some((l) => l.msg === 'database connection lost; it is replaced when next needed')).toBe(true);
    expect(server.process.exitCode).toBeNull();
  });

  test('a crash of PostgreSQL in the middle of a batch answers SERVICE_UNAVAILABLE and leaves none of the batch', async () => {
    const teams = teamKeys(20);
    const batchWs = await prepareWorkspace(server.url, 'outage-batch', ['load'], teams);
    // 20 teams × 2,500 days = 50,000 rows.
    const batch = valueBatch('load', teams, 2500);
    const sent = batchWs.gql(RECORD, { v: batch.rows });
    // Crash once the batch's INSERT is running inside its transaction.
    await waitFor(async () => {
      const active = await pgQuery(cluster.url, `SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND backend_xid IS NOT NULL AND query LIKE '%INSERT INTO measure_values%'`);
      return active.length > 0;
    });
    await cluster.stop('immediate');
    const r = await sent;
    expect(r.status).toBe(503);
    expect(r.errors).toEqual([expect.objectContaining({ extensions: { code: 'SERVICE_UNAVAILABLE' } })]);

    await cluster.start();
    await waitFor(async () => (await fetch(`${server.url}/health`)).status === 200);
    const [stored] = await pgQuery<{ rows: number }>(cluster.url, `SELECT count(*)::int AS rows FROM measure_values v JOIN workspaces w ON w.id = v.workspace_id WHERE w.key = 'outage-batch'`);
    expect(stored.rows).toBe(0);
    // The same batch again, on the same server process: all 50,000 rows are new.
    const again = await batchWs.ok(RECORD, { v: batch.rows });
    expect(again.recordMeasureValues).toEqual({ __typename: 'ValuesRecorded', rows: 50_000, inserted: 50_000 });
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await sleep(10);
}
