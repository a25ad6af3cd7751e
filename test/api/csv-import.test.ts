/** CSV import of measure values: the GraphQL mutation for small files and the streamed upload endpoint. */
import type { RunningServer } from '../../src/server';
import { baseUrl, createWorkspace, type TestWorkspace, uniqueKey } from './harness/client';
import { startOwnServer, workspaceOn } from './harness/own-server';
import { PROBLEM, createTeams, keyWithRole, mustDefine, read, uploadCsv } from './harness/measure-fixtures';

let ws: TestWorkspace;
const IMPORTED = `__typename ... on ValuesRecorded { rows inserted updated unchanged }
  ... on CsvRejectedType { code message errorCount errors { line field message } } ${PROBLEM}`;
const importCsv = (csv: string) =>
  ws.gql(`mutation($c: String!) { importMeasureValuesCsv(csv: $c) { ${IMPORTED} } }`, { c: csv }).then((r) => {
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data.importMeasureValuesCsv;
  });
const month = async (measure: string, team: string, period: string) =>
  (await read(ws.token, { measures: [measure], teams: [team], from: period, to: period, granularity: 'MONTH' })).value(measure, team, period);

beforeAll(async () => {
  ws = await createWorkspace('csv');
  await createTeams(ws, [['company', null], ['east', 'company'], ['west', 'company']]);
  await mustDefine(ws, { key: 'revenue', name: 'Revenue', unit: 'CURRENCY', currency: 'USD', grain: 'MONTH' });
  await mustDefine(ws, { key: 'leads', name: 'Leads', unit: 'COUNT', grain: 'MONTH' });
});

test('a long-form file (measure,team,period,value) imports whole, and importing it again changes nothing', async () => {
  const csv = 'measure,team,period,value\nrevenue,east,2025-01,100.5\nrevenue,west,2025-01,200\nleads,east,2025-01,7\n';
  expect(await importCsv(csv)).toMatchObject({ __typename: 'ValuesRecorded', rows: 3, inserted: 3, updated: 0, unchanged: 0 });
  expect(await importCsv(csv)).toMatchObject({ rows: 3, inserted: 0, updated: 0, unchanged: 3 });
  expect(await month('revenue', 'company', '2025-01')).toBe(300.5);
});

test('a wide-form file has one column per measure; an empty cell is no value; a date column works like period', async () => {
  const csv = 'team,date,revenue,leads\r\neast,2025-02-14,50,\r\nwest,2025-02-01,,3\r\n';
  expect(await importCsv(csv)).toMatchObject({ rows: 2, inserted: 2 });
  expect([await month('revenue', 'east', '2025-02'), await month('leads', 'east', '2025-02'), await month('leads', 'west', '2025-02')]).toEqual([50, null, 3]);
});

test('a file with bad lines is refused whole: every bad line reported by number (the header is line 1), nothing written', async () => {
  const csv = [
    'measure,team,period,value', // 1
    'revenue,east,2025-03,1', // 2: fine, but repeated on line 7
    'profit,east,2025-03,1', // 3: unknown measure
    'revenue,east,2025-03-01,1', // 4: a day for a monthly measure
    'revenue,west,2025-03,12k', // 5: not a number
    'revenue,west,2025-03', // 6: a missing field
    'revenue,east,2025-03,2', // 7: same key as line 2
    '', // 8: empty lines are skipped
    'leads,north,2025-03,4', // 9: unknown team
  ].join('\n');
  const r = await importCsv(csv);
  expect(r).toMatchObject({ __typename: 'CsvRejectedType', code: 'INVALID_INPUT', errorCount: 7 });
  expect(r.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)).toEqual(['2:period', '3:measure', '4:period', '5:value', '6:line', '7:period', '9:team']);
  expect(r.errors[0].message).toContain('line 2 and line 7');
  expect(r.message).toMatch(/^7 lines of the CSV file are invalid/); // 2 (as the duplicate’s first), 3, 4, 5, 6, 7, 9
  expect(await month('revenue', 'east', '2025-03')).toBeNull();
});

test('a quoted field spanning two lines moves the line numbers of what follows', async () => {
  const csv = 'measure,team,period,value\n"revenue",east,2025-11,1\nleads,"ea\nst",2025-11,1\nleads,west,2025-11,bad\n';
  const r = await importCsv(csv);
  // line 1 header, line 2 fine, lines 3–4 one record (an unknown team "ea\nst"), line 5 a bad value.
  expect(r.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)).toEqual(['3:team', '5:value']);
});

test('a bad header is reported on line 1', async () => {
  const wide = await importCsv('team,period,revenue,profit\neast,2025-04,1,2\n');
  expect(wide.errors).toEqual([{ line: 1, field: 'header', message: expect.stringContaining('"profit" is not a measure') }]);
  const both = await importCsv('measure,team,period,date,value\n');
  expect(both.errors[0]).toMatchObject({ line: 1, field: 'header' });
  expect((await importCsv('')).errors[0].message).toContain('empty');
});

test('a file with thousands of bad lines lists the first 100 and counts them all', async () => {
  const lines = ['measure,team,period,value', ...Array.from({ length: 3000 }, (_, i) => `revenue,ghost-${i},2025-05,1`)];
  const r = await importCsv(lines.join('\n'));
  expect(r.errorCount).toBe(3000);
  expect(r.errors).toHaveLength(100);
  expect(r.errors[0].line).toBe(2);
});

