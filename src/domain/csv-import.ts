/**
 * CSV import of measure values, for loads too big for one batch (a million rows).
 * The file is streamed once, with bounded memory: every line is validated (keeping only
 * the set of natural keys, to find duplicates) and bad lines are reported by number;
 * the validated values go to a temporary file (value-spool.ts). Only a clean file is
 * then written, from that spool, in chunks inside one transaction: a file is imported
 * whole or not at all.
 *
 * Long form:  measure,team,period,value   (or date instead of period)
 * Wide form:  team,period,<measure>,<measure>…   (an empty cell is no value)
 */
import { type Readable, pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { EntityManager } from 'typeorm';
import { upsertMeasureValueColumns } from '../db/measure-value-writer';
import type { AdjustmentInput } from './adjustments';
import { CsvClosedPeriodCheck } from './closed-period-guard';
import { WrittenValues } from './alert-jobs';
import { type ServiceContext, requirePermission, transaction } from './context';
import { ingestLimits } from './ingest-limits';
import { type Measure, loadMeasuresByKey } from './measure';
import { type ValueWriteReport, valuesRevisionAfter } from './measure-values';
import { Problem } from './problem';
import { loadTeamTree } from './teams';
import { type ResolvedValue, type RowError, type ValueRowInput, ValueRowValidator } from './value-rows';
import { ValueSpool } from './value-spool';

export interface CsvLineError {
  /** 1-based; the header is line 1. */
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

/** A refused file: the first bad lines and how many problems there were in all. */
export class CsvRejected extends Problem {
  constructor(readonly lines: readonly CsvLineError[], readonly errorCount: number, readonly badLines: number) {
    super(
      'INVALID_INPUT',
      badLines === 0
        ? `The CSV file is not valid: ${lines[0]?.message ?? 'unknown problem'}; nothing was imported.`
        : `${badLines} line${badLines === 1 ? '' : 's'} of the CSV file ${badLines === 1 ? 'is' : 'are'} invalid (${errorCount} problem${errorCount === 1 ? '' : 's'}${errorCount > lines.length ? `, the first ${lines.length} listed` : ''}), so nothing was imported.`,
      { details: lines.map((e) => ({ field: `line ${e.line}: ${e.field}`, message: e.message })) },
    );
  }
}

type Layout =
  | { readonly kind: 'long'; readonly measure: number; readonly team: number; readonly period: number; readonly date: number; readonly value: number }
  | { readonly kind: 'wide'; readonly team: number; readonly period: number; readonly date: number; readonly measures: ReadonlyArray<{ column: number; key: string }> };

/**
 * Imports a CSV stream read once; see the file comment for the format and the guarantees.
 * Lines in a closed period refuse the file (PERIOD_CLOSED) unless it is sent as an `adjustment`.
 */
export async function importMeasureValuesCsv(ctx: ServiceContext, csv: Readable, adjustment?: AdjustmentInput | null): Promise<ValueWriteReport> {
  requirePermission(ctx, 'ingest');
  // An input error before scan() starts reading is not lost: pipeline() reports it there.
  csv.on('error', () => undefined);
  const spool = new ValueSpool();
  try {
    // Step 1: parse and validate everything, writing nothing to the database.
    const measures = await loadMeasuresByKey(ctx);
    const tree = await loadTeamTree(ctx);
    const validator = new ValueRowValidator(ctx, measures, tree, { detectDuplicates: true, rowLabel: (line) => `line ${line}` });
    const errors = new ErrorCollector();
    const grains = new Map([...measures.values()].map((m) => [m.id, m.grain]));
    const closed = await CsvClosedPeriodCheck.start(ctx, measures, tree, adjustment);
    await scan(csv, measures, errors, (row, line, out) => closed.check(validator.validate(row, line, out), line), (value) => spool.append(value));
    errors.throwIfAny();
    closed.throwIfAny();
    await spool.finish();
    // Step 2: the file is clean; write it in one transaction, in chunks.
    return await transaction(ctx, async (tx) => {
      await assertStillWritable(ctx, tx, spool, grains);
      let inserted = 0;
      let updated = 0;
      const written = new WrittenValues();
      for await (const chunk of spool.chunks(ingestLimits.writeChunkRows)) {
        written.addColumns(chunk);
        await closed.beforeChunk(tx, chunk);
        const counts = await upsertMeasureValueColumns(tx, ctx.workspace.id, chunk);
        inserted += counts.inserted;
        updated += counts.updated;
      }
      const rows = spool.count;
      await written.enqueue(tx, ctx.workspace.id, { inserted, updated });
      const valuesRevision = await valuesRevisionAfter(tx, ctx.workspace.id, rows);
      return { rows, inserted, updated, unchanged: rows - inserted - updated, valuesRevision };
    });
  } finally {
    await spool.discard();
  }
}

/** Definitions read again inside the write: a measure archived or re-grained meanwhile refuses the file. */
async function assertStillWritable(ctx: ServiceContext, tx: EntityManager, spool: ValueSpool, grains: ReadonlyMap<string, string>): Promise<void> {
  const now = new Map([...(await loadMeasuresByKey(ctx, tx)).values()].map((m) => [m.id, m]));
  const changed = spool.measureIds.values.map((id) => now.get(id)!).filter((m) => m.archivedAt || m.source || m.grain !== grains.get(m.id));
  if (changed.length > 0) {
    throw new CsvRejected([{ line: 0, field: 'measure', message: `Measure${changed.length > 1 ? 's' : ''} ${changed.map((m) => m.key).join(', ')} changed while the file was being checked; send it again.` }], 1, 0);
  }
  const scope = ctx.actor.scopeTeamId;
  if (scope) {
    const allowed = new Set((await loadTeamTree(ctx, tx)).subtree(scope).map((t) => t.id));
    if (spool.teamIds.values.some((id) => !allowed.has(id))) {
      throw new CsvRejected([{ line: 0, field: 'team', message: 'A team of the file was moved out of this key\'s subtree while the file was being checked; send it again.' }], 1, 0);
    }
  }
}

type Validate = (row: ValueRowInput, line: number, out: RowError[]) => ResolvedValue | null;

/**
 * Streams the file once: header, then every value cell through `validate`; clean values
 * go to `accept` while the file has no error. Line numbers are counted here rather than
 * taken from the parser's per-record info, which measured half of the parsing time.
 */
async function scan(csv: Readable, measures: ReadonlyMap<string, Measure>, errors: ErrorCollector, validate: Validate, accept: (value: ResolvedValue) => Promise<void>): Promise<void> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false, trim: true, max_record_size: 1_000_000 });
  // pipeline passes on an error of the input, even one raised before this point (an upload
  // over its size limit while definitions were loading), so the loop below never hangs.
  pipeline(csv, parser, () => undefined);
  let layout: Layout | null = null;
  let width = 0;
  let nextLine = 1;
  const rowErrors: RowError[] = [];
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = nextLine;
      nextLine += 1 + embeddedNewlines(record);
      if (record.length === 1 && record[0] === '') continue; // an empty line
      if (layout === null) {
        layout = readHeader(record, measures, errors);
        width = record.length;
        if (errors.count > 0) return;
        continue;
      }
      if (record.length !== width) {
        errors.add({ row: line, field: 'line', message: `The line has ${record.length} fields; the header has ${width}.` });
        continue;
      }
      const date = layout.date >= 0 ? record[layout.date] : undefined;
      const period = layout.period >= 0 ? record[layout.period] : undefined;
      const team = record[layout.team];
      if (layout.kind === 'long') {
        await check({ measure: record[layout.measure], team, period, date, value: record[layout.value] }, line);
      } else {
        for (const m of layout.measures) {
          if (record[m.column] !== '') await check({ measure: m.key, team, period, date, value: record[m.column] }, line);
        }
      }
    }
    if (layout === null) errors.add({ row: 1, field: 'header', message: 'The file is empty; expected a header such as measure,team,period,value.' });
  } catch (error) {
    // Every parser error is a CsvError; their codes do not all start with CSV_ (INVALID_OPENING_QUOTE).
    if (error instanceof CsvError) {
      errors.add({ row: typeof error.lines === 'number' ? error.lines : nextLine, field: 'csv', message: `The file is not valid CSV: ${error.message}` });
      return;
    }
    throw error;
  } finally {
    parser.destroy();
  }

  async function check(row: ValueRowInput, line: number): Promise<void> {
    rowErrors.length = 0;
    const value = validate(row, line, rowErrors);
    if (value === null) for (const e of rowErrors) errors.add(e);
    else if (errors.count === 0) await accept(value);
  }
}

