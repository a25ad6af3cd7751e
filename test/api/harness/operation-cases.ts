/**
 * One request per GraphQL operation, addressed at a fixture workspace's own entities:
 * the isolation test sends them with another workspace's key, the role test with each
 * role's key. Every Query and Mutation field must have a case here (the tests compare
 * this table with the live schema), so a new operation cannot ship unchecked.
 */
import { type GqlResponse, type TestWorkspace, ok } from './client';
import { createTeams, defineMeasures, mustCreateKpi, recordValues } from './crm';

export interface Fixture {
  readonly ws: TestWorkspace;
  /** Marks names and descriptions, so a leak of them is easy to find in any answer. */
  readonly marker: string;
  readonly teams: { readonly root: string; readonly child: string; readonly leaf: string };
  readonly measure: string;
  readonly kpi: string;
  readonly scorecard: string;
  /** A VIEWER key of the workspace, made for the fixture. */
  readonly apiKeyId: string;
  readonly apiKeyPrefix: string;
  /** A value recorded for (measure, leaf, 2025-01) that appears nowhere else. */
  readonly value: number;
}

/** Teams root → child → leaf, a measure with one value, a KPI with a target, a scorecard and a spare key. */
export async function buildFixture(ws: TestWorkspace, marker: string): Promise<Fixture> {
  const teams = { root: 'fx-org', child: 'fx-sales', leaf: 'fx-sales-east' };
  await createTeams(ws, [[teams.root, null], [teams.child, teams.root], [teams.leaf, teams.child]]);
  for (const key of Object.values(teams)) {
    const { team } = await ws.ok(`query($k: String!) { team(key: $k) { revision } }`, { k: key });
    await ws.ok(`mutation($i: UpdateTeamInput!) { updateTeam(input: $i) { __typename } }`, {
      i: { key, revision: team.revision, name: `${marker} team ${key}`, description: `${marker} description` },
    });
  }
  const measure = 'fx_revenue';
  await defineMeasures(ws, [{ key: measure }]);
  await ws.ok(`mutation { updateMeasure(input: { key: "${measure}", revision: 1, name: "${marker} revenue" }) { __typename } }`);
  const value = 4242.25;
  await recordValues(ws, [[measure, teams.leaf, '2025-01', value]]);
  // Events show only through an event-based measure, so one counts them.
  const events = await ws.ok(`mutation { defineMeasure(input: { key: "fx_resolved", name: "${marker} resolved", unit: COUNT, grain: DAY,
    source: { eventType: "ticket.resolved", aggregate: COUNT } }) { __typename } }`);
  if (events.defineMeasure.__typename !== 'MeasurePayload') throw new Error(`defineMeasure fx_resolved: ${JSON.stringify(events)}`);
  await ws.ok(`mutation { recordEvents(events: [{ type: "ticket.resolved", team: "${teams.leaf}", time: "2025-01-05T10:00:00Z", id: "fixture-1" }]) { __typename } }`);
  const kpi = 'fx_revenue_kpi';
  await mustCreateKpi(ws, { key: kpi, name: `${marker} KPI`, formula: `${measure} * 1` });
  await ws.ok(`mutation { setTargets(targets: [{ kpi: "${kpi}", team: "${teams.leaf}", period: "2025-01", value: 5000 }]) { __typename } }`);
  const scorecard = 'fx-quarterly';
  const sc = await ws.ok(`mutation($i: CreateScorecardInput!) { createScorecard(input: $i) { __typename } }`, {
    i: { key: scorecard, name: `${marker} scorecard`, sections: [{ key: 'customers', name: `${marker} section`, weight: 1, items: [{ kpi, weight: 1 }] }] },
  });
  if (sc.createScorecard.__typename !== 'ScorecardSaved') throw new Error(`createScorecard: ${JSON.stringify(sc)}`);
  const key = await ws.ok(`mutation { createApiKey(input: { name: "${marker} viewer", role: VIEWER }) { ... on ApiKeyCreated { apiKey { id prefix } } } }`);
  return { ws, marker, teams, measure, kpi, scorecard, apiKeyId: key.createApiKey.apiKey.id, apiKeyPrefix: key.createApiKey.apiKey.prefix, value };
}

