/**
 * Alert rules (PRODUCT.md "Collaboration and alerts"): after data is recorded (values,
 * CSV import, events) the rules whose KPI reads the written measures are evaluated in the
 * background for the written teams, their ancestors and the affected periods. One alert
 * per rule, team and period: sending the same data again, or data that keeps the same
 * state, fires nothing new. Expected numbers are worked out by hand below.
 */
import { createWorkspace, type TestWorkspace } from './harness/client';
import { createTeams, defineMeasures, mustCreateKpi, recordValues } from './harness/crm';
import { alertAt, alertsOf, createRule, mustCreateRule, waitFor } from './harness/alerts';
import { keyWithRole, uploadCsv } from './harness/measure-fixtures';

// Default workspace bands: achievement ≥ 1 ON_TRACK, ≥ 0.9 AT_RISK, below OFF_TRACK.
describe('ENTERS_OFF_TRACK', () => {
  let ws: TestWorkspace;
  let rule: any;

  beforeAll(async () => {
    ws = await createWorkspace('alert-off');
    await createTeams(ws, [['org', null], ['east', 'org'], ['west', 'org']]);
    await defineMeasures(ws, [{ key: 'revenue' }]);
    await mustCreateKpi(ws, { key: 'rev', formula: 'revenue', defaultTarget: 100 });
    rule = await mustCreateRule(ws, { kpi: 'rev', kind: 'ENTERS_OFF_TRACK', team: 'east', name: 'East revenue off track' });
  });

  test('a value that moves the KPI into OFF_TRACK fires exactly one alert; the same batch again fires none', async () => {
    expect(rule).toMatchObject({ kpi: 'rev', kind: 'ENTERS_OFF_TRACK', threshold: null, team: 'east', granularity: 'MONTH', revision: 1 });
    // 2025-01: 95 / 100 = 0.95 → AT_RISK (no alert). 2025-02: 80 / 100 = 0.8 → OFF_TRACK (alert).
    // west 2025-02: 10 / 100 → OFF_TRACK too, but the rule watches east's subtree only; org (= east + west) likewise.
    const batch: Array<[string, string, string, number]> = [['revenue', 'east', '2025-01', 95], ['revenue', 'east', '2025-02', 80], ['revenue', 'west', '2025-02', 10]];
    await recordValues(ws, batch);
    const alerts = await waitFor(() => alertsOf(ws), (a) => a.length > 0, 'the OFF_TRACK alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ rule: rule.id, kind: 'ENTERS_OFF_TRACK', kpi: 'rev', team: 'east', period: { key: '2025-02' }, value: 80, previous: 95, target: 100, status: 'OFF_TRACK' });
    expect(alerts[0].achievement).toBeCloseTo(0.8, 12);

    await recordValues(ws, batch);
    // A later write through the CSV endpoint is the barrier: once its alert (2025-03: 50 / 100 = 0.5) is there,
    // the repeated batch before it was handled too. It also re-sends 2025-02 as 70 (still OFF_TRACK: no second alert).
    const csv = await uploadCsv(ws.token, 'measure,team,period,value\nrevenue,east,2025-02,70\nrevenue,east,2025-03,50\n');
    expect(csv.status).toBe(200);
    const after = await waitFor(() => alertsOf(ws), (a) => a.length >= 2, 'the 2025-03 alert');
    expect(after.map((a) => [a.team, a.period.key, a.value])).toEqual([['east', '2025-03', 50], ['east', '2025-02', 80]]);
  });

  test('recovering and falling again in the same period does not fire a second alert for it', async () => {
    await recordValues(ws, [['revenue', 'east', '2025-02', 120]]); // 1.2 → ON_TRACK
    await recordValues(ws, [['revenue', 'east', '2025-02', 60], ['revenue', 'east', '2025-04', 40]]); // OFF_TRACK again; 2025-04 is the barrier
    const alerts = await waitFor(() => alertsOf(ws), (a) => a.some((x) => x.period.key === '2025-04'), 'the 2025-04 alert');
    expect(alertAt(alerts, 'east', '2025-02')).toHaveLength(1);
    expect(alerts.map((a) => a.period.key)).toEqual(['2025-04', '2025-03', '2025-02']);
  });

  test('alerts filter by team subtree, KPI and rule; a key scoped to west sees none of east\'s', async () => {
    expect(await alertsOf(ws, { team: 'west' })).toEqual([]);
    expect(await alertsOf(ws, { team: 'org', first: 1 })).toHaveLength(1);
    expect(await alertsOf(ws, { kpi: 'other' })).toEqual([]);
    expect(await alertsOf(ws, { rule: rule.id })).toHaveLength(3);
    const westViewer = await keyWithRole(ws, 'VIEWER', 'west');
    const res = await fetch(`${process.env.KPI_TEST_URL}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${westViewer}` },
      body: JSON.stringify({ query: '{ alerts { id } alertRules { id } }' }),
    });
    expect(((await res.json()) as any).data).toEqual({ alerts: [], alertRules: [] });
  });
});

