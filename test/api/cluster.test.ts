/**
 * `npm run start:cluster` (dist/src/cluster.js): workers share one port and one database,
 * a SIGTERM to the primary lets requests in flight finish and exits 0, and the embedded
 * database is refused. It runs the build, so it runs in the KPI_TEST_PROCESSES mode, which
 * builds first and needs PostgreSQL.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { type ServerProcess, spawnServerProcess } from '../../bench/server-process';
import { uniqueKey } from './harness/client';

const CLUSTER = path.resolve(__dirname, '../../dist/src/cluster.js');
const built = Number(process.env.KPI_TEST_PROCESSES ?? 1) > 1;

interface Cluster extends ServerProcess {
  /** pid of every worker that answered a GraphQL request, with how many it answered. */
  readonly answeredBy: Map<number, number>;
}

async function startCluster(workers: number): Promise<Cluster> {
  const answeredBy = new Map<number, number>();
  const cluster = await spawnServerProcess(CLUSTER, { ...process.env, PORT: '0', LOG_LEVEL: 'info', WEB_CONCURRENCY: String(workers), OPERATOR_TOKEN: process.env.KPI_TEST_OPERATOR }, {
    listeners: workers,
    onLine: (_line, entry) => {
      if (entry?.msg === 'graphql') answeredBy.set(entry.pid!, (answeredBy.get(entry.pid!) ?? 0) + 1);
    },
  });
  return { ...cluster, answeredBy };
}

async function gql(url: string, token: string, query: string, variables?: object): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

(built ? describe : describe.skip)('start:cluster (runs with KPI_TEST_PROCESSES ≥ 2: needs the build and PostgreSQL)', () => {
  test('two workers serve one port; SIGTERM lets the requests in flight finish, then the primary exits 0', async () => {
    const cluster = await startCluster(2);
    const created = await gql(cluster.url, process.env.KPI_TEST_OPERATOR!, 'mutation($k: String!) { createWorkspace(input: { key: $k, name: $k }) { ... on WorkspaceCreated { adminSecret } } }', { k: uniqueKey('cluster') });
    const token = created.data.createWorkspace.adminSecret as string;
    await gql(cluster.url, token, 'mutation { defineMeasure(input: { key: "calls", name: "Calls", unit: COUNT, grain: DAY }) { __typename } }');
    const teams = Array.from({ length: 12 }, (_, i) => `t${i}`);
    for (const team of teams) await gql(cluster.url, token, 'mutation($k: String!) { createTeam(input: { key: $k, name: $k }) { __typename } }', { k: team });
    // 12 batches at once, 1,000 daily values each (2020-01-01 onwards, value = day number).
    const days = Array.from({ length: 1000 }, (_, d) => new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10));
    const batches = teams.map((team) =>
      gql(cluster.url, token, 'mutation($v: [MeasureValueInput!]!) { recordMeasureValues(values: $v) { __typename ... on ValuesRecorded { rows } } }', {
        v: days.map((date, i) => ({ measure: 'calls', team, date, value: i })),
      }));
    let answered = 0;
    for (const b of batches) void b.then(() => answered++, () => answered++);
    // SIGTERM as soon as the first batch is answered, while the others are in flight.
    await Promise.race(batches);
    const inFlightAtSigterm = batches.length - answered;
    cluster.child.kill('SIGTERM');
    const answers = await Promise.all(batches);
    expect(inFlightAtSigterm).toBeGreaterThan(0);
    for (const a of answers) expect(a.data.recordMeasureValues).toEqual({ __typename: 'ValuesRecorded', rows: 1000 });
    expect(await cluster.exited).toBe(0);
    // 1 + 1 + 12 + 12 GraphQL requests, and both workers answered some of them.
    expect([...cluster.answeredBy.values()].reduce((a, b) => a + b, 0)).toBe(26);
    expect(cluster.answeredBy.size).toBe(2);
  });

  test('without DATABASE_URL it refuses to start, saying why (the embedded database is one session in one process)', async () => {
    const child = spawn(process.execPath, [CLUSTER], { env: { ...process.env, DATABASE_URL: '', DATABASE_READ_URLS: '', DATA_DIR: 'memory://' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('start:cluster needs PostgreSQL (DATABASE_URL)');
  });
});