export type Prepared = Record<string, unknown>;

export interface OperationCase {
  readonly kind: 'query' | 'mutation';
  /** Makes what the call needs in the fixture's own workspace, with its ADMIN key (a fresh team to archive, a revision). */
  readonly prepare?: (fx: Fixture, tag: string) => Promise<Prepared>;
  readonly document: string;
  readonly variables?: (fx: Fixture, tag: string, prepared: Prepared) => Record<string, unknown>;
}

/** Selection for any mutation result union: its type and, for a typed failure, the code. */
const RESULT = `__typename ... on Problem { code message }`;
const GRID = `from: "2025-01", to: "2025-02", granularity: MONTH`;

async function revisionOf(fx: Fixture, field: 'team' | 'measure' | 'kpi' | 'scorecard', key: string): Promise<number> {
  const data = await fx.ws.ok(`query($k: String!) { ${field}(key: $k) { revision } }`, { k: key });
  return data[field].revision;
}

async function mustSucceed(fx: Fixture, document: string, variables: Record<string, unknown>): Promise<any> {
  const data = await fx.ws.ok(document, variables);
  const result = Object.values(data)[0] as { __typename: string; code?: string; message?: string };
  if (result.code) throw new Error(`prepare failed: ${JSON.stringify(result)}`);
  return result;
}

/** A comment by the fixture's ADMIN on (kpi, leaf, 2025-01); its id. */
async function addFixtureComment(fx: Fixture, text: string): Promise<string> {
  const r = await mustSucceed(fx, `mutation($i: AddCommentInput!) { addComment(input: $i) { ${RESULT} ... on CommentPayload { comment { id } } } }`, {
    i: { kpi: fx.kpi, team: fx.teams.leaf, period: '2025-01', text },
  });
  return r.comment.id;
}

/** Closes a spare year of the fixture's scorecard, one no case writes into; its key. */
let spareYear = 2040;
async function closeSparePeriod(fx: Fixture): Promise<string> {
  const period = String(spareYear++);
  await mustSucceed(fx, `mutation($s: String!, $p: String!) { closePeriod(scorecard: $s, period: $p) { ${RESULT} } }`, { s: fx.scorecard, p: period });
  return period;
}

/** An alert rule on the fixture's KPI that never fires (its threshold is out of reach); its id. */
async function addFixtureRule(fx: Fixture, tag: string): Promise<string> {
  const r = await mustSucceed(fx, `mutation($i: CreateAlertRuleInput!) { createAlertRule(input: $i) { ${RESULT} ... on AlertRulePayload { rule { id } } } }`, {
    i: { kpi: fx.kpi, kind: 'ABOVE_THRESHOLD', threshold: 1e15, team: fx.teams.child, name: `${fx.marker} rule ${tag}` },
  });
  return r.rule.id;
}

/** A webhook of the fixture's workspace on a loopback port nothing listens on (never leaves the machine); its id. */
async function addFixtureWebhook(fx: Fixture, tag: string): Promise<string> {
  const r = await mustSucceed(fx, `mutation($i: RegisterWebhookInput!) { registerWebhook(input: $i) { ${RESULT} ... on WebhookRegistered { webhook { id } } } }`, {
    i: { url: `http://127.0.0.1:9/${fx.marker}/${tag}` },
  });
  return r.webhook.id;
}

