/** Measure definitions over HTTP: keys, units, rules, revisions, archiving and the audit trail. */
import { createWorkspace, gql, type TestWorkspace } from './harness/client';
import { MEASURE_FIELDS, PROBLEM, defineMeasure, keyWithRole, mustRecord, createTeams } from './harness/measure-fixtures';

let ws: TestWorkspace;
const measure = (key: string) => ws.ok(`query($k: String!) { measure(key: $k) { ${MEASURE_FIELDS} } }`, { k: key }).then((d) => d.measure);
const update = (input: Record<string, unknown>) =>
  ws.ok(`mutation($i: UpdateMeasureInput!) { updateMeasure(input: $i) { __typename ... on MeasurePayload { measure { ${MEASURE_FIELDS} } } ${PROBLEM} } }`, { i: input }).then((d) => d.updateMeasure);
const archive = (key: string, revision: number) =>
  ws.ok(`mutation($k: String!, $r: Int!) { archiveMeasure(key: $k, revision: $r) { __typename ... on MeasurePayload { measure { ${MEASURE_FIELDS} } } ${PROBLEM} } }`, { k: key, r: revision }).then((d) => d.archiveMeasure);

beforeAll(async () => {
  ws = await createWorkspace('measures');
  await createTeams(ws, [['hq', null]]);
});

test('a measure is defined with its unit, rules and grain; the rules default to SUM', async () => {
  const r = await defineMeasure(ws, { key: 'revenue', name: 'Revenue', unit: 'CURRENCY', currency: 'EUR', grain: 'MONTH' });
  expect(r).toMatchObject({ __typename: 'MeasurePayload', measure: { key: 'revenue', unit: 'CURRENCY', currency: 'EUR', timeAggregation: 'SUM', teamAggregation: 'SUM', grain: 'MONTH', revision: 1, archived: false, source: null } });
  const balance = await defineMeasure(ws, { key: 'active_customers', name: 'Active customers', unit: 'COUNT', grain: 'MONTH', timeAggregation: 'LAST', teamAggregation: 'SUM' });
  expect(balance.measure.timeAggregation).toBe('LAST');
  expect((await measure('revenue')).name).toBe('Revenue');
});

test.each([
  ['upper case', 'Revenue'],
  ['a leading digit', '1revenue'],
  ['a dash', 'new-customers'],
  ['65 characters', 'm'.repeat(65)],
])('a key with %s is INVALID_KEY', async (_what, key) => {
  expect(await defineMeasure(ws, { key, name: 'x', unit: 'COUNT', grain: 'DAY' })).toMatchObject({ __typename: 'InputError', code: 'INVALID_KEY', field: 'key' });
});

test.each(['sum', 'if', 'prev_year', 'rolling_avg', 'total', 'and', 'true', 'pi'])('"%s" is a formula word and cannot be a measure key', async (key) => {
  const r = await defineMeasure(ws, { key, name: 'x', unit: 'COUNT', grain: 'DAY' });
  expect(r).toMatchObject({ __typename: 'InputError', code: 'INVALID_KEY' });
  expect(r.message).toContain('formula');
});

test('a key already used is ALREADY_EXISTS', async () => {
  expect(await defineMeasure(ws, { key: 'revenue', name: 'Again', unit: 'COUNT', grain: 'DAY' })).toMatchObject({ __typename: 'AlreadyExists', code: 'ALREADY_EXISTS' });
});

test('CURRENCY needs an ISO 4217 code, and other units take none', async () => {
  expect(await defineMeasure(ws, { key: 'spend', name: 'Spend', unit: 'CURRENCY', grain: 'MONTH' })).toMatchObject({ code: 'INVALID_INPUT', field: 'currency' });
  expect(await defineMeasure(ws, { key: 'spend', name: 'Spend', unit: 'CURRENCY', currency: 'EURO', grain: 'MONTH' })).toMatchObject({ code: 'INVALID_INPUT', field: 'currency' });
  expect(await defineMeasure(ws, { key: 'spend', name: 'Spend', unit: 'COUNT', currency: 'EUR', grain: 'MONTH' })).toMatchObject({ code: 'INVALID_INPUT', field: 'currency' });
});

test('HALF is a reporting period, not a recording grain', async () => {
  const res = await ws.gql(`mutation { defineMeasure(input: { key: "h", name: "h", unit: COUNT, grain: HALF }) { __typename } }`);
  expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
});

