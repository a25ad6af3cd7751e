/**
 * Validation of measure value rows, shared by recordMeasureValues and the CSV import:
 * every row is checked and every problem collected (never stopping at the first), so a
 * refused batch reports all its bad rows at once.
 */
import {
  type Calendar, MAX_DAY, MIN_DAY, type Period, anchorDay, parseIsoDate, parsePeriodKey, periodOfDate,
} from '../periods';
import type { ServiceContext } from './context';
import type { Measure } from './measure';
import type { TeamTree } from './team-tree';

/** One value to write, with ids and day numbers resolved. */
export interface ResolvedValue {
  readonly measureId: string;
  readonly teamId: string;
  readonly periodStartDay: number;
  readonly anchorDay: number;
  readonly value: number;
}

/** A bad field of a row; `row` is the 0-based index in a batch or the 1-based CSV line. */
export interface RowError {
  readonly row: number;
  readonly field: string;
  readonly message: string;
}

export interface ValueRowInput {
  readonly measure: string;
  readonly team: string;
  readonly period?: string | null;
  readonly date?: string | null;
  /** A number from JSON, or the text of a CSV cell. */
  readonly value: number | string;
}

/** Values beyond this are almost surely unit mistakes, and lose integer precision. */
export const MAX_ABS_VALUE = 1e15;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DAY_SPAN = MAX_DAY - MIN_DAY + 1;

type PeriodLookup = { ok: true; period: Period } | { ok: false; message: string };

export class ValueRowValidator {
  private readonly calendar: Calendar;
  private readonly periodCache = new Map<string, PeriodLookup>();
  private readonly dateCache = new Map<string, PeriodLookup>();
  private readonly measureIndex = new Map<string, number>();
  private readonly teamIndex = new Map<string, number>();
  private readonly allowedTeams: Set<string> | null;
  private readonly scopeKey: string | undefined;
  /** Natural key → first row seen; packed into one number when the ids fit. */
  private readonly seen: Map<number | string, number> | null;
  private readonly reportedDuplicate = new Set<number>();
  private readonly packable: boolean;
  private readonly rowLabel: (row: number) => string;

  constructor(
    ctx: ServiceContext,
    private readonly measures: ReadonlyMap<string, Measure>,
    private readonly tree: TeamTree,
    options: { detectDuplicates: boolean; rowLabel: (row: number) => string },
  ) {
    this.calendar = { fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth };
    let i = 0;
    for (const m of measures.values()) this.measureIndex.set(m.id, i++);
    tree.nodes.forEach((t, j) => this.teamIndex.set(t.id, j));
    const scope = ctx.actor.scopeTeamId;
    this.allowedTeams = scope ? new Set(tree.subtree(scope).map((t) => t.id)) : null;
    this.scopeKey = scope ? tree.byId.get(scope)?.key : undefined;
    this.seen = options.detectDuplicates ? new Map() : null;
    this.packable = measures.size * Math.max(1, tree.nodes.length) * DAY_SPAN < Number.MAX_SAFE_INTEGER;
    this.rowLabel = options.rowLabel;
  }

