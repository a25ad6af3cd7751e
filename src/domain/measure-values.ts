/**
 * Recording and deleting measure values in bulk. A batch is validated as a whole and
 * written in one transaction: every bad row is reported and nothing is written, or all
 * of it is. Writing the same (measure, team, period) again replaces the value, so a
 * batch sent twice leaves the same state.
 */
import type { EntityManager } from 'typeorm';
import { bumpValuesRevision, upsertMeasureValues, type WriteCounts } from '../db/measure-value-writer';
import { rowsOf } from '../db/sql';
import { type Granularity, granularityRank, countingStartDays, dayToIso, parsePeriodKey } from '../periods';
import type { AdjustmentInput } from './adjustments';
import { guardValueDeletion, guardValueWrites } from './closed-period-guard';
import { WrittenValues } from './alert-jobs';
import { type ServiceContext, requirePermission, transaction } from './context';
import { ingestLimits } from './ingest-limits';
import { type Measure, loadMeasuresByKey } from './measure';
import { Problem, type ProblemDetail, notFound } from './problem';
import { loadTeamTree, resolveTeam, visibleTeams } from './teams';
import { type ResolvedValue, type RowError, type ValueRowInput, ValueRowValidator, sortRowErrors } from './value-rows';

export interface ValueWriteReport {
  /** Rows in the batch. */
  readonly rows: number;
  readonly inserted: number;
  readonly updated: number;
  /** Rows whose value was already stored as sent. */
  readonly unchanged: number;
  /** The workspace's data counter after this write (for caches of evaluated results). */
  readonly valuesRevision: number;
}

/** Rows in a closed period are refused (PERIOD_CLOSED) unless the batch is sent as an `adjustment`. */
export async function recordMeasureValues(ctx: ServiceContext, rows: readonly ValueRowInput[], adjustment?: AdjustmentInput | null): Promise<ValueWriteReport> {
  requirePermission(ctx, 'ingest');
  assertBatchSize(rows.length, ROW_FIELDS.batch);
  return recordRows(ctx, rows, adjustment, ROW_FIELDS);
}

/**
 * The same batch as columns of equal length, row i being (measure[i], team[i],
 * period[i] or date[i], value[i]). Bulk clients send it for speed: a list of 50,000
 * input objects costs the GraphQL layer several times what five lists of scalars do.
 */
export interface ValueColumnsInput {
  readonly measure: readonly string[];
  readonly team: readonly string[];
  readonly period?: ReadonlyArray<string | null> | null;
  readonly date?: ReadonlyArray<string | null> | null;
  readonly value: readonly number[];
}

export async function recordMeasureValueColumns(ctx: ServiceContext, columns: ValueColumnsInput, adjustment?: AdjustmentInput | null): Promise<ValueWriteReport> {
  requirePermission(ctx, 'ingest');
  const n = columns.measure.length;
  assertBatchSize(n, COLUMN_FIELDS.batch);
  for (const name of ['team', 'period', 'date', 'value'] as const) {
    const column = columns[name];
    if (column != null && column.length !== n) {
      throw new Problem('INVALID_INPUT', `Column ${name} has ${column.length} entries but measure has ${n}; every column needs one entry per row (null where a row gives the other of period and date).`, { field: `columns.${name}` });
    }
  }
  const { measure, team, period, date, value } = columns;
  const rows: ValueRowInput[] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = { measure: measure[i], team: team[i], period: period?.[i], date: date?.[i], value: value[i] };
  return recordRows(ctx, rows, adjustment, COLUMN_FIELDS);
}

/** How a batch names one cell in errors: values[3].period, or columns.period[3]. */
export interface BatchFields {
  readonly batch: string;
  readonly cell: (row: number, field: string) => string;
}

/** A batch given as a list of row objects under the argument `batch`. */
export const rowFields = (batch: string): BatchFields => ({ batch, cell: (row, field) => `${batch}[${row}].${field}` });

const ROW_FIELDS = rowFields('values');
const COLUMN_FIELDS: BatchFields = { batch: 'columns', cell: (row, field) => `columns.${field}[${row}]` };