describe('ABOVE_THRESHOLD and BELOW_THRESHOLD on a ratio, for every team', () => {
  let ws: TestWorkspace;

  beforeAll(async () => {
    ws = await createWorkspace('alert-threshold');
    await createTeams(ws, [['org', null], ['east', 'org'], ['west', 'org']]);
    await defineMeasures(ws, [{ key: 'won' }, { key: 'leads' }]);
    await mustCreateKpi(ws, { key: 'conv', formula: 'won / leads * 100' });
    await mustCreateRule(ws, { kpi: 'conv', kind: 'ABOVE_THRESHOLD', threshold: 25 });
    await mustCreateRule(ws, { kpi: 'conv', kind: 'BELOW_THRESHOLD', threshold: 15 });
  });

  test('west 3/10 = 30 % is above 25, east 1/10 = 10 % is below 15, org (3+1)/(10+10) = 20 % neither', async () => {
    await recordValues(ws, [['won', 'west', '2025-01', 3], ['leads', 'west', '2025-01', 10], ['won', 'east', '2025-01', 1], ['leads', 'east', '2025-01', 10]]);
    const alerts = await waitFor(() => alertsOf(ws), (a) => a.length >= 2, 'two threshold alerts');
    const seen = alerts.map((a) => [a.kind, a.team, a.period.key, a.threshold]).sort();
    expect(seen).toEqual([['ABOVE_THRESHOLD', 'west', '2025-01', 25], ['BELOW_THRESHOLD', 'east', '2025-01', 15]]);
    expect(alerts.find((a) => a.team === 'west').value).toBeCloseTo(30, 10);
    expect(alerts.find((a) => a.team === 'east').value).toBeCloseTo(10, 10);
    // org at 20 % never fires: a later write that brings org above 25 % does ((3+1+6)/(10+10+10) = 33.3 %; new team-less row for org itself).
    await recordValues(ws, [['won', 'org', '2025-01', 6], ['leads', 'org', '2025-01', 10]]);
    const after = await waitFor(() => alertsOf(ws), (a) => a.some((x) => x.team === 'org'), 'the org alert');
    expect(alertAt(after, 'org', '2025-01')).toHaveLength(1);
    expect(alertAt(after, 'org', '2025-01')[0].value).toBeCloseTo((10 / 30) * 100, 10);
    expect(after).toHaveLength(3);
  });
});

