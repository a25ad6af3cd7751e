/** The order a pack's KPIs are created in: each after the KPIs its formula reads. */
import { orderByDependencies, parseFormula, walk } from '../engine';
import type { PackKpi } from './template-pack';

/** The measure and KPI keys a formula reads. */
export function formulaReferences(formula: string): string[] {
  const parsed = parseFormula(formula);
  if (!parsed.ast) return [];
  const names = new Set<string>();
  for (const node of walk(parsed.ast)) if (node.kind === 'reference') names.add(node.name);
  return [...names];
}

/** Pack KPIs in dependency order, otherwise in catalogue order; a pack never holds a cycle (a test checks). */
export function kpisInDependencyOrder(kpis: readonly PackKpi[]): PackKpi[] {
  const byKey = new Map(kpis.map((k) => [k.key, k]));
  const { order } = orderByDependencies(kpis.map((k) => k.key), (key) => formulaReferences(byKey.get(key)!.formula));
  return order.map((key) => byKey.get(key)!);
}
