/**
 * recordMeasureValueColumns (a batch as columns) over HTTP, and the value store's key
 * order: rows in any order, weeks counted toward the month of their Thursday.
 */
import { createWorkspace, type TestWorkspace } from './harness/client';
import { RECORDED, createTeams, mustDefine, read, record } from './harness/measure-fixtures';

let ws: TestWorkspace;
const COLUMNS = `mutation($c: MeasureValueColumnsInput!) { recordMeasureValueColumns(columns: $c) { ${RECORDED} } }`;
const recordColumns = async (columns: Record<string, unknown>) => (await ws.ok(COLUMNS, { c: columns })).recordMeasureValueColumns;

beforeAll(async () => {
  ws = await createWorkspace('value-columns');
  await createTeams(ws, [['company', null], ['sales', 'company'], ['east', 'sales'], ['west', 'sales']]);
  await mustDefine(ws, { key: 'deals', name: 'Deals', unit: 'COUNT', grain: 'MONTH' });
  await mustDefine(ws, { key: 'calls', name: 'Calls', unit: 'COUNT', grain: 'DAY' });
  await mustDefine(ws, { key: 'visits', name: 'Visits', unit: 'COUNT', grain: 'WEEK' });
});

test('columns record what the same rows as objects record: re-sending them as rows changes nothing', async () => {
  const columns = {
    measure: ['deals', 'deals', 'calls', 'deals'],
    team: ['east', 'west', 'east', 'east'],
    period: ['2025-01', '2025-01', null, '2025-02'],
    date: [null, null, '2025-01-15', null],
    value: [3, 4, 9, 0],
  };
  expect(await recordColumns(columns)).toMatchObject({ __typename: 'ValuesRecorded', rows: 4, inserted: 4, updated: 0, unchanged: 0 });
  const rows = columns.measure.map((measure, i) => ({
    measure, team: columns.team[i], value: columns.value[i], ...(columns.period[i] ? { period: columns.period[i]! } : { date: columns.date[i]! }),
  }));
  expect(await record(ws.token, rows)).toMatchObject({ rows: 4, inserted: 0, updated: 0, unchanged: 4 });
  expect(await recordColumns({ ...columns, value: [3, 5, 9, 0] })).toMatchObject({ inserted: 0, updated: 1, unchanged: 3 });
  const r = await read(ws.token, { measures: ['deals', 'calls'], teams: ['sales', 'east'], from: '2025-01', to: '2025-02', granularity: 'MONTH' });
  // sales = east + west: January 3 + 5 = 8; February only east's recorded 0, which is 0, not blank.
  expect([r.value('deals', 'sales', '2025-01'), r.value('deals', 'sales', '2025-02'), r.value('calls', 'east', '2025-01')]).toEqual([3 + 5, 0, 9]);
});

test('bad cells are reported by row index and column, and nothing is written', async () => {
  const r = await recordColumns({
    measure: ['deals', 'nope', 'deals', 'deals', 'deals'],
    team: ['east', 'east', 'nowhere', 'west', 'east'],
    period: ['2024-06', '2024-06', '2024-06', '2024-13', '2024-06'],
    value: [1, 1, 1, 1, 2],
  });
  expect(r).toMatchObject({ __typename: 'InputError', code: 'INVALID_INPUT', field: 'columns' });
  expect(r.details.map((d: { index: number; field: string }) => [d.index, d.field])).toEqual([
    [0, 'columns.period[0]'], // same key as row 4
    [1, 'columns.measure[1]'],
    [2, 'columns.team[2]'],
    [3, 'columns.period[3]'],
    [4, 'columns.period[4]'],
  ]);
  const stored = await read(ws.token, { measures: ['deals'], teams: ['east'], from: '2024-06', to: '2024-06', granularity: 'MONTH' });
  expect(stored.value('deals', 'east', '2024-06')).toBeNull();
});