test('updateMeasure needs the revision it read; a stale one is CONFLICT with the current revision', async () => {
  const current = await measure('revenue');
  const r = await update({ key: 'revenue', revision: current.revision, name: 'Net revenue', description: 'After discounts' });
  expect(r.measure).toMatchObject({ name: 'Net revenue', revision: current.revision + 1 });
  expect(await update({ key: 'revenue', revision: current.revision, name: 'Lost' })).toMatchObject({ __typename: 'Conflict', currentRevision: current.revision + 1 });
  expect((await measure('revenue')).name).toBe('Net revenue');
});

test('the grain of a measure with recorded values cannot change; without values it can', async () => {
  await defineMeasure(ws, { key: 'visits', name: 'Visits', unit: 'COUNT', grain: 'DAY' });
  const fresh = await measure('visits');
  const changed = await update({ key: 'visits', revision: fresh.revision, grain: 'WEEK' });
  expect(changed.measure.grain).toBe('WEEK');
  await mustRecord(ws.token, [{ measure: 'visits', team: 'hq', period: '2025-W10', value: 3 }]);
  const refused = await update({ key: 'visits', revision: changed.measure.revision, grain: 'MONTH' });
  expect(refused).toMatchObject({ __typename: 'InputError', code: 'INVALID_INPUT', field: 'grain' });
  expect(refused.message).toContain('1 recorded value');
});

test('an archived measure keeps its key, is filtered out of active lists and takes no new values', async () => {
  await defineMeasure(ws, { key: 'old_metric', name: 'Old', unit: 'POINTS', grain: 'MONTH' });
  const archived = await archive('old_metric', 1);
  expect(archived.measure).toMatchObject({ archived: true, revision: 2 });
  const active = await ws.ok(`{ measures(filter: { archived: false }) { key } }`);
  expect(active.measures.map((m: { key: string }) => m.key)).not.toContain('old_metric');
  const rec = await ws.ok(`mutation { recordMeasureValues(values: [{ measure: "old_metric", team: "hq", period: "2025-01", value: 1 }]) { __typename ... on InputError { details { message } } } }`);
  expect(rec.recordMeasureValues.details[0].message).toContain('archived');
  expect(await defineMeasure(ws, { key: 'old_metric', name: 'Again', unit: 'POINTS', grain: 'MONTH' })).toMatchObject({ code: 'ALREADY_EXISTS' });
});

test('measures lists by key and filters event-based ones', async () => {
  await defineMeasure(ws, { key: 'calls', name: 'Calls', unit: 'COUNT', grain: 'DAY', source: { eventType: 'call.made', aggregate: 'COUNT' } });
  const all = await ws.ok(`{ measures { key } }`);
  const keys = all.measures.map((m: { key: string }) => m.key);
  expect(keys).toEqual([...keys].sort());
  const evented = await ws.ok(`{ measures(filter: { eventBased: true }) { key source { description } } }`);
  expect(evented.measures).toEqual([{ key: 'calls', source: { description: 'count of call.made' } }]);
});

test('EDITOR defines measures; VIEWER and INGEST may not; INGEST may read definitions to address them', async () => {
  const viewer = await keyWithRole(ws, 'VIEWER');
  const ingest = await keyWithRole(ws, 'INGEST');
  const editor = await keyWithRole(ws, 'EDITOR');
  const define = (token: string, key: string) => gql(token, `mutation { defineMeasure(input: { key: "${key}", name: "x", unit: COUNT, grain: DAY }) { __typename } }`);
  expect((await define(viewer, 'by_viewer')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect((await define(ingest, 'by_ingest')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect((await define(editor, 'by_editor')).data.defineMeasure.__typename).toBe('MeasurePayload');
  expect((await gql(ingest, `{ measure(key: "revenue") { key } }`)).data.measure.key).toBe('revenue');
});

test('an unknown measure is NOT_FOUND', async () => {
  expect((await ws.gql(`{ measure(key: "nothing") { key } }`)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
});

test('every measure change is in the audit trail with before and after', async () => {
  const audit = await ws.ok(`{ auditTrail(entityType: "MEASURE", entityKey: "revenue", first: 10) { action before after } }`);
  expect(audit.auditTrail.map((e: { action: string }) => e.action)).toEqual(['UPDATE', 'CREATE']);
  expect(JSON.parse(audit.auditTrail[0].before).name).toBe('Revenue');
  expect(JSON.parse(audit.auditTrail[0].after).name).toBe('Net revenue');
});
