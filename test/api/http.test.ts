/** The HTTP surface: authentication, health, request ids, body and depth limits, batching. */
import { baseUrl, createWorkspace, gql, post, type TestWorkspace } from './harness/client';

let ws: TestWorkspace;
beforeAll(async () => {
  ws = await createWorkspace('http');
});

test('GET /health answers ok with the database kind', async () => {
  const res = await fetch(`${baseUrl()}/health`);
  expect(res.status).toBe(200);
  // With DATABASE_READ_URLS the body also reports replicas (read-replicas.test.ts checks them).
  expect(await res.json()).toMatchObject({ status: 'ok', database: process.env.KPI_TEST_DATABASE });
});

test('a request without a key is HTTP 401 UNAUTHENTICATED', async () => {
  const res = await post({ query: '{ teams { key } }' });
  expect(res.status).toBe(401);
  expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  expect(res.headers.get('www-authenticate')).toBe('Bearer');
});

test.each([
  ['garbage', 'not-a-key'],
  ['well-formed but unknown', 'kpi_AAAAAAAAAAAA_' + 'b'.repeat(32)],
])('a %s key is HTTP 401 with the same message', async (_name, token) => {
  const res = await gql(token, '{ teams { key } }');
  expect(res.status).toBe(401);
  expect(res.errors?.[0].message).toBe('The API key is not valid, has expired or was revoked.');
});

test('a right prefix with a wrong secret is refused', async () => {
  const wrong = ws.token.slice(0, -4) + (ws.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  expect((await gql(wrong, '{ teams { key } }')).status).toBe(401);
});

test('a request id is echoed, or made when none is sent', async () => {
  const given = await fetch(`${baseUrl()}/health`, { headers: { 'x-request-id': 'trace-123' } });
  expect(given.headers.get('x-request-id')).toBe('trace-123');
  const made = await fetch(`${baseUrl()}/health`);
  expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});

test('a body over the limit is HTTP 413 PAYLOAD_TOO_LARGE', async () => {
  const res = await post({ query: '{ teams { key } }', variables: { pad: 'x'.repeat(6 * 1024 * 1024) } }, { authorization: `Bearer ${ws.token}` });
  expect(res.status).toBe(413);
  expect(res.errors?.[0].extensions?.code).toBe('PAYLOAD_TOO_LARGE');
});

test('malformed JSON is HTTP 400', async () => {
  const res = await post('{"query": ', { authorization: `Bearer ${ws.token}` });
  expect(res.status).toBe(400);
});

test('batched requests (a JSON array) are not accepted', async () => {
  const res = await post([{ query: '{ teams { key } }' }, { query: '{ teams { key } }' }], { authorization: `Bearer ${ws.token}` });
  expect(res.status).toBe(400);
});

test('a query nested past the depth limit is refused before it runs', async () => {
  // Each `parent` adds a level: team(1) + 14 parents = depth 16 > 12.
  const deep = `{ team(key: "x") { ${'parent { '.repeat(14)} key ${'} '.repeat(14)} } }`;
  const res = await ws.gql(deep);
  expect(res.status).toBe(400);
  expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(res.errors?.[0].message).toMatch(/nested deeper than the limit of 12 levels/);
});

test('an unexpected server error does not leak a stack trace outside development', async () => {
  const res = await ws.gql('{ team(key: "no-such") { key } }');
  expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
});
