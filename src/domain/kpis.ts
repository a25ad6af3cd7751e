/** KPIs: versioned formulas. A stored definition always parses, resolves and is acyclic. */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { FormulaError } from '../engine';
import { parsePeriodKey } from '../periods';
import { rowsOf } from '../db/sql';
import { recordAudit } from './audit';
import { type ServiceContext, requirePermission, transaction } from './context';
import { type Definitions, loadDefinitions } from './definitions';
import { assertNewDefinitionKey, claimDefinitionKey } from './definition-keys';
import { checkAgainst, type FormulaCheck } from './formula-check';
import { type Direction, DIRECTIONS, DISPLAY_FORMATS, type DisplayFormat, type Kpi, latestVersion } from './kpi';
import { assertText } from './keys';
import { Problem, conflict, notFound } from './problem';
import { bumpGeneration } from './teams';

export interface KpiFields {
  readonly name?: string;
  readonly description?: string;
  readonly category?: string;
  readonly unit?: string;
  readonly displayFormat?: DisplayFormat;
  readonly decimals?: number;
  readonly direction?: Direction;
  readonly defaultTarget?: number | null;
  readonly onTrackThreshold?: number | null;
  readonly atRiskThreshold?: number | null;
}

export interface CreateKpiInput extends KpiFields {
  readonly key: string;
  readonly name: string;
  readonly direction: Direction;
  readonly formula: string;
}

/** A refused formula: every error with its position, as the API reports it. */
export class FormulaRefused extends Error {
  constructor(readonly formula: string, readonly errors: readonly FormulaError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'FormulaRefused';
  }
}

function assertFields(f: KpiFields): void {
  if (f.name !== undefined) assertText('name', f.name, 200);
  if (f.description !== undefined) assertText('description', f.description, 4000, false);
  if (f.category !== undefined) assertText('category', f.category, 100, false);
  if (f.unit !== undefined) assertText('unit', f.unit, 50, false);
  if (f.direction !== undefined && !DIRECTIONS.includes(f.direction)) throw new Problem('INVALID_INPUT', `direction must be one of ${DIRECTIONS.join(', ')}.`, { field: 'direction' });
  if (f.displayFormat !== undefined && !DISPLAY_FORMATS.includes(f.displayFormat)) throw new Problem('INVALID_INPUT', `displayFormat must be one of ${DISPLAY_FORMATS.join(', ')}.`, { field: 'displayFormat' });
  if (f.decimals !== undefined && !(Number.isInteger(f.decimals) && f.decimals >= 0 && f.decimals <= 10)) {
    throw new Problem('INVALID_INPUT', `decimals must be a whole number from 0 to 10, got ${f.decimals}.`, { field: 'decimals' });
  }
  for (const field of ['defaultTarget', 'onTrackThreshold', 'atRiskThreshold'] as const) {
    const v = f[field];
    if (v !== undefined && v !== null && !(Number.isFinite(v) && Math.abs(v) <= 1e15)) {
      throw new Problem('INVALID_INPUT', `${field} must be a finite number within ±1e15.`, { field });
    }
  }
  const on = f.onTrackThreshold;
  const risk = f.atRiskThreshold;
  if ((on === null || on === undefined) !== (risk === null || risk === undefined)) {
    throw new Problem('INVALID_INPUT', 'Give both onTrackThreshold and atRiskThreshold for KPI status bands, or neither to use the workspace bands.', { field: 'onTrackThreshold' });
  }
  if (on != null && risk != null && (risk > on || risk < 0)) {
    throw new Problem('INVALID_INPUT', `atRiskThreshold (${risk}) must be from 0 up to onTrackThreshold (${on}).`, { field: 'atRiskThreshold' });
  }
}

function assertFormulaOk(check: FormulaCheck, formula: string): void {
  if (!check.ok) throw new FormulaRefused(formula, check.errors);
}

