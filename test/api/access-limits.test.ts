/**
 * Grid sizes, and limits that need a server of their own: formula evaluation bounded in
 * time per request (EVALUATION_TIMEOUT_MS), introspection off in production unless
 * INTROSPECTION=true.
 */
import type { RunningServer } from '../../src/server';
import { createWorkspace, post, uniqueKey } from './harness/client';
import { createTeams, defineMeasures, mustCreateKpi } from './harness/crm';
import { startOwnServer, workspaceOn } from './harness/own-server';

async function ask(server: RunningServer, token: string, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.json() };
}

describe('a server with EVALUATION_TIMEOUT_MS=1', () => {
  let server: RunningServer;
  let token: string;
  const teams = Array.from({ length: 20 }, (_, i) => `team-${i}`);
  const months = Array.from({ length: 24 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);

  beforeAll(async () => {
    server = await startOwnServer({ EVALUATION_TIMEOUT_MS: '1' });
    token = await workspaceOn(server, uniqueKey('timeout'));
    const must = async (query: string, variables?: Record<string, unknown>) => {
      const r = await ask(server, token, query, variables);
      if (r.body.errors || JSON.stringify(r.body).includes('"code"')) throw new Error(JSON.stringify(r.body));
    };
    for (const key of teams) await must(`mutation($k: String!) { createTeam(input: { key: $k, name: $k }) { __typename ... on Problem { code } } }`, { k: key });
    await must(`mutation { defineMeasure(input: { key: "won", name: "Won", unit: COUNT, grain: MONTH }) { __typename ... on Problem { code } } }`);
    await must(`mutation { defineMeasure(input: { key: "leads", name: "Leads", unit: COUNT, grain: MONTH }) { __typename ... on Problem { code } } }`);
    const values = teams.flatMap((team, t) => months.flatMap((period, p) => [
      { measure: 'won', team, period, value: t + p }, { measure: 'leads', team, period, value: 100 + t },
    ]));
    await must(`mutation($v: [MeasureValueInput!]!) { recordMeasureValues(values: $v) { __typename ... on Problem { code } } }`, { v: values });
    await must(`mutation { createKpi(input: { key: "conversion", name: "Conversion", direction: HIGHER_IS_BETTER, formula: "won / leads * 100" }) { __typename ... on Problem { code } } }`);
    await must(`mutation { createKpi(input: { key: "won_growth", name: "Growth", direction: HIGHER_IS_BETTER, formula: "GROWTH(YTD(won))" }) { __typename ... on Problem { code } } }`);
    await must(`mutation { createScorecard(input: { key: "review", name: "Review", sections: [{ key: "s", name: "S", weight: 1, items: [{ kpi: "conversion", weight: 1 }, { kpi: "won_growth", weight: 1 }] }] }) { __typename ... on Problem { code } } }`);
  });
  afterAll(async () => {
    await server.stop();
  });

  test.each([
    ['kpiValues', `query($t: [String!]!) { kpiValues(kpis: ["conversion", "won_growth"], teams: $t, from: "2024-01", to: "2025-12", granularity: MONTH) { value } }`],
    ['previewFormula', `query($t: [String!]!) { previewFormula(formula: "ROLLING_AVG(won / leads, 6)", teams: $t, from: "2024-01", to: "2025-12", granularity: MONTH) { values { value } } }`],
    ['evaluateScorecard', `query($t: [String!]!) { evaluateScorecard(scorecard: "review", teams: $t, periods: ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]) { score } }`],
  ])('%s over a grid is refused with EVALUATION_TIMEOUT naming the limit', async (_name, query) => {
    const res = await ask(server, token, query, { t: teams });
    expect(res.body.data).toBeNull();
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'EVALUATION_TIMEOUT', limitMs: 1 });
    expect(res.body.errors[0].message).toMatch(/1 ms allowed \(EVALUATION_TIMEOUT_MS\)/);
  });

  test('the server keeps serving reads that evaluate nothing', async () => {
    const res = await ask(server, token, `{ measureValues(measures: ["won"], teams: ["team-3"], from: "2024-01", to: "2024-01", granularity: MONTH) { value } }`);
    expect(res.body).toEqual({ data: { measureValues: [{ value: 3 }] } });
  });
});

