/**
 * Checks a formula against a workspace's definitions before anything is saved:
 * syntax, references (archived ones included), limits, reach, and cycles through the
 * KPI graph of every version (a cycle in any period would be a cycle).
 */
import { type CheckResult, checkFormula, type FormulaError, orderByDependencies, walk } from '../engine';
import type { Definitions } from './definitions';

export interface FormulaCheck extends CheckResult {
  /** The formula's errors plus archived references and cycles. */
  readonly errors: readonly FormulaError[];
}

export function kpiReachResolver(defs: Definitions): (key: string) => number {
  const memo = new Map<string, number>();
  const reachOf = (key: string): number => {
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    memo.set(key, 0); // stored definitions are acyclic; this only guards against surprises
    const kpi = defs.kpis.get(key);
    let reach = 0;
    for (const v of kpi?.versions ?? []) {
      reach = Math.max(reach, checkFormula(v.formula, { resolve: resolverFor(defs), kpiReach: reachOf }).reach);
    }
    memo.set(key, reach);
    return reach;
  };
  return reachOf;
}

function resolverFor(defs: Definitions): (name: string) => 'MEASURE' | 'KPI' | undefined {
  return (name) => (defs.measures.has(name) ? 'MEASURE' : defs.kpis.has(name) ? 'KPI' : undefined);
}

/** `self` is the KPI being saved (absent for drafts and targets). */
export function checkAgainst(defs: Definitions, formula: string, self?: string): FormulaCheck {
  const result = checkFormula(formula, {
    resolve: resolverFor(defs),
    knownKeys: [...defs.measures.keys(), ...defs.kpis.keys()],
    self,
    kpiReach: kpiReachResolver(defs),
  });
  if (!result.ast) return result;
  const errors = [...result.errors];
  for (const node of walk(result.ast)) {
    if (node.kind !== 'reference') continue;
    const archived = defs.measures.get(node.name)?.archivedAt ?? defs.kpis.get(node.name)?.archivedAt;
    if (archived && !errors.some((e) => e.position?.offset === node.position.offset)) {
      const what = defs.measures.has(node.name) ? 'measure' : 'KPI';
      errors.push({ code: 'UNKNOWN_REFERENCE', message: `The ${what} "${node.name}" is archived; restore it or use another.`, position: node.position });
    }
  }
  if (self && errors.length === 0) {
    const cycle = cycleThrough(defs, self, result.kpis);
    if (cycle) {
      const at = [...walk(result.ast)].find((n) => n.kind === 'reference' && n.name === cycle[1]);
      errors.push({ code: 'CYCLE', message: `This formula would make a dependency cycle: ${cycle.join(' → ')}.`, position: at?.position, path: cycle });
    }
  }
  return { ...result, ok: errors.length === 0, errors };
}

/** The cycle the KPI `self` would be in with `refs` as (additional) dependencies, if any. */
export function cycleThrough(defs: Definitions, self: string, refs: readonly string[]): readonly string[] | undefined {
  const keys = [...new Set([...defs.kpis.keys(), self])];
  const dependsOn = (key: string): string[] => {
    const stored = defs.kpis.get(key)?.versions.flatMap((v) => v.kpiRefs) ?? [];
    return key === self ? [...stored, ...refs] : stored;
  };
  const { cycles } = orderByDependencies(keys, dependsOn);
  // Stored definitions are acyclic, so any cycle now involves `self` or depends on it.
  return cycles.get(self);
}