export async function createKpi(ctx: ServiceContext, input: CreateKpiInput): Promise<Kpi> {
  requirePermission(ctx, 'define');
  assertNewDefinitionKey('KPI', input.key);
  assertFields(input);
  assertText('formula', input.formula, 2000);
  return transaction(ctx, async (tx) => {
    const defs = await loadDefinitions(ctx, tx);
    await claimDefinitionKey(tx, ctx, input.key, 'KPI');
    const check = checkAgainst(defs, input.formula, input.key);
    assertFormulaOk(check, input.formula);
    const id = randomUUID();
    await tx.query(
      `INSERT INTO kpis (workspace_id, id, key, name, description, category, unit, display_format, decimals, direction, default_target, on_track_threshold, at_risk_threshold)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
      [ctx.workspace.id, id, input.key, input.name, input.description ?? '', input.category ?? '', input.unit ?? '', input.displayFormat ?? 'NUMBER', input.decimals ?? 2,
        input.direction, input.defaultTarget ?? null, input.onTrackThreshold ?? null, input.atRiskThreshold ?? null],
    );
    await insertVersion(tx, ctx, id, 1, input.formula, null, check);
    await bumpGeneration(tx, ctx);
    const kpi = await reload(ctx, tx, input.key);
    await recordAudit(ctx, tx, { action: 'CREATE', entityType: 'KPI', entityKey: input.key, after: auditView(kpi) });
    return kpi;
  });
}

async function insertVersion(tx: EntityManager, ctx: ServiceContext, kpiId: string, version: number, formula: string, effectiveFrom: { key: string; start: string } | null, check: FormulaCheck): Promise<void> {
  await tx.query(
    `INSERT INTO kpi_versions (workspace_id, kpi_id, version, formula, effective_from, effective_from_day, measure_refs, kpi_refs, created_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [ctx.workspace.id, kpiId, version, formula, effectiveFrom?.key ?? null, effectiveFrom?.start ?? null, [...check.measures], [...check.kpis], ctx.actor.name],
  );
}

async function reload(ctx: ServiceContext, tx: EntityManager, key: string): Promise<Kpi> {
  return (await loadDefinitions(ctx, tx)).kpis.get(key)!;
}

/** Writers of one KPI queue here, so each checks the revision the previous one saved. */
async function lockKpi(tx: EntityManager, ctx: ServiceContext, key: string): Promise<void> {
  await tx.query(`SELECT 1 FROM kpis WHERE workspace_id = $1 AND key = $2 FOR UPDATE`, [ctx.workspace.id, key]);
}

function visibleKpi(defs: Definitions, key: string): Kpi {
  const kpi = defs.kpis.get(key);
  if (!kpi) throw notFound('KPI', key);
  return kpi;
}

export interface UpdateKpiInput extends KpiFields {
  readonly formula?: string;
  /** Period key from which a new formula applies; earlier periods keep the old one. */
  readonly effectiveFrom?: string;
}

export async function updateKpi(ctx: ServiceContext, key: string, revision: number, changes: UpdateKpiInput): Promise<Kpi> {
  requirePermission(ctx, 'define');
  assertFields(changes);
  return transaction(ctx, async (tx) => {
    await lockKpi(tx, ctx, key);
    const defs = await loadDefinitions(ctx, tx);
    const before = visibleKpi(defs, key);
    if (before.revision !== revision) throw conflict('KPI', key, revision, before.revision);
    if (before.archivedAt) throw new Problem('INVALID_INPUT', `KPI "${key}" is archived; it cannot be changed.`, { key });
    const merged = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as Kpi & UpdateKpiInput;
    assertFields({ onTrackThreshold: merged.onTrackThreshold, atRiskThreshold: merged.atRiskThreshold });
    const latest = latestVersion(before);
    if (changes.effectiveFrom !== undefined && changes.formula === undefined) {
      throw new Problem('INVALID_INPUT', 'effectiveFrom goes with a new formula; give the formula too.', { field: 'effectiveFrom' });
    }
    if (changes.formula !== undefined && changes.formula !== latest.formula) {
      assertText('formula', changes.formula, 2000);
      if (changes.effectiveFrom === undefined) {
        throw new Problem('INVALID_INPUT', `A new formula needs effectiveFrom: the period key (e.g. "2025-Q3") from which it applies, so earlier periods keep "${latest.formula}".`, { field: 'effectiveFrom' });
      }
      const parsed = parsePeriodKey(changes.effectiveFrom, { fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth });
      if (!parsed.ok) throw new Problem('INVALID_PERIOD', `effectiveFrom: ${parsed.error.message}`, { field: 'effectiveFrom' });
      if (parsed.period.startDay <= latest.effectiveFromDay) {
        throw new Problem('INVALID_INPUT', `effectiveFrom ${changes.effectiveFrom} must start after the current version's effectiveFrom ${latest.effectiveFrom}.`, { field: 'effectiveFrom' });
      }
      const check = checkAgainst(defs, changes.formula, key);
      assertFormulaOk(check, changes.formula);
      await insertVersion(tx, ctx, before.id, latest.version + 1, changes.formula, { key: parsed.period.key, start: parsed.period.start }, check);
    }
    await rowsOf(tx,
      `UPDATE kpis SET name = $3, description = $4, category = $5, unit = $6, display_format = $7, decimals = $8, direction = $9,
              default_target = $10, on_track_threshold = $11, at_risk_threshold = $12, revision = revision + 1, updated_at = now()
        WHERE workspace_id = $1 AND id = $2`,
      [ctx.workspace.id, before.id, merged.name, merged.description, merged.category, merged.unit, merged.displayFormat, merged.decimals, merged.direction,
        merged.defaultTarget, merged.onTrackThreshold, merged.atRiskThreshold],
    );
    await bumpGeneration(tx, ctx);
    const after = await reload(ctx, tx, key);
    await recordAudit(ctx, tx, { action: 'UPDATE', entityType: 'KPI', entityKey: key, before: auditView(before), after: auditView(after) });
    return after;
  });
}

/** Active KPIs whose formula (any version) reads `key`. */
export function kpiDependents(defs: Definitions, key: string): string[] {
  return [...defs.kpis.values()].filter((k) => !k.archivedAt && k.key !== key && k.versions.some((v) => v.kpiRefs.includes(key))).map((k) => k.key).sort();
}

export async function archiveKpi(ctx: ServiceContext, key: string, revision: number): Promise<Kpi> {
  requirePermission(ctx, 'define');
  return transaction(ctx, async (tx) => {
    await lockKpi(tx, ctx, key);
    const defs = await loadDefinitions(ctx, tx);
    const before = visibleKpi(defs, key);
    if (before.revision !== revision) throw conflict('KPI', key, revision, before.revision);
    if (before.archivedAt) return before;
    const users = kpiDependents(defs, key);
    const scorecards: Array<{ key: string }> = await tx.query(
      `SELECT DISTINCT s.key FROM scorecards s JOIN scorecard_versions v ON v.workspace_id = s.workspace_id AND v.scorecard_id = s.id
        WHERE s.workspace_id = $1 AND s.archived_at IS NULL
          AND jsonb_path_exists(v.definition, '$.sections[*].items[*] ? (@.kpi == $k)', jsonb_build_object('k', $2::text))`,
      [ctx.workspace.id, key],
    );
    const usedBy = [...users, ...scorecards.map((s) => `scorecard:${s.key}`)];
    if (usedBy.length > 0) {
      throw new Problem('IN_USE', `KPI "${key}" is used by ${usedBy.join(', ')}; change those first.`, { key, usedBy });
    }
    await rowsOf(tx, `UPDATE kpis SET archived_at = now(), revision = revision + 1, updated_at = now() WHERE workspace_id = $1 AND id = $2`, [ctx.workspace.id, before.id]);
    await bumpGeneration(tx, ctx);
    const after = await reload(ctx, tx, key);
    await recordAudit(ctx, tx, { action: 'ARCHIVE', entityType: 'KPI', entityKey: key, before: auditView(before), after: auditView(after) });
    return after;
  });
}

export interface KpiFilter {
  readonly category?: string;
  readonly direction?: Direction;
  readonly archived?: boolean;
  /** Matches key, name or description, case-insensitively. */
  readonly text?: string;
}

export async function listKpis(ctx: ServiceContext, filter: KpiFilter): Promise<{ defs: Definitions; kpis: Kpi[] }> {
  requirePermission(ctx, 'read');
  const defs = await loadDefinitions(ctx);
  const text = filter.text?.toLowerCase();
  const kpis = [...defs.kpis.values()]
    .filter((k) => filter.category === undefined || k.category === filter.category)
    .filter((k) => filter.direction === undefined || k.direction === filter.direction)
    .filter((k) => (filter.archived === undefined ? !k.archivedAt : (k.archivedAt !== null) === filter.archived))
    .filter((k) => !text || [k.key, k.name, k.description].some((s) => s.toLowerCase().includes(text)))
    .sort((a, b) => a.key.localeCompare(b.key));
  return { defs, kpis };
}

export async function getKpi(ctx: ServiceContext, key: string): Promise<{ defs: Definitions; kpi: Kpi }> {
  requirePermission(ctx, 'read');
  const defs = await loadDefinitions(ctx);
  return { defs, kpi: visibleKpi(defs, key) };
}

/** Validates a draft formula against the workspace without saving anything. */
export async function validateFormula(ctx: ServiceContext, formula: string, self?: string): Promise<FormulaCheck> {
  requirePermission(ctx, 'read');
  if (formula.length > 100_000) throw new Problem('INVALID_INPUT', 'The formula text is far over the 2,000-character limit.', { field: 'formula' });
  const defs = await loadDefinitions(ctx);
  return checkAgainst(defs, formula, self);
}

function auditView(kpi: Kpi): object {
  const { id: _id, versions, ...rest } = kpi;
  return { ...rest, versions: versions.map((v) => ({ version: v.version, formula: v.formula, effectiveFrom: v.effectiveFrom })) };
}