describe('introspection', () => {
  const INTROSPECT = `{ __schema { queryType { name } } }`;

  test('is refused in production, while ordinary queries (and __typename) work', async () => {
    const server = await startOwnServer({ NODE_ENV: 'production' });
    try {
      const token = await workspaceOn(server, uniqueKey('prod'));
      const refused = await ask(server, token, INTROSPECT);
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(refused.body.errors[0].message).toMatch(/introspection is not allowed/i);
      expect((await ask(server, token, `{ __type(name: "Team") { fields { name } } }`)).status).toBe(400);
      expect((await ask(server, token, `{ __typename workspace { key } }`)).body.data.__typename).toBe('Query');
    } finally {
      await server.stop();
    }
  });

  test('is allowed in production with INTROSPECTION=true', async () => {
    const server = await startOwnServer({ NODE_ENV: 'production', INTROSPECTION: 'true' });
    try {
      const token = await workspaceOn(server, uniqueKey('prod-introspect'));
      expect((await ask(server, token, INTROSPECT)).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    } finally {
      await server.stop();
    }
  });
});

describe('grid sizes (default limits)', () => {
  const GRID = `query($k: [String!]!, $t: [String!]!, $f: String!, $to: String!, $g: Granularity!) {
    kpiValues(kpis: $k, teams: $t, from: $f, to: $to, granularity: $g) { kpi team value target achievement status previous change period { key } } }`;

  test('a 500-team × 24-month × 60-KPI grid is within the query cost budget', async () => {
    const ws = await createWorkspace('grid-cost');
    const kpis = Array.from({ length: 60 }, (_, i) => `kpi_${i}`);
    const teams = Array.from({ length: 500 }, (_, i) => `team-${i}`);
    const res = await ws.gql(GRID, { k: kpis, t: teams, f: '2024-01', to: '2025-12', g: 'MONTH' });
    // Past the cost check (720,000 cells), it fails only because these KPIs do not exist here.
    expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  test('more than 1,000,000 KPI × team × period cells in one request is LIMIT_EXCEEDED', async () => {
    const ws = await createWorkspace('grid-cells');
    const teams = Array.from({ length: 67 }, (_, i) => `team-${i}`);
    await createTeams(ws, teams.map((t) => [t, null]));
    await defineMeasures(ws, [{ key: 'won', grain: 'DAY' }]);
    for (const k of ['a', 'b', 'c']) await mustCreateKpi(ws, { key: `kpi_${k}`, formula: 'won' });
    // 3 KPIs × 67 teams × 4,991 days (2010-01-01 … 2023-08-31) = 1,003,191 cells.
    const res = await ws.gql(`query($k: [String!]!, $t: [String!]!) { kpiValues(kpis: $k, teams: $t, from: "2010-01-01", to: "2023-08-31", granularity: DAY) { value } }`, { k: ['kpi_a', 'kpi_b', 'kpi_c'], t: teams });
    expect(res.errors?.[0].extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(res.errors?.[0].message).toContain('1,003,191');
    expect((await ws.gql(`{ workspace { key } }`)).status).toBe(200);
  });
});

test('a scorecard of more than 50 sections or 500 items is refused whole, naming the limit', async () => {
  const ws = await createWorkspace('scorecard-size');
  await defineMeasures(ws, [{ key: 'won' }]);
  await mustCreateKpi(ws, { key: 'won_kpi', formula: 'won' });
  const section = (i: number, items: number) => ({ key: `s${i}`, name: `S${i}`, weight: 1, items: Array.from({ length: items }, () => ({ kpi: 'won_kpi', weight: 1 })) });
  const create = async (sections: unknown[]) => (await ws.ok(`mutation($i: CreateScorecardInput!) { createScorecard(input: $i) { __typename ... on InputError { code details { field message } } } }`, {
    i: { key: 'too-big', name: 'Too big', sections },
  })).createScorecard;
  const manySections = await create(Array.from({ length: 51 }, (_, i) => section(i, 1)));
  expect(manySections.code).toBe('INVALID_INPUT');
  expect(manySections.details).toContainEqual({ field: 'sections', message: 'A scorecard has at most 50 sections; this one has 51.' });
  const manyItems = await create([section(0, 501)]);
  expect(manyItems.details).toContainEqual({ field: 'sections', message: 'A scorecard has at most 500 items; this one has 501.' });
  expect((await ws.ok(`{ scorecards { key } }`)).scorecards).toEqual([]);
});

describe('abuse refused while the server keeps serving', () => {
  test('depth bomb, alias bomb, list explosion, oversized body and oversized batch, all at once beside an ordinary request', async () => {
    const ws = await createWorkspace('abuse');
    // Each answer is checked, not timed (machines are noisy): every refusal comes back
    // while the others are in flight, and the ordinary request is served beside them.
    const answered = async <T>(work: Promise<T>) => ({ result: await work });
    const auth = { authorization: `Bearer ${ws.token}` };
    const rows = Array.from({ length: 50_001 }, (_, i) => ({ measure: 'm', team: 't', period: '2025-01', value: i }));
    const [depth, aliases, explosion, body, batch, ordinary] = await Promise.all([
      answered(ws.gql(`{ teams { ${'children { '.repeat(40)} key ${'} '.repeat(40)} } }`)),
      answered(ws.gql(`{ ${Array.from({ length: 5000 }, (_, i) => `a${i}: workspace { key }`).join(' ')} }`)),
      answered(ws.gql(`{ teams { children { children { children { children { key } } } } } }`)),
      answered(post({ query: '{ workspace { key } }', variables: { pad: 'x'.repeat(6 * 1024 * 1024) } }, auth)),
      answered(ws.gql(`mutation($v: [MeasureValueInput!]!) { recordMeasureValues(values: $v) { __typename ... on Problem { code message } } }`, { v: rows })),
      answered(ws.gql(`{ workspace { key } }`)),
    ]);
    expect([depth.result.status, depth.result.errors?.[0].message]).toEqual([400, expect.stringMatching(/nested deeper than the limit of 12/)]);
    expect([aliases.result.status, aliases.result.errors?.[0].extensions?.code]).toEqual([400, 'QUERY_TOO_COSTLY']);
    expect([explosion.result.status, explosion.result.errors?.[0].extensions?.code]).toEqual([400, 'QUERY_TOO_COSTLY']);
    expect([body.result.status, body.result.errors?.[0].extensions?.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(batch.result.data.recordMeasureValues).toMatchObject({ __typename: 'InputError', code: 'LIMIT_EXCEEDED', message: expect.stringContaining('50001 rows; the limit is 50000') });
    expect(ordinary.result.data).toEqual({ workspace: { key: ws.key } });
  });
});