describe('CHANGE_PERCENT and events', () => {
  let ws: TestWorkspace;

  beforeAll(async () => {
    ws = await createWorkspace('alert-change');
    await createTeams(ws, [['org', null], ['east', 'org']]);
    await defineMeasures(ws, [{ key: 'revenue' }]);
    await mustCreateKpi(ws, { key: 'rev', formula: 'revenue' });
    await mustCreateRule(ws, { kpi: 'rev', kind: 'CHANGE_PERCENT', threshold: 20, team: 'east' });
  });

  test('a change of more than 20 % from the previous month fires; smaller ones do not', async () => {
    // 01: 100 (no previous) · 02: 115 (+15 %) · 03: 80 (−35/115 = −30.4 %: fires) · 04: 81 (+1.25 %).
    await recordValues(ws, [['revenue', 'east', '2025-01', 100], ['revenue', 'east', '2025-02', 115], ['revenue', 'east', '2025-03', 80], ['revenue', 'east', '2025-04', 81]]);
    const alerts = await waitFor(() => alertsOf(ws), (a) => a.length > 0, 'the change alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'CHANGE_PERCENT', team: 'east', period: { key: '2025-03' }, value: 80, previous: 115, threshold: 20 });
  });

  test('events feed event-based measures: 3 resolved tickets in 2025-05 fire ABOVE_THRESHOLD 2', async () => {
    const m = await ws.ok(`mutation { defineMeasure(input: { key: "resolved", name: "resolved", unit: COUNT, grain: DAY, source: { eventType: "ticket.resolved", aggregate: COUNT } }) { __typename } }`);
    expect(m.defineMeasure.__typename).toBe('MeasurePayload');
    await mustCreateKpi(ws, { key: 'resolved_k', formula: 'resolved' });
    await mustCreateRule(ws, { kpi: 'resolved_k', kind: 'ABOVE_THRESHOLD', threshold: 2 });
    const events = [1, 2, 3].map((i) => ({ type: 'ticket.resolved', team: 'east', time: `2025-05-0${i}T10:00:00Z`, id: `t-${i}` }));
    const r = await ws.ok(`mutation($e: [EventInput!]!) { recordEvents(events: $e) { __typename } }`, { e: events });
    expect(r.recordEvents.__typename).toBe('ValuesRecorded');
    const alerts = await waitFor(() => alertsOf(ws, { kpi: 'resolved_k' }), (a) => a.length >= 2, 'event alerts for east and org');
    // east has the 3 events; org rolls up east, so it counts 3 as well.
    expect(alerts.map((a) => [a.team, a.period.key, a.value]).sort()).toEqual([['east', '2025-05', 3], ['org', '2025-05', 3]]);
  });
});

describe('rule management', () => {
  let ws: TestWorkspace;

  beforeAll(async () => {
    ws = await createWorkspace('alert-rules');
    await createTeams(ws, [['org', null]]);
    await defineMeasures(ws, [{ key: 'revenue' }]);
    await mustCreateKpi(ws, { key: 'rev', formula: 'revenue' });
  });

  test('bad rules are refused with a code and the field', async () => {
    expect(await createRule(ws, { kpi: 'rev', kind: 'ABOVE_THRESHOLD' })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('threshold') });
    expect(await createRule(ws, { kpi: 'rev', kind: 'CHANGE_PERCENT', threshold: -5 })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await createRule(ws, { kpi: 'rev', kind: 'ENTERS_OFF_TRACK', threshold: 3 })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await createRule(ws, { kpi: 'nope', kind: 'ENTERS_OFF_TRACK' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await createRule(ws, { kpi: 'rev', kind: 'ENTERS_OFF_TRACK', team: 'nope' })).toMatchObject({ code: 'NOT_FOUND' });
    expect((await ws.ok('{ alertRules { id } }')).alertRules).toEqual([]);
  });

  test('update checks the revision; delete removes the rule from the list', async () => {
    const rule = await mustCreateRule(ws, { kpi: 'rev', kind: 'ABOVE_THRESHOLD', threshold: 10, granularity: 'QUARTER' });
    const upd = `mutation($i: UpdateAlertRuleInput!) { updateAlertRule(input: $i) { __typename ... on AlertRulePayload { rule { threshold revision granularity } } ... on Problem { code } } }`;
    const ok = await ws.ok(upd, { i: { id: rule.id, revision: 1, threshold: 20 } });
    expect(ok.updateAlertRule).toEqual({ __typename: 'AlertRulePayload', rule: { threshold: 20, revision: 2, granularity: 'QUARTER' } });
    const stale = await ws.ok(upd, { i: { id: rule.id, revision: 1, threshold: 30 } });
    expect(stale.updateAlertRule).toMatchObject({ code: 'CONFLICT' });
    const del = `mutation($id: String!, $r: Int!) { deleteAlertRule(id: $id, revision: $r) { __typename ... on Problem { code } } }`;
    expect((await ws.ok(del, { id: rule.id, r: 2 })).deleteAlertRule.__typename).toBe('AlertRuleDeleted');
    expect((await ws.ok(del, { id: rule.id, r: 3 })).deleteAlertRule).toMatchObject({ code: 'NOT_FOUND' });
    expect((await ws.ok('{ alertRules { id } }')).alertRules).toEqual([]);
  });
});
