/**
 * `npm run bench:ingest`: ingestion and roll-up read figures against their baselines.
 *
 * On PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres;
 * a throw-away database is created next to it and dropped at the end):
 *   1. 1,000,000 values (50 measures × 500 teams × 40 months) through the CSV upload
 *      endpoint, sampling the serving process's RSS meanwhile;
 *   2. another 1,000,000 through `npm run import` in its own process (peak RSS, VmHWM);
 *   3. three more 1,000,000 through the API, 20 calls of 50,000 rows over HTTP with the
 *      bodies serialized beforehand: recordMeasureValues (rows as objects) one call at a
 *      time, recordMeasureValueColumns (rows as columns) one at a time and two at a time;
 *   4. the CSV file by `psql \copy` into a bare temporary table (the COPY baseline), a
 *      bare logged table, and a logged table with a primary key like measure_values;
 *   5. reading one measure for 500 teams × 24 months, rolled up over the 500-team tree.
 * On embedded PGlite: the same roll-up read over the same tree and 12,000 values.
 * Targets (issue 5): API within 5× of COPY; the roll-up read under 200 ms on PostgreSQL.
 * BENCH_PART=postgres or BENCH_PART=pglite runs one half.
 */
import './production-mode';
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { loadConfig } from '../src/config';
import { openDatabase, type Database } from '../src/db/data-source';
import type { ServiceContext } from '../src/domain/context';
import { loadMeasuresByKey } from '../src/domain/measure';
import { loadMeasureWindows } from '../src/domain/measure-loader';
import { recordMeasureValues } from '../src/domain/measure-values';
import { defineMeasure } from '../src/domain/measures';
import { createTeam, loadTeamTree } from '../src/domain/teams';
import { createWorkspace, findWorkspaceByKey } from '../src/domain/workspaces';
import { createLogger } from '../src/logger';
import { CALENDAR_YEAR, periodFromIndex, periodIndex, parsePeriodKey } from '../src/periods';
import { startServer, type RunningServer } from '../src/server';

const TEAMS = 500;
const MEASURES = 50;
const MONTHS = 40; // 2022-01 .. 2025-04
const BATCH = 50_000;
const READ_MONTHS = 24;
const OPERATOR = `bench-${randomBytes(8).toString('hex')}`;

const firstMonth = (() => {
  const r = parsePeriodKey('2022-01', CALENDAR_YEAR);
  if (!r.ok) throw new Error('bad month');
  return periodIndex(r.period, CALENDAR_YEAR);
})();
const monthKeys = Array.from({ length: MONTHS }, (_, i) => periodFromIndex(firstMonth + i, 'MONTH', CALENDAR_YEAR).key);

/** company → 20 departments → 479 teams: 500 teams on three levels. */
function treeShape(): Array<[string, string | null]> {
  const teams: Array<[string, string | null]> = [['company', null]];
  for (let d = 0; d < 20; d++) teams.push([`dept-${d}`, 'company']);
  for (let t = 0; teams.length < TEAMS; t++) teams.push([`team-${t}`, `dept-${t % 20}`]);
  return teams;
}

/** Values in a fixed order: measure-major, then team, then month. */
function* rows(prefix: string): Generator<{ measure: string; team: string; period: string; value: number }> {
  const teams = treeShape();
  for (let m = 1; m <= MEASURES; m++) {
    const measure = `${prefix}${String(m).padStart(2, '0')}`;
    for (let t = 0; t < teams.length; t++) {
      for (let p = 0; p < MONTHS; p++) yield { measure, team: teams[t][0], period: monthKeys[p], value: ((m * 7919 + t * 104729 + p * 13) % 100000) / 100 };
    }
  }
}

async function gql(server: RunningServer, token: string, query: string, variables?: unknown): Promise<any> {
  const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 1000));
  return body.data;
}

function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en-US')} rows/s`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeRead(ctx: ServiceContext, measureKey: string, firstIndex: number): Promise<{ loader: number; loaderWithTree: number }> {
  const measure = (await loadMeasuresByKey(ctx)).get(measureKey)!;
  const tree = await loadTeamTree(ctx);
  const teams = [...tree.nodes];
  const windows = Array.from({ length: READ_MONTHS }, (_, i) => ({ first: firstIndex + i, last: firstIndex + i }));
  const once = async (withTree: boolean) => {
    const t0 = performance.now();
    const out = await loadMeasureWindows(ctx, { measures: [measure], granularity: 'MONTH', windows, teams, tree: withTree ? undefined : tree });
    const ms = performance.now() - t0;
    if (out.values.get(measureKey)!.length !== teams.length * READ_MONTHS) throw new Error('wrong shape');
    return ms;
  };
  for (let i = 0; i < 3; i++) await once(false);
  const given: number[] = [];
  const loading: number[] = [];
  for (let i = 0; i < 15; i++) {
    given.push(await once(false));
    loading.push(await once(true));
  }
  return { loader: median(given), loaderWithTree: median(loading) };
}

