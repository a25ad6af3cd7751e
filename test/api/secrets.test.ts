/**
 * Secrets never reach the logs (API keys, Authorization headers, the operator credential,
 * new keys' secrets), and error answers never carry SQL, stack traces or another
 * workspace's identifiers, even at LOG_LEVEL=debug on a production server.
 */
import type { RunningServer } from '../../src/server';
import { uniqueKey } from './harness/client';
import { startOwnServer } from './harness/own-server';

const OPERATOR = 'operator-credential-for-the-secrets-test';
const logs: string[] = [];
let server: RunningServer;

async function ask(token: string, body: unknown): Promise<{ status: number; text: string; json: any }> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) };
}

async function newWorkspace(prefix: string): Promise<{ key: string; admin: string; id: string }> {
  const key = uniqueKey(prefix);
  const r = await ask(OPERATOR, { query: `mutation($k: String!) { createWorkspace(input: { key: $k, name: $k }) { ... on WorkspaceCreated { adminSecret } } }`, variables: { k: key } });
  const [row] = await server.db.dataSource.query(`SELECT id FROM workspaces WHERE key = $1`, [key]);
  return { key, admin: r.json.data.createWorkspace.adminSecret, id: row.id };
}

let a: { key: string; admin: string; id: string };
let b: { key: string; admin: string; id: string };
let created: string;
const badToken = 'kpi_AAAAAAAAAAAA_' + 'Z'.repeat(32);

beforeAll(async () => {
  server = await startOwnServer(
    { NODE_ENV: 'production', LOG_LEVEL: 'trace', OPERATOR_TOKEN: OPERATOR },
    { logs: { write: (line: string) => void logs.push(line) } },
  );
  a = await newWorkspace('secrets-a');
  b = await newWorkspace('secrets-b');
  await ask(a.admin, { query: `mutation { createTeam(input: { key: "hq", name: "HQ" }) { __typename } }` });
  const key = await ask(a.admin, { query: `mutation { createApiKey(input: { name: "integration", role: INGEST }) { ... on ApiKeyCreated { secret } } }` });
  created = key.json.data.createApiKey.secret;
  await ask(created, { query: `{ teams { key } }`, operationName: null });
  await ask(badToken, { query: `{ teams { key } }` });
});

afterAll(async () => {
  await server.stop();
});

describe('an unexpected (database) error', () => {
  let answer: { status: number; text: string; json: any };
  beforeAll(async () => {
    // A trigger makes team inserts of workspace a fail inside the database, with SQL and
    // both workspaces' identifiers in the database's message (input cannot provoke one:
    // the fuzz tests make sure of that). It touches no other workspace and is dropped after.
    const db = server.db.dataSource;
    await db.query(`CREATE OR REPLACE FUNCTION secrets_test_failure() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.workspace_id = '${a.id}' THEN
          RAISE EXCEPTION 'insert into teams where workspace_id = % failed (see %)', NEW.workspace_id, '${b.id} ${b.key}';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`DROP TRIGGER IF EXISTS secrets_test_failure ON teams`);
    await db.query(`CREATE TRIGGER secrets_test_failure BEFORE INSERT ON teams FOR EACH ROW EXECUTE FUNCTION secrets_test_failure()`);
    try {
      answer = await ask(a.admin, { query: `mutation { createTeam(input: { key: "failing", name: "Failing" }) { __typename } }` });
    } finally {
      await db.query(`DROP TRIGGER secrets_test_failure ON teams`);
      await db.query(`DROP FUNCTION secrets_test_failure()`);
    }
  });

  test('is answered with a generic message and its code, and logged', () => {
    expect(answer.json.errors).toEqual([{ message: 'Internal error; it has been logged.', path: ['createTeam'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    const logged = logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'unexpected error');
    expect(logged.length).toBeGreaterThan(0);
  });

  test('carries no SQL, stack trace or identifiers of any workspace', () => {
    expect(answer.text).not.toMatch(/select|audit_log|where|\$\d|invalid byte|\.ts:\d+|\bat \w|stack/i);
    for (const id of [a.id, b.id, b.key]) expect(answer.text).not.toContain(id);
  });
});

test('expected errors name only what the caller sent, nothing of other workspaces', async () => {
  const r = await ask(b.admin, { query: `{ team(key: "hq") { key } }` });
  expect(r.json.errors[0].extensions.code).toBe('NOT_FOUND');
  for (const leak of [a.key, a.id, 'HQ']) expect(r.text).not.toContain(leak);
});

test('the logs hold requests at debug level but no key, secret, operator credential or Authorization header', async () => {
  // Something was captured: the request lines and the error above.
  expect(logs.some((l) => l.includes('"msg":"graphql"'))).toBe(true);
  const all = logs.join('\n');
  const secrets = [OPERATOR, a.admin, b.admin, created, badToken];
  for (const secret of secrets) {
    expect(all).not.toContain(secret);
    // Nor the random part alone.
    expect(all).not.toContain(secret.split('_').slice(2).join('_') || secret);
  }
  expect(all).not.toMatch(/bearer/i);
});
