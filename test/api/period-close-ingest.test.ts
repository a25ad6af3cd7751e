/**
 * Writes into a closed period (PRODUCT.md "Period close"): recordMeasureValues,
 * deleteMeasureValues, the CSV import (GraphQL and POST /import/measure-values) and
 * recordEvents refuse any row whose period counts toward a closed scorecard period
 * (a month or date inside a closed quarter, a week by its Thursday) with PERIOD_CLOSED,
 * naming the rows, and write nothing; sent as an adjustment with a reason, the same
 * write happens and is logged beside the frozen result.
 *
 * Tree org → east. "review" scores KPI rev = revenue; 2025-Q1 (Jan 1 – Mar 31) is closed.
 */
import { baseUrl, createWorkspace, ok, type TestWorkspace } from './harness/client';
import { createTeams, defineMeasures, mustCreateKpi, recordValues } from './harness/crm';
import { PROBLEM, RECORDED, keyWithRole, mustDefine, read, uploadCsv } from './harness/measure-fixtures';

let ws: TestWorkspace;
let ingest: string;

const RECORD = `mutation($v: [MeasureValueInput!]!, $a: AdjustmentInput) { recordMeasureValues(values: $v, adjustment: $a) { ${RECORDED} } }`;
const DELETE = `mutation($i: DeleteMeasureValuesInput!, $a: AdjustmentInput) { deleteMeasureValues(input: $i, adjustment: $a) {
  __typename ... on ValuesDeleted { deleted } ${PROBLEM} } }`;
const IMPORT = `mutation($csv: String!, $a: AdjustmentInput) { importMeasureValuesCsv(csv: $csv, adjustment: $a) { ${RECORDED} } }`;
const EVENTS = `mutation($e: [EventInput!]!, $a: AdjustmentInput) { recordEvents(events: $e, adjustment: $a) { ${RECORDED} } }`;
const ADJUSTMENTS = `{ evaluateScorecard(scorecard: "review", teams: ["org"], periods: ["2025-Q1"]) {
  final score adjustmentCount adjustments { source measure eventType team period oldValue newValue reason } } }`;

const revenue = async (team: string, from: string, to: string) => read(ws.token, { measures: ['revenue'], teams: [team], from, to, granularity: 'MONTH' });
const adjustments = async () => (await ws.ok(ADJUSTMENTS)).evaluateScorecard[0];

beforeAll(async () => {
  ws = await createWorkspace('period-close-ingest');
  await createTeams(ws, [['org', null], ['east', 'org']]);
  await defineMeasures(ws, [{ key: 'revenue' }, { key: 'visits', grain: 'WEEK' }]);
  await mustDefine(ws, { key: 'resolved', name: 'Resolved', unit: 'COUNT', grain: 'DAY', source: { eventType: 'ticket.resolved', aggregate: 'COUNT' } });
  await recordValues(ws, [['revenue', 'east', '2025-01', 10], ['revenue', 'east', '2025-02', 20], ['revenue', 'east', '2025-03', 30]]);
  await mustCreateKpi(ws, { key: 'rev', formula: 'revenue', defaultTarget: 100 });
  const sc = await ws.ok(`mutation($i: CreateScorecardInput!) { createScorecard(input: $i) { __typename ${PROBLEM} } }`, {
    i: { key: 'review', name: 'Review', sections: [{ key: 's', name: 'S', weight: 1, items: [{ kpi: 'rev', weight: 1 }] }] },
  });
  expect(sc.createScorecard.__typename).toBe('ScorecardSaved');
  const closed = await ws.ok(`mutation { closePeriod(scorecard: "review", period: "2025-Q1") { __typename ${PROBLEM} } }`);
  expect(closed.closePeriod.__typename).toBe('PeriodCloseSaved');
  ingest = await keyWithRole(ws, 'INGEST');
});

test('recordMeasureValues refuses the rows inside the closed quarter by index, and writes none of the batch', async () => {
  const r = (await ws.ok(RECORD, { v: [
    { measure: 'revenue', team: 'east', period: '2025-04', value: 1 }, // open: Q2
    { measure: 'revenue', team: 'east', period: '2025-03', value: 2 }, // a month inside 2025-Q1
    { measure: 'revenue', team: 'east', date: '2025-01-15', value: 3 }, // a date, turned into 2025-01
  ] })).recordMeasureValues;
  expect(r).toMatchObject({ __typename: 'InputError', code: 'PERIOD_CLOSED', field: 'values' });
  expect(r.message).toMatch(/2 of 3 rows fall in closed periods \(2025-Q1 of scorecard "review"\), so nothing was written/);
  expect(r.details).toEqual([
    { index: 1, field: 'values[1].period', message: '(revenue, east, 2025-03) lies in 2025-Q1, closed for scorecard "review".' },
    { index: 2, field: 'values[2].period', message: '(revenue, east, 2025-01) lies in 2025-Q1, closed for scorecard "review".' },
  ]);
  const after = await revenue('east', '2025-01', '2025-04');
  expect([after.value('revenue', 'east', '2025-01'), after.value('revenue', 'east', '2025-03'), after.value('revenue', 'east', '2025-04')]).toEqual([10, 30, null]);
  expect((await adjustments()).adjustmentCount).toBe(0);
});

