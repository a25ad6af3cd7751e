/**
 * Validation of `setTargets` rows: every row is checked and every problem collected, so
 * a refused batch reports all its bad rows at once (index, field, message).
 */
import { type Calendar, type Period, parsePeriodKey } from '../periods';
import type { ServiceContext } from './context';
import type { Definitions } from './definitions';
import { type FormulaCheck, checkAgainst } from './formula-check';
import { type ResolvedTarget, type TargetInputRow, targetKey } from './target';
import type { TeamTree } from './team-tree';
import { MAX_ABS_VALUE, type RowError } from './value-rows';

const MAX_FORMULA_TEXT = 2000;

/** A row touching a team outside the caller's scope (or the whole workspace). */
export interface ScopeViolation {
  readonly row: number;
  readonly team: string | null;
}

export interface ValidatedTargets {
  readonly resolved: ResolvedTarget[];
  readonly errors: RowError[];
  readonly outOfScope: ScopeViolation[];
}

export function validateTargetRows(ctx: ServiceContext, rows: readonly TargetInputRow[], defs: Definitions, tree: TeamTree): ValidatedTargets {
  const calendar: Calendar = { fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth };
  const scope = ctx.actor.scopeTeamId;
  const allowed = scope ? new Set(tree.subtree(scope).map((t) => t.id)) : null;
  const periods = new Map<string, ReturnType<typeof parsePeriodKey>>();
  // The same formula is often sent for many teams: check each distinct text once.
  const checks = new Map<string, FormulaCheck>();
  const seen = new Map<string, number>();
  const reportedFirst = new Set<number>();
  const resolved: ResolvedTarget[] = [];
  const errors: RowError[] = [];
  const outOfScope: ScopeViolation[] = [];

  rows.forEach((input, row) => {
    const before = errors.length;
    const bad = (field: string, message: string) => errors.push({ row, field, message });
    const clear = input.clear === true;
    const hasValue = input.value !== undefined && input.value !== null;
    const hasFormula = input.formula !== undefined && input.formula !== null;

    const kpi = defs.kpis.get(input.kpi);
    if (!kpi) bad('kpi', input.kpi === '' ? 'kpi is empty.' : `No KPI with key "${input.kpi.slice(0, 80)}" in this workspace.`);
    else if (kpi.archivedAt && !clear) bad('kpi', `KPI "${kpi.key}" is archived; it takes no new targets (clearing old ones is allowed).`);

    const teamKey = input.team ?? null;
    const team = teamKey === null ? null : tree.byKey.get(teamKey);
    if (team === undefined) bad('team', teamKey === '' ? 'team is empty; omit it (or send null) for a workspace-wide target.' : `No team with key "${teamKey!.slice(0, 80)}" in this workspace.`);
    else if (allowed && (team === null || !allowed.has(team.id))) outOfScope.push({ row, team: teamKey });

    let period = periods.get(input.period);
    if (!period) {
      period = parsePeriodKey(input.period, calendar);
      if (periods.size < 10_000) periods.set(input.period, period);
    }
    if (!period.ok) bad('period', period.error.message);

    if (clear && (hasValue || hasFormula)) bad(hasValue ? 'value' : 'formula', 'A row with clear: true removes the target; send no value or formula with it.');
    else if (!clear && hasValue === hasFormula) {
      bad(hasValue ? 'formula' : 'value', hasValue ? 'Give either a value or a formula, not both.' : 'Give a value, a formula, or clear: true.');
    }
    if (!clear && hasValue && !hasFormula) checkValue(input.value!, bad);
    if (!clear && hasFormula && !hasValue) checkFormula(input.formula!, defs, checks, bad);

    if (errors.length > before || !kpi || team === undefined || !period.ok) return;
    const p: Period = period.period;
    const key = targetKey(kpi.id, team?.id ?? null, p.key);
    const first = seen.get(key);
    if (first !== undefined) {
      const message = `(${kpi.key}, ${team ? team.key : 'workspace-wide'}, ${p.key}) appears twice in the batch: row ${first} and row ${row}.`;
      if (!reportedFirst.has(first)) {
        reportedFirst.add(first);
        errors.push({ row: first, field: 'period', message });
      }
      bad('period', message);
      return;
    }
    seen.set(key, row);
    resolved.push({
      index: row, kpiId: kpi.id, kpiKey: kpi.key, teamId: team?.id ?? null, teamKey: team?.key ?? null,
      periodKey: p.key, granularity: p.granularity,
      value: clear ? null : (input.value ?? null), formula: clear ? null : (input.formula ?? null), clear,
    });
  });
  return { resolved, errors, outOfScope };
}

function checkValue(value: number, bad: (field: string, message: string) => void): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) bad('value', `value must be a finite number, got ${String(value).slice(0, 40)}.`);
  else if (Math.abs(value) > MAX_ABS_VALUE) bad('value', `value ${value} is beyond ±1e15, the largest magnitude accepted.`);
}

function checkFormula(formula: string, defs: Definitions, checks: Map<string, FormulaCheck>, bad: (field: string, message: string) => void): void {
  if (formula.trim() === '') return bad('formula', 'formula is empty.');
  if (formula.length > MAX_FORMULA_TEXT) return bad('formula', `formula is ${formula.length} characters long; the limit is ${MAX_FORMULA_TEXT}.`);
  let check = checks.get(formula);
  if (!check) {
    // No `self`: a target formula may read its own KPI's history (`PREV_YEAR(revenue) * 1.1`).
    check = checkAgainst(defs, formula);
    checks.set(formula, check);
  }
  for (const e of check.errors) {
    bad('formula', e.position ? `${e.message} (line ${e.position.line}, column ${e.position.column})` : e.message);
  }
}
