/**
 * evaluateScorecard over HTTP with every number worked out by hand: each direction and
 * scoring method, target fallbacks (team, workspace-wide, formula, KPI default),
 * normalised weights, EXCLUDE coverage, the cap, versions and ranking.
 * Tree: org → (a, b). All measures monthly SUM; quarters sum their months.
 */
import { createWorkspace, type TestWorkspace } from './harness/client';
import { createTeams, defineMeasures, mustCreateKpi, recordValues } from './harness/crm';

let ws: TestWorkspace;
const EVAL = `query($t: [String!]!, $p: [String!]!, $r: Boolean) { evaluateScorecard(scorecard: "review", teams: $t, periods: $p, rank: $r) {
  scorecard scorecardVersion team period { key } score coverage rank final
  sections { key score coverage weight appliedWeight items { kpi actual error target achievement score status method basis baseline weight appliedWeight formulaVersion } } } }`;

const months = (team: string, measure: string, quarter: [string, string, string], each: number): Array<[string, string, string, number]> =>
  quarter.map((m) => [measure, team, m, each]);
const Q1: [string, string, string] = ['2025-01', '2025-02', '2025-03'];
const Q2: [string, string, string] = ['2025-04', '2025-05', '2025-06'];

beforeAll(async () => {
  ws = await createWorkspace('scorecard-eval');
  await createTeams(ws, [['org', null], ['a', 'org'], ['b', 'org']]);
  await defineMeasures(ws, ['m_up', 'm_down', 'm_close', 'm_x', 'm_missing'].map((key) => ({ key })));
  await recordValues(ws, [
    ...months('a', 'm_up', Q1, 50), // 150
    ...months('a', 'm_down', Q1, 50 / 3), // 50
    ...months('a', 'm_close', Q1, 30), // 90
    ...months('a', 'm_x', Q1, 25), // 75
    ['m_x', 'a', '2024-02', 50], // 2024-Q1: 50, for the target formula
    ...months('b', 'm_up', Q1, 100), // 300
    ...months('a', 'm_up', Q2, 50), // Q2: 150
    ...months('a', 'm_down', Q2, 50 / 3),
  ]);
  await mustCreateKpi(ws, { key: 'up', formula: 'm_up', direction: 'HIGHER_IS_BETTER', defaultTarget: 200 });
  await mustCreateKpi(ws, { key: 'down', formula: 'm_down', direction: 'LOWER_IS_BETTER' });
  await mustCreateKpi(ws, { key: 'close', formula: 'm_close', direction: 'CLOSER_IS_BETTER', defaultTarget: 100 });
  await mustCreateKpi(ws, { key: 'lin', formula: 'm_x', direction: 'HIGHER_IS_BETTER' });
  await mustCreateKpi(ws, { key: 'banded', formula: 'm_x', direction: 'HIGHER_IS_BETTER', defaultTarget: 80 });
  await mustCreateKpi(ws, { key: 'binary', formula: 'm_up', direction: 'HIGHER_IS_BETTER', defaultTarget: 160 });
  await mustCreateKpi(ws, { key: 'missing', formula: 'm_missing', direction: 'HIGHER_IS_BETTER', defaultTarget: 1 });
  const targets = await ws.ok(`mutation($t: [TargetInput!]!) { setTargets(targets: $t) { __typename ... on Problem { message } } }`, {
    t: [
      { kpi: 'up', team: 'a', period: '2025-Q1', value: 100 }, // team target beats the KPI default (200)
      { kpi: 'down', period: '2025-Q1', value: 40 }, // workspace-wide
      { kpi: 'lin', period: '2025-Q1', formula: 'PREV_YEAR(m_x) * 2' }, // 50 * 2 = 100
    ],
  });
  expect(targets.setTargets.__typename).toBe('TargetsSet');
  const created = await ws.ok(`mutation($i: CreateScorecardInput!) { createScorecard(input: $i) { __typename ... on Problem { message } } }`, {
    i: {
      key: 'review', name: 'Review', missingData: 'EXCLUDE',
      sections: [
        { key: 's1', name: 'Customers', weight: 3, items: [{ kpi: 'up', weight: 2 }, { kpi: 'down', weight: 1 }, { kpi: 'missing', weight: 1 }] },
        { key: 's2', name: 'Service', weight: 1, items: [
          { kpi: 'close', weight: 1 },
          { kpi: 'lin', weight: 1, method: 'LINEAR', baseline: { fixed: 50 } },
          { kpi: 'banded', weight: 2, method: 'BANDS' },
          { kpi: 'binary', weight: 1, method: 'BINARY' },
        ] },
      ],
    },
  });
  expect(created.createScorecard.__typename).toBe('ScorecardSaved');
});

