/** setTargets at its batch limit: 50,000 rows in one all-or-nothing call, one more refused. */
import { createWorkspace, type TestWorkspace } from './harness/client';
import { createTeams, mustCreateKpi } from './harness/crm';

const SET = `mutation($t: [TargetInput!]!) { setTargets(targets: $t) {
  __typename ... on TargetsSet { inserted updated unchanged cleared revisions { kpi revision } } ... on Problem { code message } } }`;

let ws: TestWorkspace;
const TEAMS = ['t1', 't2', 't3', 't4', 't5'];

/** 2 KPIs × 5 teams × 5,000 days = 50,000 distinct targets. */
function rows(days: number): Array<{ kpi: string; team: string; period: string; value: number }> {
  const out = [];
  const start = Date.UTC(2020, 0, 1);
  for (const kpi of ['bulk_a', 'bulk_b']) {
    for (const team of TEAMS) {
      for (let d = 0; d < days; d++) out.push({ kpi, team, period: new Date(start + d * 86_400_000).toISOString().slice(0, 10), value: d });
    }
  }
  return out;
}

beforeAll(async () => {
  ws = await createWorkspace('targets-bulk');
  await createTeams(ws, TEAMS.map((t) => [t, null] as [string, null]));
  await mustCreateKpi(ws, { key: 'bulk_a', formula: '1' });
  await mustCreateKpi(ws, { key: 'bulk_b', formula: '2' });
});

test('50,000 targets go in one call, and sending them again leaves all unchanged', async () => {
  const batch = rows(5000);
  expect(batch).toHaveLength(50_000);
  const first = (await ws.ok(SET, { t: batch })).setTargets;
  expect(first).toMatchObject({ __typename: 'TargetsSet', inserted: 50_000, updated: 0, unchanged: 0 });
  const again = (await ws.ok(SET, { t: batch })).setTargets;
  expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 50_000, revisions: first.revisions });
});

test('a batch over the limit is refused before anything is read or written', async () => {
  const batch = [...rows(5000), { kpi: 'bulk_a', team: 't1', period: '2040-01-01', value: 1 }];
  const r = (await ws.ok(SET, { t: batch })).setTargets;
  expect(r).toMatchObject({ __typename: 'InputError', code: 'LIMIT_EXCEEDED' });
  expect(r.message).toContain('50000');
});
