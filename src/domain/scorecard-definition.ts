/**
 * A scorecard definition from user input: every mistake found at once, each with its
 * path (`sections[1].items[0].weight`), and nothing saved unless there are none.
 * Weights, cap, bands and section keys are checked by the pure scoring module, so a
 * stored definition is always one `scoreScorecard` accepts.
 */
import {
  DEFAULT_CAP, DEFAULT_MISSING_DATA_POLICY, type LinearBaseline, type MissingDataPolicy, type ScorecardDefinition,
  type ScoringMethod, type StatusBands, validateScorecardDefinition,
} from '../scoring';
import type { Kpi } from './kpi';
import { Problem, type ProblemDetail } from './problem';
import type { StoredScorecardDefinition, StoredScorecardItem, StoredScorecardSection } from './scorecard';

export interface BaselineInput {
  readonly fixed?: number | null;
  readonly previousYear?: boolean | null;
}

export interface ScorecardItemInput {
  readonly kpi: string;
  readonly weight: number;
  readonly method?: ScoringMethod | null;
  readonly baseline?: BaselineInput | null;
}

export interface ScorecardSectionInput {
  readonly key: string;
  readonly name: string;
  readonly weight: number;
  readonly items: readonly ScorecardItemInput[];
}

export interface ScorecardDefinitionInput {
  readonly sections: readonly ScorecardSectionInput[];
  readonly missingData?: MissingDataPolicy | null;
  readonly cap?: number | null;
  /** null or omitted: the workspace's default bands. */
  readonly statusBands?: StatusBands | null;
}

const SECTION_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const MAX_SECTIONS = 50;
export const MAX_ITEMS = 500;
/** Like every number the API takes: larger magnitudes are unit mistakes, not weights. */
const MAX_MAGNITUDE = 1e15;
/** 1,000 points for one item is already far past any review scale. */
const MAX_CAP = 10;

/** The definition to store, or a Problem listing every mistake. `kpis` is the workspace's (archived included). */
export function buildScorecardDefinition(input: ScorecardDefinitionInput, kpis: ReadonlyMap<string, Kpi>): StoredScorecardDefinition {
  const details: ProblemDetail[] = [];
  const bad = (field: string, message: string) => details.push({ field, message });
  if (input.sections.length === 0) bad('sections', 'A scorecard needs at least one section.');
  if (input.sections.length > MAX_SECTIONS) bad('sections', `A scorecard has at most ${MAX_SECTIONS} sections; this one has ${input.sections.length}.`);
  const itemCount = input.sections.reduce((n, s) => n + s.items.length, 0);
  if (itemCount > MAX_ITEMS) bad('sections', `A scorecard has at most ${MAX_ITEMS} items; this one has ${itemCount}.`);

  const firstUse = new Map<string, string>();
  const sections: StoredScorecardSection[] = input.sections.map((s, si) => {
    const at = `sections[${si}]`;
    if (!SECTION_KEY.test(s.key)) bad(`${at}.key`, `Section key "${s.key.slice(0, 80)}" is not valid: use 1–64 characters, lower-case letters, digits, "-" or "_", starting with a letter or digit.`);
    if (s.name.trim() === '') bad(`${at}.name`, 'name must not be empty.');
    if (s.name.length > 200) bad(`${at}.name`, `name is ${s.name.length} characters long; the limit is 200.`);
    checkMagnitude(s.weight, `${at}.weight`, 'weight', bad);
    const items = s.items.map((item, ii): StoredScorecardItem => {
      const path = `${at}.items[${ii}]`;
      const kpi = kpis.get(item.kpi);
      if (!kpi) bad(`${path}.kpi`, `No KPI with key "${item.kpi.slice(0, 80)}" in this workspace.`);
      else if (kpi.archivedAt) bad(`${path}.kpi`, `KPI "${kpi.key}" is archived; a scorecard cannot use it.`);
      const earlier = firstUse.get(item.kpi);
      if (earlier) bad(`${path}.kpi`, `KPI "${item.kpi}" is already in this scorecard at ${earlier}; each KPI appears once.`);
      else firstUse.set(item.kpi, path);
      checkMagnitude(item.weight, `${path}.weight`, 'weight', bad);
      const method = item.method ?? 'RATIO';
      const baseline = baselineOf(item.baseline, `${path}.baseline`, bad);
      if (method === 'LINEAR' && baseline === null && !item.baseline) {
        bad(`${path}.baseline`, 'LINEAR scoring needs a baseline (the 0-point): { fixed: <red-flag value> } or { previousYear: true }.');
      }
      return { kpi: item.kpi, weight: item.weight, method, baseline };
    });
    return { key: s.key, name: s.name, weight: s.weight, items };
  });

  const cap = input.cap ?? DEFAULT_CAP;
  if (Number.isFinite(cap) && cap > MAX_CAP) bad('cap', `The cap must be at most ${MAX_CAP} (${MAX_CAP * 100} points), got ${cap}.`);
  const definition: StoredScorecardDefinition = {
    sections, missingData: input.missingData ?? DEFAULT_MISSING_DATA_POLICY, cap, bands: input.statusBands ?? null,
  };
  for (const e of validateScorecardDefinition(forScoring(definition, kpis))) {
    bad(e.path === 'bands' ? 'statusBands' : e.path, e.message);
  }
  if (details.length > 0) {
    throw new Problem('INVALID_INPUT', `The scorecard definition has ${details.length} problem${details.length === 1 ? '' : 's'}, listed in details; nothing was saved.`, { field: details[0].field, details: dedupe(details) });
  }
  return definition;
}

