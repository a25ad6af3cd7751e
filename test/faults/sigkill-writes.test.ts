/**
 * SIGKILL in the middle of a large write: a 50,000-row recordMeasureValues batch, a CSV
 * upload to POST /import/measure-values, and the import CLI (`npm run import`). Each is
 * one transaction, so after a restart the batch is all there or not there at all. The
 * kill comes once the batch's pages are demonstrably being written (the table and its
 * indexes have grown by a given share of what a whole batch adds), at several points.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { uniqueKey } from '../api/harness/client';
import { type ChildServer, type ServerDatabase, gqlAt, killAllChildren, startChild, trackChild } from './harness/child-server';
import { cleanUp, faultDatabases, pgQuery, storedValues, tempDir } from './harness/databases';
import { RECORD, prepareWorkspace, teamKeys, valueBatch } from './harness/value-batch';

const TEAMS = teamKeys(20);
const DAYS = 2500;
// 20 teams × 2,500 days = 50,000 rows; row i holds (i mod 100) + 1, so a whole batch is
// 500 runs of 1..100, and sums to 500 × 5050 = 2,525,000.
const WHOLE = { rows: 50_000, sum: 2_525_000 };
const NONE = { rows: 0, sum: 0 };
const IMPORT_CLI = path.resolve(__dirname, '../../dist/src/cli/import-csv.js');

type Kind = 'recordMeasureValues' | 'CSV upload' | 'import CLI';

/** A write under way: `settled` once its client has an answer (or lost the connection). */
interface Write {
  readonly settled: Promise<unknown>;
  /** The process to kill: the server, or the CLI that writes without one. */
  readonly victim: ChildProcess;
}

interface Kill {
  readonly kind: Kind;
  readonly measure: string;
  readonly share: number;
  readonly answeredFirst: boolean;
  readonly rowsOnDisk: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(async () => {
  await killAllChildren();
  await cleanUp();
});

// Each kill: the write, and the share of a whole batch's pages on disk at which it is
// killed; at 1 the kill races the commit (it comes with the last page or after the answer).
const KILLS: ReadonlyArray<{ kind: Kind; share: number }> = [
  { kind: 'recordMeasureValues', share: 0.2 },
  { kind: 'CSV upload', share: 0.6 },
  { kind: 'import CLI', share: 1 },
];

test.each(faultDatabases().map((target) => [target.name, target] as const))('%s: SIGKILL during 50,000-row writes leaves every batch whole or absent', async (_name, target) => {
  const db = target.fresh();
  const workspace = uniqueKey('kill');
  const killed = KILLS.map((_, i) => `killed${i + 1}`);
  let server: ChildServer | null = await startChild(db);
  const token = (await prepareWorkspace(server.url, workspace, ['control', ...killed], TEAMS)).token;
  const csvDir = tempDir('csv');

  // The embedded database has one owner at a time: the CLI writes while no server runs.
  const ready = async (kind: Kind) => {
    if (kind !== 'import CLI') {
      server ??= await startChild(db);
    } else if (server) {
      await stop(server);
      server = null;
    }
  };
  const begin = (kind: Kind, measure: string): Write => {
    const batch = valueBatch(measure, TEAMS, DAYS);
    if (kind === 'import CLI') {
      const file = path.join(csvDir, `${measure}.csv`);
      writeFileSync(file, batch.csv);
      const cli = trackChild(spawn(process.execPath, [IMPORT_CLI, file, '--workspace', workspace], {
        env: { PATH: process.env.PATH ?? '', DATA_DIR: db.dataDir, ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) },
        stdio: 'ignore',
      }));
      return { victim: cli, settled: once(cli, 'exit').then(([code]) => expect(code).toBe(0)) };
    }
    if (!server) throw new Error('no server to write to');
    const settled = kind === 'recordMeasureValues'
      ? gqlAt(server.url, token, RECORD, { v: batch.rows }).then((r) => expect(r.data.recordMeasureValues).toEqual({ __typename: 'ValuesRecorded', rows: 50_000, inserted: 50_000 }))
      : fetch(`${server.url}/import/measure-values`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: batch.csv })
          .then(async (r) => expect({ status: r.status, rows: ((await r.json()) as any).rows }).toEqual({ status: 200, rows: 50_000 }));
    return { victim: server.process, settled };
  };

