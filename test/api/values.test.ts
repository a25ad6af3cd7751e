/** recordMeasureValues and deleteMeasureValues over HTTP: idempotent, all or nothing, scoped, per workspace. */
import { createWorkspace, gql, type TestWorkspace } from './harness/client';
import { PROBLEM, createTeams, keyWithRole, mustDefine, mustRecord, read, record } from './harness/measure-fixtures';

let ws: TestWorkspace;
const revenue = (team: string, from = '2025-01', to = '2025-03') => read(ws.token, { measures: ['revenue'], teams: [team], from, to, granularity: 'MONTH' });

beforeAll(async () => {
  ws = await createWorkspace('values');
  await createTeams(ws, [['company', null], ['sales', 'company'], ['east', 'sales'], ['west', 'sales'], ['service', 'company']]);
  await mustDefine(ws, { key: 'revenue', name: 'Revenue', unit: 'CURRENCY', currency: 'EUR', grain: 'MONTH' });
  await mustDefine(ws, { key: 'deals', name: 'Deals', unit: 'COUNT', grain: 'MONTH' });
  await mustDefine(ws, { key: 'tickets', name: 'Tickets', unit: 'COUNT', grain: 'WEEK' });
  await mustDefine(ws, { key: 'calls', name: 'Calls', unit: 'COUNT', grain: 'DAY', source: { eventType: 'call.made', aggregate: 'COUNT' } });
});

test('a batch sent twice leaves the same state: the second send reports 0 inserted, 0 updated, all unchanged', async () => {
  const batch = [
    { measure: 'deals', team: 'east', period: '2025-01', value: 3 },
    { measure: 'deals', team: 'east', period: '2025-02', value: 4 },
    { measure: 'deals', team: 'west', period: '2025-01', value: 0 },
  ];
  expect(await record(ws.token, batch)).toMatchObject({ __typename: 'ValuesRecorded', rows: 3, inserted: 3, updated: 0, unchanged: 0 });
  expect(await record(ws.token, batch)).toMatchObject({ rows: 3, inserted: 0, updated: 0, unchanged: 3 });
  const changed = [...batch.slice(0, 2), { ...batch[2], value: 7 }];
  expect(await record(ws.token, changed)).toMatchObject({ rows: 3, inserted: 0, updated: 1, unchanged: 2 });
  const r = await read(ws.token, { measures: ['deals'], teams: ['east', 'west', 'sales'], from: '2025-01', to: '2025-02', granularity: 'MONTH' });
  expect([r.value('deals', 'east', '2025-01'), r.value('deals', 'west', '2025-01'), r.value('deals', 'sales', '2025-01')]).toEqual([3, 7, 3 + 7]);
});

test('every successful write moves the workspace values revision forward, so caches can key on it', async () => {
  const a = await record(ws.token, [{ measure: 'deals', team: 'service', period: '2024-12', value: 1 }]);
  const b = await record(ws.token, [{ measure: 'deals', team: 'service', period: '2024-12', value: 2 }]);
  expect(BigInt(b.valuesRevision)).toBeGreaterThan(BigInt(a.valuesRevision));
});