export const OPERATIONS: Readonly<Record<string, OperationCase>> = {
  // Queries
  workspace: { kind: 'query', document: `{ workspace { key name timeZone } }` },
  teams: { kind: 'query', document: `{ teams { key name } }` },
  team: { kind: 'query', document: `query($k: String!) { team(key: $k) { key name path } }`, variables: (fx) => ({ k: fx.teams.leaf }) },
  measures: { kind: 'query', document: `{ measures { key name } }` },
  measure: { kind: 'query', document: `query($k: String!) { measure(key: $k) { key name } }`, variables: (fx) => ({ k: fx.measure }) },
  kpis: { kind: 'query', document: `{ kpis { key name formula } }` },
  kpi: { kind: 'query', document: `query($k: String!) { kpi(key: $k) { key name formula } }`, variables: (fx) => ({ k: fx.kpi }) },
  validateFormula: {
    kind: 'query',
    // A near miss of the measure key: "did you mean" must only ever suggest the caller's own keys.
    document: `query($f: String!, $k: String) { validateFormula(formula: $f, kpi: $k) { valid errors { code message } measures kpis } }`,
    variables: (fx) => ({ f: `${fx.measure.slice(0, -1)} + ${fx.kpi}`, k: fx.kpi }),
  },
  functions: { kind: 'query', document: `{ functions { name } }` },
  kpiValues: {
    kind: 'query',
    document: `query($k: [String!]!, $t: [String!]!) { kpiValues(kpis: $k, teams: $t, ${GRID}) { kpi team value target } }`,
    variables: (fx) => ({ k: [fx.kpi], t: [fx.teams.leaf] }),
  },
  measureValues: {
    kind: 'query',
    document: `query($m: [String!]!, $t: [String!]!) { measureValues(measures: $m, teams: $t, ${GRID}) { measure team value } }`,
    variables: (fx) => ({ m: [fx.measure], t: [fx.teams.leaf, 'TOTAL'] }),
  },
  previewFormula: {
    kind: 'query',
    document: `query($f: String!, $t: [String!]!) { previewFormula(formula: $f, teams: $t, ${GRID}) { valid errors { code message } values { team value } } }`,
    variables: (fx) => ({ f: `${fx.measure} * 2`, t: [fx.teams.leaf] }),
  },
  explainKpiValue: {
    kind: 'query',
    document: `query($k: String!, $t: String!) { explainKpiValue(kpi: $k, team: $t, period: "2025-01") { value formula steps { text value } } }`,
    variables: (fx) => ({ k: fx.kpi, t: fx.teams.leaf }),
  },
  targets: {
    kind: 'query',
    document: `query($k: String!) { targets(kpi: $k) { kpi revision targets { team value period { key } } } }`,
    variables: (fx) => ({ k: fx.kpi }),
  },
  scorecards: { kind: 'query', document: `{ scorecards { key name } }` },
  scorecard: { kind: 'query', document: `query($k: String!) { scorecard(key: $k) { key name } }`, variables: (fx) => ({ k: fx.scorecard }) },
  evaluateScorecard: {
    kind: 'query',
    document: `query($s: String!, $t: [String!]!) { evaluateScorecard(scorecard: $s, teams: $t, periods: ["2025-01"]) { team score sections { items { kpi actual target } } } }`,
    variables: (fx) => ({ s: fx.scorecard, t: [fx.teams.leaf] }),
  },
  comments: {
    kind: 'query',
    prepare: async (fx, tag) => ({ id: await addFixtureComment(fx, `${fx.marker} note ${tag}`) }),
    document: `query($k: String!, $t: String!) { comments(kpi: $k, team: $t) { id kpi team text author period { key } } }`,
    variables: (fx) => ({ k: fx.kpi, t: fx.teams.leaf }),
  },
  periodCloses: {
    kind: 'query',
    prepare: async (fx) => ({ period: await closeSparePeriod(fx) }),
    document: `query($s: String!) { periodCloses(scorecard: $s) { scorecard period { key } closedBy teams } }`,
    variables: (fx) => ({ s: fx.scorecard }),
  },
  alertRules: {
    kind: 'query',
    prepare: async (fx, tag) => ({ id: await addFixtureRule(fx, tag) }),
    document: `{ alertRules { id kpi kind threshold team name } }`,
  },
  alerts: { kind: 'query', document: `{ alerts { id kpi team value period { key } } }` },
  webhooks: {
    kind: 'query',
    prepare: async (fx, tag) => ({ id: await addFixtureWebhook(fx, tag) }),
    document: `{ webhooks { id url } }`,
  },
  webhookDeliveries: { kind: 'query', document: `{ webhookDeliveries { id alert state attempts { statusCode } } }` },
  templatePacks: { kind: 'query', document: `{ templatePacks { key kpis } }` },
  apiKeys: { kind: 'query', document: `{ apiKeys { id name prefix role } }` },
  auditTrail: { kind: 'query', document: `{ auditTrail(first: 500) { actor action entityType entityKey before after } }` },

  // Mutations
  createWorkspace: {
    kind: 'mutation',
    document: `mutation($k: String!) { createWorkspace(input: { key: $k, name: $k }) { ${RESULT} } }`,
    variables: (_fx, tag) => ({ k: `ws-${tag}` }),
  },
  updateWorkspaceSettings: {
    kind: 'mutation',
    prepare: async (fx) => ({ revision: (await fx.ws.ok(`{ workspace { revision } }`)).workspace.revision }),
    document: `mutation($i: WorkspaceSettingsInput!) { updateWorkspaceSettings(input: $i) { ${RESULT} } }`,
    variables: (_fx, tag, p) => ({ i: { revision: p.revision, name: `renamed ${tag}` } }),
  },
  createApiKey: {
    kind: 'mutation',
    document: `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { ${RESULT} } }`,
    variables: (fx, tag) => ({ i: { name: `key ${tag}`, role: 'VIEWER', scopeTeam: fx.teams.leaf } }),
  },
  revokeApiKey: {
    kind: 'mutation',
    prepare: async (fx, tag) => {
      const r = await mustSucceed(fx, `mutation { createApiKey(input: { name: "spare ${tag}", role: VIEWER }) { ${RESULT} ... on ApiKeyCreated { apiKey { id } } } }`, {});
      return { id: r.apiKey.id };
    },
    document: `mutation($id: String!) { revokeApiKey(id: $id) { ${RESULT} } }`,
    variables: (_fx, _tag, p) => ({ id: p.id }),
  },
  createTeam: {
    kind: 'mutation',
    document: `mutation($i: CreateTeamInput!) { createTeam(input: $i) { ${RESULT} } }`,
    variables: (fx, tag) => ({ i: { key: `team-${tag}`, name: tag, parent: fx.teams.child } }),
  },
  updateTeam: {
    kind: 'mutation',
    prepare: async (fx) => ({ revision: await revisionOf(fx, 'team', fx.teams.child) }),
    document: `mutation($i: UpdateTeamInput!) { updateTeam(input: $i) { ${RESULT} } }`,
    variables: (fx, tag, p) => ({ i: { key: fx.teams.child, revision: p.revision, description: `changed by ${tag}` } }),
  },
  moveTeam: {
    kind: 'mutation',
    prepare: async (fx, tag) => {
      await mustSucceed(fx, `mutation($i: CreateTeamInput!) { createTeam(input: $i) { ${RESULT} } }`, { i: { key: `mv-${tag}`, name: `mv ${tag}`, parent: fx.teams.root } });
      return { key: `mv-${tag}` };
    },
    document: `mutation($i: MoveTeamInput!) { moveTeam(input: $i) { ${RESULT} } }`,
    variables: (fx, _tag, p) => ({ i: { key: p.key, revision: 1, parent: fx.teams.child } }),
  },
  archiveTeam: {
    kind: 'mutation',
    prepare: async (fx, tag) => {
      await mustSucceed(fx, `mutation($i: CreateTeamInput!) { createTeam(input: $i) { ${RESULT} } }`, { i: { key: `ar-${tag}`, name: `ar ${tag}`, parent: fx.teams.root } });
      return { key: `ar-${tag}` };
    },
    document: `mutation($k: String!) { archiveTeam(key: $k, revision: 1) { ${RESULT} } }`,
    variables: (_fx, _tag, p) => ({ k: p.key }),
  },
  defineMeasure: {
    kind: 'mutation',
    document: `mutation($i: DefineMeasureInput!) { defineMeasure(input: $i) { ${RESULT} } }`,
    variables: (_fx, tag) => ({ i: { key: `m_${tag.replace(/-/g, '_')}`, name: tag, unit: 'COUNT', grain: 'MONTH' } }),
  },
  updateMeasure: {
    kind: 'mutation',
    prepare: async (fx) => ({ revision: await revisionOf(fx, 'measure', fx.measure) }),
    document: `mutation($i: UpdateMeasureInput!) { updateMeasure(input: $i) { ${RESULT} } }`,
    variables: (fx, tag, p) => ({ i: { key: fx.measure, revision: p.revision, description: `changed by ${tag}` } }),
  },
  archiveMeasure: {
    kind: 'mutation',
    prepare: async (fx, tag) => {
      const key = `ma_${tag.replace(/-/g, '_')}`;
      await defineMeasures(fx.ws, [{ key }]);
      return { key };
    },
    document: `mutation($k: String!) { archiveMeasure(key: $k, revision: 1) { ${RESULT} } }`,
    variables: (_fx, _tag, p) => ({ k: p.key }),
  },
  recordMeasureValues: {
    kind: 'mutation',
    document: `mutation($v: [MeasureValueInput!]!) { recordMeasureValues(values: $v) { ${RESULT} } }`,
    variables: (fx) => ({ v: [{ measure: fx.measure, team: fx.teams.leaf, period: '2025-02', value: 1 }] }),
  },
  recordMeasureValueColumns: {
    kind: 'mutation',
    document: `mutation($c: MeasureValueColumnsInput!) { recordMeasureValueColumns(columns: $c) { ${RESULT} } }`,
    variables: (fx) => ({ c: { measure: [fx.measure], team: [fx.teams.leaf], period: ['2024-11'], value: [1] } }),
  },
  deleteMeasureValues: {
    kind: 'mutation',
    document: `mutation($i: DeleteMeasureValuesInput!) { deleteMeasureValues(input: $i) { ${RESULT} } }`,
    // 2030 holds no values: an allowed caller deletes nothing that other cases read.
    variables: (fx) => ({ i: { measure: fx.measure, teams: [fx.teams.leaf], from: '2030-01', to: '2030-12' } }),
  },
  importMeasureValuesCsv: {
    kind: 'mutation',
    document: `mutation($csv: String!) { importMeasureValuesCsv(csv: $csv) { ${RESULT} } }`,
    variables: (fx) => ({ csv: `measure,team,period,value\n${fx.measure},${fx.teams.leaf},2025-03,1\n` }),
  },
  recordEvents: {
    kind: 'mutation',
    document: `mutation($e: [EventInput!]!) { recordEvents(events: $e) { ${RESULT} } }`,
    variables: (fx, tag) => ({ e: [{ type: 'ticket.resolved', team: fx.teams.leaf, time: '2025-01-05T10:00:00Z', id: `ev-${tag}` }] }),
  },
  createKpi: {
    kind: 'mutation',
    document: `mutation($i: CreateKpiInput!) { createKpi(input: $i) { ${RESULT} } }`,
    variables: (fx, tag) => ({ i: { key: `k_${tag.replace(/-/g, '_')}`, name: tag, direction: 'HIGHER_IS_BETTER', formula: `${fx.measure} * 2` } }),
  },
  updateKpi: {
    kind: 'mutation',
    prepare: async (fx) => ({ revision: await revisionOf(fx, 'kpi', fx.kpi) }),
    document: `mutation($i: UpdateKpiInput!) { updateKpi(input: $i) { ${RESULT} } }`,
    variables: (fx, tag, p) => ({ i: { key: fx.kpi, revision: p.revision, description: `changed by ${tag}` } }),
  },
  archiveKpi: {
    kind: 'mutation',
    prepare: async (fx, tag) => {
      const key = `ka_${tag.replace(/-/g, '_')}`;
      await mustCreateKpi(fx.ws, { key, formula: `${fx.measure} + 1` });
      return { key };
    },
    document: `mutation($k: String!) { archiveKpi(key: $k, revision: 1) { ${RESULT} } }`,
    variables: (_fx, _tag, p) => ({ k: p.key }),
  },
  setTargets: {
    kind: 'mutation',
    prepare: async (fx) => ({ revision: (await fx.ws.ok(`query($k: String!) { targets(kpi: $k) { revision } }`, { k: fx.kpi })).targets.revision }),
    document: `mutation($t: [TargetInput!]!, $e: [TargetRevisionInput!]) { setTargets(targets: $t, expectedRevisions: $e) { ${RESULT} } }`,
    variables: (fx, _tag, p) => ({ t: [{ kpi: fx.kpi, team: fx.teams.leaf, period: '2025-02', value: 10 }], e: [{ kpi: fx.kpi, revision: p.revision }] }),
  },
  createScorecard: {
    kind: 'mutation',
    document: `mutation($i: CreateScorecardInput!) { createScorecard(input: $i) { ${RESULT} } }`,
    variables: (fx, tag) => ({ i: { key: `sc-${tag}`, name: tag, sections: [{ key: 's', name: 'S', weight: 1, items: [{ kpi: fx.kpi, weight: 1 }] }] } }),
  },
  updateScorecard: {
    kind: 'mutation',
    prepare: async (fx) => ({ revision: await revisionOf(fx, 'scorecard', fx.scorecard) }),
    document: `mutation($i: UpdateScorecardInput!) { updateScorecard(input: $i) { ${RESULT} } }`,
    variables: (fx, tag, p) => ({ i: { key: fx.scorecard, revision: p.revision, description: `changed by ${tag}` } }),
  },
  archiveScorecard: {
    kind: 'mutation',
    prepare: async (fx, tag) => {
      await mustSucceed(fx, `mutation($i: CreateScorecardInput!) { createScorecard(input: $i) { ${RESULT} } }`, {
        i: { key: `sa-${tag}`, name: `sa ${tag}`, sections: [{ key: 's', name: 'S', weight: 1, items: [{ kpi: fx.kpi, weight: 1 }] }] },
      });
      return { key: `sa-${tag}` };
    },
    document: `mutation($k: String!) { archiveScorecard(key: $k, revision: 1) { ${RESULT} } }`,
    variables: (_fx, _tag, p) => ({ k: p.key }),
  },
  addComment: {
    kind: 'mutation',
    document: `mutation($i: AddCommentInput!) { addComment(input: $i) { ${RESULT} } }`,
    variables: (fx, tag) => ({ i: { kpi: fx.kpi, team: fx.teams.leaf, period: '2025-01', text: `note by ${tag}` } }),
  },
  // The comment is the fixture ADMIN's: only an ADMIN may change another key's comment.
  editComment: {
    kind: 'mutation',
    prepare: async (fx, tag) => ({ id: await addFixtureComment(fx, `to edit ${tag}`) }),
    document: `mutation($i: EditCommentInput!) { editComment(input: $i) { ${RESULT} } }`,
    variables: (_fx, tag, p) => ({ i: { id: p.id, revision: 1, text: `edited by ${tag}` } }),
  },
  deleteComment: {
    kind: 'mutation',
    prepare: async (fx, tag) => ({ id: await addFixtureComment(fx, `to delete ${tag}`) }),
    document: `mutation($id: String!) { deleteComment(id: $id, revision: 1) { ${RESULT} } }`,
    variables: (_fx, _tag, p) => ({ id: p.id }),
  },
  // A quarter no other case writes into: the allowed call closes it.
  closePeriod: {
    kind: 'mutation',
    document: `mutation($s: String!) { closePeriod(scorecard: $s, period: "2029-Q1") { ${RESULT} } }`,
    variables: (fx) => ({ s: fx.scorecard }),
  },
  reopenPeriod: {
    kind: 'mutation',
    prepare: async (fx) => ({ period: await closeSparePeriod(fx) }),
    document: `mutation($s: String!, $p: String!, $r: String!) { reopenPeriod(scorecard: $s, period: $p, reason: $r) { ${RESULT} } }`,
    variables: (fx, tag, p) => ({ s: fx.scorecard, p: p.period, r: `reopened by ${tag}` }),
  },
  createAlertRule: {
    kind: 'mutation',
    document: `mutation($i: CreateAlertRuleInput!) { createAlertRule(input: $i) { ${RESULT} } }`,
    variables: (fx, tag) => ({ i: { kpi: fx.kpi, kind: 'ABOVE_THRESHOLD', threshold: 1e15, team: fx.teams.leaf, name: `rule ${tag}` } }),
  },
  updateAlertRule: {
    kind: 'mutation',
    prepare: async (fx, tag) => ({ id: await addFixtureRule(fx, tag) }),
    document: `mutation($i: UpdateAlertRuleInput!) { updateAlertRule(input: $i) { ${RESULT} } }`,
    variables: (_fx, tag, p) => ({ i: { id: p.id, revision: 1, name: `renamed by ${tag}` } }),
  },
  deleteAlertRule: {
    kind: 'mutation',
    prepare: async (fx, tag) => ({ id: await addFixtureRule(fx, tag) }),
    document: `mutation($id: String!) { deleteAlertRule(id: $id, revision: 1) { ${RESULT} } }`,
    variables: (_fx, _tag, p) => ({ id: p.id }),
  },
  registerWebhook: {
    kind: 'mutation',
    document: `mutation($i: RegisterWebhookInput!) { registerWebhook(input: $i) { ${RESULT} } }`,
    variables: (_fx, tag) => ({ i: { url: `http://127.0.0.1:9/hook-${tag}` } }),
  },
  deleteWebhook: {
    kind: 'mutation',
    prepare: async (fx, tag) => ({ id: await addFixtureWebhook(fx, tag) }),
    document: `mutation($id: String!) { deleteWebhook(id: $id) { ${RESULT} } }`,
    variables: (_fx, _tag, p) => ({ id: p.id }),
  },
  installTemplatePack: {
    kind: 'mutation',
    document: `mutation { installTemplatePack(pack: "crm-starter") { ${RESULT} } }`,
  },
};

