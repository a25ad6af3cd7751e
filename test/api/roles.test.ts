/**
 * Each role's rights, operation by operation (PRODUCT.md "Access and tenancy"): ADMIN
 * everything and keys; EDITOR definitions, targets and scorecards; INGEST values and
 * events, plus reading the team and measure keys it writes to; VIEWER reads. A refused
 * call is a GraphQL error with extensions.code FORBIDDEN and writes nothing.
 */
import { createWorkspace, gql, type GqlResponse } from './harness/client';
import { keyWithRole, read, uploadCsv } from './harness/measure-fixtures';
import { buildFixture, type Fixture, OPERATIONS, outcomeCode, type Prepared, schemaOperations, workspaceState } from './harness/operation-cases';

type Role = 'ADMIN' | 'EDITOR' | 'INGEST' | 'VIEWER';
const ROLES: readonly Role[] = ['ADMIN', 'EDITOR', 'INGEST', 'VIEWER'];
const EVERYONE: readonly Role[] = ROLES;
const READERS: readonly Role[] = ['ADMIN', 'EDITOR', 'VIEWER'];
/** Integrators address teams and measures by key, so INGEST reads those definitions too. */
const READERS_AND_INGEST: readonly Role[] = EVERYONE;
const DEFINERS: readonly Role[] = ['ADMIN', 'EDITOR'];
const INGESTERS: readonly Role[] = ['ADMIN', 'INGEST'];
const ADMINS: readonly Role[] = ['ADMIN'];
const NOBODY: readonly Role[] = [];

/** Operation → the roles allowed to call it; every other role gets FORBIDDEN. */
const ALLOWED: Readonly<Record<string, readonly Role[]>> = {
  workspace: EVERYONE,
  functions: EVERYONE,
  teams: READERS_AND_INGEST,
  team: READERS_AND_INGEST,
  measures: READERS_AND_INGEST,
  measure: READERS_AND_INGEST,
  kpis: READERS,
  kpi: READERS,
  validateFormula: READERS,
  kpiValues: READERS,
  measureValues: READERS,
  previewFormula: READERS,
  explainKpiValue: READERS,
  targets: READERS,
  scorecards: READERS,
  scorecard: READERS,
  evaluateScorecard: READERS,
  templatePacks: READERS,
  auditTrail: READERS,
  apiKeys: ADMINS,
  alertRules: READERS,
  alerts: READERS,
  webhooks: ADMINS,
  webhookDeliveries: ADMINS,
  periodCloses: READERS,
  comments: READERS,

  createWorkspace: NOBODY, // the operator credential only
  updateWorkspaceSettings: ADMINS,
  createApiKey: ADMINS,
  revokeApiKey: ADMINS,
  createTeam: DEFINERS,
  updateTeam: DEFINERS,
  moveTeam: DEFINERS,
  archiveTeam: DEFINERS,
  defineMeasure: DEFINERS,
  updateMeasure: DEFINERS,
  archiveMeasure: DEFINERS,
  createKpi: DEFINERS,
  updateKpi: DEFINERS,
  archiveKpi: DEFINERS,
  setTargets: DEFINERS,
  createScorecard: DEFINERS,
  updateScorecard: DEFINERS,
  archiveScorecard: DEFINERS,
  installTemplatePack: DEFINERS,
  recordMeasureValues: INGESTERS,
  recordMeasureValueColumns: INGESTERS,
  deleteMeasureValues: INGESTERS,
  importMeasureValuesCsv: INGESTERS,
  recordEvents: INGESTERS,
  createAlertRule: DEFINERS,
  updateAlertRule: DEFINERS,
  deleteAlertRule: DEFINERS,
  registerWebhook: ADMINS,
  deleteWebhook: ADMINS,
  // A close freezes every team's numbers, and a reopen unfreezes them: ADMIN only.
  closePeriod: ADMINS,
  reopenPeriod: ADMINS,
  // Reviewers comment too; editing or deleting another key's comment (the case's) is for ADMINs. Authors' own edits: comments.test.ts.
  addComment: READERS,
  editComment: ADMINS,
  deleteComment: ADMINS,
};