test('a week belongs where its Thursday is: 2025-W13 (Thu 27 March) is closed, 2025-W14 (Mon 31 March, Thu 3 April) is not', async () => {
  const w13 = (await ws.ok(RECORD, { v: [{ measure: 'visits', team: 'east', period: '2025-W13', value: 5 }] })).recordMeasureValues;
  expect(w13).toMatchObject({ code: 'PERIOD_CLOSED', details: [{ index: 0 }] });
  const w14 = (await ws.ok(RECORD, { v: [{ measure: 'visits', team: 'east', period: '2025-W14', value: 7 }] })).recordMeasureValues;
  expect(w14).toMatchObject({ __typename: 'ValuesRecorded', inserted: 1 });
});

test('an empty adjustment reason is refused before anything is written', async () => {
  const r = (await ws.ok(RECORD, { v: [{ measure: 'revenue', team: 'east', period: '2025-03', value: 2 }], a: { reason: ' ' } })).recordMeasureValues;
  expect(r).toMatchObject({ code: 'INVALID_INPUT', field: 'adjustment.reason' });
  expect((await revenue('east', '2025-03', '2025-03')).value('revenue', 'east', '2025-03')).toBe(30);
});

test('an INGEST key may send an adjustment: the value is written and logged with old and new value', async () => {
  const r = (await ok(ingest, RECORD, {
    v: [{ measure: 'revenue', team: 'east', period: '2025-03', value: 35 }, { measure: 'revenue', team: 'east', period: '2025-04', value: 4 }],
    a: { reason: 'credit note' },
  })).recordMeasureValues;
  expect(r).toMatchObject({ __typename: 'ValuesRecorded', rows: 2, inserted: 1, updated: 1 });
  expect((await revenue('east', '2025-03', '2025-03')).value('revenue', 'east', '2025-03')).toBe(35);
  // Only the row inside the closed quarter is an adjustment; 2025-04 is an ordinary write.
  const a = await adjustments();
  // Frozen: 10 + 20 + 30 = 60 vs the default target 100 → 60 points, whatever was written since.
  expect(a).toMatchObject({ final: true, score: 60, adjustmentCount: 1 });
  expect(a.adjustments).toEqual([{ source: 'VALUES', measure: 'revenue', eventType: null, team: 'east', period: '2025-03', oldValue: 30, newValue: 35, reason: 'credit note' }]);
});

test('deleteMeasureValues over a closed month is refused; as an adjustment it deletes and logs the old value', async () => {
  const refused = (await ws.ok(DELETE, { i: { measure: 'revenue', teams: ['east'], from: '2025-03', to: '2025-04' } })).deleteMeasureValues;
  expect(refused).toMatchObject({ __typename: 'InputError', code: 'PERIOD_CLOSED', details: [{ field: 'input', message: '(revenue, east, 2025-03) lies in 2025-Q1, closed for scorecard "review".' }] });
  const kept = await revenue('east', '2025-03', '2025-04');
  expect([kept.value('revenue', 'east', '2025-03'), kept.value('revenue', 'east', '2025-04')]).toEqual([35, 4]);
  // A range outside every closed period needs no adjustment.
  expect((await ws.ok(DELETE, { i: { measure: 'revenue', teams: ['east'], from: '2025-04', to: '2025-04' } })).deleteMeasureValues).toMatchObject({ deleted: 1 });

  const deleted = (await ws.ok(DELETE, { i: { measure: 'revenue', teams: ['east'], from: '2025-03', to: '2025-03' }, a: { reason: 'duplicate booking' } })).deleteMeasureValues;
  expect(deleted).toMatchObject({ __typename: 'ValuesDeleted', deleted: 1 });
  expect((await revenue('east', '2025-03', '2025-03')).value('revenue', 'east', '2025-03')).toBeNull();
  const a = await adjustments();
  expect(a.adjustmentCount).toBe(2);
  expect(a.adjustments[1]).toEqual({ source: 'DELETE', measure: 'revenue', eventType: null, team: 'east', period: '2025-03', oldValue: 35, newValue: null, reason: 'duplicate booking' });
});