function baselineOf(input: BaselineInput | null | undefined, path: string, bad: (field: string, message: string) => void): LinearBaseline | null {
  if (!input) return null;
  const hasFixed = input.fixed !== undefined && input.fixed !== null;
  const previousYear = input.previousYear === true;
  if (hasFixed === previousYear) {
    bad(path, 'Give the baseline as exactly one of { fixed: <value> } or { previousYear: true }.');
    return null;
  }
  if (previousYear) return { kind: 'PREVIOUS_YEAR' };
  checkMagnitude(input.fixed!, `${path}.fixed`, 'A fixed baseline', bad);
  return { kind: 'FIXED', value: input.fixed! };
}

function checkMagnitude(value: number, path: string, what: string, bad: (field: string, message: string) => void): void {
  if (Number.isFinite(value) && Math.abs(value) > MAX_MAGNITUDE) bad(path, `${what} ${value} is beyond 1e15, the largest magnitude accepted.`);
}

/** The scoring module's view; directions do not matter to validation. */
function forScoring(d: StoredScorecardDefinition, kpis: ReadonlyMap<string, Kpi>): ScorecardDefinition {
  return {
    missingData: d.missingData,
    cap: d.cap,
    ...(d.bands ? { bands: d.bands } : {}),
    sections: d.sections.map((s) => ({
      key: s.key,
      weight: s.weight,
      items: s.items.map((i) => ({
        kpi: i.kpi, direction: kpis.get(i.kpi)?.direction ?? 'HIGHER_IS_BETTER', weight: i.weight,
        ...(i.method === 'LINEAR' ? { method: 'LINEAR' as const, baseline: i.baseline ?? { kind: 'PREVIOUS_YEAR' as const } } : { method: i.method, ...(i.baseline ? { baseline: i.baseline } : {}) }),
      })),
    })),
  };
}

/** The same path can be reported by our checks and the scoring module's (e.g. a bad baseline). */
function dedupe(details: ProblemDetail[]): ProblemDetail[] {
  const seen = new Set<string>();
  return details.filter((d) => {
    const key = `${d.field}|${d.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** The input shape of a stored definition, to merge a partial update into it. */
export function definitionToInput(d: StoredScorecardDefinition): ScorecardDefinitionInput {
  return {
    missingData: d.missingData,
    cap: d.cap,
    statusBands: d.bands,
    sections: d.sections.map((s) => ({
      key: s.key, name: s.name, weight: s.weight,
      items: s.items.map((i) => ({
        kpi: i.kpi, weight: i.weight, method: i.method,
        baseline: i.baseline ? (i.baseline.kind === 'FIXED' ? { fixed: i.baseline.value } : { previousYear: true }) : null,
      })),
    })),
  };
}
