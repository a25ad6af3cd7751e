/**
 * Installing a template pack: its measures, then its KPIs in dependency order, then its
 * scorecards, through the same services an editor calls (so keys, versions, audit and
 * the definitions generation stay as they always are), all in one transaction.
 * Idempotent: what already exists as the pack defines it is left unchanged; what exists
 * with another definition is never overwritten but reported as skipped, with the reason.
 */
import { recordAudit } from './audit';
import { inOneTransaction, requirePermission, type ServiceContext } from './context';
import { type Definitions, loadDefinitions } from './definitions';
import { FormulaRefused, createKpi } from './kpis';
import { defineMeasure } from './measures';
import { Problem } from './problem';
import { type Scorecard, loadScorecards } from './scorecard';
import { buildScorecardDefinition } from './scorecard-definition';
import { createScorecard } from './scorecards';
import { type PackKpi, type PackMeasure, type PackScorecard, type TemplatePack, displayName } from './template-pack';
import { kpiDifferences, measureDifferences, scorecardDifferences } from './template-pack-compare';
import { formulaReferences, kpisInDependencyOrder } from './template-pack-order';
import { findTemplatePack } from './template-pack-registry';

export type InstallKind = 'MEASURE' | 'KPI' | 'SCORECARD';
export type InstallStatus = 'CREATED' | 'UNCHANGED' | 'SKIPPED';

export interface InstallOutcome {
  readonly kind: InstallKind;
  readonly key: string;
  readonly status: InstallStatus;
  /** Why a SKIPPED key was left as it is; null otherwise. */
  readonly reason: string | null;
}

export interface TemplatePackInstallReport {
  readonly pack: TemplatePack;
  /** One per definition of the pack, in the order they were installed. */
  readonly outcomes: readonly InstallOutcome[];
}

const created = (kind: InstallKind, key: string): InstallOutcome => ({ kind, key, status: 'CREATED', reason: null });
const unchanged = (kind: InstallKind, key: string): InstallOutcome => ({ kind, key, status: 'UNCHANGED', reason: null });
const skipped = (kind: InstallKind, key: string, reason: string): InstallOutcome => ({ kind, key, status: 'SKIPPED', reason });
const differs = (what: string, key: string, diffs: readonly string[]) =>
  `${what} "${key}" already exists and differs from the pack: ${diffs.join('; ')}. It was left as it is.`;

export async function installTemplatePack(ctx: ServiceContext, packKey: string): Promise<TemplatePackInstallReport> {
  requirePermission(ctx, 'define');
  const pack = findTemplatePack(packKey);
  return inOneTransaction(ctx, async (inner) => {
    // Two installs at once would both see a key as missing; the second waits here instead.
    await inner.tx!.query(`SELECT 1 FROM workspaces WHERE id = $1 FOR UPDATE`, [ctx.workspace.id]);
    const outcomes: InstallOutcome[] = [];
    let defs = await loadDefinitions(inner, inner.tx);
    for (const measure of pack.measures) outcomes.push(await installMeasure(inner, defs, measure));

    defs = await loadDefinitions(inner, inner.tx);
    const usable = new Set([...defs.measures.values(), ...defs.kpis.values()].filter((d) => !d.archivedAt).map((d) => d.key));
    for (const kpi of kpisInDependencyOrder(pack.kpis)) {
      const outcome = await installKpi(inner, defs, kpi, usable);
      if (outcome.status === 'CREATED') usable.add(kpi.key);
      outcomes.push(outcome);
    }

    defs = await loadDefinitions(inner, inner.tx);
    const scorecards = new Map((await loadScorecards(inner, inner.tx)).map((s) => [s.key, s]));
    for (const scorecard of pack.scorecards) outcomes.push(await installScorecard(inner, defs, scorecards, scorecard));

    if (outcomes.some((o) => o.status === 'CREATED')) {
      await recordAudit(inner, inner.tx!, { action: 'INSTALL', entityType: 'TEMPLATE_PACK', entityKey: pack.key, after: summary(outcomes) });
    }
    return { pack, outcomes };
  });
}