/** Line breaks inside quoted fields, so the next record's line number stays right. */
function embeddedNewlines(record: string[]): number {
  let n = 0;
  for (const field of record) {
    for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) n++;
  }
  return n;
}

const LONG_COLUMNS = ['measure', 'team', 'period', 'date', 'value'];

function readHeader(header: string[], measures: ReadonlyMap<string, Measure>, errors: ErrorCollector): Layout {
  const names = header.map((h) => h.trim());
  const at = (name: string) => names.findIndex((n) => n.toLowerCase() === name);
  const bad = (message: string) => errors.add({ row: 1, field: 'header', message });
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n.toLowerCase())) bad(`Column "${n.slice(0, 80)}" appears twice in the header.`);
    seen.add(n.toLowerCase());
  }
  const team = at('team');
  const period = at('period');
  const date = at('date');
  if (team < 0) bad('The header has no "team" column.');
  if ((period < 0) === (date < 0)) bad('The header needs exactly one of the columns "period" or "date".');
  if (at('measure') >= 0 || at('value') >= 0) {
    const measure = at('measure');
    const value = at('value');
    if (measure < 0 || value < 0) bad('A long-form file has the columns measure,team,period,value (or date instead of period).');
    const extra = names.filter((n) => !LONG_COLUMNS.includes(n.toLowerCase()));
    if (extra.length > 0) bad(`Unexpected column${extra.length > 1 ? 's' : ''} ${extra.map((n) => `"${n.slice(0, 80)}"`).join(', ')} in a long-form file (measure,team,period,value).`);
    return { kind: 'long', measure, team, period, date, value };
  }
  const measureColumns = names.map((key, column) => ({ column, key })).filter((c) => c.column !== team && c.column !== period && c.column !== date);
  if (measureColumns.length === 0) bad('The header names no measure: use measure,team,period,value, or team,period followed by one column per measure.');
  for (const c of measureColumns) {
    if (!measures.has(c.key)) bad(`Column "${c.key.slice(0, 80)}" is not a measure of this workspace (wide form: team,period,<measure>,<measure>…).`);
  }
  return { kind: 'wide', team, period, date, measures: measureColumns };
}

/** Keeps the first problems for the report and counts them all, and the lines they are on. */
class ErrorCollector {
  readonly listed: CsvLineError[] = [];
  count = 0;
  private readonly lines = new Set<number>();
  private badLineCount = 0;

  add(e: RowError): void {
    this.count++;
    if (!this.lines.has(e.row)) {
      this.badLineCount++;
      // Only recent lines are remembered: a line's problems arrive together.
      if (this.lines.size > 1000) this.lines.clear();
      this.lines.add(e.row);
    }
    if (this.listed.length < ingestLimits.maxReportedErrors) this.listed.push({ line: e.row, field: e.field, message: e.message });
  }

  throwIfAny(): void {
    if (this.count === 0) return;
    const onlyHeaderOrSyntax = this.listed.every((e) => e.field === 'header' || e.field === 'csv');
    throw new CsvRejected([...this.listed].sort((a, b) => a.line - b.line), this.count, onlyHeaderOrSyntax ? 0 : this.badLineCount);
  }
}
