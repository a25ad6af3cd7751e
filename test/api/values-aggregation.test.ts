/**
 * Reading aggregated values: each measure is first combined over time by its time rule
 * for every team's own values, then over each team's subtree by its team rule. The
 * expected numbers are worked out by hand in each test.
 */
import { createWorkspace, type TestWorkspace } from './harness/client';
import { createTeams, keyWithRole, mustDefine, mustRecord, read } from './harness/measure-fixtures';

let ws: TestWorkspace;

// company → region-a → (a1, a2); company → region-b → b1: three levels.
beforeAll(async () => {
  ws = await createWorkspace('aggregation');
  await createTeams(ws, [['company', null], ['region-a', 'company'], ['a1', 'region-a'], ['a2', 'region-a'], ['region-b', 'company'], ['b1', 'region-b']]);
});

describe('time rules at month, quarter and year', () => {
  // a1's monthly values in 2025: Jan 10, Feb 20, Mar —, Apr 5, May 0, Jun 30 (nothing after June).
  const monthly: Array<[string, number]> = [['2025-01', 10], ['2025-02', 20], ['2025-04', 5], ['2025-05', 0], ['2025-06', 30]];
  const rules = ['SUM', 'LAST', 'FIRST', 'AVERAGE', 'MIN', 'MAX'] as const;

  beforeAll(async () => {
    for (const rule of rules) {
      const key = `by_${rule.toLowerCase()}`;
      await mustDefine(ws, { key, name: key, unit: 'POINTS', grain: 'MONTH', timeAggregation: rule });
      await mustRecord(ws.token, monthly.map(([period, value]) => ({ measure: key, team: 'a1', period, value })));
    }
  });

  const expected: Record<(typeof rules)[number], { q1: number; q2: number; year: number }> = {
    SUM: { q1: 10 + 20, q2: 5 + 0 + 30, year: 10 + 20 + 5 + 0 + 30 },
    LAST: { q1: 20 /* February: March has no value */, q2: 30, year: 30 },
    FIRST: { q1: 10, q2: 5, year: 10 },
    AVERAGE: { q1: (10 + 20) / 2, q2: (5 + 0 + 30) / 3, year: 65 / 5 /* of the recorded values, not of 12 months */ },
    MIN: { q1: 10, q2: 0 /* a recorded 0 counts */, year: 0 },
    MAX: { q1: 20, q2: 30, year: 30 },
  };

  test.each(rules)('time rule %s combines the months of a quarter and a year', async (rule) => {
    const key = `by_${rule.toLowerCase()}`;
    const months = await read(ws.token, { measures: [key], teams: ['a1'], from: '2025-01', to: '2025-03', granularity: 'MONTH' });
    expect([months.value(key, 'a1', '2025-01'), months.value(key, 'a1', '2025-03')]).toEqual([10, null]);
    const quarters = await read(ws.token, { measures: [key], teams: ['a1'], from: '2025', to: '2025', granularity: 'QUARTER' });
    expect(quarters.value(key, 'a1', '2025-Q1')).toBeCloseTo(expected[rule].q1, 12);
    expect(quarters.value(key, 'a1', '2025-Q2')).toBeCloseTo(expected[rule].q2, 12);
    expect(quarters.value(key, 'a1', '2025-Q3')).toBeNull();
    const years = await read(ws.token, { measures: [key], teams: ['a1'], from: '2025', to: '2025', granularity: 'YEAR' });
    expect(years.value(key, 'a1', '2025')).toBeCloseTo(expected[rule].year, 12);
  });

  test('periods come back with key, granularity, first and last day', async () => {
    const r = await read(ws.token, { measures: ['by_sum'], teams: ['a1'], from: '2025-Q1', to: '2025-Q1', granularity: 'QUARTER' });
    expect(r.rows[0].period).toEqual({ key: '2025-Q1', granularity: 'QUARTER', start: '2025-01-01', end: '2025-03-31' });
  });
});

