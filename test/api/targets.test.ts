/** Targets over real HTTP: bulk setTargets, all-or-nothing refusals, revisions, scopes and audit. */
import { createWorkspace, gql, type TestWorkspace } from './harness/client';
import { createTeams, defineMeasures, mustCreateKpi } from './harness/crm';
import { keyWithRole } from './harness/measure-fixtures';

const PROBLEM = `... on Problem { code message } ... on InputError { field details { index field message } } ... on NotFound { key } ... on Conflict { key currentRevision }`;
const SET = `mutation($t: [TargetInput!]!, $e: [TargetRevisionInput!]) { setTargets(targets: $t, expectedRevisions: $e) {
  __typename ... on TargetsSet { inserted updated unchanged cleared revisions { kpi revision } } ${PROBLEM} } }`;
const LIST = `query($k: String!, $teams: [String!], $from: String, $to: String) { targets(kpi: $k, teams: $teams, from: $from, to: $to) {
  kpi revision targets { team value formula period { key granularity start end } } } }`;

type Row = { kpi: string; team?: string | null; period: string; value?: number; formula?: string; clear?: boolean };
let ws: TestWorkspace;
const set = (rows: Row[], expected?: Array<{ kpi: string; revision: number }>, token = ws.token) =>
  gql(token, SET, { t: rows, e: expected }).then((r) => {
    if (r.errors) return { errors: r.errors };
    return r.data.setTargets;
  });
const list = (kpi: string, args: Record<string, unknown> = {}, token = ws.token) =>
  gql(token, LIST, { k: kpi, ...args }).then((r) => {
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data.targets;
  });
const audit = (kpi: string) =>
  ws.ok(`query($k: String!) { auditTrail(entityType: "TARGETS", entityKey: $k, first: 50) { action actor before after } }`, { k: kpi }).then((d) => d.auditTrail);

beforeAll(async () => {
  ws = await createWorkspace('targets');
  await createTeams(ws, [['company', null], ['sales', 'company'], ['sales-east', 'sales'], ['sales-west', 'sales'], ['service', 'company']]);
  await defineMeasures(ws, [{ key: 'revenue' }, { key: 'won_deals' }, { key: 'leads' }]);
  await mustCreateKpi(ws, { key: 'sales_total', formula: 'revenue' });
  await mustCreateKpi(ws, { key: 'conversion_rate', formula: 'won_deals / leads * 100' });
  await mustCreateKpi(ws, { key: 'scratch', formula: '2 * 3' });
});

