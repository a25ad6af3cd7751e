/**
 * The audit trail: every definition, key and settings change with who made it, what it
 * was before and after; listed newest first, filtered by entity and time, paged with
 * `after` so that pages neither overlap nor skip.
 */
import { createWorkspace, gql, type TestWorkspace } from './harness/client';
import { defineMeasures } from './harness/crm';
import { keyWithRole } from './harness/measure-fixtures';

const ENTRY = `id at actor action entityType entityKey before after`;

interface Entry {
  id: string;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityKey: string;
  before: string | null;
  after: string | null;
}

let ws: TestWorkspace;
let editor: string;
let editorPrefix: string;

beforeAll(async () => {
  ws = await createWorkspace('audit');
  editor = await keyWithRole(ws, 'EDITOR');
  editorPrefix = editor.split('_')[1];
});

const newest = async (): Promise<Entry> => (await ws.ok(`{ auditTrail(first: 1) { ${ENTRY} } }`)).auditTrail[0];
const json = (text: string | null) => (text === null ? null : JSON.parse(text));

async function asEditor(document: string, variables?: Record<string, unknown>): Promise<void> {
  const res = await gql(editor, document, variables);
  const result = res.data && (Object.values(res.data)[0] as { code?: string });
  if (res.errors || result?.code) throw new Error(JSON.stringify(res.errors ?? result));
}

/** The KPI's target-set revision read just before a setTargets call. */
let targetsRevision = 0;
async function setTarget(value: number): Promise<void> {
  targetsRevision = (await ws.ok(`{ targets(kpi: "revenue_per_deal") { revision } }`)).targets.revision;
  await asEditor(`mutation($v: Float!) { setTargets(targets: [{ kpi: "revenue_per_deal", team: "sales", period: "2025-Q1", value: $v }]) { __typename ... on Problem { code } } }`, { v: value });
}

const SCORECARD = (weight: number) => ({ sections: [{ key: 'customers', name: 'Customers', weight: 1, items: [{ kpi: 'revenue_per_deal', weight }] }] });