test('a batch with several bad rows is refused whole, listing every bad row by 0-based index, and writes nothing', async () => {
  const r = await record(ws.token, [
    { measure: 'revenue', team: 'east', period: '2025-06', value: 100 }, // 0: fine, but repeated by row 6
    { measure: 'no_such_measure', team: 'east', period: '2025-06', value: 1 }, // 1
    { measure: 'revenue', team: 'nowhere', period: '2025-06', value: 1 }, // 2
    { measure: 'revenue', team: 'east', period: '2025-13', value: 1 }, // 3: malformed
    { measure: 'revenue', team: 'east', period: '2025-Q2', value: 1 }, // 4: a quarter for a monthly measure
    { measure: 'revenue', team: 'west', period: '2025-06', value: 1e16 }, // 5: beyond ±1e15
    { measure: 'revenue', team: 'east', period: '2025-06', value: 200 }, // 6: same key as row 0
    { measure: 'calls', team: 'east', date: '2025-06-01', value: 1 }, // 7: event-based
    { measure: 'revenue', team: 'west', value: 1 }, // 8: neither period nor date
    { measure: 'revenue', team: 'service', period: '2025-06', value: 5 }, // 9: fine
  ]);
  expect(r).toMatchObject({ __typename: 'InputError', code: 'INVALID_INPUT', field: 'values' });
  const indexes = r.details.map((d: { index: number }) => d.index);
  expect(indexes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  const at = (i: number) => r.details.find((d: { index: number }) => d.index === i);
  expect(at(1)).toMatchObject({ field: 'values[1].measure' });
  expect(at(1).message).toContain('no_such_measure');
  expect(at(2)).toMatchObject({ field: 'values[2].team' });
  expect(at(3)).toMatchObject({ field: 'values[3].period' });
  expect(at(4).message).toContain('MONTH');
  expect(at(5)).toMatchObject({ field: 'values[5].value' });
  for (const i of [0, 6]) expect(at(i).message).toMatch(/row 0 and row 6/);
  expect(at(7).message).toContain('events');
  expect((await revenue('company', '2025-06', '2025-06')).value('revenue', 'company', '2025-06')).toBeNull();
});

test('a date is recorded as the measure grain period holding it', async () => {
  await mustRecord(ws.token, [{ measure: 'revenue', team: 'east', date: '2025-05-17', value: 42 }]);
  expect((await revenue('east', '2025-05', '2025-05')).value('revenue', 'east', '2025-05')).toBe(42);
  // The same month by key replaces it: one value per (measure, team, period).
  expect(await record(ws.token, [{ measure: 'revenue', team: 'east', period: '2025-05', value: 43 }])).toMatchObject({ inserted: 0, updated: 1 });
});

test('a week given by date and by key in one batch is the same period: refused, naming both rows', async () => {
  const r = await record(ws.token, [
    { measure: 'tickets', team: 'east', period: '2025-W14', value: 1 },
    { measure: 'tickets', team: 'east', date: '2025-04-02', value: 2 },
  ]);
  expect(r.details.map((d: { index: number }) => d.index)).toEqual([0, 1]);
  expect(r.details[1].message).toContain('(tickets, east, 2025-W14)');
});

test('NaN-like and infinite values cannot even be sent: GraphQL Float refuses them', async () => {
  const res = await gql(ws.token, `mutation { recordMeasureValues(values: [{ measure: "revenue", team: "east", period: "2025-01", value: "NaN" }]) { __typename } }`);
  expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
});

test('a batch above MAX_BATCH_ROWS is LIMIT_EXCEEDED before any row is looked at', async () => {
  const rows = Array.from({ length: 50_001 }, () => ({ measure: 'revenue', team: 'east', period: '2025-01', value: 1 }));
  const r = await record(ws.token, rows);
  expect(r).toMatchObject({ __typename: 'InputError', code: 'LIMIT_EXCEEDED' });
  expect(r.message).toContain('50000');
});

describe('roles', () => {
  test('a VIEWER key cannot record values: FORBIDDEN', async () => {
    const viewer = await keyWithRole(ws, 'VIEWER');
    const res = await gql(viewer, `mutation($v: [MeasureValueInput!]!) { recordMeasureValues(values: $v) { __typename } }`, {
      v: [{ measure: 'revenue', team: 'east', period: '2025-01', value: 1 }],
    });
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test('an INGEST key records values but cannot read aggregated values', async () => {
    const ingest = await keyWithRole(ws, 'INGEST');
    expect(await record(ingest, [{ measure: 'revenue', team: 'west', period: '2025-01', value: 11 }])).toMatchObject({ inserted: 1 });
    const res = await gql(ingest, `{ measureValues(measures: ["revenue"], teams: ["west"], from: "2025-01", to: "2025-01", granularity: MONTH) { value } }`);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test('a key scoped to "sales" writes inside its subtree, and every row outside it is refused with the batch', async () => {
    const scoped = await keyWithRole(ws, 'INGEST', 'sales');
    expect(await record(scoped, [{ measure: 'revenue', team: 'east', period: '2025-02', value: 5 }])).toMatchObject({ inserted: 1 });
    const r = await record(scoped, [
      { measure: 'revenue', team: 'west', period: '2025-02', value: 6 },
      { measure: 'revenue', team: 'service', period: '2025-02', value: 7 },
      { measure: 'revenue', team: 'company', period: '2025-02', value: 8 },
    ]);
    expect(r.details.map((d: { index: number }) => d.index)).toEqual([1, 2]);
    expect(r.details[0].message).toMatch(/^Forbidden: .*"sales".*"service"/);
    expect((await revenue('west', '2025-02', '2025-02')).value('revenue', 'west', '2025-02')).toBeNull();
  });
});

describe('workspaces are isolated', () => {
  let other: TestWorkspace;
  beforeAll(async () => {
    other = await createWorkspace('values-b');
  });

  test("another workspace's key cannot write this workspace's measures or teams: both are unknown to it", async () => {
    const r = await record(other.token, [{ measure: 'revenue', team: 'east', period: '2025-01', value: 999 }]);
    expect(r.details.map((d: { field: string }) => d.field)).toEqual(['values[0].measure', 'values[0].team']);
    expect(r.details[0].message).toContain('No measure with key "revenue"');
    expect((await revenue('east', '2025-01', '2025-01')).value('revenue', 'east', '2025-01')).not.toBe(999);
  });

  test("reading or deleting another workspace's measure is NOT_FOUND", async () => {
    const res = await other.gql(`{ measureValues(measures: ["revenue"], teams: [], from: "2025-01", to: "2025-01", granularity: MONTH) { value } }`);
    expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const del = await other.ok(`mutation { deleteMeasureValues(input: { measure: "revenue", from: "2025", to: "2025" }) { __typename ${PROBLEM} } }`);
    expect(del.deleteMeasureValues).toMatchObject({ __typename: 'NotFound', code: 'NOT_FOUND', key: 'revenue' });
  });
});

describe('deleteMeasureValues', () => {
  const del = (input: Record<string, unknown>) =>
    ws.ok(`mutation($i: DeleteMeasureValuesInput!) { deleteMeasureValues(input: $i) { __typename ... on ValuesDeleted { deleted } ${PROBLEM} } }`, { i: input }).then((d) => d.deleteMeasureValues);

  beforeAll(async () => {
    await mustRecord(ws.token, [
      { measure: 'deals', team: 'east', period: '2026-01', value: 1 },
      { measure: 'deals', team: 'east', period: '2026-02', value: 2 },
      { measure: 'deals', team: 'east', period: '2026-04', value: 4 },
      { measure: 'deals', team: 'west', period: '2026-02', value: 20 },
    ]);
  });

  test('an unknown team among several refuses the whole deletion, listing it, and deletes nothing', async () => {
    const r = await del({ measure: 'deals', teams: ['east', 'ghost'], from: '2026-Q1', to: '2026-Q1' });
    expect(r).toMatchObject({ __typename: 'InputError', details: [{ index: 1, field: 'teams[1]' }] });
    const left = await read(ws.token, { measures: ['deals'], teams: ['sales'], from: '2026-Q1', to: '2026-Q1', granularity: 'QUARTER' });
    expect(left.value('deals', 'sales', '2026-Q1')).toBe(1 + 2 + 20);
  });

  test('deletes the values of the named teams whose period lies in the range, and reports how many', async () => {
    expect(await del({ measure: 'deals', teams: ['east'], from: '2026-Q1', to: '2026-Q1' })).toMatchObject({ __typename: 'ValuesDeleted', deleted: 2 });
    const left = await read(ws.token, { measures: ['deals'], teams: ['east', 'west'], from: '2026-01', to: '2026-04', granularity: 'MONTH' });
    expect([left.value('deals', 'east', '2026-01'), left.value('deals', 'east', '2026-04'), left.value('deals', 'west', '2026-02')]).toEqual([null, 4, 20]);
    expect(await del({ measure: 'deals', from: '2026', to: '2026' })).toMatchObject({ deleted: 2 });
  });

  test('a range finer than the measure grain is refused', async () => {
    expect(await del({ measure: 'deals', from: '2026-01-01', to: '2026-01-31' })).toMatchObject({ __typename: 'InputError', code: 'INVALID_PERIOD' });
  });
});
