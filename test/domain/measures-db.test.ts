/**
 * Services against an embedded database: measures used by KPIs (IN_USE), the loader
 * with windows longer than one period (YTD, rolling) and the TOTAL pseudo-team, as the
 * formula engine calls it, and a CSV import whose input fails early.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { openDatabase, type Database } from '../../src/db/data-source';
import type { ServiceContext } from '../../src/domain/context';
import { importMeasureValuesCsv } from '../../src/domain/csv-import';
import { TOTAL, loadMeasureWindows } from '../../src/domain/measure-loader';
import { recordMeasureValues } from '../../src/domain/measure-values';
import { archiveMeasure, defineMeasure, updateMeasure } from '../../src/domain/measures';
import { Problem } from '../../src/domain/problem';
import { createTeam, loadTeamTree } from '../../src/domain/teams';
import { createWorkspace } from '../../src/domain/workspaces';
import { periodIndex, parsePeriodKey, CALENDAR_YEAR } from '../../src/periods';

let db: Database;
let ctx: ServiceContext;

beforeAll(async () => {
  db = await openDatabase({ dataDir: 'memory://' });
  await db.migrate();
  const { workspace } = await createWorkspace(db, { key: 'domain-test', name: 'x' });
  ctx = {
    requestId: 'test', db,
    workspace: { id: workspace.id, key: workspace.key, timeZone: 'UTC', fiscalYearStartMonth: 1 },
    actor: { name: 'test', keyId: randomUUID(), role: 'ADMIN' },
  };
  for (const [key, parent] of [['hq', undefined], ['north', 'hq'], ['south', 'hq'], ['other', undefined]] as const) await createTeam(ctx, { key, name: key, parent });
  await defineMeasure(ctx, { key: 'revenue', name: 'Revenue', unit: 'COUNT', grain: 'MONTH' });
  await defineMeasure(ctx, { key: 'customers', name: 'Customers', unit: 'COUNT', grain: 'MONTH', timeAggregation: 'LAST' });
});
afterAll(() => db.close());

async function kpiUsing(key: string, versions: string[][], archived = false): Promise<void> {
  const id = randomUUID();
  await db.dataSource.query(
    `INSERT INTO kpis (workspace_id, id, key, name, direction, archived_at) VALUES ($1, $2, $3, $3, 'HIGHER_IS_BETTER', $4)`,
    [ctx.workspace.id, id, key, archived ? new Date() : null],
  );
  for (const [i, refs] of versions.entries()) {
    await db.dataSource.query(`INSERT INTO kpi_versions (workspace_id, kpi_id, version, formula, measure_refs) VALUES ($1, $2, $3, $4, $5)`,
      [ctx.workspace.id, id, i + 1, refs.join(' + ') || '1', refs]);
  }
}

async function refusal(work: Promise<unknown>): Promise<Problem> {
  try {
    await work;
  } catch (e) {
    if (e instanceof Problem) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('a measure used by KPIs', () => {
  beforeAll(async () => {
    await kpiUsing('conversion', [['revenue']]);
    await kpiUsing('share', [['revenue', 'customers']]);
    await kpiUsing('retired', [['customers']], true); // archived KPIs do not hold measures
    await kpiUsing('moved_on', [['customers'], []]); // only the latest version counts
  });

  test('cannot change its aggregation or grain: IN_USE naming the KPIs', async () => {
    const p = await refusal(updateMeasure(ctx, 'revenue', 1, { timeAggregation: 'AVERAGE' }));
    expect(p.code).toBe('IN_USE');
    expect(p.extra.usedBy).toEqual(['conversion', 'share']);
    expect(p.message).toContain('conversion, share');
    expect((await refusal(updateMeasure(ctx, 'revenue', 1, { grain: 'DAY' }))).code).toBe('IN_USE');
  });

  test('can still be renamed', async () => {
    expect((await updateMeasure(ctx, 'revenue', 1, { name: 'Net revenue' })).revision).toBe(2);
  });

  test('cannot be archived: IN_USE naming the KPIs', async () => {
    const p = await refusal(archiveMeasure(ctx, 'customers', 1));
    expect(p).toMatchObject({ code: 'IN_USE', extra: { usedBy: ['share'] } });
  });
});

describe('loadMeasureWindows', () => {
  const month = (key: string) => {
    const r = parsePeriodKey(key, CALENDAR_YEAR);
    if (!r.ok) throw new Error(key);
    return periodIndex(r.period, CALENDAR_YEAR);
  };
  beforeAll(async () => {
    const rows = [['north', '2025-01', 1], ['north', '2025-02', 2], ['north', '2025-03', 4], ['south', '2025-03', 8], ['other', '2025-02', 100]] as const;
    await recordMeasureValues(ctx, rows.flatMap(([team, period, value]) => [
      { measure: 'revenue', team, period, value },
      { measure: 'customers', team, period, value: value * 10 },
    ]));
  });

  test('windows longer than a period re-aggregate by the time rule, per team, before the roll-up; TOTAL spans every root', async () => {
    const tree = await loadTeamTree(ctx);
    const [revenue, customers] = ['revenue', 'customers'].map((key) => ({ key, grain: 'MONTH' as const, source: null }));
    const measures = [
      { ...revenue, id: (await db.dataSource.query(`SELECT id FROM measures WHERE key = 'revenue'`))[0].id, timeAggregation: 'SUM' as const, teamAggregation: 'SUM' as const },
      { ...customers, id: (await db.dataSource.query(`SELECT id FROM measures WHERE key = 'customers'`))[0].id, timeAggregation: 'LAST' as const, teamAggregation: 'SUM' as const },
    ];
    const windows = [
      { first: month('2025-01'), last: month('2025-03') }, // Q1 to date
      { first: month('2025-02'), last: month('2025-02') }, // one month
      { first: month('2025-03'), last: month('2025-04') }, // a rolling window reaching past the data
    ];
    const teams = [tree.byKey.get('hq')!, tree.byKey.get('north')!, TOTAL];
    const out = await loadMeasureWindows(ctx, { measures, granularity: 'MONTH', windows, teams, tree });
    const rev = Array.from(out.values.get('revenue')!);
    // hq = north + south: [1+2+4 + 8, 2, 4 + 8]; north: [7, 2, 4]; TOTAL adds other's 100 in February.
    expect(rev).toEqual([15, 2, 12, 7, 2, 4, 115, 102, 12]);
    const cust = Array.from(out.values.get('customers')!);
    // LAST per team, then summed: hq Q1 = north's March 40 + south's March 80; Feb: north 20 only.
    expect(cust).toEqual([120, 20, 120, 40, 20, 40, 1120, 1020, 120]);
  });
});

test('a CSV stream that failed before the import read it fails the import instead of hanging', async () => {
  const input = new PassThrough();
  input.destroy(new Error('the client went away'));
  await expect(importMeasureValuesCsv(ctx, input)).rejects.toThrow('the client went away');
});