interface Call {
  readonly op: string;
  readonly role: Role;
  readonly tag: string;
}
const ops = Object.keys(OPERATIONS).filter((op) => op in ALLOWED);
const calls: Call[] = ops.flatMap((op, i) => ROLES.map((role) => ({ op, role, tag: `${role.toLowerCase()}${i}` })));
const refusedCalls = calls.filter((c) => !ALLOWED[c.op].includes(c.role));
const allowedCalls = calls.filter((c) => ALLOWED[c.op].includes(c.role));

let fx: Fixture;
const tokens = new Map<Role, string>();
const prepared = new Map<string, Prepared>();
let before: unknown;

function send(call: Call, p: Prepared): Promise<GqlResponse> {
  const c = OPERATIONS[call.op];
  return gql(tokens.get(call.role)!, c.document, c.variables?.(fx, call.tag, p) ?? {});
}

beforeAll(async () => {
  fx = await buildFixture(await createWorkspace('roles'), 'ROLES');
  tokens.set('ADMIN', fx.ws.token);
  for (const role of ['EDITOR', 'INGEST', 'VIEWER'] as const) tokens.set(role, await keyWithRole(fx.ws, role));
  for (const call of refusedCalls) prepared.set(call.tag + call.op, (await OPERATIONS[call.op].prepare?.(fx, call.tag)) ?? {});
  before = await workspaceState(fx);
});

test('every Query and Mutation field has a row in the role table', async () => {
  const { query, mutation } = await schemaOperations(fx.ws.token);
  const all = [...query, ...mutation];
  expect(all.filter((op) => !(op in ALLOWED))).toEqual([]);
  expect(all.filter((op) => !(op in OPERATIONS))).toEqual([]);
  expect(Object.keys(ALLOWED).filter((op) => !all.includes(op))).toEqual([]);
});

test.each(refusedCalls.map((c) => [c.op, c.role, c] as const))('%s is FORBIDDEN to %s', async (_op, _role, call) => {
  const res = await send(call, prepared.get(call.tag + call.op)!);
  expect(res.status).toBe(200);
  expect(outcomeCode(res, call.op)).toBe('FORBIDDEN');
  expect(res.errors?.[0].message).toMatch(/may not|operator/);
});

test('the refused calls changed nothing', async () => {
  expect(await workspaceState(fx)).toEqual(before);
});

test.each(allowedCalls.map((c) => [c.op, c.role, c] as const))('%s is allowed to %s', async (_op, _role, call) => {
  const res = await send(call, (await OPERATIONS[call.op].prepare?.(fx, call.tag)) ?? {});
  expect(res.errors).toBeUndefined();
  // Allowed and done: not a typed failure either (each role's call has its own fresh input).
  expect(outcomeCode(res, call.op)).toBeNull();
});

describe('the CSV upload endpoint checks the role too', () => {
  const csv = () => `measure,team,period,value\n${fx.measure},${fx.teams.leaf},2025-04,7\n`;
  test.each([['EDITOR'], ['VIEWER']] as const)('%s gets HTTP 403 FORBIDDEN and nothing is written', async (role) => {
    const res = await uploadCsv(tokens.get(role)!, csv());
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    const after = await read(fx.ws.token, { measures: [fx.measure], teams: [fx.teams.leaf], from: '2025-04', to: '2025-04', granularity: 'MONTH' });
    expect(after.value(fx.measure, fx.teams.leaf, '2025-04')).toBeNull();
  });
  test('INGEST may upload', async () => {
    const res = await uploadCsv(tokens.get('INGEST')!, csv());
    expect(res.status).toBe(200);
    expect(res.body.rows).toBe(1);
  });
});