/** Each kind of change, made by the EDITOR key (keys and settings by the ADMIN key), and the entry it must leave. */
const CHANGES: ReadonlyArray<{
  name: string;
  run: () => Promise<void>;
  action: string;
  entityType: string;
  entityKey: string;
  admin?: boolean;
  /** The expected JSON, or a function giving it once the change has run. */
  before: unknown;
  after: unknown;
}> = [
  {
    name: 'team created', action: 'CREATE', entityType: 'TEAM', entityKey: 'sales',
    run: () => asEditor(`mutation { createTeam(input: { key: "sales", name: "Sales" }) { __typename ... on Problem { code } } }`),
    before: null, after: expect.objectContaining({ key: 'sales', name: 'Sales', parent: null, revision: 1 }),
  },
  {
    name: 'team updated', action: 'UPDATE', entityType: 'TEAM', entityKey: 'sales',
    run: () => asEditor(`mutation { updateTeam(input: { key: "sales", revision: 1, name: "Sales & Marketing" }) { __typename ... on Problem { code } } }`),
    before: expect.objectContaining({ name: 'Sales', revision: 1 }), after: expect.objectContaining({ name: 'Sales & Marketing', revision: 2 }),
  },
  {
    name: 'team moved', action: 'MOVE', entityType: 'TEAM', entityKey: 'east',
    run: async () => {
      await ws.ok(`mutation { createTeam(input: { key: "east", name: "East" }) { __typename } }`);
      await asEditor(`mutation { moveTeam(input: { key: "east", revision: 1, parent: "sales" }) { __typename ... on Problem { code } } }`);
    },
    before: expect.objectContaining({ parent: null, revision: 1 }), after: expect.objectContaining({ parent: 'sales', revision: 2 }),
  },
  {
    name: 'team archived', action: 'ARCHIVE', entityType: 'TEAM', entityKey: 'east',
    run: () => asEditor(`mutation { archiveTeam(key: "east", revision: 2) { __typename ... on Problem { code } } }`),
    before: expect.objectContaining({ archived: false }), after: expect.objectContaining({ archived: true, revision: 3 }),
  },
  {
    name: 'measure defined', action: 'CREATE', entityType: 'MEASURE', entityKey: 'won_amount',
    run: () => asEditor(`mutation { defineMeasure(input: { key: "won_amount", name: "Won amount", unit: COUNT, grain: MONTH }) { __typename ... on Problem { code } } }`),
    before: null, after: expect.objectContaining({ key: 'won_amount', timeAggregation: 'SUM', grain: 'MONTH', revision: 1 }),
  },
  {
    name: 'measure updated', action: 'UPDATE', entityType: 'MEASURE', entityKey: 'won_amount',
    run: () => asEditor(`mutation { updateMeasure(input: { key: "won_amount", revision: 1, timeAggregation: MAX }) { __typename ... on Problem { code } } }`),
    before: expect.objectContaining({ timeAggregation: 'SUM', revision: 1 }), after: expect.objectContaining({ timeAggregation: 'MAX', revision: 2 }),
  },
  {
    name: 'measure archived', action: 'ARCHIVE', entityType: 'MEASURE', entityKey: 'won_amount',
    run: () => asEditor(`mutation { archiveMeasure(key: "won_amount", revision: 2) { __typename ... on Problem { code } } }`),
    before: expect.objectContaining({ archived: false }), after: expect.objectContaining({ archived: true, revision: 3 }),
  },
  {
    name: 'KPI created', action: 'CREATE', entityType: 'KPI', entityKey: 'revenue_per_deal',
    run: async () => {
      await defineMeasures(ws, [{ key: 'revenue' }, { key: 'deals' }]);
      await asEditor(`mutation { createKpi(input: { key: "revenue_per_deal", name: "Revenue per deal", direction: HIGHER_IS_BETTER, formula: "revenue / deals" }) { __typename ... on Problem { code } } }`);
    },
    before: null, after: expect.objectContaining({ key: 'revenue_per_deal', revision: 1, versions: [{ version: 1, formula: 'revenue / deals', effectiveFrom: null }] }),
  },
  {
    name: 'KPI updated (a new formula version)', action: 'UPDATE', entityType: 'KPI', entityKey: 'revenue_per_deal',
    run: () => asEditor(`mutation { updateKpi(input: { key: "revenue_per_deal", revision: 1, formula: "DIVIDE(revenue, deals)", effectiveFrom: "2025-07" }) { __typename ... on Problem { code } } }`),
    before: expect.objectContaining({ revision: 1, versions: [expect.objectContaining({ version: 1 })] }),
    after: expect.objectContaining({ revision: 2, versions: [expect.objectContaining({ version: 1 }), { version: 2, formula: 'DIVIDE(revenue, deals)', effectiveFrom: '2025-07' }] }),
  },
  {
    name: 'targets set', action: 'UPDATE', entityType: 'TARGETS', entityKey: 'revenue_per_deal',
    run: () => setTarget(1200),
    before: () => ({ revision: targetsRevision, targets: [] }),
    after: () => ({ revision: targetsRevision + 1, targets: [{ team: 'sales', period: '2025-Q1', value: 1200, formula: null }] }),
  },
  {
    name: 'targets changed', action: 'UPDATE', entityType: 'TARGETS', entityKey: 'revenue_per_deal',
    run: () => setTarget(1500),
    // Only the rows that changed, as they were and as they are.
    before: () => ({ revision: targetsRevision, targets: [{ team: 'sales', period: '2025-Q1', value: 1200, formula: null }] }),
    after: () => ({ revision: targetsRevision + 1, targets: [{ team: 'sales', period: '2025-Q1', value: 1500, formula: null }] }),
  },
  {
    name: 'scorecard created', action: 'CREATE', entityType: 'SCORECARD', entityKey: 'review',
    run: () => asEditor(`mutation($i: CreateScorecardInput!) { createScorecard(input: $i) { __typename ... on Problem { code } } }`, { i: { key: 'review', name: 'Review', ...SCORECARD(1) } }),
    before: null, after: expect.objectContaining({ key: 'review', revision: 1, archived: false }),
  },
  {
    name: 'scorecard updated (a new version)', action: 'UPDATE', entityType: 'SCORECARD', entityKey: 'review',
    run: () => asEditor(`mutation($i: UpdateScorecardInput!) { updateScorecard(input: $i) { __typename ... on Problem { code } } }`, { i: { key: 'review', revision: 1, effectiveFrom: '2025-Q3', ...SCORECARD(3) } }),
    before: expect.objectContaining({ revision: 1, versions: [expect.objectContaining({ version: 1 })] }),
    after: expect.objectContaining({ revision: 2, versions: [expect.objectContaining({ version: 1 }), expect.objectContaining({ version: 2, effectiveFrom: '2025-Q3' })] }),
  },
  {
    name: 'scorecard archived', action: 'ARCHIVE', entityType: 'SCORECARD', entityKey: 'review',
    run: () => asEditor(`mutation { archiveScorecard(key: "review", revision: 2) { __typename ... on Problem { code } } }`),
    before: expect.objectContaining({ archived: false }), after: expect.objectContaining({ archived: true, revision: 3 }),
  },
  {
    name: 'KPI archived', action: 'ARCHIVE', entityType: 'KPI', entityKey: 'revenue_per_deal',
    run: () => asEditor(`mutation { archiveKpi(key: "revenue_per_deal", revision: 2) { __typename ... on Problem { code } } }`),
    before: expect.objectContaining({ archivedAt: null }), after: expect.objectContaining({ archivedAt: expect.any(String), revision: 3 }),
  },
  {
    name: 'API key created', action: 'CREATE', entityType: 'API_KEY', entityKey: 'PREFIX', admin: true,
    run: async () => {
      const r = await ws.ok(`mutation { createApiKey(input: { name: "audited", role: INGEST, scopeTeam: "sales" }) { ... on ApiKeyCreated { apiKey { id prefix } } } }`);
      created = r.createApiKey.apiKey;
    },
    before: null, after: expect.objectContaining({ name: 'audited', role: 'INGEST', scopeTeam: 'sales', revokedAt: null }),
  },
  {
    name: 'API key revoked', action: 'REVOKE', entityType: 'API_KEY', entityKey: 'PREFIX', admin: true,
    run: async () => {
      await ws.ok(`mutation($id: String!) { revokeApiKey(id: $id) { __typename } }`, { id: created.id });
    },
    before: null, after: expect.objectContaining({ name: 'audited', revokedAt: expect.any(String) }),
  },
  {
    name: 'workspace settings changed', action: 'UPDATE', entityType: 'WORKSPACE', entityKey: 'WORKSPACE', admin: true,
    run: async () => {
      await ws.ok(`mutation { updateWorkspaceSettings(input: { revision: 1, timeZone: "Asia/Shanghai", fiscalYearStartMonth: 4 }) { __typename } }`);
    },
    before: expect.objectContaining({ timeZone: 'UTC', fiscalYearStartMonth: 1, revision: 1 }),
    after: expect.objectContaining({ timeZone: 'Asia/Shanghai', fiscalYearStartMonth: 4, revision: 2 }),
  },
];
let created: { id: string; prefix: string };

