/**
 * Save-time validation of a formula (graphql-js validation style: every error that can be
 * found, each with its position): references resolved through the caller, functions and
 * their arity from the table, constant arguments, size and depth limits, and how far back
 * in time the formula reaches.
 */
import { childrenOf, type CallNode, type FormulaAst } from './ast';
import { MAX_REACH_YEARS, SAVE_TIME_PERIODS_PER_YEAR, timeOpReach } from './context';
import { formulaError, type FormulaError } from './errors';
import { constantValue, FUNCTION_ALIASES, FUNCTIONS, lookupFunction } from './functions';
import { MAX_NESTING } from './lexer';
import { parseFormula } from './parse';
import { suggestName } from './suggest';

export const MAX_NODES = 500;
export const MAX_DEPTH = MAX_NESTING;
/**
 * GROWTH evaluates its argument twice and ROLLING_AVG(x, n) n times; nested, they multiply.
 * This bounds the work (and generated code) one formula can ask for.
 */
export const MAX_EXPANDED_NODES = 10_000;

export type ReferenceKind = 'MEASURE' | 'KPI';

export interface CheckOptions {
  /** What a name refers to in the workspace, or undefined when it is unknown. */
  readonly resolve: (name: string) => ReferenceKind | undefined;
  /** Every key of the workspace, for "did you mean" suggestions. */
  readonly knownKeys?: Iterable<string>;
  /** The key of the KPI being defined: referring to it is a CYCLE right away. */
  readonly self?: string;
  /** How many periods back a referenced KPI already reaches (its formula's `reach`). */
  readonly kpiReach?: (key: string) => number;
  /** Periods per year for the reach limit; default 12 (a period counts as a month). */
  readonly periodsPerYear?: number;
}

export interface CheckResult {
  readonly ok: boolean;
  /** Present whenever the text parsed, even with other errors (for editors). */
  readonly ast?: FormulaAst;
  readonly errors: readonly FormulaError[];
  /** Keys read, in order of first appearance. */
  readonly measures: readonly string[];
  readonly kpis: readonly string[];
  /** Canonical (upper-case) names of the functions called. */
  readonly functions: readonly string[];
  /** Periods before the requested one that the formula reads (with referenced KPIs). */
  readonly reach: number;
}

/** Parses and checks formula text. */
export function checkFormula(text: string, options: CheckOptions): CheckResult {
  const parsed = parseFormula(text);
  if (!parsed.ast) return { ok: false, errors: parsed.errors, measures: [], kpis: [], functions: [], reach: 0 };
  return checkAst(parsed.ast, options);
}

