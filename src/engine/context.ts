/**
 * Evaluation contexts: how time and team functions move the window a sub-expression
 * reads. The engine stays independent of calendars: it only records the operations;
 * the data layer resolves them into concrete date ranges with `src/periods`.
 */

/**
 * One time operation, applied to a window of periods at the grid's granularity.
 * A window starts as [p, p] for the requested period p; operations apply outermost
 * function first, each transforming the window the outer one produced:
 *   PREV(YTD(x)) = [SHIFT 1, TO_DATE YEAR]: [p-1, p-1] -> [start of year(p-1), p-1]
 *   YTD(PREV(x)) = [TO_DATE YEAR, SHIFT 1]: [soy(p), p] -> [soy(p)-1, p-1]
 */
export type TimeOp =
  /** PREV(x, n): both ends move n periods back. */
  | { readonly kind: 'SHIFT'; readonly periods: number }
  /** PREV_YEAR(x): both ends move to the same period one year earlier. */
  | { readonly kind: 'SHIFT_YEAR'; readonly years: number }
  /** YTD / QTD: the start moves back to the start of the (fiscal) year / quarter holding it. */
  | { readonly kind: 'TO_DATE'; readonly unit: 'YEAR' | 'QUARTER' }
  /** ROLLING(x, n): the start moves back n - 1 periods. */
  | { readonly kind: 'WIDEN'; readonly periods: number };

/** Which team a sub-expression reads, relative to the grid's row team. */
export type TeamContext =
  | { readonly kind: 'SELF' }
  /** PARENT(x), PARENT(PARENT(x)) …: the ancestor `levels` up; blank above a root. */
  | { readonly kind: 'ANCESTOR'; readonly levels: number }
  /** TOTAL(x): the whole visible workspace (all roots, or a scoped key's root). */
  | { readonly kind: 'TOTAL' }
  /** PARENT(TOTAL(x)): above the top, always blank. */
  | { readonly kind: 'NONE' };

/** Where a sub-expression is evaluated: time operations (outermost first) and team. */
export interface EvalContext {
  readonly time: readonly TimeOp[];
  readonly team: TeamContext;
}

export const ROOT_CONTEXT: EvalContext = Object.freeze({ time: Object.freeze([]), team: Object.freeze({ kind: 'SELF' }) });

/**
 * The context inside a time function: its operation appended (it applies after the outer
 * ones, see TimeOp). Identities are dropped and consecutive shifts merged, so equal
 * windows get equal keys and share one input column (`PREV(PREV(x))` = `PREV(x, 2)`).
 */
export function withTimeOp(context: EvalContext, op: TimeOp): EvalContext {
  if ((op.kind === 'SHIFT' || op.kind === 'WIDEN') && op.periods === (op.kind === 'SHIFT' ? 0 : 1)) return context;
  if (op.kind === 'SHIFT_YEAR' && op.years === 0) return context;
  const last = context.time[context.time.length - 1];
  const rest = context.time.slice(0, -1);
  if (last?.kind === 'SHIFT' && op.kind === 'SHIFT') {
    return { ...context, time: [...rest, { kind: 'SHIFT', periods: last.periods + op.periods }] };
  }
  if (last?.kind === 'SHIFT_YEAR' && op.kind === 'SHIFT_YEAR') {
    return { ...context, time: [...rest, { kind: 'SHIFT_YEAR', years: last.years + op.years }] };
  }
  // YTD(YTD(x)): the start of the year holding the start of the year is the same start.
  if (last?.kind === 'TO_DATE' && op.kind === 'TO_DATE' && last.unit === op.unit) return context;
  return { ...context, time: [...context.time, op] };
}

/**
 * The team context inside PARENT or TOTAL. A team context is also the composition of the
 * team functions around a point, applied inner one first: PARENT(TOTAL(x)) is the parent
 * of the whole workspace, NONE; TOTAL(PARENT(x)) is still the whole workspace.
 * `outer` is the context so far, `fn` the function met next (inside it).
 */
export function withTeamFunction(context: EvalContext, fn: 'PARENT' | 'TOTAL'): EvalContext {
  const inner: TeamContext = fn === 'PARENT' ? { kind: 'ANCESTOR', levels: 1 } : { kind: 'TOTAL' };
  return { ...context, team: composeTeam(context.team, inner) };
}