const item = (r: any, kpi: string) => r.sections.flatMap((s: any) => s.items).find((i: any) => i.kpi === kpi);

test('each direction and method scores as specified, with targets from every fallback', async () => {
  const [a] = (await ws.ok(EVAL, { t: ['a'], p: ['2025-Q1'] })).evaluateScorecard;
  // up: 150 vs team target 100 → 1.5, capped at 1.2 → 120 points
  expect(item(a, 'up')).toMatchObject({ actual: 150, target: 100, achievement: 1.5, score: 120, status: 'ON_TRACK' });
  // down (LOWER): workspace-wide 40 / 50 = 0.8 → 80, below 0.9 → OFF_TRACK
  expect(item(a, 'down').achievement).toBeCloseTo(0.8, 10);
  expect(item(a, 'down')).toMatchObject({ target: 40, status: 'OFF_TRACK' });
  expect(item(a, 'down').score).toBeCloseTo(80, 8);
  // close (CLOSER): 1 − |90 − 100| / 100 = 0.9 → 90, AT_RISK
  expect(item(a, 'close').achievement).toBeCloseTo(0.9, 10);
  expect(item(a, 'close').status).toBe('AT_RISK');
  // lin (LINEAR, baseline 50, target PREV_YEAR(m_x) * 2 = 100): (75 − 50) / (100 − 50) = 0.5 → 50
  expect(item(a, 'lin')).toMatchObject({ target: 100, baseline: 50, achievement: 0.5, score: 50, basis: 'LINEAR', method: 'LINEAR' });
  // banded: 75 / 80 = 0.9375 → AT_RISK → BANDS gives 50
  expect(item(a, 'banded')).toMatchObject({ status: 'AT_RISK', score: 50, method: 'BANDS' });
  // binary: 150 / 160 < 1 → 0
  expect(item(a, 'binary')).toMatchObject({ score: 0, method: 'BINARY' });
  // missing: no value → NO_DATA, no score, no applied weight under EXCLUDE
  expect(item(a, 'missing')).toMatchObject({ actual: null, status: 'NO_DATA', score: null, appliedWeight: 0 });
});

test('weights are normalised over scored items; EXCLUDE reports coverage', async () => {
  const [a] = (await ws.ok(EVAL, { t: ['a'], p: ['2025-Q1'] })).evaluateScorecard;
  const [s1, s2] = a.sections;
  // s1: (2 × 120 + 1 × 80) / (2 + 1) = 320 / 3; coverage (2 + 1) / 4 = 0.75
  expect(s1.score).toBeCloseTo(320 / 3, 8);
  expect(s1.coverage).toBeCloseTo(0.75, 10);
  expect(item(a, 'up').appliedWeight).toBeCloseTo(2 / 3, 10);
  expect(item(a, 'down').appliedWeight).toBeCloseTo(1 / 3, 10);
  // s2: (1 × 90 + 1 × 50 + 2 × 50 + 1 × 0) / 5 = 240 / 5 = 48
  expect(s2.score).toBeCloseTo(48, 8);
  expect(s2.coverage).toBe(1);
  // overall: (3 × 320/3 + 1 × 48) / 4 = 368 / 4 = 92; coverage 0.75 × (0.5 + 0.25) + 0.25 × 1 = 0.8125
  expect(a.score).toBeCloseTo(92, 8);
  expect(a.coverage).toBeCloseTo(0.8125, 10);
  expect(s1.appliedWeight).toBeCloseTo(0.75, 10);
  expect(a).toMatchObject({ scorecard: 'review', scorecardVersion: 1, final: false });
  expect(item(a, 'up').formulaVersion).toBe(1);
});

