/**
 * The check every ingestion path runs before writing: rows that fall in a closed period
 * are refused with PERIOD_CLOSED, unless the write is an explicit adjustment, which is
 * written and logged (adjustments.ts). One query loads the closed ranges; rows are
 * checked in memory; only the rows in closed periods cost a look-up of their old value.
 */
import type { EntityManager } from 'typeorm';
import type { ResolvedEvent } from '../db/event-writer';
import type { ValueColumns } from '../db/measure-value-writer';
import { type Calendar, type DayNumber, countingStartDays, dayToIso, periodOfDate } from '../periods';
import { type AdjustmentInput, type AdjustmentRow, type AdjustmentSource, adjustmentReason, logAdjustments } from './adjustments';
import { type ClosedHit, type ClosedPeriods, loadClosedPeriods, periodClosed } from './closed-periods';
import type { ServiceContext } from './context';
import type { Measure } from './measure';
import type { BatchFields } from './measure-values';
import type { TeamTree } from './team-tree';
import type { ResolvedValue } from './value-rows';

const calendarOf = (ctx: ServiceContext): Calendar => ({ fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth });
const byId = (measures: ReadonlyMap<string, Measure>) => new Map([...measures.values()].map((m) => [m.id, m]));

/** recordMeasureValues: row i of `rows` is row i of the batch. */
export async function guardValueWrites(
  ctx: ServiceContext, tx: EntityManager, rows: readonly ResolvedValue[], measures: ReadonlyMap<string, Measure>, tree: TeamTree,
  adjustment: AdjustmentInput | null | undefined, fields: BatchFields,
): Promise<void> {
  const reason = adjustmentReason(adjustment);
  const closed = await loadClosedPeriods(ctx, tx);
  if (closed.isEmpty) return;
  const hits = valueHits(ctx, closed, rows, byId(measures), tree);
  if (hits.length === 0) return;
  if (reason === null) throw periodClosed(hits.map((h) => ({ ...h.hit, index: h.row, field: fields.cell(h.row, 'period') })), fields.batch, rows.length);
  await logValueAdjustments(ctx, tx, reason, 'VALUES', hits);
}

interface ValueHit {
  readonly row: number;
  readonly value: ResolvedValue;
  readonly measure: Measure;
  readonly teamKey: string;
  readonly periodKey: string;
  readonly hit: Omit<ClosedHit, 'field'>;
}

function valueHits(ctx: ServiceContext, closed: ClosedPeriods, rows: readonly ResolvedValue[], measures: ReadonlyMap<string, Measure>, tree: TeamTree): ValueHit[] {
  const hits: ValueHit[] = [];
  rows.forEach((value, row) => {
    const measure = measures.get(value.measureId)!;
    const inside = closed.containing(measure.grain, value.periodStartDay);
    if (!inside) return;
    const periodKey = periodOfDate(value.periodStartDay, measure.grain, calendarOf(ctx)).key;
    const teamKey = tree.byId.get(value.teamId)!.key;
    hits.push({ row, value, measure, teamKey, periodKey, hit: { what: `(${measure.key}, ${teamKey}, ${periodKey})`, closed: inside } });
  });
  return hits;
}

