/**
 * API keys: made by an ADMIN, the secret shown once and stored only as a salted hash,
 * revoked or expired keys refused at once with HTTP 401, last use recorded.
 */
import { createHash } from 'node:crypto';
import { createWorkspace, gql, uniqueKey, type TestWorkspace } from './harness/client';
import { keyWithRole, uploadCsv } from './harness/measure-fixtures';
import { startOwnServer, workspaceOn } from './harness/own-server';

const CREATED = `__typename ... on ApiKeyCreated { secret apiKey { id name prefix role scopeTeam expiresAt lastUsedAt revokedAt } } ... on Problem { code message }`;
const KEY_FIELDS = `id name prefix role scopeTeam expiresAt lastUsedAt revokedAt createdAt`;

let ws: TestWorkspace;
beforeAll(async () => {
  ws = await createWorkspace('keys');
  await ws.ok(`mutation { createTeam(input: { key: "sales", name: "Sales" }) { __typename } }`);
});

async function createKey(input: Record<string, unknown>): Promise<any> {
  return (await ws.ok(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { ${CREATED} } }`, { i: input })).createApiKey;
}

const canRead = async (token: string) => (await gql(token, `{ workspace { key } }`)).status;

test('the secret is in the creation answer only: never in the key list or the audit trail', async () => {
  const created = await createKey({ name: 'crm-sync', role: 'INGEST', scopeTeam: 'sales' });
  expect(created).toMatchObject({ __typename: 'ApiKeyCreated', apiKey: { name: 'crm-sync', role: 'INGEST', scopeTeam: 'sales', revokedAt: null } });
  expect(created.secret).toMatch(new RegExp(`^kpi_${created.apiKey.prefix}_[A-Za-z0-9_-]{32}$`));
  expect(await canRead(created.secret)).toBe(200);
  const secretPart = created.secret.split('_').slice(2).join('_');
  const listed = await ws.ok(`{ apiKeys { ${KEY_FIELDS} } }`);
  expect(listed.apiKeys.map((k: { id: string }) => k.id)).toContain(created.apiKey.id);
  const audit = await ws.ok(`{ auditTrail(entityType: "API_KEY") { entityKey before after } }`);
  expect(audit.auditTrail[0].entityKey).toBe(created.apiKey.prefix);
  for (const text of [JSON.stringify(listed), JSON.stringify(audit)]) expect(text).not.toContain(secretPart);
});

test('the database keeps a per-key salt and a hash, never the secret', async () => {
  const server = await startOwnServer({});
  try {
    const admin = await workspaceOn(server, uniqueKey('keys-db'));
    const make = async (name: string) => {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ query: `mutation($n: String!) { createApiKey(input: { name: $n, role: VIEWER }) { ... on ApiKeyCreated { secret apiKey { id } } } }`, variables: { n: name } }),
      });
      return ((await res.json()) as any).data.createApiKey as { secret: string; apiKey: { id: string } };
    };
    const keys = [await make('first'), await make('second')];
    const rows: Array<Record<string, unknown>> = await server.db.dataSource.query(`SELECT * FROM api_keys WHERE id = ANY($1::uuid[]) ORDER BY name`, [keys.map((k) => k.apiKey.id)]);
    expect(rows).toHaveLength(2);
    rows.forEach((row, i) => {
      const secret = keys[i].secret.split('_').slice(2).join('_');
      for (const [column, value] of Object.entries(row)) {
        const asText = Buffer.isBuffer(value) ? [value.toString('utf8'), value.toString('hex'), value.toString('base64')].join(' ') : String(value);
        expect({ column, holdsSecret: asText.includes(secret) || asText.includes(keys[i].secret) }).toEqual({ column, holdsSecret: false });
      }
      expect(Buffer.isBuffer(row.salt) && Buffer.isBuffer(row.hash)).toBe(true);
      // Salted: not the plain digest of the secret.
      expect((row.hash as Buffer).equals(createHash('sha256').update(secret).digest())).toBe(false);
    });
    expect((rows[0].salt as Buffer).equals(rows[1].salt as Buffer)).toBe(false);
  } finally {
    await server.stop();
  }
});

test('a revoked key is refused with HTTP 401 at once, on GraphQL and on the CSV upload', async () => {
  const created = await createKey({ name: 'to-revoke', role: 'ADMIN' });
  expect(await canRead(created.secret)).toBe(200);
  const revoked = await ws.ok(`mutation($id: String!) { revokeApiKey(id: $id) { __typename ... on ApiKeyPayload { apiKey { id revokedAt } } } }`, { id: created.apiKey.id });
  expect(revoked.revokeApiKey.apiKey.revokedAt).not.toBeNull();
  const res = await gql(created.secret, `{ workspace { key } }`);
  expect(res.status).toBe(401);
  expect(res.errors?.[0]).toMatchObject({ message: 'The API key is not valid, has expired or was revoked.', extensions: { code: 'UNAUTHENTICATED' } });
  expect((await uploadCsv(created.secret, 'measure,team,period,value\n')).status).toBe(401);
  // Listed as revoked; revoking again keeps the first revocation time.
  const again = await ws.ok(`mutation($id: String!) { revokeApiKey(id: $id) { ... on ApiKeyPayload { apiKey { revokedAt } } } }`, { id: created.apiKey.id });
  expect(again.revokeApiKey.apiKey.revokedAt).toBe(revoked.revokeApiKey.apiKey.revokedAt);
});

test('a key revoking itself is refused from the next request on', async () => {
  const created = await createKey({ name: 'self-revoking', role: 'ADMIN' });
  const res = await gql(created.secret, `mutation($id: String!) { revokeApiKey(id: $id) { __typename } }`, { id: created.apiKey.id });
  expect(res.data.revokeApiKey.__typename).toBe('ApiKeyPayload');
  expect(await canRead(created.secret)).toBe(401);
});

test('an unknown key id is NOT_FOUND', async () => {
  const r = await ws.ok(`mutation { revokeApiKey(id: "00000000-0000-0000-0000-000000000000") { __typename ... on Problem { code } } }`);
  expect(r.revokeApiKey).toEqual({ __typename: 'NotFound', code: 'NOT_FOUND' });
});

test('a key past its expiry is refused with HTTP 401; an expiry in the past is refused at creation', async () => {
  const expiresAt = new Date(Date.now() + 3000).toISOString();
  const created = await createKey({ name: 'short-lived', role: 'VIEWER', expiresAt });
  expect(created.apiKey.expiresAt).toBe(expiresAt);
  expect(await canRead(created.secret)).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, Date.parse(expiresAt) - Date.now() + 100));
  expect(await canRead(created.secret)).toBe(401);

  const past = await createKey({ name: 'already-expired', role: 'VIEWER', expiresAt: new Date(Date.now() - 1000).toISOString() });
  expect(past).toMatchObject({ __typename: 'InputError', code: 'INVALID_INPUT' });
  const names = (await ws.ok(`{ apiKeys { name } }`)).apiKeys.map((k: { name: string }) => k.name);
  expect(names).not.toContain('already-expired');
});

test('lastUsedAt is empty until the key is used, then set', async () => {
  const created = await createKey({ name: 'usage', role: 'VIEWER' });
  expect(created.apiKey.lastUsedAt).toBeNull();
  const before = Date.now();
  expect(await canRead(created.secret)).toBe(200);
  const listed = (await ws.ok(`{ apiKeys { id lastUsedAt } }`)).apiKeys.find((k: { id: string }) => k.id === created.apiKey.id);
  // The database clock may differ from this one by a little; a day would be a different bug.
  expect(Math.abs(Date.parse(listed.lastUsedAt) - before)).toBeLessThan(60_000);
});

test.each([['EDITOR'], ['INGEST'], ['VIEWER']])('a %s key may neither create, list nor revoke keys (FORBIDDEN)', async (role) => {
  const token = await keyWithRole(ws, role);
  const create = await gql(token, `mutation { createApiKey(input: { name: "escalate", role: ADMIN }) { __typename } }`);
  expect(create.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect((await gql(token, `{ apiKeys { id } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const revoke = await gql(token, `mutation { revokeApiKey(id: "00000000-0000-0000-0000-000000000000") { __typename } }`);
  expect(revoke.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  // Nor see them through the audit trail.
  if (role !== 'INGEST') {
    const audit = await gql(token, `{ auditTrail(first: 500) { entityType } }`);
    expect(audit.data.auditTrail.map((e: { entityType: string }) => e.entityType)).not.toContain('API_KEY');
  }
  expect((await ws.ok(`{ apiKeys { name } }`)).apiKeys.map((k: { name: string }) => k.name)).not.toContain('escalate');
});

test('a key scoped to an unknown team is NOT_FOUND and nothing is made', async () => {
  const r = await createKey({ name: 'nowhere', role: 'VIEWER', scopeTeam: 'no-such-team' });
  expect(r).toMatchObject({ __typename: 'NotFound', code: 'NOT_FOUND' });
});
