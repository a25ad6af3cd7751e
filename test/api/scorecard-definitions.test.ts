/** Scorecard definitions over real HTTP: validation with paths, versions, revisions, archive rules and audit. */
import { baseUrl, createWorkspace, gql, type TestWorkspace } from './harness/client';
import { defineMeasures, mustCreateKpi } from './harness/crm';
import { keyWithRole } from './harness/measure-fixtures';

const SECTIONS = `sections { key name weight items { kpi weight method baseline { fixed previousYear } } }`;
const SCORECARD = `key name description archived revision missingData cap statusBands { onTrack atRisk } ${SECTIONS}
  versions { version effectiveFrom missingData cap statusBands { onTrack atRisk } ${SECTIONS} }`;
const RESULT = `__typename ... on ScorecardSaved { scorecard { ${SCORECARD} } } ... on Problem { code message }
  ... on InputError { field details { field message } } ... on NotFound { key } ... on AlreadyExists { key } ... on Conflict { key currentRevision } ... on InUse { usedBy }`;

let ws: TestWorkspace;
const create = (input: Record<string, unknown>, token = ws.token) =>
  gql(token, `mutation($i: CreateScorecardInput!) { createScorecard(input: $i) { ${RESULT} } }`, { i: input }).then((r) => r.errors ? { errors: r.errors } : r.data.createScorecard);
const update = (input: Record<string, unknown>) =>
  ws.ok(`mutation($i: UpdateScorecardInput!) { updateScorecard(input: $i) { ${RESULT} } }`, { i: input }).then((d) => d.updateScorecard);
const archive = (key: string, revision: number) =>
  ws.ok(`mutation($k: String!, $r: Int!) { archiveScorecard(key: $k, revision: $r) { ${RESULT} } }`, { k: key, r: revision }).then((d) => d.archiveScorecard);
const get = (key: string) => gql(ws.token, `query($k: String!) { scorecard(key: $k) { ${SCORECARD} } }`, { k: key });
const stored = async (key: string) => {
  const r = await get(key);
  return r.errors ? r.errors[0].extensions?.code : r.data.scorecard;
};
const archiveKpi = async (key: string) => {
  const kpi = (await ws.ok(`query($k: String!) { kpi(key: $k) { revision } }`, { k: key })).kpi;
  return (await ws.ok(`mutation($k: String!, $r: Int!) { archiveKpi(key: $k, revision: $r) { __typename ... on Problem { code message } ... on InUse { usedBy } } }`, { k: key, r: kpi.revision })).archiveKpi;
};

/** A two-perspective review, after the starter scorecard of CATALOG.md. */
const review = (key: string, overrides: Record<string, unknown> = {}) => ({
  key,
  name: 'Quarterly review',
  sections: [
    { key: 'satisfaction', name: 'Customer satisfaction', weight: 35, items: [{ kpi: 'csat', weight: 3 }, { kpi: 'nps', weight: 3 }, { kpi: 'churn_rate', weight: 2 }] },
    { key: 'efficiency', name: 'Service efficiency', weight: 25, items: [{ kpi: 'resolution_rate', weight: 2, method: 'BANDS' }, { kpi: 'first_response_time', weight: 1, method: 'LINEAR', baseline: { fixed: 24 } }] },
  ],
  ...overrides,
});

beforeAll(async () => {
  ws = await createWorkspace('scorecards');
  await defineMeasures(ws, [{ key: 'csat_satisfied' }, { key: 'csat_responses' }, { key: 'tickets' }, { key: 'tickets_resolved' }]);
  await mustCreateKpi(ws, { key: 'csat', formula: 'csat_satisfied / csat_responses * 100' });
  await mustCreateKpi(ws, { key: 'resolution_rate', formula: 'tickets_resolved / tickets * 100' });
  for (const key of ['nps', 'churn_rate', 'first_response_time', 'sales_growth', 'old_metric', 'spare']) await mustCreateKpi(ws, { key, formula: '1' });
  const old = await ws.ok(`{ kpi(key: "old_metric") { revision } }`);
  await ws.ok(`mutation($r: Int!) { archiveKpi(key: "old_metric", revision: $r) { __typename } }`, { r: old.kpi.revision });
});