/** Reads the stored values the hits replace (one query) and logs the ones that change. */
async function logValueAdjustments(ctx: ServiceContext, tx: EntityManager, reason: string, source: AdjustmentSource, hits: readonly ValueHit[]): Promise<void> {
  const old: Array<{ measure_id: string; team_id: string; period_start: string; value: number }> = await tx.query(
    `SELECT mv.measure_id, mv.team_id, mv.period_start::text AS period_start, mv.value
       FROM unnest($2::uuid[], $3::uuid[], $4::date[]) AS k(measure_id, team_id, period_start)
       JOIN measure_values mv ON mv.workspace_id = $1 AND mv.measure_id = k.measure_id AND mv.team_id = k.team_id AND mv.period_start = k.period_start`,
    [ctx.workspace.id, hits.map((h) => h.value.measureId), hits.map((h) => h.value.teamId), hits.map((h) => dayToIso(h.value.periodStartDay))],
  );
  const stored = new Map(old.map((r) => [`${r.measure_id}|${r.team_id}|${r.period_start}`, Number(r.value)]));
  const rows: AdjustmentRow[] = [];
  for (const h of hits) {
    const before = stored.get(`${h.value.measureId}|${h.value.teamId}|${dayToIso(h.value.periodStartDay)}`) ?? null;
    // Re-sending the stored value changes nothing, so it is no adjustment.
    if (before === h.value.value) continue;
    rows.push({
      source, measureKey: h.measure.key, eventType: null, teamId: h.value.teamId, teamKey: h.teamKey, grain: h.measure.grain,
      periodKey: h.periodKey, periodStartDay: h.value.periodStartDay, oldValue: before, newValue: h.value.value,
    });
  }
  await logAdjustments(ctx, tx, reason, rows);
}

/** deleteMeasureValues: the stored values in `range` (first days at the measure's grain) that lie in closed periods. */
export async function guardValueDeletion(
  ctx: ServiceContext, tx: EntityManager, measure: Measure, range: { from: DayNumber; to: DayNumber }, teamIds: readonly string[] | null, tree: TeamTree,
  adjustment: AdjustmentInput | null | undefined,
): Promise<void> {
  const reason = adjustmentReason(adjustment);
  const closed = await loadClosedPeriods(ctx, tx);
  const reach = closed.periods
    .map((c) => countingStartDays(measure.grain, c.startDay, c.endDay, c.granularity))
    .filter((r): r is { from: number; to: number } => r !== null && r.from <= range.to && r.to >= range.from);
  if (reach.length === 0) return;
  const from = Math.max(range.from, Math.min(...reach.map((r) => r.from)));
  const to = Math.min(range.to, Math.max(...reach.map((r) => r.to)));
  const stored: Array<{ team_id: string; period_start: string; value: number }> = await tx.query(
    `SELECT team_id, period_start::text AS period_start, value FROM measure_values
      WHERE workspace_id = $1 AND measure_id = $2 AND period_start BETWEEN $3::date AND $4::date AND ($5::uuid[] IS NULL OR team_id = ANY($5::uuid[]))
      ORDER BY period_start, team_id`,
    [ctx.workspace.id, measure.id, dayToIso(from), dayToIso(to), teamIds],
  );
  const values: ResolvedValue[] = stored.map((r) => {
    const day = periodOfDate(r.period_start, measure.grain, calendarOf(ctx));
    return { measureId: measure.id, teamId: r.team_id, periodStartDay: day.startDay, anchorDay: day.startDay, value: Number(r.value) };
  });
  const hits = valueHits(ctx, closed, values, new Map([[measure.id, measure]]), tree);
  if (hits.length === 0) return;
  if (reason === null) throw periodClosed(hits.map((h) => ({ ...h.hit, field: 'input' })), 'input');
  await logAdjustments(ctx, tx, reason, hits.map((h) => ({
    source: 'DELETE', measureKey: measure.key, eventType: null, teamId: h.value.teamId, teamKey: h.teamKey, grain: measure.grain,
    periodKey: h.periodKey, periodStartDay: h.value.periodStartDay, oldValue: h.value.value, newValue: null,
  })));
}