test('teams are evaluated together and can be ranked by overall score', async () => {
  const results = (await ws.ok(EVAL, { t: ['a', 'b'], p: ['2025-Q1'], r: true })).evaluateScorecard;
  // b: up 300 vs the KPI default 200 → 1.5 → 120; binary (also m_up) 300 ≥ 160 → 100; nothing else has data.
  // s1 = 120 (coverage 2/4); s2 = 100 (coverage 1/5); overall (3 × 120 + 1 × 100) / 4 = 115
  // coverage 0.75 × 0.5 + 0.25 × 0.2 = 0.425
  expect(results.map((r: any) => [r.team, r.rank])).toEqual([['b', 1], ['a', 2]]);
  expect(results[0].score).toBeCloseTo(115, 8);
  expect(results[0].coverage).toBeCloseTo(0.425, 10);
  expect(results[0].sections[1].coverage).toBeCloseTo(0.2, 10);
});

test('a scorecard change applies from its period on; earlier periods keep the old version', async () => {
  const { scorecard } = await ws.ok(`{ scorecard(key: "review") { revision } }`);
  const r = await ws.ok(`mutation($i: UpdateScorecardInput!) { updateScorecard(input: $i) { __typename ... on Problem { message } } }`, {
    i: { key: 'review', revision: scorecard.revision, effectiveFrom: '2025-Q2', missingData: 'ZERO' },
  });
  expect(r.updateScorecard.__typename).toBe('ScorecardSaved');
  const [q1, q2] = (await ws.ok(EVAL, { t: ['a'], p: ['2025-Q1', '2025-Q2'] })).evaluateScorecard;
  expect([q1.scorecardVersion, q2.scorecardVersion]).toEqual([1, 2]);
  expect(q1.score).toBeCloseTo(92, 8);
  // Q2 under ZERO: up 150 / default 200 = 0.75 → 75; down has no Q2 target → NO_TARGET → 0; missing → 0.
  // s1 = (2 × 75 + 1 × 0 + 1 × 0) / 4 = 37.5; s2: binary 150 < 160 → 0, the rest missing → 0;
  // overall (3 × 37.5 + 1 × 0) / 4 = 28.125
  expect(item(q2, 'down').status).toBe('NO_TARGET');
  expect(q2.sections[0].score).toBeCloseTo(37.5, 8);
  expect(q2.score).toBeCloseTo(28.125, 8);
  // coverage still reports what had data: 0.75 × (up 0.5) + 0.25 × (binary 0.2) = 0.425
  expect(q2.coverage).toBeCloseTo(0.425, 10);
});

test('unknown scorecard, team or period are typed errors', async () => {
  const code = async (q: string) => (await ws.gql(q)).errors?.[0].extensions?.code;
  expect(await code(`{ evaluateScorecard(scorecard: "nope", teams: ["a"], periods: ["2025-Q1"]) { score } }`)).toBe('NOT_FOUND');
  expect(await code(`{ evaluateScorecard(scorecard: "review", teams: ["zz"], periods: ["2025-Q1"]) { score } }`)).toBe('NOT_FOUND');
  expect(await code(`{ evaluateScorecard(scorecard: "review", teams: ["a"], periods: ["2025-Q5"]) { score } }`)).toBe('INVALID_PERIOD');
});
