/**
 * Period close over HTTP (PRODUCT.md "Period close"): a close freezes every team's
 * evaluated result; later data, formula, target and weight changes move the live score
 * only; an adjustment is logged and shown beside the frozen result; a reopen (ADMIN, with
 * a reason, audited) makes the period live again. Every number is worked out below.
 *
 * Tree org → (east, west). Monthly SUM measures revenue and deals, 2025-Q1:
 *   east revenue 30+30+30 = 90, deals 2+2+2 = 6;  west revenue 60×3 = 180, deals 4×3 = 12;
 *   org (sum) revenue 270, deals 18.
 * KPIs rev = revenue (targets for 2025-Q1: east 100, west 200, org 300), cnt = deals (KPI default target 10).
 * Scorecard "review" v1: one section, rev weight 3, cnt weight 1, RATIO, cap 1.2.
 *   east: rev 90/100 = 0.9 → 90; cnt 6/10 = 0.6 → 60;   (3·90 + 60) / 4 = 82.5
 *   west: rev 180/200 = 0.9 → 90; cnt 12/10 = 1.2 → 120; (3·90 + 120) / 4 = 97.5
 *   org:  rev 270/300 = 0.9 → 90; cnt 18/10 = 1.8 → capped 120; 97.5
 */
import { createWorkspace, gql, type TestWorkspace } from './harness/client';
import { createTeams, defineMeasures, mustCreateKpi, recordValues } from './harness/crm';
import { keyWithRole, PROBLEM, RECORDED } from './harness/measure-fixtures';

let ws: TestWorkspace;
const EVAL = `query($t: [String!]!, $p: [String!]!, $r: Boolean) { evaluateScorecard(scorecard: "review", teams: $t, periods: $p, rank: $r) {
  team period { key } score rank final closedAt closedBy liveScore scorecardVersion adjustmentCount
  adjustments { measure eventType team period oldValue newValue reason actor source at }
  sections { key weight items { kpi actual target score weight formulaVersion } } } }`;
const CLOSE = `mutation($s: String!, $p: String!) { closePeriod(scorecard: $s, period: $p) {
  __typename ... on PeriodCloseSaved { close { id scorecard period { key start end } scorecardVersion closedAt closedBy teams reopenedAt reopenReason } } ${PROBLEM} } }`;
const REOPEN = `mutation($s: String!, $p: String!, $r: String!) { reopenPeriod(scorecard: $s, period: $p, reason: $r) {
  __typename ... on PeriodCloseSaved { close { scorecard period { key } closedAt reopenedAt reopenedBy reopenReason } } ${PROBLEM} } }`;

async function evaluate(teams: string[], periods = ['2025-Q1'], rank = false): Promise<Record<string, any>> {
  const rows = (await ws.ok(EVAL, { t: teams, p: periods, r: rank })).evaluateScorecard as any[];
  return Object.fromEntries(rows.map((r) => [`${r.team}|${r.period.key}`, r]));
}
const item = (r: any, kpi: string) => r.sections.flatMap((s: any) => s.items).find((i: any) => i.kpi === kpi);

let closedAt: string;

beforeAll(async () => {
  ws = await createWorkspace('period-close');
  await createTeams(ws, [['org', null], ['east', 'org'], ['west', 'org']]);
  await defineMeasures(ws, [{ key: 'revenue' }, { key: 'deals' }]);
  await recordValues(ws, [
    ...['2025-01', '2025-02', '2025-03'].flatMap((m): Array<[string, string, string, number]> => [
      ['revenue', 'east', m, 30], ['deals', 'east', m, 2], ['revenue', 'west', m, 60], ['deals', 'west', m, 4],
    ]),
  ]);
  await mustCreateKpi(ws, { key: 'rev', formula: 'revenue' });
  await mustCreateKpi(ws, { key: 'cnt', formula: 'deals', defaultTarget: 10 });
  const targets = await ws.ok(`mutation($t: [TargetInput!]!) { setTargets(targets: $t) { __typename ${PROBLEM} } }`, {
    t: [['east', 100], ['west', 200], ['org', 300]].map(([team, value]) => ({ kpi: 'rev', team, period: '2025-Q1', value })),
  });
  expect(targets.setTargets.__typename).toBe('TargetsSet');
  const created = await ws.ok(`mutation($i: CreateScorecardInput!) { createScorecard(input: $i) { __typename ${PROBLEM} } }`, {
    i: { key: 'review', name: 'Review', sections: [{ key: 's1', name: 'Customers', weight: 1, items: [{ kpi: 'rev', weight: 3 }, { kpi: 'cnt', weight: 1 }] }] },
  });
  expect(created.createScorecard.__typename).toBe('ScorecardSaved');
});