test('malformed CSV (an unclosed quote) is refused with its line', async () => {
  const r = await importCsv('measure,team,period,value\nrevenue,east,2025-06,1\nrevenue,"east,2025-06,2\n');
  expect(r).toMatchObject({ __typename: 'CsvRejectedType' });
  expect(r.errors[0].field).toBe('csv');
});

describe('POST /import/measure-values', () => {
  test('an INGEST key uploads a text/csv body and gets the same report as the mutation', async () => {
    const ingest = await keyWithRole(ws, 'INGEST');
    const r = await uploadCsv(ingest, 'measure,team,period,value\nleads,east,2025-07,11\nleads,west,2025-07,12\n');
    expect(r).toEqual({ status: 200, body: { rows: 2, inserted: 2, updated: 0, unchanged: 0, valuesRevision: expect.any(String) } });
    expect(await month('leads', 'company', '2025-07')).toBe(23);
  });

  test('bad lines are HTTP 422 with the lines, and nothing is written', async () => {
    const r = await uploadCsv(ws.token, 'measure,team,period,value\nleads,east,2025-08,1\nleads,east,2025-08,x\n');
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'INVALID_INPUT', errorCount: 1, errors: [{ line: 3, field: 'value' }] });
    expect(await month('leads', 'east', '2025-08')).toBeNull();
  });

  test('no key is HTTP 401, a VIEWER key is HTTP 403, a JSON body is HTTP 415', async () => {
    const none = await fetch(`${baseUrl()}/import/measure-values`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'x' });
    expect(none.status).toBe(401);
    const viewer = await keyWithRole(ws, 'VIEWER');
    const forbidden = await uploadCsv(viewer, 'measure,team,period,value\nleads,east,2025-09,1\n');
    expect(forbidden).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect((await uploadCsv(ws.token, '{}', 'application/json')).status).toBe(415);
  });

  test('a key scoped to "east" cannot import values of "west": the line is refused', async () => {
    const scoped = await keyWithRole(ws, 'INGEST', 'east');
    const r = await uploadCsv(scoped, 'measure,team,period,value\nleads,east,2025-10,1\nleads,west,2025-10,2\n');
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ line: 3, field: 'team', message: expect.stringMatching(/^Forbidden/) }]);
  });
});

describe('limits of a server with MAX_IMPORT_BYTES=2048 and MAX_BATCH_ROWS=3', () => {
  let server: RunningServer;
  let token: string;
  const call = async (query: string, variables?: unknown) => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return ((await res.json()) as any).data;
  };
  const upload = async (body: string | ReadableStream) => {
    const res = await fetch(`${server.url}/import/measure-values`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body, duplex: 'half' } as RequestInit);
    return { status: res.status, body: (await res.json()) as any };
  };
  const bigFile = 'measure,team,period,value\n' + Array.from({ length: 200 }, (_, i) => `leads,hq,${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},${i}`).join('\n');

  beforeAll(async () => {
    server = await startOwnServer({ MAX_IMPORT_BYTES: '2048', MAX_BATCH_ROWS: '3' });
    token = await workspaceOn(server, uniqueKey('limits'));
    await call(`mutation { createTeam(input: { key: "hq", name: "HQ" }) { __typename } }`);
    await call(`mutation { defineMeasure(input: { key: "leads", name: "Leads", unit: COUNT, grain: MONTH }) { __typename } }`);
  });
  afterAll(() => server.stop());

  test('a file over the limit is HTTP 413, whether its length is declared or it is streamed, and nothing is written', async () => {
    expect(bigFile.length).toBeGreaterThan(2048);
    expect(await upload(bigFile)).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE', limit: 2048 } });
    const chunks = [bigFile.slice(0, 1500), bigFile.slice(1500)].map((c) => new TextEncoder().encode(c));
    const streamed = new ReadableStream({ pull(controller) { const next = chunks.shift(); if (next) controller.enqueue(next); else controller.close(); } });
    expect(await upload(streamed)).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
    const read = await call(`{ measureValues(measures: ["leads"], teams: ["hq"], from: "2000", to: "2016", granularity: YEAR) { value } }`);
    expect(read.measureValues.every((v: { value: number | null }) => v.value === null)).toBe(true);
  });

  test('MAX_BATCH_ROWS bounds recordMeasureValues (LIMIT_EXCEEDED) but not a CSV file', async () => {
    const rows = ['2024-01', '2024-02', '2024-03', '2024-04'].map((period) => ({ measure: 'leads', team: 'hq', period, value: 1 }));
    const r = await call(`mutation($v: [MeasureValueInput!]!) { recordMeasureValues(values: $v) { __typename ... on Problem { code } } }`, { v: rows });
    expect(r.recordMeasureValues).toEqual({ __typename: 'InputError', code: 'LIMIT_EXCEEDED' });
    const csv = await upload('measure,team,period,value\n' + rows.map((x) => `leads,hq,${x.period},1`).join('\n'));
    expect(csv).toMatchObject({ status: 200, body: { rows: 4, inserted: 4 } });
  });
});
