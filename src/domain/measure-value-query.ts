/** measureValues: measures aggregated per team (with its subtree) and period, read through the loader. */
import { type Granularity, type Period, periodIndex, periodRange } from '../periods';
import { type ServiceContext, requirePermission } from './context';
import { ingestLimits } from './ingest-limits';
import type { Measure } from './measure';
import { loadMeasuresByKey } from './measure';
import { type LoadTeam, TOTAL, loadMeasureWindows } from './measure-loader';
import { Problem, notFound } from './problem';
import { loadTeamTree, resolveTeam } from './teams';

export interface MeasureValuesQuery {
  readonly measures: readonly string[];
  /** Team keys, or "TOTAL" for the whole visible workspace. */
  readonly teams: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly granularity: Granularity;
}

export interface MeasureValueCell {
  readonly measure: Measure;
  readonly team: LoadTeam;
  readonly period: Period;
  /** null: blank, nothing recorded. */
  readonly value: number | null;
}

export async function readMeasureValues(ctx: ServiceContext, q: MeasureValuesQuery): Promise<MeasureValueCell[]> {
  requirePermission(ctx, 'read');
  const calendar = { fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth };
  const range = periodRange(q.from, q.to, q.granularity, calendar);
  if (!range.ok) throw new Problem('INVALID_PERIOD', range.error.message, { field: range.error.message.startsWith('to') ? 'to' : 'from' });
  const cells = q.measures.length * q.teams.length * range.periods.length;
  if (cells > ingestLimits.maxReadCells) {
    throw new Problem('LIMIT_EXCEEDED', `${q.measures.length} measures × ${q.teams.length} teams × ${range.periods.length} periods is ${cells} values; at most ${ingestLimits.maxReadCells} can be read at once. Ask for fewer teams or periods per request.`);
  }
  const all = await loadMeasuresByKey(ctx);
  const measures = q.measures.map((key) => {
    const m = all.get(key);
    if (!m) throw notFound('measure', key.slice(0, 80));
    return m;
  });
  const tree = await loadTeamTree(ctx);
  const teams: LoadTeam[] = q.teams.map((key) => (key === TOTAL ? TOTAL : resolveTeam(ctx, tree, key, 'teams')));
  const windows = range.periods.map((p) => {
    const i = periodIndex(p, calendar);
    return { first: i, last: i };
  });
  const loaded = await loadMeasureWindows(ctx, { measures, granularity: q.granularity, windows, teams, tree });
  const out: MeasureValueCell[] = [];
  const w = windows.length;
  for (const measure of measures) {
    const values = loaded.values.get(measure.key)!;
    teams.forEach((team, t) => {
      range.periods.forEach((period, p) => {
        const v = values[t * w + p];
        out.push({ measure, team, period, value: Number.isNaN(v) ? null : v });
      });
    });
  }
  return out;
}