describe('team rules over a three-level tree', () => {
  // January 2025: a1 10, a2 30, b1 5, and region-a's own 2; nothing for region-b itself or company.
  // February 2025: a1 20 only.
  const rules = ['SUM', 'AVERAGE', 'MIN', 'MAX'] as const;
  beforeAll(async () => {
    for (const rule of rules) {
      const key = `team_${rule.toLowerCase()}`;
      await mustDefine(ws, { key, name: key, unit: 'COUNT', grain: 'MONTH', teamAggregation: rule });
      await mustRecord(ws.token, [
        { measure: key, team: 'a1', period: '2025-01', value: 10 },
        { measure: key, team: 'a2', period: '2025-01', value: 30 },
        { measure: key, team: 'b1', period: '2025-01', value: 5 },
        { measure: key, team: 'region-a', period: '2025-01', value: 2 },
        { measure: key, team: 'a1', period: '2025-02', value: 20 },
      ]);
    }
  });

  const teams = ['a1', 'region-a', 'region-b', 'company', 'TOTAL'];
  const january: Record<(typeof rules)[number], number[]> = {
    // a1, region-a (own 2 + a1 + a2), region-b (b1), company (everything), TOTAL (= the only root)
    SUM: [10, 2 + 10 + 30, 5, 2 + 10 + 30 + 5, 47],
    AVERAGE: [10, (2 + 10 + 30) / 3, 5, (2 + 10 + 30 + 5) / 4, 47 / 4],
    MIN: [10, 2, 5, 2, 2],
    MAX: [10, 30, 5, 30, 30],
  };

  test.each(rules)('team rule %s combines a subtree, counting a team’s own values with its children’s', async (rule) => {
    const key = `team_${rule.toLowerCase()}`;
    const r = await read(ws.token, { measures: [key], teams, from: '2025-01', to: '2025-01', granularity: 'MONTH' });
    teams.forEach((team, i) => expect(r.value(key, team, '2025-01')).toBeCloseTo(january[rule][i], 12));
  });

  test('time first per team, then teams: the Q1 average over region-a is of each team’s Q1 sum', async () => {
    // Q1 sums per team: a1 10 + 20 = 30, a2 30, region-a's own 2 → mean (30 + 30 + 2) / 3.
    const r = await read(ws.token, { measures: ['team_average'], teams: ['region-a'], from: '2025-Q1', to: '2025-Q1', granularity: 'QUARTER' });
    expect(r.value('team_average', 'region-a', '2025-Q1')).toBeCloseTo(62 / 3, 12);
  });

  test('a key scoped to region-a sees region-a as its whole world: TOTAL is region-a, others are forbidden', async () => {
    const scoped = await keyWithRole(ws, 'VIEWER', 'region-a');
    const r = await read(scoped, { measures: ['team_sum'], teams: ['a2', 'TOTAL'], from: '2025-01', to: '2025-01', granularity: 'MONTH' });
    expect([r.value('team_sum', 'a2', '2025-01'), r.value('team_sum', 'TOTAL', '2025-01')]).toEqual([30, 42]);
    await expect(read(scoped, { measures: ['team_sum'], teams: ['region-b'], from: '2025-01', to: '2025-01', granularity: 'MONTH' })).rejects.toThrow('FORBIDDEN');
  });
});

test('blank is not zero: a recorded 0 is 0 up the tree, a subtree with nothing recorded is blank', async () => {
  await mustDefine(ws, { key: 'complaints', name: 'Complaints', unit: 'COUNT', grain: 'MONTH' });
  await mustRecord(ws.token, [{ measure: 'complaints', team: 'a1', period: '2025-01', value: 0 }]);
  const r = await read(ws.token, { measures: ['complaints'], teams: ['a1', 'a2', 'region-a', 'region-b', 'company'], from: '2025-01', to: '2025-02', granularity: 'MONTH' });
  expect(['a1', 'a2', 'region-a', 'region-b', 'company'].map((t) => r.value('complaints', t, '2025-01'))).toEqual([0, null, 0, null, 0]);
  expect(r.value('complaints', 'company', '2025-02')).toBeNull();
});

test('an ISO week counts toward the month, quarter and year holding its Thursday', async () => {
  await mustDefine(ws, { key: 'tickets', name: 'Tickets', unit: 'COUNT', grain: 'WEEK' });
  // 2025-W01 runs Mon 2024-12-30..Sun 2025-01-05 (Thursday 2025-01-02): January 2025.
  // 2025-W05: Thursday 2025-01-30 → January. 2025-W09: Thursday 2025-02-27 → February.
  // 2025-W14 starts Monday 2025-03-31 but its Thursday is 2025-04-03 → April, Q2.
  // 2026-W01 starts Monday 2025-12-29, Thursday 2026-01-01 → January 2026, not 2025.
  await mustRecord(ws.token, [
    { measure: 'tickets', team: 'b1', period: '2025-W01', value: 1 },
    { measure: 'tickets', team: 'b1', period: '2025-W05', value: 2 },
    { measure: 'tickets', team: 'b1', period: '2025-W09', value: 4 },
    { measure: 'tickets', team: 'b1', date: '2025-03-31', value: 8 }, // a date inside 2025-W14
    { measure: 'tickets', team: 'b1', period: '2026-W01', value: 16 },
  ]);
  const months = await read(ws.token, { measures: ['tickets'], teams: ['b1'], from: '2024-12', to: '2026-01', granularity: 'MONTH' });
  expect(['2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-12', '2026-01'].map((m) => months.value('tickets', 'b1', m)))
    .toEqual([null, 1 + 2, 4, null, 8, null, 16]);
  const quarters = await read(ws.token, { measures: ['tickets'], teams: ['b1'], from: '2025', to: '2025', granularity: 'QUARTER' });
  expect([quarters.value('tickets', 'b1', '2025-Q1'), quarters.value('tickets', 'b1', '2025-Q2')]).toEqual([7, 8]);
  const years = await read(ws.token, { measures: ['tickets'], teams: ['b1'], from: '2025', to: '2026', granularity: 'YEAR' });
  expect([years.value('tickets', 'b1', '2025'), years.value('tickets', 'b1', '2026')]).toEqual([15, 16]);
  const weeks = await read(ws.token, { measures: ['tickets'], teams: ['b1'], from: '2025-W14', to: '2025-W14', granularity: 'WEEK' });
  expect(weeks.value('tickets', 'b1', '2025-W14')).toBe(8);
  // A week never counts toward a single day.
  const days = await read(ws.token, { measures: ['tickets'], teams: ['b1'], from: '2025-03-31', to: '2025-04-03', granularity: 'DAY' });
  expect(days.rows.every((row) => row.value === null)).toBe(true);
});