describe('creating a scorecard', () => {
  test('the definition is stored with its defaults as version 1, in force since always', async () => {
    const r = await create(review('crm-review'));
    expect(r.__typename).toBe('ScorecardSaved');
    const s = r.scorecard;
    expect(s).toMatchObject({ key: 'crm-review', name: 'Quarterly review', description: '', archived: false, revision: 1, missingData: 'EXCLUDE', cap: 1.2, statusBands: null });
    expect(s.sections[0].items[0]).toEqual({ kpi: 'csat', weight: 3, method: 'RATIO', baseline: null });
    expect(s.sections[1].items[1]).toEqual({ kpi: 'first_response_time', weight: 1, method: 'LINEAR', baseline: { fixed: 24, previousYear: false } });
    expect(s.versions).toHaveLength(1);
    expect(s.versions[0]).toMatchObject({ version: 1, effectiveFrom: null });
    expect(await stored('crm-review')).toEqual(s);
  });

  test('weights need not sum to anything; zero weights and an empty section are allowed', async () => {
    const r = await create({ key: 'odd-weights', name: 'Odd', missingData: 'ZERO', cap: 1.5, statusBands: { onTrack: 0.95, atRisk: 0.8 }, sections: [
      { key: 'a', name: 'A', weight: 0.3, items: [{ kpi: 'csat', weight: 0 }, { kpi: 'nps', weight: 0 }] },
      { key: 'b', name: 'B', weight: 1234.5, items: [{ kpi: 'spare', weight: 7, method: 'BINARY' }, { kpi: 'sales_growth', weight: 1, method: 'LINEAR', baseline: { previousYear: true } }] },
      { key: 'later', name: 'Later', weight: 0, items: [] },
    ] });
    expect(r.__typename).toBe('ScorecardSaved');
    expect(r.scorecard).toMatchObject({ missingData: 'ZERO', cap: 1.5, statusBands: { onTrack: 0.95, atRisk: 0.8 } });
    expect(r.scorecard.sections[1].items[1].baseline).toEqual({ fixed: null, previousYear: true });
  });

  test('every mistake is reported at once with its path, and nothing is saved', async () => {
    const r = await create({ key: 'broken', name: 'Broken', cap: 0.5, statusBands: { onTrack: 0.8, atRisk: 0.9 }, sections: [
      { key: 'dup', name: 'One', weight: -1, items: [{ kpi: 'csat', weight: 1 }, { kpi: 'nps', weight: -2 }] },
      { key: 'dup', name: 'Two', weight: 1, items: [
        { kpi: 'ghost', weight: 1 },
        { kpi: 'old_metric', weight: 1 },
        { kpi: 'csat', weight: 1 },
        { kpi: 'churn_rate', weight: 1, method: 'LINEAR' },
        { kpi: 'first_response_time', weight: 1e300 },
        { kpi: 'spare', weight: 1, baseline: { fixed: 1, previousYear: true } },
      ] },
    ] });
    expect(r).toMatchObject({ __typename: 'InputError', code: 'INVALID_INPUT' });
    const fields = r.details.map((d: any) => d.field);
    expect(fields).toEqual(expect.arrayContaining([
      'sections[0].weight', 'sections[0].items[1].weight', 'sections[1].key', 'sections[1].items[0].kpi', 'sections[1].items[1].kpi',
      'sections[1].items[2].kpi', 'sections[1].items[3].baseline', 'sections[1].items[4].weight', 'sections[1].items[5].baseline', 'cap', 'statusBands',
    ]));
    const message = (field: string) => r.details.filter((d: any) => d.field === field).map((d: any) => d.message).join(' | ');
    expect(message('sections[0].weight')).toContain('negative');
    expect(message('sections[1].items[0].kpi')).toContain('"ghost"');
    expect(message('sections[1].items[1].kpi')).toMatch(/"old_metric" is archived/);
    expect(message('sections[1].items[2].kpi')).toContain('sections[0].items[0]');
    expect(message('sections[1].items[3].baseline')).toContain('LINEAR');
    expect(message('sections[1].items[4].weight')).toContain('1e15');
    expect(message('cap')).toContain('at least 1');
    expect(await stored('broken')).toBe('NOT_FOUND');
  });

  test('an infinite weight (1e309) is refused: as a literal with its path, as a JSON variable by GraphQL itself', async () => {
    const literal = await gql(ws.token, `mutation { createScorecard(input: { key: "inf", name: "Inf", sections: [{ key: "a", name: "A", weight: 1e309, items: [] }] }) { ${RESULT} } }`);
    expect(literal.data.createScorecard).toMatchObject({ __typename: 'InputError', details: [{ field: 'sections[0].weight' }] });
    expect(literal.data.createScorecard.details[0].message).toContain('finite');
    // JSON has no Infinity, so 1e309 in a variable is refused while the request is read.
    const body = `{"query":"mutation($i: CreateScorecardInput!) { createScorecard(input: $i) { __typename } }","variables":{"i":{"key":"inf","name":"Inf","sections":[{"key":"a","name":"A","weight":1e309,"items":[]}]}}}`;
    const res = await fetch(`${baseUrl()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.token}` }, body });
    const json = (await res.json()) as any;
    expect(json.errors?.[0].message).toMatch(/Float|finite|weight/i);
    expect(await stored('inf')).toBe('NOT_FOUND');
  });

  test.each([
    ['no sections', { sections: [] }, 'sections'],
    ['a bad section key', { sections: [{ key: 'Bad Key', name: 'X', weight: 1, items: [] }] }, 'sections[0].key'],
    ['an empty section name', { sections: [{ key: 'x', name: ' ', weight: 1, items: [] }] }, 'sections[0].name'],
    ['a cap above 10', { cap: 11 }, 'cap'],
  ])('%s is refused', async (_name, overrides, field) => {
    const r = await create(review('refused', overrides));
    expect(r.__typename).toBe('InputError');
    expect(r.details.map((d: any) => d.field)).toContain(field);
    expect(await stored('refused')).toBe('NOT_FOUND');
  });

  test('a malformed key is INVALID_KEY and a taken one ALREADY_EXISTS', async () => {
    expect(await create(review('Not A Key'))).toMatchObject({ __typename: 'InputError', code: 'INVALID_KEY', field: 'key' });
    expect(await create(review('crm-review'))).toMatchObject({ __typename: 'AlreadyExists', key: 'crm-review' });
  });

  test('a VIEWER may read scorecards but not create them (FORBIDDEN)', async () => {
    const viewer = await keyWithRole(ws, 'VIEWER');
    const r = await create(review('by-viewer'), viewer);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await stored('by-viewer')).toBe('NOT_FOUND');
    const read = await gql(viewer, `{ scorecards { key } }`);
    expect(read.data.scorecards.map((s: any) => s.key)).toContain('crm-review');
  });
});

