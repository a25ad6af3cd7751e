/**
 * Read replicas (DATABASE_READ_URLS). Rules: a routed read (consistency EVENTUAL, the
 * default) is answered by a replica only when that replica holds every write made to
 * the workspace before the request arrived, so a client always reads its own writes;
 * STRONG is answered by the primary; a replica that is down only sends its reads to the
 * primary. The `x-read-from` response header names who answered.
 *
 * The replica tests run when the server has a replica (`.ci/run` creates one with
 * scripts/replica.sh); the down-replica test runs on any PostgreSQL.
 */
import { Client } from 'pg';
import { createWorkspace, type TestWorkspace } from './harness/client';
import { createTeams, defineMeasures, recordValues } from './harness/crm';
import { startOwnServer, workspaceOn } from './harness/own-server';

const READ_URL = process.env.DATABASE_READ_URLS?.split(',')[0]?.trim();
const withReplica = READ_URL ? describe : describe.skip;
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

const CALLS = `query($c: ReadConsistency!) {
  measureValues(measures: ["calls"], teams: ["north"], from: "2025-01", to: "2025-01", granularity: MONTH, consistency: $c) { value } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function health(url: string): Promise<any> {
  return (await fetch(`${url}/health`)).json();
}

withReplica('with a streaming replica', () => {
  let ws: TestWorkspace;
  let replica: Client;

  async function readCalls(consistency: 'EVENTUAL' | 'STRONG'): Promise<{ value: number | null; from: string | null }> {
    const res = await ws.gql(CALLS, { c: consistency });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return { value: res.data.measureValues[0].value, from: res.headers.get('x-read-from') };
  }

  /** Reads until a replica answers: replay is asynchronous, so it may take a moment. */
  async function readFromReplica(): Promise<{ value: number | null; from: string | null }> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const read = await readCalls('EVENTUAL');
      if (read.from?.startsWith('replica-')) return read;
      await sleep(50);
    }
    throw new Error('no replica caught up with the workspace within 10 s');
  }

  /** The replica's own copy of the value, read directly (not through the service). */
  async function replicaCopy(): Promise<number | null> {
    const rows = await replica.query(
      `SELECT v.value::float8 AS value FROM measure_values v
         JOIN workspaces w ON w.id = v.workspace_id JOIN measures m ON m.workspace_id = v.workspace_id AND m.id = v.measure_id
        WHERE w.key = $1 AND m.key = 'calls'`,
      [ws.key],
    );
    return rows.rows[0]?.value ?? null;
  }

  beforeAll(async () => {
    ws = await createWorkspace('replicas');
    await defineMeasures(ws, [{ key: 'calls' }]);
    await createTeams(ws, [['north', null]]);
    replica = new Client({ connectionString: READ_URL });
    await replica.connect();
  });

  afterAll(async () => {
    // Whatever happened, leave the replica replaying for the other test files.
    await replica?.query('SELECT pg_wal_replay_resume()');
    await replica?.end();
  });

  test('EVENTUAL is answered by a replica once it holds the workspace\'s writes; STRONG by the primary', async () => {
    await recordValues(ws, [['calls', 'north', '2025-01', 7]]);
    expect(await readFromReplica()).toEqual({ value: 7, from: expect.stringMatching(/^replica-\d+$/) });
    // The replica is caught up (it just answered), yet STRONG still goes to the primary.
    expect(await readCalls('STRONG')).toEqual({ value: 7, from: 'primary' });
  });

  test('a read right after a write returns the written value while the replica has not replayed it', async () => {
    await recordValues(ws, [['calls', 'north', '2025-01', 7]]);
    await readFromReplica();
    await replica.query('SELECT pg_wal_replay_pause()');
    try {
      while ((await replica.query(`SELECT pg_get_wal_replay_pause_state() AS s`)).rows[0].s !== 'paused') await sleep(10);
      await recordValues(ws, [['calls', 'north', '2025-01', 11]]);
      // The replica really is stale: its own copy still says 7 …
      expect(await replicaCopy()).toBe(7);
      // … so the read goes to the primary and shows the write just made.
      expect(await readCalls('EVENTUAL')).toEqual({ value: 11, from: 'primary' });
      // Lag is visible while replay waits: WAL written on the primary, not replayed yet.
      const stalled = (await health(process.env.KPI_TEST_URL!)).replicas[0];
      expect(stalled.lagBytes).toBeGreaterThan(0);
      expect(stalled.lagSeconds).toBeGreaterThan(0);
    } finally {
      await replica.query('SELECT pg_wal_replay_resume()');
    }
    // Once replayed, the replica answers again, with the new value.
    expect(await readFromReplica()).toEqual({ value: 11, from: expect.stringMatching(/^replica-\d+$/) });
    expect(await replicaCopy()).toBe(11);
  });

  test('/health reports every replica\'s lag in bytes and seconds and how many reads it answered', async () => {
    await readFromReplica();
    const body = await health(process.env.KPI_TEST_URL!);
    expect(body.status).toBe('ok');
    expect(body.replicas).toHaveLength(process.env.DATABASE_READ_URLS!.split(',').length);
    expect(body.replicas[0]).toEqual({
      name: 'replica-1', state: 'streaming',
      lagBytes: expect.any(Number), lagSeconds: expect.any(Number),
      reads: expect.any(Number), behind: expect.any(Number), failures: expect.any(Number),
    });
    expect(body.replicas[0].lagBytes).toBeGreaterThanOrEqual(0);
    expect(body.primaryReads).toEqual(expect.any(Number));
  });
});

onPostgres('with a replica that is down', () => {
  test('reads fall back to the primary and /health reports the replica as down', async () => {
    // Port 9 (discard) has no PostgreSQL: every connection to this "replica" fails.
    const server = await startOwnServer({ DATABASE_READ_URLS: 'postgres://postgres@127.0.0.1:9/nowhere' });
    try {
      const token = await workspaceOn(server, `down-${Date.now().toString(36)}`);
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ teams { key } measures { key } }' }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: { teams: [], measures: [] } });
      expect(res.headers.get('x-read-from')).toBe('primary');
      const body = await health(server.url);
      expect(body.status).toBe('ok');
      expect(body.replicas).toEqual([expect.objectContaining({ name: 'replica-1', state: 'down', lagBytes: null, lagSeconds: null })]);
      expect(body.replicas[0].failures).toBeGreaterThanOrEqual(1);
    } finally {
      await server.stop();
    }
  });
});