test('the CSV import over GraphQL names the closed lines and imports nothing; as an adjustment it imports the file', async () => {
  const csv = 'measure,team,period,value\nrevenue,east,2025-05,5\nrevenue,east,2025-02,25\n';
  const refused = (await ws.ok(IMPORT, { csv })).importMeasureValuesCsv;
  expect(refused).toMatchObject({ __typename: 'InputError', code: 'PERIOD_CLOSED', details: [{ field: 'line 3: period', message: '(revenue, east, 2025-02) lies in 2025-Q1, closed for scorecard "review".' }] });
  expect(refused.message).toMatch(/1 of 2 rows/);
  const none = await revenue('east', '2025-02', '2025-05');
  expect([none.value('revenue', 'east', '2025-02'), none.value('revenue', 'east', '2025-05')]).toEqual([20, null]);

  const done = (await ws.ok(IMPORT, { csv, a: { reason: 'February restated' } })).importMeasureValuesCsv;
  expect(done).toMatchObject({ __typename: 'ValuesRecorded', rows: 2, inserted: 1, updated: 1 });
  const a = await adjustments();
  expect(a.adjustmentCount).toBe(3);
  expect(a.adjustments[2]).toEqual({ source: 'CSV', measure: 'revenue', eventType: null, team: 'east', period: '2025-02', oldValue: 20, newValue: 25, reason: 'February restated' });
});

test('POST /import/measure-values answers 409 PERIOD_CLOSED with the lines, and imports with ?adjustmentReason=', async () => {
  const csv = 'measure,team,date,value\nrevenue,east,2025-01-20,12\n';
  const refused = await uploadCsv(ingest, csv);
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ code: 'PERIOD_CLOSED', details: [{ field: 'line 2: period' }] });
  expect((await revenue('east', '2025-01', '2025-01')).value('revenue', 'east', '2025-01')).toBe(10);

  const res = await fetch(`${baseUrl()}/import/measure-values?adjustmentReason=${encodeURIComponent('January audit')}`, {
    method: 'POST', headers: { authorization: `Bearer ${ingest}`, 'content-type': 'text/csv' }, body: csv,
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ rows: 1, updated: 1 });
  expect((await revenue('east', '2025-01', '2025-01')).value('revenue', 'east', '2025-01')).toBe(12);
  expect((await adjustments()).adjustments[3]).toMatchObject({ source: 'CSV', period: '2025-01', oldValue: 10, newValue: 12, reason: 'January audit' });
});

test('recordEvents refuses an event dated in the closed quarter; as an adjustment it is recorded and logged', async () => {
  const count = async () => (await ws.ok(`{ measureValues(measures: ["resolved"], teams: ["east"], from: "2025-02", to: "2025-02", granularity: MONTH) { value } }`)).measureValues[0].value;
  const events = [{ type: 'ticket.resolved', team: 'east', time: '2025-04-02T09:00:00Z', id: 'e-open' }, { type: 'ticket.resolved', team: 'east', time: '2025-02-10T09:00:00Z', id: 'e-late' }];
  const refused = (await ws.ok(EVENTS, { e: events })).recordEvents;
  expect(refused).toMatchObject({ code: 'PERIOD_CLOSED', field: 'events', details: [{ index: 1, field: 'events[1].time', message: 'Event ticket.resolved of team east on 2025-02-10 lies in 2025-Q1, closed for scorecard "review".' }] });
  expect(await count()).toBeNull();
  const april = async () => (await ws.ok(`{ measureValues(measures: ["resolved"], teams: ["east"], from: "2025-04", to: "2025-04", granularity: MONTH) { value } }`)).measureValues[0].value;
  expect(await april()).toBeNull();

  expect((await ws.ok(EVENTS, { e: events, a: { reason: 'ticket closed late' } })).recordEvents).toMatchObject({ __typename: 'ValuesRecorded', rows: 2, inserted: 2 });
  expect([await count(), await april()]).toEqual([1, 1]);
  const a = await adjustments();
  expect(a.adjustmentCount).toBe(5);
  expect(a.adjustments[4]).toEqual({ source: 'EVENTS', measure: null, eventType: 'ticket.resolved', team: 'east', period: '2025-02-10', oldValue: null, newValue: null, reason: 'ticket closed late' });
  // All along the frozen score stayed 60.
  expect(a.score).toBe(60);
});

test('after a reopen the same writes need no adjustment', async () => {
  const reopened = await ws.ok(`mutation { reopenPeriod(scorecard: "review", period: "2025-Q1", reason: "late data expected") { __typename ${PROBLEM} } }`);
  expect(reopened.reopenPeriod.__typename).toBe('PeriodCloseSaved');
  expect((await ws.ok(RECORD, { v: [{ measure: 'revenue', team: 'east', period: '2025-03', value: 40 }] })).recordMeasureValues).toMatchObject({ __typename: 'ValuesRecorded', inserted: 1 });
  // Live now: 12 + 25 + 40 = 77 vs 100 → 77 points.
  expect(await adjustments()).toMatchObject({ final: false, score: 77, adjustments: [], adjustmentCount: 0 });
});