/** recordEvents: an event is in a closed period when its local date is. */
export async function guardEventWrites(
  ctx: ServiceContext, tx: EntityManager, events: readonly ResolvedEvent[], tree: TeamTree, adjustment: AdjustmentInput | null | undefined,
): Promise<void> {
  const reason = adjustmentReason(adjustment);
  const closed = await loadClosedPeriods(ctx, tx);
  if (closed.isEmpty) return;
  const hits: ClosedHit[] = [];
  const rows: AdjustmentRow[] = [];
  events.forEach((e, index) => {
    const inside = closed.containing('DAY', e.localDay);
    if (!inside) return;
    const team = tree.byId.get(e.teamId)!.key;
    const day = dayToIso(e.localDay);
    hits.push({ index, field: `events[${index}].time`, what: `Event ${e.type} of team ${team} on ${day}`, closed: inside });
    rows.push({
      source: 'EVENTS', measureKey: null, eventType: e.type, teamId: e.teamId, teamKey: team, grain: 'DAY', periodKey: day, periodStartDay: e.localDay,
      oldValue: null, newValue: null, detail: { id: e.externalId, time: e.time, numbers: JSON.parse(e.numbers), strings: JSON.parse(e.strings) },
    });
  });
  if (hits.length === 0) return;
  if (reason === null) throw periodClosed(hits, 'events', events.length);
  await logAdjustments(ctx, tx, reason, rows);
}

/**
 * The CSV import checks twice: while the file is scanned (outside any transaction, so
 * every offending line is named), and chunk by chunk inside the write, against the
 * closed periods read under the close lock; there it logs adjustments, or refuses a
 * file whose period was closed while it was being checked.
 */
export class CsvClosedPeriodCheck {
  private readonly hits: ClosedHit[] = [];
  private lines = 0;
  private locked: ClosedPeriods | null = null;
  private readonly measuresById: ReadonlyMap<string, Measure>;

  private constructor(
    private readonly ctx: ServiceContext,
    private readonly closed: ClosedPeriods,
    measures: ReadonlyMap<string, Measure>,
    private readonly tree: TeamTree,
    private readonly reason: string | null,
  ) {
    this.measuresById = byId(measures);
  }

  static async start(ctx: ServiceContext, measures: ReadonlyMap<string, Measure>, tree: TeamTree, adjustment: AdjustmentInput | null | undefined): Promise<CsvClosedPeriodCheck> {
    const reason = adjustmentReason(adjustment);
    return new CsvClosedPeriodCheck(ctx, await loadClosedPeriods(ctx), measures, tree, reason);
  }

  /** Passes a validated value through, noting its line when it falls in a closed period. */
  check(value: ResolvedValue | null, line: number): ResolvedValue | null {
    if (value === null) return null;
    this.lines++;
    if (this.reason === null && !this.closed.isEmpty) {
      const [hit] = valueHits(this.ctx, this.closed, [value], this.measuresById, this.tree);
      if (hit) this.hits.push({ ...hit.hit, field: `line ${line}: period` });
    }
    return value;
  }

  throwIfAny(): void {
    if (this.hits.length > 0) throw periodClosed(this.hits, 'csv', this.lines);
  }

  /** Inside the write transaction, before each chunk is written. */
  async beforeChunk(tx: EntityManager, chunk: ValueColumns): Promise<void> {
    this.locked ??= await loadClosedPeriods(this.ctx, tx);
    if (this.locked.isEmpty) return;
    // Rows become objects only when they fall in a closed period: most chunks of a big file have none.
    const inside: ResolvedValue[] = [];
    for (let i = 0; i < chunk.measure.length; i++) {
      const measureId = chunk.measureIds[chunk.measure[i] - 1];
      if (!this.locked.containing(this.measuresById.get(measureId)!.grain, chunk.periodStart[i])) continue;
      inside.push({ measureId, teamId: chunk.teamIds[chunk.team[i] - 1], periodStartDay: chunk.periodStart[i], anchorDay: chunk.anchor[i], value: chunk.value[i] });
    }
    const hits = valueHits(this.ctx, this.locked, inside, this.measuresById, this.tree);
    if (hits.length === 0) return;
    if (this.reason === null) {
      throw periodClosed(hits.map((h) => ({ ...h.hit, field: 'csv', what: `${h.hit.what} (closed while the file was being checked)` })), 'csv', chunk.measure.length);
    }
    await logValueAdjustments(this.ctx, tx, this.reason, 'CSV', hits);
  }
}
