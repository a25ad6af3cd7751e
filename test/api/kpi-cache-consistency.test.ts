/**
 * Cached definitions and compiled plans under concurrent formula changes. One client
 * changes a KPI's formula back and forth while readers evaluate it (alone, through a KPI
 * that reads it, in a scorecard) and read its definition. Rules:
 * - every answer matches exactly one formula version, the same one in every cell of it
 *   (teams, periods, the KPI and the KPI that reads it, every scorecard result);
 * - a read sent after an update returned shows that update or a later one (read-your-writes),
 *   so after the last update every read shows the last formula.
 *
 * Tree: company → east, west. `calls` (MONTH, SUM): east 40 / 60, west 10 / 30 in 2025-01 / 2025-02.
 * `load` has odd versions `calls * 2` and even versions `calls * 100`; `load_plus = load + 1`.
 * Meanwhile a second client renames an unrelated KPI back to back: every rename is a new
 * definitions generation, so readers keep loading definitions while `load` changes too.
 */
import { createWorkspace, type TestWorkspace } from './harness/client';
import { createTeams, defineMeasures, KPI_RESULT, mustCreateKpi, recordValues } from './harness/crm';

const ODD = 'calls * 2';
const EVEN = 'calls * 100';
const formulaOf = (version: number) => (version % 2 === 1 ? ODD : EVEN);
/** Worked out by hand: company = east + west (40 + 10 = 50, 60 + 30 = 90), then the formula. */
const EXPECTED: Record<string, Record<string, Record<string, number>>> = {
  [ODD]: {
    company: { '2025-01': 50 * 2 /* 100 */, '2025-02': 90 * 2 /* 180 */ },
    east: { '2025-01': 40 * 2 /* 80 */, '2025-02': 60 * 2 /* 120 */ },
    west: { '2025-01': 10 * 2 /* 20 */, '2025-02': 30 * 2 /* 60 */ },
  },
  [EVEN]: {
    company: { '2025-01': 50 * 100 /* 5000 */, '2025-02': 90 * 100 /* 9000 */ },
    east: { '2025-01': 40 * 100 /* 4000 */, '2025-02': 60 * 100 /* 6000 */ },
    west: { '2025-01': 10 * 100 /* 1000 */, '2025-02': 30 * 100 /* 3000 */ },
  },
};
const TEAMS = ['company', 'east', 'west'];
const PERIODS = ['2025-01', '2025-02'];
/** Versions 2 … 17; version v applies from 2000-01-(v − 1), long before the periods read. */
const UPDATES = 16;

const GRID = `query($t: [String!]!) { kpiValues(kpis: ["load", "load_plus"], teams: $t, from: "2025-01", to: "2025-02", granularity: MONTH) {
  kpi team period { key } value error version } }`;
const EVAL = `query($t: [String!]!, $p: [String!]!) { evaluateScorecard(scorecard: "calls-review", teams: $t, periods: $p) {
  team period { key } sections { items { kpi actual error formulaVersion } } } }`;
const DEFINITION = `{ kpi(key: "load") { revision formula versions { version formula } } }`;

let ws: TestWorkspace;

beforeAll(async () => {
  ws = await createWorkspace('kpi-cache');
  await createTeams(ws, [['company', null], ['east', 'company'], ['west', 'company']]);
  await defineMeasures(ws, [{ key: 'calls' }]);
  await recordValues(ws, [['calls', 'east', '2025-01', 40], ['calls', 'east', '2025-02', 60], ['calls', 'west', '2025-01', 10], ['calls', 'west', '2025-02', 30]]);
  await mustCreateKpi(ws, { key: 'load', formula: ODD });
  await mustCreateKpi(ws, { key: 'load_plus', formula: 'load + 1' });
  await mustCreateKpi(ws, { key: 'churn', formula: 'calls' });
  const created = await ws.ok(`mutation($i: CreateScorecardInput!) { createScorecard(input: $i) { __typename ... on Problem { message } } }`, {
    i: { key: 'calls-review', name: 'Calls', sections: [{ key: 'calls', name: 'Calls', weight: 1, items: [{ kpi: 'load', weight: 1 }, { kpi: 'load_plus', weight: 1 }] }] },
  });
  expect(created.createScorecard.__typename).toBe('ScorecardSaved');
});

/** Problems in one answer; `floor` is the last version acknowledged before it was sent. */
type Reader = (floor: number) => Promise<{ version: number; problems: string[] }>;

const readGrid: Reader = async (floor) => {
  const cells: Array<{ kpi: string; team: string; period: { key: string }; value: number | null; error: string | null; version: number }> = (await ws.ok(GRID, { t: TEAMS })).kpiValues;
  const load = cells.filter((c) => c.kpi === 'load');
  const version = load[0].version;
  const problems: string[] = [];
  if (cells.length !== 2 * TEAMS.length * PERIODS.length) problems.push(`grid: ${cells.length} cells`);
  if (version < floor) problems.push(`grid: v${version} after v${floor} returned`);
  for (const c of cells) {
    // load_plus reads load: the same version of load must be behind it, plus 1.
    const expected = EXPECTED[formulaOf(version)][c.team][c.period.key] + (c.kpi === 'load_plus' ? 1 : 0);
    if (c.kpi === 'load' && c.version !== version) problems.push(`grid: load v${c.version} next to v${version}`);
    if (c.value !== expected) problems.push(`grid v${version}: ${c.kpi} ${c.team} ${c.period.key} = ${c.value}, expected ${expected}`);
  }
  return { version, problems };
};