/** Checks a parsed formula. */
export function checkAst(ast: FormulaAst, options: CheckOptions): CheckResult {
  const errors: FormulaError[] = [];
  const measures = new Set<string>();
  const kpis = new Set<string>();
  const functions = new Set<string>();

  // Size and depth first, without recursion: later passes recurse.
  let nodes = 0;
  let tooDeep: FormulaAst | undefined;
  const stack: Array<[FormulaAst, number]> = [[ast, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    nodes++;
    if (depth > MAX_DEPTH) {
      tooDeep ??= node;
      continue;
    }
    for (const child of childrenOf(node)) stack.push([child, depth + 1]);
  }
  if (nodes > MAX_NODES) {
    errors.push(formulaError('TOO_COMPLEX', `The formula has ${nodes} parts; the limit is ${MAX_NODES}`, ast.position));
  }
  if (tooDeep) {
    errors.push(formulaError('TOO_COMPLEX', `The formula is nested more than ${MAX_DEPTH} levels deep`, tooDeep.position));
    return { ok: false, ast, errors, measures: [], kpis: [], functions: [], reach: 0 };
  }

  const known = options.knownKeys ? [...options.knownKeys] : [];
  const visit = (node: FormulaAst): void => {
    if (node.kind === 'reference') {
      const kind = options.resolve(node.name);
      if (node.name === options.self) {
        errors.push(
          formulaError('CYCLE', `A KPI cannot use itself: ${node.name} → ${node.name}`, node.position, [node.name, node.name]),
        );
      } else if (kind === 'MEASURE') measures.add(node.name);
      else if (kind === 'KPI') kpis.add(node.name);
      else errors.push(unknownReference(node.name, node.position, known));
      return;
    }
    if (node.kind === 'call') checkCall(node, errors, functions);
    for (const child of childrenOf(node)) visit(child);
  };
  visit(ast);

  if (expandedSize(ast) > MAX_EXPANDED_NODES) {
    errors.push(
      formulaError(
        'TOO_COMPLEX',
        `The time functions expand the formula to more than ${MAX_EXPANDED_NODES} operations (GROWTH and ROLLING_AVG repeat their argument)`,
        ast.position,
      ),
    );
  }

  const periodsPerYear = options.periodsPerYear ?? SAVE_TIME_PERIODS_PER_YEAR;
  const limit = MAX_REACH_YEARS * periodsPerYear;
  const unit = periodsPerYear === 12 ? 'months' : 'periods';
  const reach = formulaReach(
    ast,
    periodsPerYear,
    options.kpiReach,
    (node, periods) => {
      const what = node.kind === 'call' ? node.name : node.kind === 'reference' ? `\`${node.name}\`` : 'The formula';
      errors.push(
        formulaError(
          'ARGUMENT',
          `${what} reaches back ${periods} ${unit}; time functions may reach back at most ${MAX_REACH_YEARS} years (${limit} ${unit}) before the first requested period`,
          node.position,
        ),
      );
    },
    limit,
  );

  return { ok: errors.length === 0, ast, errors, measures: [...measures], kpis: [...kpis], functions: [...functions], reach };
}

function unknownReference(name: string, position: FormulaAst['position'], known: readonly string[]): FormulaError {
  const fn = lookupFunction(name);
  if (fn) {
    return formulaError('UNKNOWN_REFERENCE', `\`${name}\` is not a key; ${fn.name} is a function: write ${fn.signature}`, position);
  }
  const suggestion = suggestName(name, known);
  const hint = suggestion ? `; did you mean \`${suggestion}\`?` : '';
  return formulaError('UNKNOWN_REFERENCE', `Unknown measure or KPI \`${name}\`${hint}`, position);
}

function checkCall(node: CallNode, errors: FormulaError[], functions: Set<string>): void {
  const fn = lookupFunction(node.name);
  if (!fn) {
    const suggestion = (Object.hasOwn(FUNCTION_ALIASES, node.name) ? FUNCTION_ALIASES[node.name] : undefined) ?? suggestName(node.name, FUNCTIONS.map((f) => f.name));
    const hint = suggestion ? `; did you mean ${suggestion}?` : '';
    errors.push(formulaError('UNKNOWN_REFERENCE', `Unknown function \`${node.name}\`${hint}`, node.namePosition));
    return;
  }
  functions.add(fn.name);
  const count = node.args.length;
  if (count < fn.minArgs || count > fn.maxArgs) {
    const expected =
      fn.minArgs === fn.maxArgs
        ? `${fn.minArgs}`
        : fn.maxArgs === Infinity
          ? `at least ${fn.minArgs}`
          : `${fn.minArgs} to ${fn.maxArgs}`;
    errors.push(
      formulaError(
        'ARGUMENT',
        `${fn.name} takes ${expected} argument${expected === '1' ? '' : 's'}, got ${count}: ${fn.signature}`,
        node.position,
      ),
    );
    return;
  }
  for (const constant of fn.constantArguments ?? []) {
    const arg = node.args[constant.index];
    if (!arg) continue;
    const value = constantValue(arg);
    if (value === undefined || !Number.isInteger(value) || value < constant.min || value > constant.max) {
      errors.push(
        formulaError('ARGUMENT', `Argument ${constant.index + 1} of ${fn.name} must be ${constant.description}`, arg.position),
      );
    }
  }
}

/** Node count once GROWTH and ROLLING_AVG repeat their argument per step. */
function expandedSize(node: FormulaAst): number {
  if (node.kind === 'call') {
    const fn = lookupFunction(node.name);
    if (fn?.evaluation === 'context' && node.args.length > 0) {
      const steps = Math.max(1, stepCount(fn.name, node));
      return 1 + node.args.length - 1 + steps * expandedSize(node.args[0]);
    }
  }
  let size = 1;
  for (const child of childrenOf(node)) size += expandedSize(child);
  return size;
}

function stepCount(name: string, node: CallNode): number {
  if (name === 'GROWTH') return 2;
  // Larger n are refused by the reach limit; capping keeps this number meaningful.
  if (name === 'ROLLING_AVG') return Math.min(constantValue(node.args[1]) ?? 1, 1000);
  return 1;
}

/**
 * Periods before the requested one that a formula reads, at `periodsPerYear`, counted
 * through nesting (PREV(YTD(x)) adds both) and through referenced KPIs (`kpiReach`).
 * `onExceeded` is called for the outermost call where the running reach passes `limit`.
 */
export function formulaReach(
  ast: FormulaAst,
  periodsPerYear: number,
  kpiReach?: (key: string) => number,
  onExceeded?: (node: FormulaAst, periods: number) => void,
  limit = Infinity,
): number {
  let max = 0;
  let reported = false;
  const visit = (node: FormulaAst, reach: number): void => {
    if (node.kind === 'reference') {
      const total = reach + (kpiReach?.(node.name) ?? 0);
      if (total > limit && !reported) {
        reported = true;
        onExceeded?.(node, total);
      }
      max = Math.max(max, total);
      return;
    }
    if (node.kind === 'call') {
      const fn = lookupFunction(node.name);
      if (fn?.evaluation === 'context' && fn.family === 'time' && node.args.length > 0) {
        let added = 0;
        for (const step of fn.steps(node.args)) if (step.time) added = Math.max(added, timeOpReach(step.time, periodsPerYear));
        const inner = reach + added;
        if (inner > limit && !reported) {
          reported = true;
          onExceeded?.(node, inner);
        }
        visit(node.args[0], inner);
        return;
      }
    }
    for (const child of childrenOf(node)) visit(child, reach);
  };
  visit(ast, 0);
  return max;
}
