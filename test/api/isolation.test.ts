/**
 * Nothing crosses workspaces: workspace B's ADMIN key sends every operation of the schema
 * at workspace A's keys and ids (teams, measures, KPIs, scorecards, API keys, even A's
 * current revisions), sees nothing of A and changes nothing in A.
 */
import { createWorkspace, type GqlResponse, type TestWorkspace } from './harness/client';
import { buildFixture, type Fixture, OPERATIONS, outcomeCode, type Prepared, schemaOperations, workspaceState } from './harness/operation-cases';

/** Operations that read no workspace data at all. */
const ALLOW_LIST = new Set(['functions', 'templatePacks']);

type Expectation = (res: GqlResponse, op: string, a: Fixture, b: TestWorkspace) => void;

const notFound: Expectation = (res, op) => expect(outcomeCode(res, op)).toBe('NOT_FOUND');
const refused = (code: string): Expectation => (res, op) => expect(outcomeCode(res, op)).toBe(code);
/** A list of B's own entities only (B creates some with its own keys in the mutation cases). */
const noneOfA: Expectation = (res, op, a) => {
  expect(res.errors).toBeUndefined();
  const keys = res.data[op].map((x: { key: string }) => x.key);
  expect(keys.filter((k: string) => k.startsWith('fx') || [a.measure, a.kpi, a.scorecard, ...Object.values(a.teams)].includes(k))).toEqual([]);
};
/** Succeeds, but in B: whatever it did, A's state (compared at the end) is untouched. */
const inOwnWorkspace: Expectation = (res, op) => {
  expect(res.errors).toBeUndefined();
  expect(res.data[op].__typename).not.toBe('NotFound');
};

const ISOLATION: Readonly<Record<string, Expectation>> = {
  workspace: (res, _op, _a, b) => expect(res.data.workspace.key).toBe(b.key),
  teams: noneOfA,
  team: notFound,
  measures: noneOfA,
  measure: notFound,
  kpis: noneOfA,
  kpi: notFound,
  validateFormula: (res, _op, a) => {
    expect(res.data.validateFormula.valid).toBe(false);
    expect(res.data.validateFormula.errors.map((e: { code: string }) => e.code)).toContain('UNKNOWN_REFERENCE');
    // "did you mean" may only suggest B's keys, never A's measure.
    expect(JSON.stringify(res.data)).not.toContain(`"${a.measure}"`);
  },
  kpiValues: notFound,
  measureValues: notFound,
  previewFormula: notFound,
  explainKpiValue: notFound,
  targets: notFound,
  evaluateScorecard: notFound,
  scorecards: noneOfA,
  scorecard: notFound,
  apiKeys: (res, _op, a) => {
    expect(res.data.apiKeys.map((k: { id: string }) => k.id)).not.toContain(a.apiKeyId);
    expect(res.data.apiKeys.map((k: { prefix: string }) => k.prefix)).not.toContain(a.apiKeyPrefix);
  },
  auditTrail: (res) => {
    expect(res.errors).toBeUndefined();
    // B's own trail holds only what B did; the marker check below finds any entry of A's.
    expect(res.data.auditTrail.filter((e: { entityKey: string }) => e.entityKey.startsWith('fx'))).toEqual([]);
  },
  createWorkspace: refused('FORBIDDEN'),
  updateWorkspaceSettings: (res) => expect(['WorkspacePayload', 'Conflict']).toContain(res.data.updateWorkspaceSettings.__typename),
  createApiKey: notFound,
  revokeApiKey: notFound,
  createTeam: notFound,
  updateTeam: notFound,
  moveTeam: notFound,
  archiveTeam: notFound,
  defineMeasure: inOwnWorkspace,
  updateMeasure: notFound,
  archiveMeasure: notFound,
  recordMeasureValues: refused('INVALID_INPUT'),
  recordMeasureValueColumns: refused('INVALID_INPUT'),
  deleteMeasureValues: notFound,
  importMeasureValuesCsv: refused('INVALID_INPUT'),
  recordEvents: refused('INVALID_INPUT'),
  createKpi: refused('FORMULA_INVALID'),
  updateKpi: notFound,
  archiveKpi: notFound,
  setTargets: refused('INVALID_INPUT'),
  createScorecard: refused('INVALID_INPUT'),
  updateScorecard: notFound,
  archiveScorecard: notFound,
  installTemplatePack: inOwnWorkspace,
  // B's own lists hold nothing on A's KPI (B cannot even name it) and none of A's webhook URLs.
  alertRules: (res, _op, a) => expect(res.data.alertRules.filter((r: { kpi: string }) => r.kpi === a.kpi)).toEqual([]),
  alerts: (res, _op, a) => expect(res.data.alerts.filter((r: { kpi: string }) => r.kpi === a.kpi)).toEqual([]),
  webhooks: (res) => expect(res.errors).toBeUndefined(),
  webhookDeliveries: (res) => expect(res.data.webhookDeliveries).toEqual([]),
  createAlertRule: notFound,
  updateAlertRule: notFound,
  deleteAlertRule: notFound,
  registerWebhook: inOwnWorkspace,
  deleteWebhook: notFound,
  periodCloses: notFound,
  closePeriod: notFound,
  reopenPeriod: notFound,
  comments: notFound,
  addComment: notFound,
  editComment: notFound,
  deleteComment: notFound,
};

let a: Fixture;
let b: TestWorkspace;
const prepared = new Map<string, Prepared>();
let before: unknown;

// Mutations first, so the reads afterwards would also see anything they had leaked into B.
const order = Object.keys(OPERATIONS).sort((x, y) => Number(OPERATIONS[x].kind === 'query') - Number(OPERATIONS[y].kind === 'query'));

beforeAll(async () => {
  a = await buildFixture(await createWorkspace('iso-a'), 'ACME-PRIVATE');
  b = await createWorkspace('iso-b');
  // Everything A's cases need is made in A before its state is recorded.
  for (const op of order) prepared.set(op, (await OPERATIONS[op].prepare?.(a, `b${order.indexOf(op)}`)) ?? {});
  before = await workspaceState(a);
});

test('every Query and Mutation field has an isolation case (or reads no workspace data)', async () => {
  const { query, mutation } = await schemaOperations(b.token);
  const uncovered = [...query, ...mutation].filter((op) => !ALLOW_LIST.has(op) && !(op in ISOLATION));
  expect(uncovered).toEqual([]);
  const requestless = [...query, ...mutation].filter((op) => !(op in OPERATIONS));
  expect(requestless).toEqual([]);
  // No stale rows either: every case names a field the schema has.
  expect(Object.keys(ISOLATION).filter((op) => !query.includes(op) && !mutation.includes(op))).toEqual([]);
});

test.each(order.filter((op) => op in ISOLATION))("B's ADMIN key on A's data: %s sees nothing of A", async (op) => {
  const c = OPERATIONS[op];
  const res = await b.gql(c.document, c.variables?.(a, `b${order.indexOf(op)}`, prepared.get(op)!) ?? {});
  ISOLATION[op](res, op, a, b);
  // Nothing of A that B did not send itself: names, values, A's workspace key, A's key prefixes.
  const answer = JSON.stringify(res);
  for (const secret of [a.marker, a.ws.key, a.apiKeyPrefix, String(a.value), a.ws.token.slice(4, 16)]) expect(answer).not.toContain(secret);
  expect(answer).not.toMatch(/stack|\.ts:\d+|SELECT |INSERT |workspace_id/);
});

test("after every operation by B, A's teams, measures, values, KPIs, targets, scorecards, keys and audit trail are unchanged", async () => {
  expect(await workspaceState(a)).toEqual(before);
});
