/**
 * PGlite has one session. The data source must hand it to one transaction at a time:
 * if two requests shared it, a rollback in one would undo the other's write.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { openDatabase, type Database } from '../../src/db/data-source';

let db: Database;
const workspaceId = randomUUID();

beforeAll(async () => {
  db = await openDatabase({ dataDir: 'memory://' });
  await db.migrate();
  await db.dataSource.query(`INSERT INTO workspaces (id, key, name) VALUES ($1, 'session-test', 'x')`, [workspaceId]);
});
afterAll(() => db.close());

const insertTeam = (tx: { query: (sql: string, p: unknown[]) => Promise<unknown> }, key: string) =>
  tx.query(`INSERT INTO teams (workspace_id, id, key, name) VALUES ($1, $2, $3, $3)`, [workspaceId, randomUUID(), key]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('two overlapping transactions: the one that fails rolls back alone, the other write survives', async () => {
  const order: string[] = [];
  const failing = db.dataSource.transaction(async (tx) => {
    await insertTeam(tx, 'doomed');
    order.push('doomed inserted');
    await sleep(100); // the other transaction is started meanwhile
    throw new Error('boom');
  });
  await sleep(10);
  const succeeding = db.dataSource.transaction(async (tx) => {
    order.push('survivor started');
    await insertTeam(tx, 'survivor');
  });
  await expect(failing).rejects.toThrow('boom');
  await succeeding;
  const keys = (await db.dataSource.query(`SELECT key FROM teams WHERE workspace_id = $1 ORDER BY key`, [workspaceId])).map((r: { key: string }) => r.key);
  expect(keys).toEqual(['survivor']);
  // The second transaction waited for the first to finish instead of sharing its session.
  expect(order).toEqual(['doomed inserted', 'survivor started']);
});

test('a failing transaction started second does not undo the first one', async () => {
  const first = db.dataSource.transaction(async (tx) => {
    await insertTeam(tx, 'first');
    await sleep(50);
  });
  const second = db.dataSource.transaction(async (tx) => {
    await insertTeam(tx, 'second');
    throw new Error('second fails');
  });
  await first;
  await expect(second).rejects.toThrow('second fails');
  const keys = (await db.dataSource.query(`SELECT key FROM teams WHERE workspace_id = $1 AND key IN ('first','second')`, [workspaceId])).map((r: { key: string }) => r.key);
  expect(keys).toEqual(['first']);
});

test('migrations are idempotent: a second run has nothing to do', async () => {
  expect(await db.migrate()).toEqual([]);
});
