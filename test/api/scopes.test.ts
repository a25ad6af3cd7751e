/**
 * Keys scoped to a team subtree (PRODUCT.md "Precise rules" → Team scopes): the visible
 * world is the subtree. Teams outside are FORBIDDEN, roll-ups of the scope's root hold
 * only its subtree, TOTAL is the scope's root and PARENT above it is blank.
 *
 *   org (own 1)                       other-root (own 100000)
 *   ├── sales (own 10)   ← the scope
 *   │   ├── sales-east (100)
 *   │   └── sales-west (1000)
 *   └── support (10000)
 */
import { createWorkspace, gql, type TestWorkspace } from './harness/client';
import { createTeams, defineMeasures, mustCreateKpi, recordValues } from './harness/crm';
import { RECORDED, keyWithRole, read, record, uploadCsv } from './harness/measure-fixtures';

let ws: TestWorkspace;
let viewer: string;
const JAN = '2025-01';

beforeAll(async () => {
  ws = await createWorkspace('scopes');
  await createTeams(ws, [['org', null], ['sales', 'org'], ['sales-east', 'sales'], ['sales-west', 'sales'], ['support', 'org'], ['other-root', null]]);
  await defineMeasures(ws, [{ key: 'revenue' }]);
  await recordValues(ws, [
    ['revenue', 'org', JAN, 1], ['revenue', 'sales', JAN, 10], ['revenue', 'sales-east', JAN, 100],
    ['revenue', 'sales-west', JAN, 1000], ['revenue', 'support', JAN, 10000], ['revenue', 'other-root', JAN, 100000],
  ]);
  await mustCreateKpi(ws, { key: 'share', formula: 'revenue / TOTAL(revenue)' });
  await mustCreateKpi(ws, { key: 'parent_revenue', formula: 'PARENT(revenue)' });
  await mustCreateKpi(ws, { key: 'total_revenue', formula: 'TOTAL(revenue)' });
  const sc = await ws.ok(`mutation { createScorecard(input: { key: "totals", name: "Totals", sections: [{ key: "s", name: "S", weight: 1, items: [{ kpi: "total_revenue", weight: 1 }] }] }) { __typename } }`);
  expect(sc.createScorecard.__typename).toBe('ScorecardSaved');
  viewer = await keyWithRole(ws, 'VIEWER', 'sales');
});

const grid = async (token: string, kpi: string, teams: string[]) => {
  const res = await gql(token, `query($k: [String!]!, $t: [String!]!) { kpiValues(kpis: $k, teams: $t, from: "${JAN}", to: "${JAN}", granularity: MONTH) { team value } }`, { k: [kpi], t: teams });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return Object.fromEntries(res.data.kpiValues.map((c: { team: string; value: number | null }) => [c.team, c.value]));
};