/** Validates and writes a batch whose caller has checked the permission and the size. */
async function recordRows(ctx: ServiceContext, rows: readonly ValueRowInput[], adjustment: AdjustmentInput | null | undefined, fields: BatchFields): Promise<ValueWriteReport> {
  return transaction(ctx, async (tx) => {
    const [measures, tree] = [await loadMeasuresByKey(ctx, tx), await loadTeamTree(ctx, tx)];
    const validator = new ValueRowValidator(ctx, measures, tree, { detectDuplicates: true, rowLabel: (i) => `row ${i}` });
    const errors: RowError[] = [];
    const resolved: ResolvedValue[] = [];
    rows.forEach((row, i) => {
      const value = validator.validate(row, i, errors);
      if (value) resolved.push(value);
    });
    if (errors.length > 0) throw rowsRefused(errors, rows.length, fields);
    await guardValueWrites(ctx, tx, resolved, measures, tree, adjustment, fields);
    return writeResolvedValues(ctx, tx, resolved);
  });
}

/** Writes validated rows in chunks inside the caller's transaction. */
export async function writeResolvedValues(ctx: ServiceContext, tx: EntityManager, rows: readonly ResolvedValue[]): Promise<ValueWriteReport> {
  const report = await writeInChunks(tx, ctx.workspace.id, rows, upsertMeasureValues);
  // Alert evaluation is queued in this transaction, so committed data is always evaluated.
  await new WrittenValues().addRows(rows).enqueue(tx, ctx.workspace.id, report);
  return report;
}

/**
 * Upserts rows (values or events) chunk by chunk in one transaction and reports what
 * changed; a write that stored anything bumps the workspace's values revision once.
 */
export async function writeInChunks<Row>(
  tx: EntityManager,
  workspaceId: string,
  rows: readonly Row[],
  upsert: (tx: EntityManager, workspaceId: string, chunk: readonly Row[]) => Promise<WriteCounts>,
): Promise<ValueWriteReport> {
  let inserted = 0;
  let updated = 0;
  for (let i = 0; i < rows.length; i += ingestLimits.writeChunkRows) {
    const counts = await upsert(tx, workspaceId, rows.slice(i, i + ingestLimits.writeChunkRows));
    inserted += counts.inserted;
    updated += counts.updated;
  }
  const valuesRevision = await valuesRevisionAfter(tx, workspaceId, rows.length);
  return { rows: rows.length, inserted, updated, unchanged: rows.length - inserted - updated, valuesRevision };
}

/** The values revision after a write that touched `rows` rows: bumped once when any were. */
export function valuesRevisionAfter(tx: EntityManager, workspaceId: string, rows: number): Promise<number> {
  return rows > 0 ? bumpValuesRevision(tx, workspaceId) : currentValuesRevision(tx, workspaceId);
}

export async function currentValuesRevision(run: EntityManager, workspaceId: string): Promise<number> {
  const rows: Array<{ values_revision: string }> = await run.query(`SELECT values_revision FROM workspaces WHERE id = $1`, [workspaceId]);
  return Number(rows[0].values_revision);
}

export function assertBatchSize(count: number, field: string): void {
  if (count > ingestLimits.maxBatchRows) {
    throw new Problem('LIMIT_EXCEEDED', `The batch has ${count} rows; the limit is ${ingestLimits.maxBatchRows} per call. Split it into several calls, or import a CSV file for larger loads.`, { field });
  }
}

/** The refusal of a batch: every bad row's index, field and reason. */
export function rowsRefused(errors: RowError[], total: number, fields: BatchFields): Problem {
  const field = fields.batch;
  const details: ProblemDetail[] = sortRowErrors(errors).map((e) => ({ index: e.row, field: fields.cell(e.row, e.field), message: e.message }));
  const badRows = new Set(errors.map((e) => e.row)).size;
  return new Problem('INVALID_INPUT', `${badRows} of ${total} rows ${badRows === 1 ? 'is' : 'are'} invalid, so nothing was written; each bad row is listed in details (0-based index).`, { field, details });
}