/** outer ∘ inner, where a context stands for what it does to the row team. */
export function composeTeam(outer: TeamContext, inner: TeamContext): TeamContext {
  if (outer.kind === 'NONE' || inner.kind === 'NONE') return { kind: 'NONE' };
  if (outer.kind === 'SELF') return inner;
  if (outer.kind === 'TOTAL') return { kind: 'TOTAL' };
  // outer is ANCESTOR n: it moves whatever inner reaches n levels further up.
  if (inner.kind === 'SELF') return outer;
  if (inner.kind === 'ANCESTOR') return { kind: 'ANCESTOR', levels: outer.levels + inner.levels };
  return { kind: 'NONE' };
}

export function formatTimeOp(op: TimeOp): string {
  switch (op.kind) {
    case 'SHIFT':
      return `SHIFT(${op.periods})`;
    case 'SHIFT_YEAR':
      return `SHIFT_YEAR(${op.years})`;
    case 'TO_DATE':
      return `TO_DATE(${op.unit})`;
    case 'WIDEN':
      return `WIDEN(${op.periods})`;
  }
}

export function formatTeamContext(team: TeamContext): string {
  return team.kind === 'ANCESTOR' ? `ANCESTOR(${team.levels})` : team.kind;
}

/** A stable key for a context: '' for the root, else `@ops` and/or `#team`. */
export function contextKey(context: EvalContext): string {
  const time = context.time.length > 0 ? `@${context.time.map(formatTimeOp).join('.')}` : '';
  const team = context.team.kind === 'SELF' ? '' : `#${formatTeamContext(context.team)}`;
  return time + team;
}

/** The id of an input column: measure key plus context key (`won_deals@TO_DATE(YEAR)`). */
export function inputId(measure: string, context: EvalContext): string {
  return measure + contextKey(context);
}

/** Words for a person: "year to date, previous period, parent team". Empty for the root. */
export function describeContext(context: EvalContext): string {
  const parts = context.time.map((op) => {
    switch (op.kind) {
      case 'SHIFT':
        return op.periods === 1 ? 'previous period' : `${op.periods} periods back`;
      case 'SHIFT_YEAR':
        return op.years === 1 ? 'same period last year' : `same period ${op.years} years back`;
      case 'TO_DATE':
        return op.unit === 'YEAR' ? 'year to date' : 'quarter to date';
      case 'WIDEN':
        return `last ${op.periods} periods`;
    }
  });
  const team = context.team;
  if (team.kind === 'ANCESTOR') parts.push(team.levels === 1 ? 'parent team' : `team ${team.levels} levels up`);
  if (team.kind === 'TOTAL') parts.push('whole workspace');
  if (team.kind === 'NONE') parts.push('above the top team (blank)');
  return parts.join(', ');
}

/**
 * How many periods before the requested one a window reaches, at a granularity with at
 * most `periodsPerYear` periods in a year (12 months, 53 ISO weeks, 366 days, 4 quarters…).
 * Exact for shifts and widening, worst case for to-date windows.
 */
export function timeReach(time: readonly TimeOp[], periodsPerYear: number): number {
  let reach = 0;
  for (const op of time) reach += timeOpReach(op, periodsPerYear);
  return reach;
}

export function timeOpReach(op: TimeOp, periodsPerYear: number): number {
  switch (op.kind) {
    case 'SHIFT':
      return op.periods;
    case 'SHIFT_YEAR':
      return op.years * periodsPerYear;
    case 'TO_DATE':
      return op.unit === 'YEAR' ? periodsPerYear - 1 : Math.max(0, Math.ceil(periodsPerYear / 4) - 1);
    case 'WIDEN':
      return op.periods - 1;
  }
}

/** PRODUCT.md: time functions may reach back at most 10 years. */
export const MAX_REACH_YEARS = 10;
/** At save time the grid's granularity is unknown: a period counts as a month. */
export const SAVE_TIME_PERIODS_PER_YEAR = 12;

/** The context after one step of a time or team function (functions/types ContextStep). */
export function applyContextStep(
  context: EvalContext,
  step: { readonly time?: TimeOp; readonly team?: 'PARENT' | 'TOTAL' },
): EvalContext {
  let next = context;
  if (step.time) next = withTimeOp(next, step.time);
  if (step.team) next = withTeamFunction(next, step.team);
  return next;
}