test('a measure recorded by quarter is blank at month granularity, so nothing is counted twice or spread', async () => {
  await mustDefine(ws, { key: 'nps', name: 'NPS points', unit: 'POINTS', grain: 'QUARTER', timeAggregation: 'AVERAGE' });
  await mustRecord(ws.token, [{ measure: 'nps', team: 'a1', period: '2025-Q1', value: 40 }, { measure: 'nps', team: 'a1', period: '2025-Q2', value: 50 }]);
  const months = await read(ws.token, { measures: ['nps'], teams: ['a1'], from: '2025-01', to: '2025-01', granularity: 'MONTH' });
  expect(months.value('nps', 'a1', '2025-01')).toBeNull();
  const halves = await read(ws.token, { measures: ['nps'], teams: ['a1'], from: '2025-H1', to: '2025-H1', granularity: 'HALF' });
  expect(halves.value('nps', 'a1', '2025-H1')).toBe((40 + 50) / 2);
});

test('a read over 500,000 values is LIMIT_EXCEEDED', async () => {
  const teams = Array.from({ length: 300 }, () => 'a1');
  await expect(read(ws.token, { measures: ['by_sum', 'by_min', 'by_max'], teams, from: '2000-01-01', to: '2001-12-31', granularity: 'DAY' })).rejects.toThrow('LIMIT_EXCEEDED');
});

describe('fiscal years starting in April', () => {
  let fy: TestWorkspace;
  beforeAll(async () => {
    fy = await createWorkspace('fiscal', { fiscalYearStartMonth: 4 });
    await createTeams(fy, [['hq', null]]);
    await mustDefine(fy, { key: 'revenue', name: 'Revenue', unit: 'CURRENCY', currency: 'CNY', grain: 'MONTH' });
    await mustDefine(fy, { key: 'target_hits', name: 'Quarterly hits', unit: 'COUNT', grain: 'QUARTER' });
    await mustRecord(fy.token, [
      { measure: 'revenue', team: 'hq', period: '2025-03', value: 1 },
      { measure: 'revenue', team: 'hq', period: '2025-04', value: 10 },
      { measure: 'revenue', team: 'hq', period: '2025-05', value: 20 },
      { measure: 'revenue', team: 'hq', period: '2025-06', value: 40 },
      { measure: 'revenue', team: 'hq', period: '2025-07', value: 80 },
      { measure: 'revenue', team: 'hq', period: '2026-03', value: 100 },
      { measure: 'target_hits', team: 'hq', period: '2025-Q1', value: 3 },
      { measure: 'target_hits', team: 'hq', date: '2026-02-10', value: 4 }, // fiscal 2025-Q4 (Jan–Mar 2026)
    ]);
  });

  test('fiscal quarter 2025-Q1 is April–June 2025 and the fiscal year 2025 runs April 2025–March 2026', async () => {
    const q = await read(fy.token, { measures: ['revenue', 'target_hits'], teams: ['hq'], from: '2025-Q1', to: '2025-Q1', granularity: 'QUARTER' });
    expect(q.rows[0].period).toEqual({ key: '2025-Q1', granularity: 'QUARTER', start: '2025-04-01', end: '2025-06-30' });
    expect(q.value('revenue', 'hq', '2025-Q1')).toBe(10 + 20 + 40);
    expect(q.value('target_hits', 'hq', '2025-Q1')).toBe(3);
    const y = await read(fy.token, { measures: ['revenue', 'target_hits'], teams: ['hq'], from: '2024', to: '2025', granularity: 'YEAR' });
    expect(y.value('revenue', 'hq', '2024')).toBe(1); // March 2025 closes fiscal 2024
    expect(y.value('revenue', 'hq', '2025')).toBe(10 + 20 + 40 + 80 + 100);
    expect(y.value('target_hits', 'hq', '2025')).toBe(3 + 4);
    const h = await read(fy.token, { measures: ['revenue'], teams: ['hq'], from: '2025-H1', to: '2025-H1', granularity: 'HALF' });
    expect(h.value('revenue', 'hq', '2025-H1')).toBe(10 + 20 + 40 + 80);
  });
});