test('before a close the results are live: final false, no close time, no live score beside', async () => {
  const r = await evaluate(['east']);
  expect(r['east|2025-Q1']).toMatchObject({ score: 82.5, final: false, closedAt: null, closedBy: null, liveScore: null, adjustments: [], adjustmentCount: 0 });
});

test('closePeriod freezes the whole team tree and evaluateScorecard then returns those results marked final', async () => {
  const before = Date.now();
  const res = (await ws.ok(CLOSE, { s: 'review', p: '2025-Q1' })).closePeriod;
  const after = Date.now();
  expect(res.__typename).toBe('PeriodCloseSaved');
  // Three teams in the tree, all frozen; the version in force on 2025-03-31 is v1.
  expect(res.close).toMatchObject({ scorecard: 'review', period: { key: '2025-Q1', start: '2025-01-01', end: '2025-03-31' }, scorecardVersion: 1, teams: 3, reopenedAt: null });
  closedAt = res.close.closedAt;
  // The stored time is the database's; allow for a clock a second apart from this process.
  expect(Date.parse(closedAt)).toBeGreaterThanOrEqual(before - 1000);
  expect(Date.parse(closedAt)).toBeLessThanOrEqual(after + 1000);

  const r = await evaluate(['org', 'east', 'west']);
  expect(r['east|2025-Q1']).toMatchObject({ score: 82.5, final: true, closedAt, closedBy: res.close.closedBy, liveScore: 82.5, adjustments: [] });
  expect(r['west|2025-Q1']).toMatchObject({ score: 97.5, final: true, liveScore: 97.5 });
  expect(r['org|2025-Q1']).toMatchObject({ score: 97.5, final: true, liveScore: 97.5 });
  expect(item(r['org|2025-Q1'], 'cnt')).toMatchObject({ actual: 18, target: 10, score: 120 });
});

test('closing a closed period is refused with PERIOD_CLOSED; an unknown scorecard is NOT_FOUND and a bad period INVALID_PERIOD', async () => {
  const again = (await ws.ok(CLOSE, { s: 'review', p: '2025-Q1' })).closePeriod;
  expect(again).toMatchObject({ __typename: 'InputError', code: 'PERIOD_CLOSED', field: 'period' });
  expect(again.message).toMatch(/already closed.*reopen/);
  expect((await ws.ok(CLOSE, { s: 'nope', p: '2025-Q1' })).closePeriod).toMatchObject({ __typename: 'NotFound', code: 'NOT_FOUND', key: 'nope' });
  expect((await ws.ok(CLOSE, { s: 'review', p: '2025-Q5' })).closePeriod).toMatchObject({ code: 'INVALID_PERIOD', field: 'period' });
  // Still exactly one close.
  expect((await ws.ok(`{ periodCloses(scorecard: "review") { period { key } } }`)).periodCloses).toEqual([{ period: { key: '2025-Q1' } }]);
});