  // One whole batch first, to know how many bytes of pages 50,000 rows take.
  const empty = await target.writtenBytes(db);
  await begin('recordMeasureValues', 'control').settled;
  const bytesPerRow = ((await target.writtenBytes(db)) - empty) / WHOLE.rows;
  expect(bytesPerRow).toBeGreaterThan(0);

  const kills: Kill[] = [];
  for (const [i, { kind, share }] of KILLS.entries()) {
    await ready(kind);
    const start = await target.writtenBytes(db);
    const write = begin(kind, killed[i]);
    let answered = false;
    void write.settled.then(() => (answered = true), () => (answered = true));
    let grown = 0;
    while (!answered && (grown = (await target.writtenBytes(db)) - start) < share * WHOLE.rows * bytesPerRow) await sleep(5);
    const answeredFirst = answered;
    write.victim.kill('SIGKILL');
    if (write.victim.exitCode === null && write.victim.signalCode === null) await once(write.victim, 'exit');
    await write.settled.catch(() => undefined); // the client lost its connection
    server = null;
    if (db.databaseUrl) await backendsFinished(db);
    kills.push({ kind, measure: killed[i], share, answeredFirst, rowsOnDisk: Math.round(grown / bytesPerRow) });
  }
  // The kills short of the end come while much of the batch is still to be written, before any answer.
  expect(kills.filter((k) => k.share < 0.9).map((k) => k.answeredFirst)).toEqual(kills.filter((k) => k.share < 0.9).map(() => false));

  // The restarted server reads each killed measure as all or nothing (summed over every team and year)…
  const restarted = await startChild(db);
  const sums = new Map<string, number>();
  for (const measure of killed) {
    const r = await gqlAt(restarted.url, token, `query($m: String!) { measureValues(measures: [$m], teams: ["TOTAL"], from: "2010", to: "2016", granularity: YEAR) { value } }`, { m: measure });
    sums.set(measure, (r.data.measureValues as Array<{ value: number | null }>).reduce((s, c) => s + (c.value ?? 0), 0));
  }
  // …and serves normally: the first killed batch sent again inserts exactly the rows that
  // were missing, so 50,000 − inserted rows of it had survived the kill.
  const again = await gqlAt(restarted.url, token, RECORD, { v: valueBatch(killed[0], TEAMS, DAYS).rows });
  expect(again.data.recordMeasureValues).toEqual({ __typename: 'ValuesRecorded', rows: 50_000, inserted: expect.any(Number) });
  await stop(restarted);
  const after = new Map([[killed[0], { rows: WHOLE.rows - again.data.recordMeasureValues.inserted, sum: sums.get(killed[0]) }]]);

  // The tables themselves, read by SQL.
  expect(await storedValues(target, db, workspace, 'control')).toEqual(WHOLE);
  expect(await storedValues(target, db, workspace, killed[0])).toEqual(WHOLE);
  for (const measure of killed.slice(1)) {
    const stored = await storedValues(target, db, workspace, measure);
    expect(sums.get(measure)).toBe(stored.sum);
    after.set(measure, stored);
  }
  for (const k of kills) {
    const stored = after.get(k.measure);
    console.log(`${target.name}, ${k.kind}: SIGKILL at ${Math.round(k.share * 100)} % of the batch's pages (≈${k.rowsOnDisk} of 50,000 uncommitted rows on disk${k.answeredFirst ? ', after the answer' : ''}): after restart ${stored?.rows} rows, sum ${stored?.sum}`);
    expect([NONE, WHOLE]).toContainEqual(stored);
  }
});

async function stop(server: ChildServer): Promise<void> {
  server.kill('SIGTERM');
  expect(await server.exited).toEqual({ code: 0, signal: null });
}

/**
 * PostgreSQL finishes the statement a killed client's backend was running before it
 * notices the client is gone and rolls back; wait for that, so what is read is final.
 */
async function backendsFinished(db: ServerDatabase): Promise<void> {
  const busy = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%INSERT INTO measure_values%' AND state <> 'idle'`;
  while ((await pgQuery<{ n: number }>(db.databaseUrl!, busy))[0].n > 0) await sleep(20);
}
