/**
 * The evaluator's loaders, which have no API of their own: loadTargets (exactly the
 * requested KPIs and periods, teams by id) and loadScorecard (versions and the one in force).
 */
import { Problem } from '../../src/domain/problem';
import { loadScorecard, scorecardVersionOn } from '../../src/domain/scorecard';
import { loadTargets } from '../../src/domain/targets';
import { isoToDay } from '../../src/periods';
import type { RunningServer } from '../../src/server';
import { type TestWorkspace, uniqueKey } from './harness/client';
import { createTeams, mustCreateKpi } from './harness/crm';
import { serviceContextOn } from './harness/service-context';
import { startOwnServer, workspaceOn } from './harness/own-server';

let server: RunningServer;
let ws: TestWorkspace;

beforeAll(async () => {
  server = await startOwnServer({});
  const key = uniqueKey('targets-loader');
  const token = await workspaceOn(server, key);
  const call = async (query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return res.json() as Promise<any>;
  };
  ws = { key, token, gql: call as any, ok: async (q, v) => { const r = await call(q, v); if (r.errors) throw new Error(JSON.stringify(r.errors)); return r.data; } };
  await createTeams(ws, [['north', null], ['south', null]]);
  await mustCreateKpi(ws, { key: 'alpha', formula: '1' });
  await mustCreateKpi(ws, { key: 'beta', formula: '2' });
  const r = await ws.ok(`mutation($t: [TargetInput!]!) { setTargets(targets: $t) { __typename } }`, { t: [
    { kpi: 'alpha', team: 'north', period: '2025-Q1', value: 10 },
    { kpi: 'alpha', period: '2025-Q1', value: 8 },
    { kpi: 'alpha', team: 'south', period: '2025-Q2', formula: 'PREV_YEAR(alpha) * 1.1' },
    { kpi: 'alpha', team: 'south', period: '2025', value: 40 },
    { kpi: 'beta', team: 'north', period: '2025-Q1', value: 3 },
  ] });
  expect(r.setTargets.__typename).toBe('TargetsSet');
  const created = await ws.ok(`mutation($i: CreateScorecardInput!) { createScorecard(input: $i) { __typename } }`, { i: {
    key: 'review', name: 'Review', sections: [{ key: 'main', name: 'Main', weight: 2, items: [{ kpi: 'alpha', weight: 3 }, { kpi: 'beta', weight: 1, method: 'LINEAR', baseline: { fixed: 0.5 } }] }],
  } });
  expect(created.createScorecard.__typename).toBe('ScorecardSaved');
  const updated = await ws.ok(`mutation($i: UpdateScorecardInput!) { updateScorecard(input: $i) { __typename } }`, { i: {
    key: 'review', revision: 1, effectiveFrom: '2025-Q3', missingData: 'ZERO', statusBands: { onTrack: 1, atRisk: 0.8 },
  } });
  expect(updated.updateScorecard.__typename).toBe('ScorecardSaved');
});

afterAll(() => server.stop());

test('loadTargets returns every stored target of the requested KPIs and periods, workspace-wide ones with a null team', async () => {
  const ctx = await serviceContextOn(server, ws.key);
  const [north] = await server.db.dataSource.query(`SELECT id FROM teams WHERE workspace_id = $1 AND key = 'north'`, [ctx.workspace.id]);
  const [south] = await server.db.dataSource.query(`SELECT id FROM teams WHERE workspace_id = $1 AND key = 'south'`, [ctx.workspace.id]);
  const rows = await loadTargets(ctx, { kpiKeys: ['alpha'], periodKeys: ['2025-Q1', '2025-Q2'] });
  const sorted = rows.sort((a, b) => `${a.periodKey}${a.teamId}`.localeCompare(`${b.periodKey}${b.teamId}`));
  expect(sorted).toEqual(expect.arrayContaining([
    { kpi: 'alpha', teamId: north.id, periodKey: '2025-Q1', value: 10, formula: null },
    { kpi: 'alpha', teamId: null, periodKey: '2025-Q1', value: 8, formula: null },
    { kpi: 'alpha', teamId: south.id, periodKey: '2025-Q2', value: null, formula: 'PREV_YEAR(alpha) * 1.1' },
  ]));
  // Not the yearly target (its period was not asked for), nor beta's.
  expect(rows).toHaveLength(3);
  expect(await loadTargets(ctx, { kpiKeys: [], periodKeys: ['2025-Q1'] })).toEqual([]);
  expect(await loadTargets(ctx, { kpiKeys: ['alpha', 'beta'], periodKeys: ['2025'] })).toEqual([{ kpi: 'alpha', teamId: south.id, periodKey: '2025', value: 40, formula: null }]);
});

test('loadScorecard returns every version oldest first, with the day each applies from', async () => {
  const ctx = await serviceContextOn(server, ws.key);
  const scorecard = await loadScorecard(ctx, 'review');
  expect(scorecard).toMatchObject({ key: 'review', name: 'Review', archivedAt: null, revision: 2 });
  expect(scorecard.versions.map((v) => [v.version, v.effectiveFrom, v.effectiveFromDay])).toEqual([
    [1, null, Number.NEGATIVE_INFINITY],
    [2, '2025-Q3', isoToDay('2025-07-01')],
  ]);
  const main = { key: 'main', name: 'Main', weight: 2, items: [
    { kpi: 'alpha', weight: 3, method: 'RATIO', baseline: null },
    { kpi: 'beta', weight: 1, method: 'LINEAR', baseline: { kind: 'FIXED', value: 0.5 } },
  ] };
  expect(scorecard.versions[0].definition).toEqual({ sections: [main], missingData: 'EXCLUDE', cap: 1.2, bands: null });
  expect(scorecard.versions[1].definition).toEqual({ sections: [main], missingData: 'ZERO', cap: 1.2, bands: { onTrack: 1, atRisk: 0.8 } });
});

test('scorecardVersionOn picks the version in force on a day; the first is in force since always', async () => {
  const scorecard = await loadScorecard(await serviceContextOn(server, ws.key), 'review');
  expect(scorecardVersionOn(scorecard, isoToDay('1999-01-01')).version).toBe(1);
  expect(scorecardVersionOn(scorecard, isoToDay('2025-06-30')).version).toBe(1);
  expect(scorecardVersionOn(scorecard, isoToDay('2025-07-01')).version).toBe(2);
  expect(scorecardVersionOn(scorecard, isoToDay('2030-01-01')).version).toBe(2);
});

test('loadScorecard of an unknown key is NOT_FOUND', async () => {
  const error = await loadScorecard(await serviceContextOn(server, ws.key), 'nope').catch((e) => e);
  expect(error).toBeInstanceOf(Problem);
  expect(error).toMatchObject({ code: 'NOT_FOUND' });
});

test('the stored definition keeps KPIs at $.sections[*].items[*].kpi, the path archiveKpi searches', async () => {
  const ctx = await serviceContextOn(server, ws.key);
  const [hit] = await server.db.dataSource.query(
    `SELECT count(*)::int AS n FROM scorecard_versions WHERE workspace_id = $1 AND jsonb_path_exists(definition, '$.sections[*].items[*] ? (@.kpi == $k)', jsonb_build_object('k', 'beta'))`,
    [ctx.workspace.id]);
  expect(hit.n).toBe(2);
});