const readScorecard: Reader = async (floor) => {
  const results: Array<{ team: string; period: { key: string }; sections: Array<{ items: Array<{ kpi: string; actual: number | null; formulaVersion: number }> }> }> =
    (await ws.ok(EVAL, { t: TEAMS, p: PERIODS })).evaluateScorecard;
  const items = results.flatMap((r) => r.sections[0].items.map((i) => ({ ...i, team: r.team, period: r.period.key })));
  const version = items.find((i) => i.kpi === 'load')!.formulaVersion;
  const problems: string[] = [];
  if (results.length !== TEAMS.length * PERIODS.length) problems.push(`scorecard: ${results.length} results`);
  if (version < floor) problems.push(`scorecard: v${version} after v${floor} returned`);
  for (const i of items) {
    const expected = EXPECTED[formulaOf(version)][i.team][i.period] + (i.kpi === 'load_plus' ? 1 : 0);
    if (i.kpi === 'load' && i.formulaVersion !== version) problems.push(`scorecard: load v${i.formulaVersion} next to v${version}`);
    if (i.actual !== expected) problems.push(`scorecard v${version}: ${i.kpi} ${i.team} ${i.period} = ${i.actual}, expected ${expected}`);
  }
  return { version, problems };
};

const readDefinition: Reader = async (floor) => {
  const kpi: { revision: number; formula: string; versions: Array<{ version: number; formula: string }> } = (await ws.ok(DEFINITION)).kpi;
  const version = kpi.versions.length;
  const problems: string[] = [];
  if (version < floor) problems.push(`definition: v${version} after v${floor} returned`);
  // Each update here changes the formula, so revision and version move together (both start at 1).
  if (kpi.revision !== version) problems.push(`definition: revision ${kpi.revision} with ${version} versions`);
  kpi.versions.forEach((v, i) => { if (v.version !== i + 1 || v.formula !== formulaOf(i + 1)) problems.push(`definition: version ${i + 1} is v${v.version} "${v.formula}"`); });
  if (kpi.formula !== formulaOf(version)) problems.push(`definition: formula "${kpi.formula}" with ${version} versions`);
  return { version, problems };
};

test('while a formula changes, every answer matches one whole version and no read goes back behind a returned update', async () => {
  const readers: Array<[string, Reader]> = [['grid', readGrid], ['grid', readGrid], ['scorecard', readScorecard], ['definition', readDefinition]];
  const problems: string[] = [];
  const seen = readers.map(() => new Set<number>());
  // Reads each reader has completed that were sent after the latest update returned.
  const freshReads = readers.map(() => 0);
  let acknowledged = 1;
  let done = false;

  const loops = readers.map(async ([, read], r) => {
    while (!done) {
      const floor = acknowledged;
      const answer = await read(floor);
      problems.push(...answer.problems);
      seen[r].add(answer.version);
      if (floor === acknowledged) freshReads[r]++;
    }
  });

  const churn = (async () => {
    for (let revision = 1, n = 1; !done; n++) {
      const r = await ws.ok(`mutation($i: UpdateKpiInput!) { updateKpi(input: $i) { ${KPI_RESULT} } }`, { i: { key: 'churn', revision, name: `churn ${n}` } });
      expect(r.updateKpi.__typename).toBe('KpiSaved');
      revision = r.updateKpi.kpi.revision;
    }
  })();

  // Until every reader has answered once more at the version acknowledged now.
  const readAgain = async () => {
    freshReads.fill(0);
    while (freshReads.some((n) => n === 0)) await new Promise((resolve) => setImmediate(resolve));
  };
  await readAgain();
  let revision = 1;
  for (let version = 2; version <= UPDATES + 1; version++) {
    // Readers are mid-request while this update runs; then each reads once more after it.
    const r = await ws.ok(`mutation($i: UpdateKpiInput!) { updateKpi(input: $i) { ${KPI_RESULT} } }`, {
      i: { key: 'load', revision, formula: formulaOf(version), effectiveFrom: `2000-01-${String(version - 1).padStart(2, '0')}` },
    });
    expect(r.updateKpi.__typename).toBe('KpiSaved');
    revision = r.updateKpi.kpi.revision;
    acknowledged = version;
    await readAgain();
  }
  done = true;
  await Promise.all([...loops, churn]);

  expect(problems).toEqual([]);
  // Every reader answered before the first update and after each one, so each saw all 17 versions.
  for (const versions of seen) expect([...versions].sort((a, b) => a - b)).toEqual(Array.from({ length: UPDATES + 1 }, (_, i) => i + 1));

  // After the last update (v17, odd: calls * 2): company 2025-02 = (60 + 30) * 2 = 180, load_plus 181.
  const last = (await ws.ok(GRID, { t: ['company'] })).kpiValues;
  expect(last.map((c: { kpi: string; period: { key: string }; value: number; version: number }) => [c.kpi, c.period.key, c.value, c.version])).toEqual([
    ['load', '2025-01', 100, 17], ['load', '2025-02', 180, 17], ['load_plus', '2025-01', 101, 1], ['load_plus', '2025-02', 181, 1],
  ]);
}, 180_000);