test('only an unscoped ADMIN key may close or reopen; VIEWER, EDITOR, INGEST and a scoped ADMIN get FORBIDDEN', async () => {
  const keys = [
    await keyWithRole(ws, 'VIEWER'), await keyWithRole(ws, 'EDITOR'), await keyWithRole(ws, 'INGEST'), await keyWithRole(ws, 'ADMIN', 'east'),
  ];
  for (const key of keys) {
    const close = await gql(key, CLOSE, { s: 'review', p: '2025-Q2' });
    expect(close.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const reopen = await gql(key, REOPEN, { s: 'review', p: '2025-Q1', r: 'not allowed' });
    expect(reopen.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  }
  // Readers see the closes; nothing changed.
  const listed = await gql(keys[0], `{ periodCloses { scorecard period { key } reopenedAt } }`);
  expect(listed.data.periodCloses).toEqual([{ scorecard: 'review', period: { key: '2025-Q1' }, reopenedAt: null }]);
  expect(await gql(keys[2], `{ periodCloses { period { key } } }`)).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
});

test('an adjustment changes the live numbers only, and is listed beside the frozen result of the teams whose subtree it touches', async () => {
  const written = (await ws.ok(`mutation($v: [MeasureValueInput!]!, $a: AdjustmentInput) { recordMeasureValues(values: $v, adjustment: $a) { ${RECORDED} } }`, {
    v: [{ measure: 'revenue', team: 'east', period: '2025-02', value: 50 }], a: { reason: 'late invoice for February' },
  })).recordMeasureValues;
  expect(written).toMatchObject({ __typename: 'ValuesRecorded', rows: 1, updated: 1 });

  const r = await evaluate(['org', 'east', 'west']);
  // east live: revenue 30 + 50 + 30 = 110 → rev 110/100 = 1.1 → 110; (3·110 + 60) / 4 = 97.5; frozen stays 82.5.
  expect(r['east|2025-Q1']).toMatchObject({ score: 82.5, final: true, adjustmentCount: 1 });
  expect(r['east|2025-Q1'].liveScore).toBeCloseTo(97.5, 9);
  expect(item(r['east|2025-Q1'], 'rev')).toMatchObject({ actual: 90, target: 100, score: 90 });
  const adjustment = { measure: 'revenue', eventType: null, team: 'east', period: '2025-02', oldValue: 30, newValue: 50, reason: 'late invoice for February', source: 'VALUES' };
  expect(r['east|2025-Q1'].adjustments).toEqual([expect.objectContaining(adjustment)]);
  expect(Date.parse(r['east|2025-Q1'].adjustments[0].at)).toBeGreaterThanOrEqual(Date.parse(closedAt));
  // org live: revenue 290 → 290/300 → 96.67 points; (3·96.67 + 120) / 4 = (290 + 120) / 4 = 102.5.
  expect(r['org|2025-Q1'].score).toBe(97.5);
  expect(r['org|2025-Q1'].liveScore).toBeCloseTo(102.5, 9);
  expect(r['org|2025-Q1'].adjustments).toEqual([expect.objectContaining(adjustment)]);
  // west's subtree was not touched.
  expect(r['west|2025-Q1']).toMatchObject({ score: 97.5, liveScore: 97.5, adjustments: [], adjustmentCount: 0 });
  // Ranking uses the frozen scores: west and org tie at 97.5, east 82.5 comes last.
  const ranked = await evaluate(['org', 'east', 'west'], ['2025-Q1'], true);
  expect([ranked['org|2025-Q1'].rank, ranked['west|2025-Q1'].rank, ranked['east|2025-Q1'].rank]).toEqual([1, 1, 3]);
});

test('frozen results survive a new formula, new targets and new weights; the live score follows them', async () => {
  const kpi = (await ws.ok(`{ kpi(key: "rev") { revision } }`)).kpi;
  const updated = await ws.ok(`mutation($i: UpdateKpiInput!) { updateKpi(input: $i) { __typename ${PROBLEM} } }`, {
    i: { key: 'rev', revision: kpi.revision, formula: 'revenue * 2', effectiveFrom: '2025-01' },
  });
  expect(updated.updateKpi.__typename).toBe('KpiSaved');
  const targets = await ws.ok(`mutation($t: [TargetInput!]!) { setTargets(targets: $t) { __typename ${PROBLEM} } }`, { t: [{ kpi: 'rev', team: 'east', period: '2025-Q1', value: 50 }] });
  expect(targets.setTargets.__typename).toBe('TargetsSet');
  const sc = (await ws.ok(`{ scorecard(key: "review") { revision } }`)).scorecard;
  const weights = await ws.ok(`mutation($i: UpdateScorecardInput!) { updateScorecard(input: $i) { __typename ${PROBLEM} } }`, {
    i: { key: 'review', revision: sc.revision, effectiveFrom: '2025-01', sections: [{ key: 's1', name: 'Customers', weight: 1, items: [{ kpi: 'rev', weight: 1 }, { kpi: 'cnt', weight: 1 }] }] },
  });
  expect(weights.updateScorecard.__typename).toBe('ScorecardSaved');

  const r = await evaluate(['org', 'east', 'west']);
  const east = r['east|2025-Q1'];
  // Frozen: scorecard v1 with weights 3 and 1, formula v1, target 100, actual 90.
  expect(east).toMatchObject({ score: 82.5, final: true, scorecardVersion: 1 });
  expect(item(east, 'rev')).toMatchObject({ actual: 90, target: 100, score: 90, weight: 3, formulaVersion: 1 });
  expect(item(east, 'cnt')).toMatchObject({ actual: 6, target: 10, score: 60, weight: 1 });
  // Live east: rev = 110 · 2 = 220 vs 50 → 4.4, capped 120; cnt 60; weights 1:1 → (120 + 60) / 2 = 90.
  expect(east.liveScore).toBe(90);
  // Live org: rev = 290 · 2 = 580 vs 300 → capped 120; cnt capped 120 → 120. west: 360 vs 200 → 120; cnt 120 → 120.
  expect(r['org|2025-Q1']).toMatchObject({ score: 97.5, liveScore: 120 });
  expect(r['west|2025-Q1']).toMatchObject({ score: 97.5, liveScore: 120 });
  // An open period of the same scorecard is live: Q2 has no data, so nothing scores.
  expect((await evaluate(['east'], ['2025-Q2']))['east|2025-Q2']).toMatchObject({ final: false, score: null, scorecardVersion: 2 });
});

test('reopening needs a reason, is audited with it, and makes the results live again; a later close freezes the new numbers', async () => {
  const blank = (await ws.ok(REOPEN, { s: 'review', p: '2025-Q1', r: '   ' })).reopenPeriod;
  expect(blank).toMatchObject({ __typename: 'InputError', code: 'INVALID_INPUT', field: 'reason' });
  expect((await evaluate(['east']))['east|2025-Q1'].final).toBe(true);

  const reopened = (await ws.ok(REOPEN, { s: 'review', p: '2025-Q1', r: 'targets were wrong' })).reopenPeriod;
  expect(reopened).toMatchObject({ __typename: 'PeriodCloseSaved', close: { scorecard: 'review', period: { key: '2025-Q1' }, closedAt, reopenReason: 'targets were wrong' } });
  expect(reopened.close.reopenedAt).not.toBeNull();

  // Live again: the numbers worked out in the previous test.
  const live = await evaluate(['org', 'east']);
  expect(live['east|2025-Q1']).toMatchObject({ score: 90, final: false, closedAt: null, liveScore: null, adjustments: [], scorecardVersion: 2 });
  expect(live['org|2025-Q1']).toMatchObject({ score: 120, final: false });

  const audit = (await ws.ok(`{ auditTrail(entityType: "PERIOD_CLOSE") { action entityKey before after } }`)).auditTrail;
  expect(audit.map((e: any) => [e.action, e.entityKey])).toEqual([['REOPEN', 'review/2025-Q1'], ['CLOSE', 'review/2025-Q1']]);
  expect(JSON.parse(audit[0].after)).toEqual({ reason: 'targets were wrong' });
  expect(JSON.parse(audit[1].after)).toMatchObject({ scorecardVersion: 1, teams: 3, scores: { org: 97.5 } });

  // Nothing left to reopen.
  expect((await ws.ok(REOPEN, { s: 'review', p: '2025-Q1', r: 'again' })).reopenPeriod).toMatchObject({ code: 'NOT_FOUND' });

  // Close again: the new close freezes today's numbers (v2, east 90); the old adjustment is inside them, not beside.
  const second = (await ws.ok(CLOSE, { s: 'review', p: '2025-Q1' })).closePeriod;
  expect(second.close).toMatchObject({ scorecardVersion: 2, teams: 3 });
  const frozen = await evaluate(['east']);
  expect(frozen['east|2025-Q1']).toMatchObject({ score: 90, final: true, liveScore: 90, adjustments: [], adjustmentCount: 0 });
  const history = (await ws.ok(`{ periodCloses(scorecard: "review") { scorecardVersion reopenReason } }`)).periodCloses;
  expect(history).toEqual([{ scorecardVersion: 2, reopenReason: null }, { scorecardVersion: 1, reopenReason: 'targets were wrong' }]);
});