async function postgresPart(baseUrl: string, dir: string): Promise<void> {
  const dbName = `kpi_bench_${process.pid}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(baseUrl);
  url.pathname = `/${dbName}`;
  const benchUrl = url.toString();
  const config = loadConfig({
    ...process.env, DATABASE_URL: benchUrl, PORT: '0', LOG_LEVEL: 'silent', NODE_ENV: 'production', OPERATOR_TOKEN: OPERATOR, RATE_LIMIT_PER_MINUTE: '0',
  });
  const server = await startServer(config, createLogger('silent'));
  try {
    console.log(`PostgreSQL (${server.db.kind}, database ${dbName})`);
    const created = await gql(server, OPERATOR, `mutation { createWorkspace(input: { key: "bench", name: "Bench" }) { ... on WorkspaceCreated { adminSecret } } }`);
    const token = created.createWorkspace.adminSecret as string;
    let t0 = performance.now();
    for (const [key, parent] of treeShape()) {
      await gql(server, token, `mutation($i: CreateTeamInput!) { createTeam(input: $i) { __typename } }`, { i: { key, name: key, parent } });
    }
    for (const prefix of ['api_', 'col_', 'par_', 'csv_', 'cli_']) {
      for (let m = 1; m <= MEASURES; m++) {
        await gql(server, token, `mutation($i: DefineMeasureInput!) { defineMeasure(input: $i) { __typename } }`, {
          i: { key: `${prefix}${String(m).padStart(2, '0')}`, name: `m${m}`, unit: 'COUNT', grain: 'MONTH' },
        });
      }
    }
    console.log(`  setup: ${TEAMS} teams, ${5 * MEASURES} measures in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const total = TEAMS * MEASURES * MONTHS;
    const megabytes = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
    const csvFile = (prefix: string): string => {
      const file = path.join(dir, `${prefix}values.csv`);
      writeFileSync(file, 'measure,team,period,value\n');
      let lines: string[] = [];
      for (const r of rows(prefix)) {
        lines.push(`${r.measure},${r.team},${r.period},${r.value}\n`);
        if (lines.length === 10_000) { appendFileSync(file, lines.join('')); lines = []; }
      }
      appendFileSync(file, lines.join(''));
      return file;
    };

    // 1. CSV upload endpoint, streamed from disk; RSS sampled meanwhile (before the API
    //    part, whose 50,000-row JSON bodies would leave the heap grown).
    const uploadFile = csvFile('csv_');
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage().rss); }, 20);
    t0 = performance.now();
    const res = await fetch(`${server.url}/import/measure-values`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: Readable.toWeb(createReadStream(uploadFile)),
      duplex: 'half',
    } as unknown as RequestInit);
    const report = (await res.json()) as { inserted?: number };
    const csvMs = performance.now() - t0;
    clearInterval(sampler);
    if (res.status !== 200) throw new Error(`CSV import failed: ${JSON.stringify(report).slice(0, 500)}`);
    console.log(`  CSV upload endpoint (${megabytes(statSync(uploadFile).size)} file): ${report.inserted!.toLocaleString('en-US')} values in ${(csvMs / 1000).toFixed(2)} s = ${rate(total, csvMs)}`);
    console.log(`    RSS of the serving process: ${megabytes(rssBefore)} before, ${megabytes(rssPeak)} at most during the import (+${megabytes(rssPeak - rssBefore)})`);

    // 2. The CLI (`npm run import`) on another 1,000,000 values, in its own process: its
    //    peak RSS (VmHWM) is the import's alone.
    const cliFile = csvFile('cli_');
    t0 = performance.now();
    const cliOut = execFileSync(process.execPath, ['-e', `
      process.argv.splice(1, 0, 'import-csv');
      process.on('exit', () => { const s = require('fs').readFileSync('/proc/self/status', 'utf8'); console.log('VmHWM', /VmHWM:\\s+(\\d+)/.exec(s)[1]); });
      require(${JSON.stringify(path.resolve(__dirname, '../src/cli/import-csv.js'))});`, cliFile, '--workspace', 'bench'],
    { env: { ...process.env, DATABASE_URL: benchUrl, NODE_ENV: 'production' }, encoding: 'utf8' });
    const cliMs = performance.now() - t0;
    const hwm = Number(/VmHWM (\d+)/.exec(cliOut)?.[1] ?? NaN) * 1024;
    console.log(`  CLI import (npm run import, own process, start-up included): ${(cliMs / 1000).toFixed(2)} s = ${rate(total, cliMs)}; peak RSS ${megabytes(hwm)}`);

    // 3. API: 20 calls of 50,000 rows, one after the other, then two at a time; as a
    //    list of row objects and as columns. Request bodies are serialized before the
    //    clock starts, as a client's would be: the service's work is what is timed.
    const ROWS = `mutation($v: [MeasureValueInput!]!) { recordMeasureValues(values: $v) { ... on ValuesRecorded { inserted } ... on Problem { code message } } }`;
    const COLUMNS = `mutation($c: MeasureValueColumnsInput!) { recordMeasureValueColumns(columns: $c) { ... on ValuesRecorded { inserted } ... on Problem { code message } } }`;
    const bodies = (prefix: string, asColumns: boolean): string[] => {
      const out: string[] = [];
      let batch: Array<{ measure: string; team: string; period: string; value: number }> = [];
      const flush = () => {
        out.push(JSON.stringify(asColumns
          ? { query: COLUMNS, variables: { c: { measure: batch.map((r) => r.measure), team: batch.map((r) => r.team), period: batch.map((r) => r.period), value: batch.map((r) => r.value) } } }
          : { query: ROWS, variables: { v: batch } }));
        batch = [];
      };
      for (const row of rows(prefix)) {
        batch.push(row);
        if (batch.length === BATCH) flush();
      }
      return out;
    };
    const send = async (body: string): Promise<number> => {
      const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      const answer = (await res.json()) as { data?: Record<string, { inserted?: number }>; errors?: unknown };
      const result = answer.data && Object.values(answer.data)[0];
      if (result?.inserted === undefined) throw new Error(JSON.stringify(answer).slice(0, 1000));
      return result.inserted;
    };
    const timeCalls = async (label: string, prefix: string, asColumns: boolean, atOnce: number): Promise<number> => {
      const queue = bodies(prefix, asColumns);
      let inserted = 0;
      t0 = performance.now();
      await Promise.all(Array.from({ length: atOnce }, async () => {
        for (let body = queue.shift(); body !== undefined; body = queue.shift()) {
          const n = await send(body); // not `inserted += await …`, which would add to a stale total
          inserted += n;
        }
      }));
      const ms = performance.now() - t0;
      if (inserted !== total) throw new Error(`${label}: ${inserted} of ${total} inserted`);
      console.log(`  API ${label}: ${inserted.toLocaleString('en-US')} values in ${(ms / 1000).toFixed(2)} s = ${rate(total, ms)}`);
      return ms;
    };
    const apiMs = await timeCalls('recordMeasureValues, 20 calls of 50,000 rows in a row', 'api_', false, 1);
    const colMs = await timeCalls('recordMeasureValueColumns, 20 calls of 50,000 rows in a row', 'col_', true, 1);
    const parMs = await timeCalls('recordMeasureValueColumns, two calls at a time', 'par_', true, 2);

    // 4. COPY baselines, the same rows from the same file: into a bare temporary table (no
    //    key, no index, no WAL), into a bare logged table (durable, as stored values are),
    //    and into a logged table keyed like measure_values. The three show how much of the
    //    gap is durability and the key rather than the service.
    try {
      const out = execFileSync('psql', [benchUrl, '-q', '-v', 'ON_ERROR_STOP=1', '-c', '\\timing on',
        '-c', 'CREATE TEMP TABLE copy_bench (measure text, team text, period text, value double precision)',
        '-c', `\\copy copy_bench FROM '${uploadFile}' WITH (FORMAT csv, HEADER true)`,
        '-c', 'CREATE TABLE copy_logged (measure text, team text, period text, value double precision)',
        '-c', `\\copy copy_logged FROM '${uploadFile}' WITH (FORMAT csv, HEADER true)`,
        '-c', 'CREATE TABLE copy_keyed (measure text, team text, period text, value double precision, PRIMARY KEY (measure, period, team))',
        '-c', `\\copy copy_keyed FROM '${uploadFile}' WITH (FORMAT csv, HEADER true)`,
        '-c', 'DROP TABLE copy_logged, copy_keyed'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      const times = [...out.matchAll(/Time: ([\d.]+) ms/g)].map((m) => Number(m[1]));
      const [copyMs, loggedMs, keyedMs] = [times[1], times[3], times[5]];
      console.log(`  COPY baseline (psql \\copy into a bare temp table): ${(copyMs / 1000).toFixed(2)} s = ${rate(total, copyMs)}`);
      console.log(`  COPY into a bare logged table: ${(loggedMs / 1000).toFixed(2)} s = ${rate(total, loggedMs)}`);
      console.log(`  COPY into a logged table with a primary key like measure_values: ${(keyedMs / 1000).toFixed(2)} s = ${rate(total, keyedMs)}`);
      const ratios = (base: number) => `rows ${(apiMs / base).toFixed(1)}×, columns ${(colMs / base).toFixed(1)}× (two at a time ${(parMs / base).toFixed(1)}×), CSV upload ${(csvMs / base).toFixed(1)}×, CLI ${(cliMs / base).toFixed(1)}×`;
      console.log(`  time relative to COPY into the bare temp table: ${ratios(copyMs)} (target: API within 5×)`);
      console.log(`  time relative to COPY into the bare logged table: ${ratios(loggedMs)}`);
      console.log(`  time relative to COPY into the keyed table: ${ratios(keyedMs)}`);
    } catch (error) {
      console.log(`  COPY baseline skipped: psql failed (${(error as Error).message.split('\n')[0]})`);
    }

    // 5. Roll-up read: one measure, 500 teams × 24 months.
    const ws = (await findWorkspaceByKey(server.db, 'bench'))!;
    const ctx: ServiceContext = {
      requestId: 'bench', db: server.db,
      workspace: { id: ws.id, key: ws.key, timeZone: ws.timeZone, fiscalYearStartMonth: ws.fiscalYearStartMonth },
      actor: { name: 'bench', keyId: 'bench', role: 'ADMIN' },
    };
    const read = await timeRead(ctx, 'api_01', firstMonth + MONTHS - READ_MONTHS);
    console.log(`  roll-up read, 1 measure × ${TEAMS} teams × ${READ_MONTHS} months (median of 15): ${read.loader.toFixed(1)} ms with the tree given, ${read.loaderWithTree.toFixed(1)} ms loading it too (target < 200 ms)`);
    t0 = performance.now();
    const teamKeys = treeShape().map(([key]) => key);
    const grid = await gql(server, token, `query($t: [String!]!) { measureValues(measures: ["api_01"], teams: $t, from: "2023-05", to: "2025-04", granularity: MONTH) { value } }`, { t: teamKeys });
    console.log(`  the same as measureValues over HTTP (${grid.measureValues.length.toLocaleString('en-US')} cells, JSON included): ${(performance.now() - t0).toFixed(0)} ms`);
  } finally {
    await server.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.end();
  }
}