test.each(CHANGES.map((c) => [c.name, c] as const))('%s: one entry with the actor, before and after', async (_name, change) => {
  await change.run();
  const entry = await newest();
  const key = change.entityKey === 'PREFIX' ? created.prefix : change.entityKey === 'WORKSPACE' ? ws.key : change.entityKey;
  expect(entry).toMatchObject({ action: change.action, entityType: change.entityType, entityKey: key });
  // The actor names the key (its name and the start of its prefix), never its secret.
  const [name, prefix] = change.admin ? ['admin', ws.token.split('_')[1]] : ['editor-key', editorPrefix];
  expect(entry.actor).toBe(`${name} (${prefix.slice(0, 6)}…)`);
  const expected = (v: unknown) => (typeof v === 'function' ? v() : v);
  expect(json(entry.before)).toEqual(expected(change.before));
  expect(json(entry.after)).toEqual(expected(change.after));
  expect(Math.abs(Date.parse(entry.at) - Date.now())).toBeLessThan(60_000);
});

test('refused changes record nothing', async () => {
  const before = await newest();
  await ws.ok(`mutation { updateWorkspaceSettings(input: { revision: 99, timeZone: "UTC" }) { __typename } }`); // stale revision
  await ws.ok(`mutation { createTeam(input: { key: "Not A Key", name: "x" }) { __typename } }`); // invalid
  await gql(await keyWithRole(ws, 'VIEWER'), `mutation { createTeam(input: { key: "viewer-team", name: "x" }) { __typename } }`); // forbidden
  const recent: Entry[] = (await ws.ok(`{ auditTrail(first: 10) { ${ENTRY} } }`)).auditTrail;
  const since = recent.slice(0, recent.findIndex((e) => e.id === before.id));
  // Making the VIEWER key is the only entry since.
  expect(since.map((e) => `${e.action} ${e.entityType}`)).toEqual(['CREATE API_KEY']);
});

