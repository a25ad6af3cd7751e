/** Abuse limits: each refused quickly with its own error while other requests keep being served. */
import { createWorkspace, uniqueKey, type TestWorkspace } from './harness/client';
import { startOwnServer, workspaceOn } from './harness/own-server';

let ws: TestWorkspace;
beforeAll(async () => {
  ws = await createWorkspace('limits');
});

test('a nested list explosion is refused as QUERY_TOO_COSTLY with the estimate and the limit', async () => {
  // teams (1000) × children (20) × children (20) × children (20) = 8,000,000 objects > 5,000,000
  const res = await ws.gql(`{ teams { children { children { children { key } } } } }`);
  expect(res.status).toBe(400);
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: 5_000_000 });
  expect(res.errors?.[0].extensions?.cost).toBeGreaterThan(5_000_000);
  // The same query one level shallower (1000 × (1 + 20 × (1 + 20)) = 421,000) is allowed.
  expect((await ws.gql(`{ teams { children { children { key } } } }`)).status).toBe(200);
});

test('an alias bomb is refused by the field budget, and the server keeps serving', async () => {
  const aliases = Array.from({ length: 3000 }, (_, i) => `a${i}: workspace { key }`).join(' ');
  const started = Date.now();
  const res = await ws.gql(`{ ${aliases} }`);
  expect(res.status).toBe(400);
  expect(res.errors?.[0].extensions?.code).toBe('QUERY_TOO_COSTLY');
  expect(res.errors?.[0].message).toContain('limit is 2000');
  expect(Date.now() - started).toBeLessThan(5000);
  expect((await ws.gql(`{ workspace { key } }`)).status).toBe(200);
});

test('aliased list fields multiply: ten copies of a big list exceed what one copy may cost', async () => {
  const one = `teams { children { children { key } } }`; // 421,000
  const res = await ws.gql(`{ ${Array.from({ length: 12 }, (_, i) => `t${i}: ${one}`).join(' ')} }`); // 5,052,000
  expect(res.errors?.[0].extensions?.code).toBe('QUERY_TOO_COSTLY');
});

describe('rate limit per key', () => {
  test('past the per-minute allowance a key gets HTTP 429 with Retry-After; another key is unaffected', async () => {
    const server = await startOwnServer({ RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const first = await workspaceOn(server, uniqueKey('rl-a'));
      const second = await workspaceOn(server, uniqueKey('rl-b'));
      const ask = (token: string) =>
        fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ workspace { key } }' }),
        });
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await ask(first)).status);
      // A bucket of 5 tokens: five pass, the sixth is refused.
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const refused = await ask(first);
      expect(refused.status).toBe(429);
      // 5 per minute refills one token every 12 s.
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(12);
      expect(((await refused.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
      expect((await ask(second)).status).toBe(200);
      // The CSV upload endpoint draws on the same per-key allowance.
      const upload = await fetch(`${server.url}/import/measure-values`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${first}` },
        body: 'measure,team,period,value\n',
      });
      expect(upload.status).toBe(429);
      expect(upload.headers.get('retry-after')).not.toBeNull();
    } finally {
      await server.stop();
    }
  });

  test('the allowance is per key, not per process: two servers on one database draw on the same bucket', async () => {
    // Two HTTP servers, each with its own app and rate limiter, sharing one database.
    const one = await startOwnServer({ RATE_LIMIT_PER_MINUTE: '4' });
    const two = await startOwnServer({ RATE_LIMIT_PER_MINUTE: '4' }, { db: one.db });
    try {
      const token = await workspaceOn(one, uniqueKey('rl-shared'));
      const ask = (server: typeof one) =>
        fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ workspace { key } }' }),
        }).then((r) => r.status);
      const statuses = [];
      for (const server of [one, two, one, two, one, two]) statuses.push(await ask(server));
      // 4 tokens in all: requests 1-4 pass whichever server takes them; 5 and 6 are refused
      // (counted per process, each server would see 3 requests and let all 3 through).
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      await two.stop();
      await one.stop();
    }
  });
});