async function installMeasure(ctx: ServiceContext, defs: Definitions, m: PackMeasure): Promise<InstallOutcome> {
  if (defs.kpis.has(m.key)) return skipped('MEASURE', m.key, `The key "${m.key}" is already used by a KPI; the pack's measure was not created.`);
  const existing = defs.measures.get(m.key);
  if (existing) {
    const diffs = measureDifferences(existing, m);
    return diffs.length === 0 ? unchanged('MEASURE', m.key) : skipped('MEASURE', m.key, differs('Measure', m.key, diffs));
  }
  await defineMeasure(ctx, {
    key: m.key, name: displayName(m.name), description: m.description, unit: m.unit, currency: m.currency,
    timeAggregation: m.timeAggregation, teamAggregation: m.teamAggregation, grain: m.grain,
  });
  return created('MEASURE', m.key);
}

async function installKpi(ctx: ServiceContext, defs: Definitions, k: PackKpi, usable: ReadonlySet<string>): Promise<InstallOutcome> {
  if (defs.measures.has(k.key)) return skipped('KPI', k.key, `The key "${k.key}" is already used by a measure; the pack's KPI was not created.`);
  const existing = defs.kpis.get(k.key);
  if (existing) {
    const diffs = kpiDifferences(existing, k);
    return diffs.length === 0 ? unchanged('KPI', k.key) : skipped('KPI', k.key, differs('KPI', k.key, diffs));
  }
  const missing = formulaReferences(k.formula).filter((ref) => !usable.has(ref));
  if (missing.length > 0) {
    return skipped('KPI', k.key, `KPI "${k.key}" reads ${missing.map((r) => `"${r}"`).join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} archived or not installed; it was not created.`);
  }
  try {
    await createKpi(ctx, {
      key: k.key, name: displayName(k.name), description: k.description, formula: k.formula, direction: k.direction, category: k.category,
      unit: k.unit, displayFormat: k.displayFormat, decimals: k.decimals, defaultTarget: k.defaultTarget,
    });
  } catch (error) {
    // Checked above, so only a pack mistake gets here; it undoes the whole install.
    if (error instanceof FormulaRefused) throw new Problem('FORMULA_INVALID', `The pack's KPI "${k.key}" was refused: ${error.message}`, { key: k.key });
    throw error;
  }
  return created('KPI', k.key);
}

async function installScorecard(ctx: ServiceContext, defs: Definitions, existing: ReadonlyMap<string, Scorecard>, s: PackScorecard): Promise<InstallOutcome> {
  const unusable = s.sections.flatMap((sec) => sec.items.map((i) => i.kpi)).filter((key) => !defs.kpis.get(key) || defs.kpis.get(key)!.archivedAt);
  if (unusable.length > 0) {
    return skipped('SCORECARD', s.key, `Scorecard "${s.key}" uses ${unusable.map((k) => `"${k}"`).join(', ')}, which ${unusable.length === 1 ? 'is not an active KPI' : 'are not active KPIs'} here; it was not created.`);
  }
  const current = existing.get(s.key);
  if (current) {
    const diffs = scorecardDifferences(current, s, buildScorecardDefinition(s, defs.kpis));
    return diffs.length === 0 ? unchanged('SCORECARD', s.key) : skipped('SCORECARD', s.key, differs('Scorecard', s.key, diffs));
  }
  await createScorecard(ctx, { ...s, name: displayName(s.name) });
  return created('SCORECARD', s.key);
}

/** The audit entry of an install: what it created, how much was already there, what it left alone. */
function summary(outcomes: readonly InstallOutcome[]): object {
  const keys = (status: InstallStatus) => outcomes.filter((o) => o.status === status).map((o) => `${o.kind}:${o.key}`);
  return { created: keys('CREATED'), unchanged: keys('UNCHANGED').length, skipped: keys('SKIPPED') };
}