describe('versions and revisions', () => {
  test('a name change bumps the revision but makes no version', async () => {
    const before = await stored('crm-review');
    const r = await update({ key: 'crm-review', revision: before.revision, name: 'Quarterly customer review', description: '季度考核' });
    expect(r.scorecard).toMatchObject({ name: 'Quarterly customer review', description: '季度考核', revision: before.revision + 1 });
    expect(r.scorecard.versions).toHaveLength(1);
  });

  test('a changed definition needs effectiveFrom, and then becomes version 2 while version 1 is kept', async () => {
    const before = await stored('crm-review');
    const sections = [...review('x').sections];
    sections[0] = { ...sections[0], weight: 40 };
    const missing = await update({ key: 'crm-review', revision: before.revision, sections });
    expect(missing).toMatchObject({ __typename: 'InputError', field: 'effectiveFrom' });
    expect(await stored('crm-review')).toEqual(before);

    const r = await update({ key: 'crm-review', revision: before.revision, sections, effectiveFrom: '2025-Q3' });
    expect(r.__typename).toBe('ScorecardSaved');
    expect(r.scorecard.versions.map((v: any) => [v.version, v.effectiveFrom, v.sections[0].weight])).toEqual([[1, null, 35], [2, '2025-Q3', 40]]);
    expect(r.scorecard.sections[0].weight).toBe(40);
  });

  test('effectiveFrom must start after the latest version, be a valid period, and go with a change', async () => {
    const before = await stored('crm-review');
    const notAfter = await update({ key: 'crm-review', revision: before.revision, cap: 1.3, effectiveFrom: '2025-07' });
    expect(notAfter).toMatchObject({ __typename: 'InputError', field: 'effectiveFrom' });
    expect(notAfter.message).toContain('2025-Q3');
    const earlier = await update({ key: 'crm-review', revision: before.revision, cap: 1.3, effectiveFrom: '2025-Q1' });
    expect(earlier).toMatchObject({ __typename: 'InputError', field: 'effectiveFrom' });
    const bad = await update({ key: 'crm-review', revision: before.revision, cap: 1.3, effectiveFrom: '2025-Q7' });
    expect(bad).toMatchObject({ __typename: 'InputError', code: 'INVALID_PERIOD', field: 'effectiveFrom' });
    const alone = await update({ key: 'crm-review', revision: before.revision, effectiveFrom: '2026' });
    expect(alone).toMatchObject({ __typename: 'InputError', field: 'effectiveFrom' });
    expect(await stored('crm-review')).toEqual(before);
  });

  test('sending the latest definition again makes no version; statusBands null returns to the workspace bands', async () => {
    const before = await stored('crm-review');
    const same = await update({ key: 'crm-review', revision: before.revision, cap: 1.2, effectiveFrom: '2026' });
    expect(same.scorecard.versions).toHaveLength(2);
    const banded = await update({ key: 'crm-review', revision: same.scorecard.revision, statusBands: { onTrack: 1, atRisk: 0.8 }, effectiveFrom: '2026' });
    expect(banded.scorecard.versions.map((v: any) => v.statusBands)).toEqual([null, null, { onTrack: 1, atRisk: 0.8 }]);
    const cleared = await update({ key: 'crm-review', revision: banded.scorecard.revision, statusBands: null, effectiveFrom: '2026-07' });
    expect(cleared.scorecard.statusBands).toBeNull();
    expect(cleared.scorecard.versions.map((v: any) => v.effectiveFrom)).toEqual([null, '2025-Q3', '2026', '2026-07']);
  });

  test('a stale revision is CONFLICT with the current revision, and nothing changes', async () => {
    const before = await stored('crm-review');
    const r = await update({ key: 'crm-review', revision: before.revision - 1, name: 'Lost update' });
    expect(r).toMatchObject({ __typename: 'Conflict', code: 'CONFLICT', key: 'crm-review', currentRevision: before.revision });
    expect(await stored('crm-review')).toEqual(before);
  });

  test('two editors saving the same revision at once: one wins, the other gets CONFLICT', async () => {
    const before = await stored('crm-review');
    const results = await Promise.all(['Left', 'Right'].map((name) => update({ key: 'crm-review', revision: before.revision, name })));
    expect(results.map((r: any) => r.__typename).sort()).toEqual(['Conflict', 'ScorecardSaved']);
    expect((await stored('crm-review')).revision).toBe(before.revision + 1);
  });

  test('an update refused for its definition saves nothing, not even the name', async () => {
    const before = await stored('crm-review');
    const r = await update({ key: 'crm-review', revision: before.revision, name: 'Renamed', sections: [{ key: 's', name: 'S', weight: 1, items: [{ kpi: 'ghost', weight: 1 }] }], effectiveFrom: '2027' });
    expect(r).toMatchObject({ __typename: 'InputError' });
    expect(r.details[0]).toMatchObject({ field: 'sections[0].items[0].kpi' });
    expect(await stored('crm-review')).toEqual(before);
  });

  test('an unknown scorecard is NOT_FOUND for updates and reads', async () => {
    expect(await update({ key: 'nope', revision: 1, name: 'x' })).toMatchObject({ __typename: 'NotFound', key: 'nope' });
    expect(await stored('nope')).toBe('NOT_FOUND');
  });
});