export interface DeleteValuesInput {
  readonly measure: string;
  /** Teams whose own values are deleted (not their subtrees); omitted: every team the key may write. */
  readonly teams?: readonly string[] | null;
  /** Period keys of any granularity; values whose period counts toward from..to are deleted. */
  readonly from: string;
  readonly to: string;
}

export async function deleteMeasureValues(ctx: ServiceContext, input: DeleteValuesInput, adjustment?: AdjustmentInput | null): Promise<{ deleted: number; valuesRevision: number }> {
  requirePermission(ctx, 'ingest');
  const calendar = { fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth };
  return transaction(ctx, async (tx) => {
    const measure = (await loadMeasuresByKey(ctx, tx)).get(input.measure);
    if (!measure) throw notFound('measure', input.measure.slice(0, 80));
    if (measure.source) throw new Problem('INVALID_INPUT', `Measure "${measure.key}" is computed from events; it has no recorded values to delete.`, { field: 'measure' });
    const range = deletionRange(measure, input.from, input.to, calendar);
    const tree = await loadTeamTree(ctx, tx);
    let teamIds: string[] | null;
    if (input.teams) {
      assertBatchSize(input.teams.length, 'teams');
      const errors: RowError[] = [];
      teamIds = [];
      input.teams.forEach((key, i) => {
        try {
          teamIds!.push(resolveTeam(ctx, tree, key).id);
        } catch (e) {
          if (!(e instanceof Problem)) throw e;
          errors.push({ row: i, field: '', message: e.code === 'FORBIDDEN' ? `Forbidden: ${e.message}` : e.message });
        }
      });
      if (errors.length > 0) {
        throw new Problem('INVALID_INPUT', `${errors.length} of ${input.teams.length} teams are unknown or out of reach, so nothing was deleted.`, {
          field: 'teams', details: errors.map((e) => ({ index: e.row, field: `teams[${e.row}]`, message: e.message })),
        });
      }
    } else {
      teamIds = ctx.actor.scopeTeamId ? visibleTeams(ctx, tree).map((t) => t.id) : null;
    }
    await guardValueDeletion(ctx, tx, measure, range, teamIds, tree, adjustment);
    const deleted = await rowsOf<{ n: number }>(tx,
      `WITH gone AS (
         DELETE FROM measure_values WHERE workspace_id = $1 AND measure_id = $2 AND period_start BETWEEN $3::date AND $4::date
            AND ($5::uuid[] IS NULL OR team_id = ANY($5::uuid[]))
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [ctx.workspace.id, measure.id, dayToIso(range.from), dayToIso(range.to), teamIds],
    );
    const n = Number(deleted[0].n);
    const valuesRevision = await valuesRevisionAfter(tx, ctx.workspace.id, n);
    return { deleted: n, valuesRevision };
  });
}

/** First days of the measure's periods that count toward from..to, by the containment rule. */
function deletionRange(measure: Measure, fromKey: string, toKey: string, calendar: { fiscalYearStartMonth: number }): { from: number; to: number } {
  const from = parsePeriodKey(fromKey, calendar);
  if (!from.ok) throw new Problem('INVALID_PERIOD', `from: ${from.error.message}`, { field: 'from' });
  const to = parsePeriodKey(toKey, calendar);
  if (!to.ok) throw new Problem('INVALID_PERIOD', `to: ${to.error.message}`, { field: 'to' });
  if (from.period.startDay > to.period.endDay) {
    throw new Problem('INVALID_PERIOD', `The range starts after it ends: ${from.period.key} is after ${to.period.key}.`, { field: 'from' });
  }
  // The finer of the two keys decides what may be cut: a month range cannot select days of a week.
  const finer: Granularity = granularityRank(from.period.granularity) <= granularityRank(to.period.granularity) ? from.period.granularity : to.period.granularity;
  const range = countingStartDays(measure.grain, from.period.startDay, to.period.endDay, finer);
  if (!range) {
    throw new Problem('INVALID_PERIOD', `Measure "${measure.key}" is recorded by ${measure.grain}, which does not fit in ${finer} periods; give from and to as ${measure.grain} periods or coarser.`, { field: 'from' });
  }
  return range;
}