/** Query and Mutation field names of the running server's schema. */
export async function schemaOperations(token: string): Promise<{ query: string[]; mutation: string[] }> {
  const data = await ok(token, `{ __schema { queryType { fields { name } } mutationType { fields { name } } } }`);
  const names = (type: { fields: Array<{ name: string }> } | null) => (type?.fields ?? []).map((f) => f.name).sort();
  return { query: names(data.__schema.queryType), mutation: names(data.__schema.mutationType) };
}

/** The result of the operation's root field, whether a GraphQL error or a typed failure. */
export function outcomeCode(res: GqlResponse, operation: string): string | null {
  const errorCode = res.errors?.[0]?.extensions?.code;
  if (errorCode) return String(errorCode);
  const result = res.data?.[operation];
  return result && typeof result === 'object' && !Array.isArray(result) && typeof result.code === 'string' ? result.code : null;
}

/** Everything a workspace holds, as its ADMIN reads it: compared before and after others act. */
export async function workspaceState(fx: Fixture): Promise<unknown> {
  const defs = await fx.ws.ok(`{
    workspace { key name timeZone fiscalYearStartMonth statusBands { onTrack atRisk } revision }
    teams { key name description archived revision path }
    measures { key name description archived revision grain }
    active: kpis { key name description formula archived revision versions { version formula effectiveFrom } }
    archived: kpis(filter: { archived: true }) { key revision }
    scorecards { key name description revision versions { version } }
    archivedScorecards: scorecards(archived: true) { key revision }
    apiKeys { id name role scopeTeam expiresAt revokedAt }
    auditTrail(first: 500) { id actor action entityType entityKey before after }
  }`);
  const teams = [...defs.teams.map((t: { key: string }) => t.key), 'TOTAL'];
  const measures = defs.measures.map((m: { key: string }) => m.key);
  const values = await fx.ws.ok(`query($m: [String!]!, $t: [String!]!) { measureValues(measures: $m, teams: $t, from: "2024-12", to: "2025-03", granularity: MONTH) { measure team value period { key } } }`, { m: measures, t: teams });
  const targets = [];
  for (const k of [...defs.active, ...defs.archived]) targets.push((await fx.ws.ok(`query($k: String!) { targets(kpi: $k) { kpi revision targets { team value formula period { key } } } }`, { k: k.key })).targets);
  return { ...defs, values: values.measureValues, targets };
}