describe('archiving and KPI use', () => {
  test('a KPI used by a scorecard cannot be archived (IN_USE names the scorecard) until the scorecard is archived', async () => {
    // churn_rate is in every version of crm-review.
    expect(await archiveKpi('churn_rate')).toMatchObject({ __typename: 'InUse', code: 'IN_USE', usedBy: ['scorecard:crm-review'] });
    const before = await stored('crm-review');
    const archived = await archive('crm-review', before.revision);
    expect(archived.scorecard).toMatchObject({ archived: true, revision: before.revision + 1 });
    expect((await archiveKpi('churn_rate')).__typename).toBe('KpiSaved');
  });

  test('an archived scorecard is listed only on request and cannot be changed', async () => {
    const list = async (archived?: boolean) => (await ws.ok(`query($a: Boolean) { scorecards(archived: $a) { key } }`, { a: archived })).scorecards.map((s: any) => s.key);
    expect(await list()).not.toContain('crm-review');
    expect(await list(true)).toEqual(['crm-review']);
    const s = await stored('crm-review');
    expect(await update({ key: 'crm-review', revision: s.revision, name: 'Again' })).toMatchObject({ __typename: 'InputError' });
    expect(await archive('crm-review', s.revision)).toMatchObject({ __typename: 'ScorecardSaved' });
  });

  test('every scorecard change is in the audit trail with before and after', async () => {
    const audit = await ws.ok(`{ auditTrail(entityType: "SCORECARD", entityKey: "crm-review", first: 20) { action actor before after } }`);
    const actions = audit.auditTrail.map((e: any) => e.action);
    // newest first: archive, the concurrent rename, bands cleared, bands set, same definition, v2, rename, create;
    // refused updates left no entry.
    expect(actions).toEqual(['ARCHIVE', 'UPDATE', 'UPDATE', 'UPDATE', 'UPDATE', 'UPDATE', 'UPDATE', 'CREATE']);
    const v2 = audit.auditTrail[5];
    expect(JSON.parse(v2.before).versions).toHaveLength(1);
    const after = JSON.parse(v2.after);
    expect(after.versions[1]).toMatchObject({ version: 2, effectiveFrom: '2025-Q3' });
    expect(after.versions[1].definition.sections[0]).toMatchObject({ key: 'satisfaction', weight: 40 });
  });
});