test('columns of different lengths are refused, naming the short column', async () => {
  const r = await recordColumns({ measure: ['deals', 'deals'], team: ['east', 'west'], period: ['2024-07'], value: [1, 2] });
  expect(r).toMatchObject({ __typename: 'InputError', code: 'INVALID_INPUT', field: 'columns.period' });
  expect(r.message).toContain('period has 1 entries but measure has 2');
});

test('a shuffled batch over many keys stores every value once, whatever the order rows arrive in', async () => {
  // 2 measures × 3 teams × 12 months = 72 rows, sent in a scrambled order; deals at
  // (team t, month m) = 10·t + m, so sales' March 2023 = (10·1 + 3) + (10·2 + 3) = 36.
  const teams = ['company', 'east', 'west'];
  const rows: Array<{ measure: string; team: string; period: string; value: number }> = [];
  for (const measure of ['deals', 'visits_m']) {
    for (let t = 0; t < teams.length; t++) {
      for (let m = 1; m <= 12; m++) rows.push({ measure, team: teams[t], period: `2023-${String(m).padStart(2, '0')}`, value: 10 * t + m });
    }
  }
  await mustDefine(ws, { key: 'visits_m', name: 'Visits by month', unit: 'COUNT', grain: 'MONTH' });
  const scrambled = rows.map((row, i) => ({ row, k: (i * 37) % rows.length })).sort((a, b) => a.k - b.k).map((x) => x.row);
  expect(await record(ws.token, scrambled)).toMatchObject({ rows: 72, inserted: 72 });
  expect(await record(ws.token, [...scrambled].reverse())).toMatchObject({ rows: 72, inserted: 0, updated: 0, unchanged: 72 });
  const r = await read(ws.token, { measures: ['deals', 'visits_m'], teams: ['sales', 'company'], from: '2023-01', to: '2023-12', granularity: 'YEAR' });
  // A year of one team: Σ_{m=1..12} (10·t + m) = 120·t + 78. sales = east (t=1) + west (t=2) = 198 + 318.
  expect(r.value('deals', 'sales', '2023')).toBe(198 + 318);
  // company's subtree: its own (t=0) 78 + sales 516.
  expect(r.value('visits_m', 'company', '2023')).toBe(78 + 516);
});

test('recorded weeks count toward the month of their Thursday, at both edges of a month', async () => {
  // 2025-W14 starts Monday 31 March and its Thursday is 3 April: April's, not March's.
  // 2025-W13 starts 24 March (Thursday 27 March): March's. 2025-W01 starts Monday
  // 30 December 2024 (Thursday 2 January): January 2025's.
  const r1 = await record(ws.token, [
    { measure: 'visits', team: 'east', period: '2025-W13', value: 5 },
    { measure: 'visits', team: 'east', period: '2025-W14', value: 7 },
    { measure: 'visits', team: 'east', period: '2025-W01', value: 11 },
    { measure: 'visits', team: 'east', period: '2024-W52', value: 13 },
  ]);
  expect(r1).toMatchObject({ inserted: 4 });
  const r = await read(ws.token, { measures: ['visits'], teams: ['east'], from: '2024-12', to: '2025-04', granularity: 'MONTH' });
  // 2024-W52 starts 23 December (Thursday 26 December): December 2024's.
  expect(['2024-12', '2025-01', '2025-02', '2025-03', '2025-04'].map((p) => r.value('visits', 'east', p))).toEqual([13, 11, null, 5, 7]);
  const april = await read(ws.token, { measures: ['visits'], teams: ['east'], from: '2025-04', to: '2025-04', granularity: 'MONTH' });
  expect(april.value('visits', 'east', '2025-04')).toBe(7);
});

test('an unknown column is refused by GraphQL before anything is written', async () => {
  const res = await ws.gql(COLUMNS, { c: { measure: ['deals'], team: ['east'], period: ['2024-08'], value: [1], colour: ['red'] } });
  expect(res.errors?.[0]?.message).toContain('colour');
});