describe('listing', () => {
  let all: Entry[];
  beforeAll(async () => {
    all = (await ws.ok(`{ auditTrail(first: 500) { ${ENTRY} } }`)).auditTrail;
  });

  test('newest first, with the workspace creation as the oldest entry', () => {
    const ids = all.map((e) => BigInt(e.id));
    expect([...ids].sort((a, b) => (a > b ? -1 : 1))).toEqual(ids);
    expect(all[all.length - 1]).toMatchObject({ action: 'CREATE', entityType: 'WORKSPACE', actor: 'operator' });
  });

  test('by entity type and by entity key', async () => {
    const teams: Entry[] = (await ws.ok(`{ auditTrail(entityType: "TEAM") { ${ENTRY} } }`)).auditTrail;
    expect(teams.map((e) => `${e.action} ${e.entityKey}`)).toEqual(['ARCHIVE east', 'MOVE east', 'CREATE east', 'UPDATE sales', 'CREATE sales']);
    const east: Entry[] = (await ws.ok(`{ auditTrail(entityType: "TEAM", entityKey: "east") { ${ENTRY} } }`)).auditTrail;
    expect(east.map((e) => e.action)).toEqual(['ARCHIVE', 'MOVE', 'CREATE']);
    const kpi: Entry[] = (await ws.ok(`{ auditTrail(entityKey: "revenue_per_deal") { ${ENTRY} } }`)).auditTrail;
    expect(kpi.map((e) => `${e.entityType} ${e.action}`)).toEqual(['KPI ARCHIVE', 'TARGETS UPDATE', 'TARGETS UPDATE', 'KPI UPDATE', 'KPI CREATE']);
  });

  test('pages of `first` entries continued with `after` neither overlap nor skip', async () => {
    const pages: Entry[][] = [];
    let after: string | null = null;
    for (;;) {
      const page: Entry[] = (await ws.ok(`query($a: String) { auditTrail(first: 4, after: $a) { ${ENTRY} } }`, { a: after })).auditTrail;
      if (page.length === 0) break;
      pages.push(page);
      after = page[page.length - 1].id;
    }
    expect(pages.length).toBe(Math.ceil(all.length / 4));
    expect(pages.flat()).toEqual(all);
  });

  test('since (inclusive) and until (exclusive) select a time window', async () => {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 30));
    await pause();
    const from = new Date();
    await pause();
    await ws.ok(`mutation { createTeam(input: { key: "window-1", name: "W1" }) { __typename } }`);
    await ws.ok(`mutation { createTeam(input: { key: "window-2", name: "W2" }) { __typename } }`);
    await pause();
    const to = new Date();
    await pause();
    await ws.ok(`mutation { createTeam(input: { key: "window-3", name: "W3" }) { __typename } }`);
    const window: Entry[] = (await ws.ok(`query($s: DateTimeISO, $u: DateTimeISO) { auditTrail(since: $s, until: $u) { ${ENTRY} } }`, { s: from.toISOString(), u: to.toISOString() })).auditTrail;
    expect(window.map((e) => e.entityKey)).toEqual(['window-2', 'window-1']);
    const since: Entry[] = (await ws.ok(`query($s: DateTimeISO) { auditTrail(since: $s) { entityKey } }`, { s: from.toISOString() })).auditTrail;
    expect(since.map((e) => e.entityKey)).toEqual(['window-3', 'window-2', 'window-1']);
    const until: Entry[] = (await ws.ok(`query($u: DateTimeISO) { auditTrail(until: $u) { entityKey } }`, { u: from.toISOString() })).auditTrail;
    expect(until.map((e) => e.entityKey)).not.toContain('window-1');
    expect(until.length).toBe(all.length);
  });

  test('a bad page size or cursor is INVALID_INPUT', async () => {
    expect((await ws.gql(`{ auditTrail(first: 0) { id } }`)).errors?.[0].extensions?.code).toBe('INVALID_INPUT');
    expect((await ws.gql(`{ auditTrail(first: 501) { id } }`)).errors?.[0].extensions?.code).toBe('INVALID_INPUT');
    expect((await ws.gql(`{ auditTrail(after: "x'; --") { id } }`)).errors?.[0].extensions?.code).toBe('INVALID_INPUT');
  });
});