describe('a VIEWER scoped to "sales"', () => {
  test('lists only its subtree', async () => {
    const { teams } = (await gql(viewer, `{ teams { key } }`)).data;
    expect(teams.map((t: { key: string }) => t.key)).toEqual(['sales', 'sales-east', 'sales-west']);
    const roots = (await gql(viewer, `{ teams(filter: { rootsOnly: true }) { key } }`)).data.teams;
    expect(roots).toEqual([{ key: 'sales' }]);
  });

  test('sees nothing above its root through parent, path or depth', async () => {
    const { data } = await gql(viewer, `{ root: team(key: "sales") { parent { key } path depth } leaf: team(key: "sales-east") { parent { key parent { key } } path depth } }`);
    expect(data.root).toEqual({ parent: null, path: ['sales'], depth: 0 });
    expect(data.leaf).toEqual({ parent: { key: 'sales', parent: null }, path: ['sales', 'sales-east'], depth: 1 });
  });

  test.each([
    ['team', `{ team(key: "support") { key } }`],
    ['team (the root above)', `{ team(key: "org") { key } }`],
    ['teams of a parent outside', `{ teams(filter: { parent: "org" }) { key } }`],
    ['kpiValues', `{ kpiValues(kpis: ["share"], teams: ["support"], from: "${JAN}", to: "${JAN}", granularity: MONTH) { value } }`],
    ['measureValues', `{ measureValues(measures: ["revenue"], teams: ["support"], from: "${JAN}", to: "${JAN}", granularity: MONTH) { value } }`],
    ['explainKpiValue', `{ explainKpiValue(kpi: "share", team: "support", period: "${JAN}") { value } }`],
    ['previewFormula', `{ previewFormula(formula: "revenue", teams: ["support"], from: "${JAN}", to: "${JAN}", granularity: MONTH) { values { value } } }`],
    ['evaluateScorecard', `{ evaluateScorecard(scorecard: "totals", teams: ["support"], periods: ["${JAN}"]) { score } }`],
    ['targets', `{ targets(kpi: "share", teams: ["support"]) { revision } }`],
    ['auditTrail (it spans the whole workspace)', `{ auditTrail { entityKey } }`],
  ])('%s outside the subtree is FORBIDDEN', async (_name, query) => {
    const res = await gql(viewer, query);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
  });

  test('measure roll-ups of its root hold only the subtree: values above and beside it do not count', async () => {
    const args = { measures: ['revenue'], from: JAN, to: JAN, granularity: 'MONTH' };
    const scoped = await read(viewer, { ...args, teams: ['sales', 'sales-east', 'TOTAL'] });
    // sales = own 10 + east 100 + west 1000; TOTAL is the scope's root, not org (11111) or all roots (111111).
    expect(scoped.value('revenue', 'sales', JAN)).toBe(1110);
    expect(scoped.value('revenue', 'sales-east', JAN)).toBe(100);
    expect(scoped.value('revenue', 'TOTAL', JAN)).toBe(1110);
    const whole = await read(ws.token, { ...args, teams: ['org', 'sales', 'TOTAL'] });
    expect([whole.value('revenue', 'org', JAN), whole.value('revenue', 'sales', JAN), whole.value('revenue', 'TOTAL', JAN)]).toEqual([11111, 1110, 111111]);
  });

  test('TOTAL(x) in a KPI is the scope root; PARENT(x) at the root is blank', async () => {
    expect(await grid(viewer, 'total_revenue', ['sales', 'sales-west'])).toEqual({ sales: 1110, 'sales-west': 1110 });
    expect(await grid(viewer, 'share', ['sales', 'sales-east'])).toEqual({ sales: 1, 'sales-east': 100 / 1110 });
    expect(await grid(viewer, 'parent_revenue', ['sales', 'sales-east'])).toEqual({ sales: null, 'sales-east': 1110 });
    // The same KPIs for an unscoped key: the whole workspace and org above sales.
    expect(await grid(ws.token, 'share', ['sales-east'])).toEqual({ 'sales-east': 100 / 111111 });
    expect(await grid(ws.token, 'parent_revenue', ['sales'])).toEqual({ sales: 11111 });
  });

  test('previews and explanations use the same visible world', async () => {
    const preview = async (formula: string, team: string) =>
      (await gql(viewer, `query($f: String!, $t: [String!]!) { previewFormula(formula: $f, teams: $t, from: "${JAN}", to: "${JAN}", granularity: MONTH) { values { value } } }`, { f: formula, t: [team] }))
        .data.previewFormula.values[0].value;
    expect(await preview('TOTAL(revenue)', 'sales-east')).toBe(1110);
    expect(await preview('PARENT(revenue)', 'sales')).toBeNull();
    expect(await preview('PARENT(revenue)', 'sales-west')).toBe(1110);
    const explained = (await gql(viewer, `{ explainKpiValue(kpi: "share", team: "sales-east", period: "${JAN}") { value steps { text value } } }`)).data.explainKpiValue;
    expect(explained.value).toBe(100 / 1110);
    expect(JSON.stringify(explained)).not.toMatch(/111111|11111\b/);
  });

  test('a scorecard evaluated for its root reads the same scoped totals', async () => {
    const res = await gql(viewer, `{ evaluateScorecard(scorecard: "totals", teams: ["sales"], periods: ["${JAN}"]) { team sections { items { kpi actual } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.evaluateScorecard[0].sections[0].items[0]).toEqual({ kpi: 'total_revenue', actual: 1110 });
  });
});

describe('an INGEST key scoped to "sales"', () => {
  let ingest: string;
  const FEB = '2025-02';
  const revenueIn = async (team: string, period: string) =>
    (await read(ws.token, { measures: ['revenue'], teams: [team], from: period, to: period, granularity: 'MONTH' })).value('revenue', team, period);

  beforeAll(async () => {
    ingest = await keyWithRole(ws, 'INGEST', 'sales');
  });

  test('a batch with one row outside the subtree is refused whole, naming the row; nothing is written', async () => {
    const r = await record(ingest, [
      { measure: 'revenue', team: 'sales-east', period: FEB, value: 5 },
      { measure: 'revenue', team: 'support', period: FEB, value: 7 },
    ]);
    expect(r).toMatchObject({ __typename: 'InputError', code: 'INVALID_INPUT' });
    expect(r.details).toEqual([expect.objectContaining({ index: 1, message: expect.stringMatching(/^Forbidden: .*"sales".*"support"/) })]);
    expect(await revenueIn('sales-east', FEB)).toBeNull();
    expect(await revenueIn('support', FEB)).toBeNull();
  });

  test('events, CSV text and CSV uploads for teams outside are refused too', async () => {
    const events = await gql(ingest, `mutation { recordEvents(events: [{ type: "deal.won", team: "support", time: "2025-02-03T10:00:00Z" }]) { ${RECORDED} } }`);
    expect(events.data.recordEvents).toMatchObject({ code: 'INVALID_INPUT', details: [expect.objectContaining({ index: 0, message: expect.stringMatching(/^Forbidden/) })] });
    const csv = `measure,team,period,value\nrevenue,support,${FEB},7\n`;
    const text = await gql(ingest, `mutation($c: String!) { importMeasureValuesCsv(csv: $c) { __typename ... on Problem { code } } }`, { c: csv });
    expect(text.data.importMeasureValuesCsv).toEqual({ __typename: 'CsvRejectedType', code: 'INVALID_INPUT' });
    const upload = await uploadCsv(ingest, csv);
    expect(upload.status).toBe(422);
    expect(await revenueIn('support', FEB)).toBeNull();
  });

  test('deleting names no team outside, and without teams deletes only inside the subtree', async () => {
    await recordValues(ws, [['revenue', 'sales-east', '2025-03', 3], ['revenue', 'support', '2025-03', 4]]);
    const outside = await gql(ingest, `mutation { deleteMeasureValues(input: { measure: "revenue", teams: ["support"], from: "2025-03", to: "2025-03" }) { __typename ... on Problem { code } } }`);
    expect(outside.data.deleteMeasureValues).toEqual({ __typename: 'InputError', code: 'INVALID_INPUT' });
    const everything = await gql(ingest, `mutation { deleteMeasureValues(input: { measure: "revenue", from: "2025-03", to: "2025-03" }) { __typename ... on ValuesDeleted { deleted } } }`);
    expect(everything.data.deleteMeasureValues).toEqual({ __typename: 'ValuesDeleted', deleted: 1 });
    expect(await revenueIn('sales-east', '2025-03')).toBeNull();
    expect(await revenueIn('support', '2025-03')).toBe(4);
  });

  test('inside its subtree it writes', async () => {
    expect(await record(ingest, [{ measure: 'revenue', team: 'sales-west', period: FEB, value: 9 }])).toMatchObject({ __typename: 'ValuesRecorded', inserted: 1 });
    expect(await revenueIn('sales-west', FEB)).toBe(9);
  });
});

describe('an EDITOR scoped to "sales"', () => {
  let editor: string;
  beforeAll(async () => {
    editor = await keyWithRole(ws, 'EDITOR', 'sales');
  });

  test.each([
    ['a root team', `mutation { createTeam(input: { key: "new-root", name: "x" }) { __typename } }`],
    ['a team under a parent outside', `mutation { createTeam(input: { key: "new-support", name: "x", parent: "support" }) { __typename } }`],
    ['a change to a team outside', `mutation { updateTeam(input: { key: "support", revision: 1, name: "x" }) { __typename } }`],
    ['moving its own root', `mutation { moveTeam(input: { key: "sales", revision: 1, parent: null }) { __typename } }`],
    ['a target outside', `mutation { setTargets(targets: [{ kpi: "share", team: "support", period: "${JAN}", value: 1 }]) { __typename } }`],
    ['a workspace-wide target', `mutation { setTargets(targets: [{ kpi: "share", period: "${JAN}", value: 1 }]) { __typename } }`],
  ])('%s is FORBIDDEN', async (_name, mutation) => {
    const res = await gql(editor, mutation);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test('a team inside its subtree may be created', async () => {
    const res = await gql(editor, `mutation { createTeam(input: { key: "sales-north", name: "North", parent: "sales" }) { __typename ... on TeamPayload { team { path } } } }`);
    expect(res.data.createTeam).toEqual({ __typename: 'TeamPayload', team: { path: ['sales', 'sales-north'] } });
  });
});

describe('an ADMIN scoped to "sales" cannot reach past its subtree through keys or settings', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await keyWithRole(ws, 'ADMIN', 'sales');
  });

  test.each([
    ['an unscoped key for itself', `mutation { createApiKey(input: { name: "escape", role: ADMIN }) { __typename } }`],
    ['even a key inside its subtree', `mutation { createApiKey(input: { name: "inside", role: VIEWER, scopeTeam: "sales-east" }) { __typename } }`],
    ['the list of keys', `{ apiKeys { id } }`],
    ['revoking a key', `mutation { revokeApiKey(id: "00000000-0000-0000-0000-000000000000") { __typename } }`],
    ['workspace settings', `mutation { updateWorkspaceSettings(input: { revision: 1, timeZone: "UTC" }) { __typename } }`],
  ])('%s is FORBIDDEN', async (_name, query) => {
    const res = await gql(admin, query);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test('and no key was made', async () => {
    const keys = (await ws.ok(`{ apiKeys { name } }`)).apiKeys.map((k: { name: string }) => k.name);
    expect(keys).not.toContain('escape');
    expect(keys).not.toContain('inside');
  });
});
