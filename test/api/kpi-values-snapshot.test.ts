/**
 * One grid, one state of the values: when the periods of a kpiValues request use different
 * formula versions (evaluated as separate plans, each loading its inputs), a batch of
 * values written meanwhile shows in all of them or in none. Rules:
 * - every answer corresponds to exactly one batch k, in every team and period;
 * - a read sent after a batch returned shows that batch or a later one.
 *
 * Tree: company → east, west. Batch k records `tickets` = k for east and west in 2025-01 and
 * 2025-02 (4 rows, one call). `handled` is `tickets * 1`, and from 2025-02 on (version 2)
 * `tickets * 10`.
 */
import { createWorkspace, type TestWorkspace } from './harness/client';
import { createTeams, defineMeasures, KPI_RESULT, mustCreateKpi, recordValues } from './harness/crm';

const BATCHES = 16;
const GRID = `{ kpiValues(kpis: ["handled"], teams: ["company", "east", "west"], from: "2025-01", to: "2025-02", granularity: MONTH) {
  team period { key } value version } }`;
/** Worked out by hand for batch k: a leaf holds k; company sums east and west (2k); February is × 10. */
const expected = (k: number): Record<string, number> => ({
  'east 2025-01': k, 'west 2025-01': k, 'company 2025-01': 2 * k,
  'east 2025-02': 10 * k, 'west 2025-02': 10 * k, 'company 2025-02': 20 * k,
});

let ws: TestWorkspace;

const batch = (k: number) => recordValues(ws, [
  ['tickets', 'east', '2025-01', k], ['tickets', 'west', '2025-01', k], ['tickets', 'east', '2025-02', k], ['tickets', 'west', '2025-02', k],
]);

beforeAll(async () => {
  ws = await createWorkspace('kpi-snapshot');
  await createTeams(ws, [['company', null], ['east', 'company'], ['west', 'company']]);
  await defineMeasures(ws, [{ key: 'tickets' }]);
  await batch(1);
  const kpi = await mustCreateKpi(ws, { key: 'handled', formula: 'tickets * 1' });
  const r = await ws.ok(`mutation($i: UpdateKpiInput!) { updateKpi(input: $i) { ${KPI_RESULT} } }`, {
    i: { key: 'handled', revision: kpi.revision, formula: 'tickets * 10', effectiveFrom: '2025-02' },
  });
  expect(r.updateKpi.__typename).toBe('KpiSaved');
});

test('a batch written while a grid spanning two formula versions is read shows in all its cells or in none', async () => {
  const problems: string[] = [];
  let acknowledged = 1;
  let done = false;
  const freshReads = [0, 0, 0];

  const readers = freshReads.map(async (_, r) => {
    while (!done) {
      const floor = acknowledged;
      const cells: Array<{ team: string; period: { key: string }; value: number; version: number }> = (await ws.ok(GRID)).kpiValues;
      const got = Object.fromEntries(cells.map((c) => [`${c.team} ${c.period.key}`, c.value]));
      const k = got['east 2025-01'];
      if (k < floor) problems.push(`batch ${k} read after batch ${floor} returned`);
      const want = expected(k);
      if (cells.length !== 6 || Object.keys(want).some((key) => got[key] !== want[key])) problems.push(`torn: ${JSON.stringify(got)} is not batch ${k}`);
      if (cells.map((c) => c.version).join() !== '1,2,1,2,1,2') problems.push(`versions ${cells.map((c) => c.version).join()}`);
      if (floor === acknowledged) freshReads[r]++;
    }
  });

  for (let k = 2; k <= BATCHES; k++) {
    // Readers are mid-request while this batch commits; then each reads once more after it.
    await batch(k);
    acknowledged = k;
    freshReads.fill(0);
    while (freshReads.some((n) => n === 0)) await new Promise((resolve) => setImmediate(resolve));
  }
  done = true;
  await Promise.all(readers);

  expect(problems).toEqual([]);
  // After batch 16: east and west 16 in January, 160 in February; company 32 and 320.
  expect(Object.fromEntries(((await ws.ok(GRID)).kpiValues as Array<{ team: string; period: { key: string }; value: number }>).map((c) => [`${c.team} ${c.period.key}`, c.value])))
    .toEqual({ 'company 2025-01': 32, 'company 2025-02': 320, 'east 2025-01': 16, 'east 2025-02': 160, 'west 2025-01': 16, 'west 2025-02': 160 });
}, 180_000);