async function pgliteRead(): Promise<void> {
  const db: Database = await openDatabase({ dataDir: 'memory://' });
  try {
    await db.migrate();
    const { workspace } = await createWorkspace(db, { key: 'bench', name: 'Bench' });
    const ctx: ServiceContext = {
      requestId: 'bench', db,
      workspace: { id: workspace.id, key: workspace.key, timeZone: workspace.timeZone, fiscalYearStartMonth: workspace.fiscalYearStartMonth },
      actor: { name: 'bench', keyId: 'bench', role: 'ADMIN' },
    };
    for (const [key, parent] of treeShape()) await createTeam(ctx, { key, name: key, parent });
    await defineMeasure(ctx, { key: 'revenue', name: 'Revenue', unit: 'COUNT', grain: 'MONTH' });
    const values = [];
    for (const [team] of treeShape()) for (let p = MONTHS - READ_MONTHS; p < MONTHS; p++) values.push({ measure: 'revenue', team, period: monthKeys[p], value: p });
    const t0 = performance.now();
    await recordMeasureValues(ctx, values);
    const ms = performance.now() - t0;
    console.log(`PGlite (embedded)\n  recordMeasureValues service call, ${values.length.toLocaleString('en-US')} values: ${ms.toFixed(0)} ms = ${rate(values.length, ms)}`);
    const read = await timeRead(ctx, 'revenue', firstMonth + MONTHS - READ_MONTHS);
    console.log(`  roll-up read, 1 measure × ${TEAMS} teams × ${READ_MONTHS} months (median of 15): ${read.loader.toFixed(1)} ms with the tree given, ${read.loaderWithTree.toFixed(1)} ms loading it too`);
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kpi-bench-'));
  try {
    const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    // BENCH_PART=postgres or pglite runs one half only.
    if (process.env.BENCH_PART !== 'pglite') await postgresPart(pgUrl, dir);
    if (process.env.BENCH_PART !== 'postgres') await pgliteRead();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