  /** The resolved value, or null after pushing every problem of the row into `errors`. */
  validate(input: ValueRowInput, row: number, errors: RowError[]): ResolvedValue | null {
    const before = errors.length;
    const bad = (field: string, message: string) => errors.push({ row, field, message });

    const measure = this.measures.get(input.measure);
    if (!measure) bad('measure', input.measure === '' ? 'measure is empty.' : `No measure with key "${input.measure.slice(0, 80)}" in this workspace.`);
    else if (measure.archivedAt) bad('measure', `Measure "${measure.key}" is archived; it takes no new values.`);
    else if (measure.source) bad('measure', `Measure "${measure.key}" is computed from events; record events instead of values.`);

    const team = this.tree.byKey.get(input.team);
    if (!team) bad('team', input.team === '' ? 'team is empty.' : `No team with key "${input.team.slice(0, 80)}" in this workspace.`);
    else if (this.allowedTeams && !this.allowedTeams.has(team.id)) {
      bad('team', `Forbidden: this API key is limited to the subtree of team "${this.scopeKey}"; team "${team.key}" is outside it.`);
    }

    const period = this.periodOf(input, measure, bad);
    const value = this.valueOf(input.value, bad);
    if (errors.length > before || !measure || !team || !period || value === null) return null;

    if (this.seen) {
      const key = this.packable
        ? (this.measureIndex.get(measure.id)! * this.tree.nodes.length + this.teamIndex.get(team.id)!) * DAY_SPAN + (period.startDay - MIN_DAY)
        : `${measure.id}|${team.id}|${period.startDay}`;
      const first = this.seen.get(key);
      if (first !== undefined) {
        const what = `(${measure.key}, ${team.key}, ${period.key})`;
        if (!this.reportedDuplicate.has(first)) {
          this.reportedDuplicate.add(first);
          errors.push({ row: first, field: 'period', message: `${what} appears twice in the batch: ${this.rowLabel(first)} and ${this.rowLabel(row)}.` });
        }
        bad('period', `${what} appears twice in the batch: ${this.rowLabel(first)} and ${this.rowLabel(row)}.`);
        return null;
      }
      this.seen.set(key, row);
    }
    return { measureId: measure.id, teamId: team.id, periodStartDay: period.startDay, anchorDay: anchorDay(period), value };
  }

  private periodOf(input: ValueRowInput, measure: Measure | undefined, bad: (field: string, message: string) => void): Period | null {
    const hasPeriod = input.period != null && input.period !== '';
    const hasDate = input.date != null && input.date !== '';
    if (hasPeriod === hasDate) {
      bad(hasPeriod ? 'date' : 'period', hasPeriod ? 'Give either period or date, not both.' : 'Give a period key (such as 2025-03) or a date (YYYY-MM-DD).');
      return null;
    }
    if (hasPeriod) {
      const found = this.lookup(this.periodCache, input.period!, () => {
        const r = parsePeriodKey(input.period, this.calendar);
        return r.ok ? { ok: true, period: r.period } : { ok: false, message: r.error.message };
      });
      if (!found.ok) return bad('period', found.message), null;
      if (measure && found.period.granularity !== measure.grain) {
        bad('period', `Measure "${measure.key}" is recorded by ${measure.grain}; ${found.period.key} is a ${found.period.granularity} period. Send ${measure.grain} periods (or a date, which is turned into its ${measure.grain}).`);
        return null;
      }
      return found.period;
    }
    if (!measure) {
      const parsed = parseIsoDate(input.date);
      if (!parsed.ok) bad('date', parsed.error.message);
      return null;
    }
    const found = this.lookup(this.dateCache, `${measure.grain}|${input.date}`, () => {
      const r = parseIsoDate(input.date);
      return r.ok ? { ok: true, period: periodOfDate(r.day, measure.grain, this.calendar) } : { ok: false, message: r.error.message };
    });
    if (!found.ok) return bad('date', found.message), null;
    return found.period;
  }

  private lookup(cache: Map<string, PeriodLookup>, key: string, compute: () => PeriodLookup): PeriodLookup {
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = compute();
      // Bounded: a file with millions of distinct dates must not grow the cache forever.
      if (cache.size < 100_000) cache.set(key, hit);
    }
    return hit;
  }

  private valueOf(raw: number | string, bad: (field: string, message: string) => void): number | null {
    let value: number;
    if (typeof raw === 'string') {
      const text = raw.trim();
      if (text === '') return bad('value', 'value is empty.'), null;
      if (!NUMBER_TEXT.test(text)) return bad('value', `value "${text.slice(0, 40)}" is not a number (write digits with "." as the decimal point, such as 1234.5).`), null;
      value = Number(text);
    } else {
      value = raw;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) return bad('value', `value must be a finite number, got ${String(raw).slice(0, 40)}.`), null;
    if (Math.abs(value) > MAX_ABS_VALUE) return bad('value', `value ${value} is beyond ±1e15, the largest magnitude accepted.`), null;
    return value;
  }
}

/** Every row error as the problem details of a refused batch, in row order. */
export function sortRowErrors(errors: RowError[]): RowError[] {
  return errors.sort((a, b) => a.row - b.row);
}