describe('writing targets', () => {
  test('a batch sets team, workspace-wide and formula targets at any granularity, and re-sending it changes nothing', async () => {
    const rows: Row[] = [
      { kpi: 'sales_total', team: 'sales-east', period: '2025-Q1', value: 1000 },
      { kpi: 'sales_total', team: 'sales-west', period: '2025-Q1', value: 1200 },
      { kpi: 'sales_total', period: '2025-Q1', value: 900 },
      { kpi: 'sales_total', team: null, period: '2025', value: 4000 },
      { kpi: 'sales_total', team: 'sales', period: '2025-03', formula: 'PREV_YEAR(revenue) * 1.1' },
      { kpi: 'conversion_rate', team: 'sales-east', period: '2025-W09', value: 20 },
    ];
    const first = await set(rows);
    expect(first).toEqual({
      __typename: 'TargetsSet', inserted: 6, updated: 0, unchanged: 0, cleared: 0,
      revisions: [{ kpi: 'conversion_rate', revision: 2 }, { kpi: 'sales_total', revision: 2 }],
    });
    const auditBefore = (await audit('sales_total')).length;
    const again = await set(rows);
    // Idempotent: nothing written, so no revision, no audit entry.
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 6, cleared: 0, revisions: [{ kpi: 'conversion_rate', revision: 2 }, { kpi: 'sales_total', revision: 2 }] });
    expect((await audit('sales_total')).length).toBe(auditBefore);

    const stored = await list('sales_total');
    expect(stored.revision).toBe(2);
    // By period start, longer periods first, workspace-wide (null) before teams.
    expect(stored.targets.map((t: any) => [t.period.key, t.team, t.value, t.formula])).toEqual([
      ['2025', null, 4000, null],
      ['2025-Q1', null, 900, null],
      ['2025-Q1', 'sales-east', 1000, null],
      ['2025-Q1', 'sales-west', 1200, null],
      ['2025-03', 'sales', null, 'PREV_YEAR(revenue) * 1.1'],
    ]);
    expect(stored.targets[1].period).toEqual({ key: '2025-Q1', granularity: 'QUARTER', start: '2025-01-01', end: '2025-03-31' });
  });

  test('a period key must be canonical; the refusal says how to write it', async () => {
    const r = await set([{ kpi: 'scratch', team: 'service', period: '2025-q2', value: 5 }]);
    expect(r.details[0]).toMatchObject({ index: 0, field: 'targets[0].period' });
    expect(r.details[0].message).toContain('"2025-Q2"');
  });

  test('updates and clears are counted, bump the touched set once and write one audit entry per KPI with the changed rows', async () => {
    const before = await list('sales_total');
    const r = await set([
      { kpi: 'sales_total', team: 'sales-east', period: '2025-Q1', value: 1100 }, // updated
      { kpi: 'sales_total', team: 'sales-west', period: '2025-Q1', value: 1200 }, // unchanged
      { kpi: 'sales_total', period: '2025', clear: true }, // cleared
      { kpi: 'sales_total', team: 'service', period: '2026', clear: true }, // nothing to clear
      { kpi: 'sales_total', team: 'sales', period: '2025-03', value: 500 }, // formula → value: updated
      { kpi: 'sales_total', team: 'service', period: '2025-Q1', value: 300 }, // inserted
    ]);
    expect(r).toMatchObject({ inserted: 1, updated: 2, unchanged: 2, cleared: 1, revisions: [{ kpi: 'sales_total', revision: before.revision + 1 }] });
    const entries = await audit('sales_total');
    expect(entries[0].action).toBe('UPDATE');
    const b = JSON.parse(entries[0].before);
    const a = JSON.parse(entries[0].after);
    expect(b.revision).toBe(before.revision);
    expect(a.revision).toBe(before.revision + 1);
    expect(b.targets).toEqual(expect.arrayContaining([
      { team: 'sales-east', period: '2025-Q1', value: 1000, formula: null },
      { team: null, period: '2025', value: 4000, formula: null },
      { team: 'sales', period: '2025-03', value: null, formula: 'PREV_YEAR(revenue) * 1.1' },
    ]));
    expect(b.targets).toHaveLength(3);
    expect(a.targets).toEqual(expect.arrayContaining([
      { team: 'sales-east', period: '2025-Q1', value: 1100, formula: null },
      { team: 'sales', period: '2025-03', value: 500, formula: null },
      { team: 'service', period: '2025-Q1', value: 300, formula: null },
    ]));
    expect(a.targets).toHaveLength(3);
    const after = await list('sales_total');
    expect(after.targets.find((t: any) => t.period.key === '2025')).toBeUndefined();
  });

  test('teams, from and to narrow the listing to periods lying within the range', async () => {
    await set([{ kpi: 'scratch', team: 'sales-east', period: '2024-12', value: 1 }, { kpi: 'scratch', team: 'sales-east', period: '2025-01', value: 2 }, { kpi: 'scratch', team: 'sales-east', period: '2025', value: 3 }]);
    const q1 = await list('scratch', { teams: ['sales-east'], from: '2025-01', to: '2025-Q1' });
    expect(q1.targets.map((t: any) => t.period.key)).toEqual(['2025-01']);
    const year = await list('scratch', { teams: ['sales-east'], from: '2025', to: '2025' });
    expect(year.targets.map((t: any) => t.period.key)).toEqual(['2025', '2025-01']);
    const bad = await gql(ws.token, LIST, { k: 'scratch', from: '2025-13' });
    expect(bad.errors?.[0].extensions?.code).toBe('INVALID_PERIOD');
    const unknown = await gql(ws.token, LIST, { k: 'nope' });
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('refusals write nothing', () => {
  const snapshot = async () => ({ sales: await list('sales_total'), conv: await list('conversion_rate'), scratch: await list('scratch') });

  test('every bad row is reported with its index and field, and the good rows are not written', async () => {
    const before = await snapshot();
    const r = await set([
      { kpi: 'sales_total', team: 'sales-east', period: '2027-Q1', value: 1 }, // good
      { kpi: 'no_such_kpi', team: 'sales-east', period: '2027-Q1', value: 1 },
      { kpi: 'sales_total', team: 'atlantis', period: '2027-Q1', value: 1 },
      { kpi: 'sales_total', team: 'sales-east', period: '2027-Q5', value: 1 },
      { kpi: 'sales_total', team: 'sales-east', period: '27-01', value: 1 },
      { kpi: 'sales_total', team: 'sales-east', period: '2027-02', value: 1, formula: 'revenue' },
      { kpi: 'sales_total', team: 'sales-east', period: '2027-03' },
      { kpi: 'sales_total', team: 'sales-east', period: '2027-04', value: 1e300 },
      { kpi: 'sales_total', team: 'sales-east', period: '2027-05', value: 1, clear: true },
    ]);
    expect(r).toMatchObject({ __typename: 'InputError', code: 'INVALID_INPUT', field: 'targets' });
    const byIndex = (i: number) => r.details.filter((d: any) => d.index === i);
    expect(r.details.map((d: any) => d.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(byIndex(1)[0]).toMatchObject({ field: 'targets[1].kpi' });
    expect(byIndex(1)[0].message).toContain('no_such_kpi');
    expect(byIndex(2)[0]).toMatchObject({ field: 'targets[2].team' });
    expect(byIndex(2)[0].message).toContain('atlantis');
    expect(byIndex(3)[0]).toMatchObject({ field: 'targets[3].period' });
    expect(byIndex(4)[0].field).toBe('targets[4].period');
    expect(byIndex(5)[0].field).toBe('targets[5].formula');
    expect(byIndex(6)[0].field).toBe('targets[6].value');
    expect(byIndex(7)[0]).toMatchObject({ field: 'targets[7].value' });
    expect(byIndex(7)[0].message).toContain('1e15');
    expect(byIndex(8)[0].field).toBe('targets[8].value');
    expect(await snapshot()).toEqual(before);
  });

  test('a bad target formula is refused with its position in the row detail', async () => {
    const before = await snapshot();
    const r = await set([
      { kpi: 'sales_total', team: 'sales-east', period: '2027-Q1', value: 1 },
      { kpi: 'sales_total', team: 'sales-west', period: '2027-Q1', formula: 'PREV_YEAR(revenue) * 1.1' },
      { kpi: 'sales_total', team: 'service', period: '2027-Q1', formula: 'PREV_YEAR(revenue) * 1.1' },
      { kpi: 'sales_total', team: 'sales', period: '2027-Q1', formula: '1 + Revenue' },
    ]);
    expect(r.__typename).toBe('InputError');
    expect(r.details).toHaveLength(1);
    expect(r.details[0]).toMatchObject({ index: 3, field: 'targets[3].formula' });
    // "Revenue" starts at offset 4: line 1, column 5.
    expect(r.details[0].message).toMatch(/Revenue/);
    expect(r.details[0].message).toContain('(line 1, column 5)');
    expect(await snapshot()).toEqual(before);
  });

  test('the same (KPI, team, period) twice in a batch names both rows, for teams and workspace-wide rows', async () => {
    const before = await snapshot();
    const r = await set([
      { kpi: 'scratch', team: 'sales-east', period: '2027-Q1', value: 1 },
      { kpi: 'scratch', period: '2027', value: 1 },
      { kpi: 'scratch', team: 'sales-east', period: '2027-Q1', value: 2 },
      { kpi: 'scratch', team: null, period: '2027', value: 3 },
    ]);
    expect(r.__typename).toBe('InputError');
    expect(r.details.map((d: any) => d.index)).toEqual([0, 1, 2, 3]);
    expect(r.details[0].message).toContain('row 0 and row 2');
    expect(r.details[2].message).toContain('row 0 and row 2');
    expect(r.details[1].message).toContain('workspace-wide');
    expect(r.details[3].message).toContain('row 1 and row 3');
    expect(await snapshot()).toEqual(before);
  });

  test('a stale expected revision is CONFLICT naming the KPI and its current revision', async () => {
    const before = await snapshot();
    const r = await set([{ kpi: 'conversion_rate', team: 'sales-west', period: '2027-Q1', value: 25 }], [{ kpi: 'conversion_rate', revision: before.conv.revision - 1 }]);
    expect(r).toMatchObject({ __typename: 'Conflict', code: 'CONFLICT', key: 'conversion_rate', currentRevision: before.conv.revision });
    expect(await snapshot()).toEqual(before);
    const fresh = await set([{ kpi: 'conversion_rate', team: 'sales-west', period: '2027-Q1', value: 25 }], [{ kpi: 'conversion_rate', revision: before.conv.revision }]);
    expect(fresh).toMatchObject({ inserted: 1, revisions: [{ kpi: 'conversion_rate', revision: before.conv.revision + 1 }] });
    const unknown = await set([], [{ kpi: 'ghost', revision: 1 }]);
    expect(unknown).toMatchObject({ __typename: 'NotFound', key: 'ghost' });
  });

  test('two writers naming the same revision at once: one is written, the other gets CONFLICT', async () => {
    const before = await list('scratch');
    const results = await Promise.all([1, 2].map((v) => set([{ kpi: 'scratch', team: 'sales-west', period: '2029', value: v }], [{ kpi: 'scratch', revision: before.revision }])));
    expect(results.map((r: any) => r.__typename).sort()).toEqual(['Conflict', 'TargetsSet']);
    const after = await list('scratch', { teams: ['sales-west'], from: '2029', to: '2029' });
    expect(after.revision).toBe(before.revision + 1);
    expect(after.targets).toHaveLength(1);
  });

  test('an archived KPI takes no new targets, but its old ones can be cleared', async () => {
    const kpi = await mustCreateKpi(ws, { key: 'retired', formula: '1' });
    expect((await set([{ kpi: 'retired', period: '2025', value: 1 }])).inserted).toBe(1);
    const archived = await ws.ok(`mutation($k: String!, $r: Int!) { archiveKpi(key: $k, revision: $r) { __typename } }`, { k: 'retired', r: kpi.revision });
    expect(archived.archiveKpi.__typename).toBe('KpiSaved');
    const r = await set([{ kpi: 'retired', period: '2026', value: 1 }]);
    expect(r.details[0]).toMatchObject({ index: 0, field: 'targets[0].kpi' });
    expect(r.details[0].message).toContain('archived');
    expect(await set([{ kpi: 'retired', period: '2025', clear: true }])).toMatchObject({ cleared: 1 });
  });
});

describe('who may write targets', () => {
  test('a VIEWER may read targets but not write them (FORBIDDEN)', async () => {
    const viewer = await keyWithRole(ws, 'VIEWER');
    const before = await list('scratch');
    const r = await set([{ kpi: 'scratch', team: 'service', period: '2028', value: 1 }], undefined, viewer);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await list('scratch', {}, viewer)).toEqual(before);
  });

  test('an EDITOR scoped to a subtree sets targets inside it, never outside or workspace-wide', async () => {
    const scoped = await keyWithRole(ws, 'EDITOR', 'sales');
    const before = await list('scratch');
    const outside = await set([
      { kpi: 'scratch', team: 'sales-east', period: '2028', value: 1 },
      { kpi: 'scratch', team: 'service', period: '2028', value: 1 },
    ], undefined, scoped);
    expect(outside.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(outside.errors?.[0].message).toContain('row 1 (team "service")');
    const wide = await set([{ kpi: 'scratch', period: '2028', value: 1 }], undefined, scoped);
    expect(wide.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(wide.errors?.[0].message).toContain('workspace-wide');
    expect(await list('scratch')).toEqual(before);

    const inside = await set([{ kpi: 'scratch', team: 'sales-east', period: '2028', value: 1 }], undefined, scoped);
    expect(inside).toMatchObject({ inserted: 1 });
    // The scoped key sees its subtree's and the workspace-wide targets, not service's.
    const seen = await list('scratch', {}, scoped);
    expect(seen.targets.some((t: any) => t.team === 'service')).toBe(false);
    expect(seen.targets.some((t: any) => t.team === 'sales-east' && t.period.key === '2028')).toBe(true);
    const peek = await gql(scoped, LIST, { k: 'scratch', teams: ['service'] });
    expect(peek.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
