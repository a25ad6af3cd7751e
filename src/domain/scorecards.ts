/**
 * Scorecards: create, update (a changed definition is a new version applying from a
 * period, like a KPI's formula), archive, list. Each mutation is one transaction with a
 * revision check, an audit entry and a definitions-generation bump.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../db/sql';
import { parsePeriodKey } from '../periods';
import { recordAudit } from './audit';
import { type ServiceContext, requirePermission, transaction } from './context';
import { loadDefinitions } from './definitions';
import type { Kpi } from './kpi';
import { assertSlugKey, assertText } from './keys';
import { Problem, conflict } from './problem';
import {
  type Scorecard, type StoredScorecardDefinition, latestScorecardVersion, loadScorecard, loadScorecards, sameDefinition,
} from './scorecard';
import { type ScorecardDefinitionInput, buildScorecardDefinition, definitionToInput } from './scorecard-definition';
import { bumpGeneration } from './teams';

export interface CreateScorecardInput extends ScorecardDefinitionInput {
  readonly key: string;
  readonly name: string;
  readonly description?: string | null;
}

/** Omitted (or null) definition fields keep the latest version's; `statusBands: null` returns to the workspace bands. */
export interface UpdateScorecardInput {
  readonly sections?: ScorecardDefinitionInput['sections'] | null;
  readonly missingData?: ScorecardDefinitionInput['missingData'];
  readonly cap?: number | null;
  readonly statusBands?: ScorecardDefinitionInput['statusBands'];
  readonly name?: string | null;
  readonly description?: string | null;
  /** Period key from which a changed definition applies; earlier periods keep the old one. */
  readonly effectiveFrom?: string | null;
}

function assertNameAndDescription(input: { name?: string | null; description?: string | null }): void {
  if (input.name !== undefined && input.name !== null) assertText('name', input.name, 200);
  if (input.description !== undefined && input.description !== null) assertText('description', input.description, 4000, false);
}

/** KPIs read under a share lock, so one archived meanwhile cannot slip into a definition. */
async function kpisForDefinition(ctx: ServiceContext, tx: EntityManager, keys: readonly string[]): Promise<ReadonlyMap<string, Kpi>> {
  const defs = await loadDefinitions(ctx, tx);
  if (keys.length > 0) {
    await rowsOf(tx, `SELECT id FROM kpis WHERE workspace_id = $1 AND key = ANY($2::text[]) ORDER BY id FOR SHARE`, [ctx.workspace.id, [...new Set(keys)]]);
  }
  return defs.kpis;
}

const kpiKeysOf = (input: ScorecardDefinitionInput): string[] => input.sections.flatMap((s) => s.items.map((i) => i.kpi));

export async function createScorecard(ctx: ServiceContext, input: CreateScorecardInput): Promise<Scorecard> {
  requirePermission(ctx, 'define');
  assertSlugKey('Scorecard', input.key);
  assertNameAndDescription(input);
  return transaction(ctx, async (tx) => {
    const definition = buildScorecardDefinition(input, await kpisForDefinition(ctx, tx, kpiKeysOf(input)));
    const id = randomUUID();
    const inserted = await rowsOf(tx,
      `INSERT INTO scorecards (workspace_id, id, key, name, description) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (workspace_id, key) DO NOTHING RETURNING id`,
      [ctx.workspace.id, id, input.key, input.name, input.description ?? '']);
    if (inserted.length === 0) throw new Problem('ALREADY_EXISTS', `A scorecard with key "${input.key}" already exists.`, { field: 'key', key: input.key });
    await insertVersion(tx, ctx, id, 1, definition, null);
    await bumpGeneration(tx, ctx);
    const scorecard = await loadScorecard(ctx, input.key, tx);
    await recordAudit(ctx, tx, { action: 'CREATE', entityType: 'SCORECARD', entityKey: input.key, after: auditView(scorecard) });
    return scorecard;
  });
}

async function insertVersion(tx: EntityManager, ctx: ServiceContext, scorecardId: string, version: number, definition: StoredScorecardDefinition, effectiveFrom: { key: string; start: string } | null): Promise<void> {
  await tx.query(
    `INSERT INTO scorecard_versions (workspace_id, scorecard_id, version, effective_from, effective_from_day, definition, created_by)
     VALUES ($1,$2,$3,$4,$5,$6::jsonb,$7)`,
    [ctx.workspace.id, scorecardId, version, effectiveFrom?.key ?? null, effectiveFrom?.start ?? null, JSON.stringify(definition), ctx.actor.name]);
}

/** Reads the scorecard with its row locked, checking the revision the caller read. */
async function lockForChange(ctx: ServiceContext, tx: EntityManager, key: string, revision: number): Promise<Scorecard> {
  await rowsOf(tx, `SELECT id FROM scorecards WHERE workspace_id = $1 AND key = $2 FOR UPDATE`, [ctx.workspace.id, key]);
  const scorecard = await loadScorecard(ctx, key, tx);
  if (scorecard.revision !== revision) throw conflict('Scorecard', key, revision, scorecard.revision);
  return scorecard;
}

export async function updateScorecard(ctx: ServiceContext, key: string, revision: number, changes: UpdateScorecardInput): Promise<Scorecard> {
  requirePermission(ctx, 'define');
  assertNameAndDescription(changes);
  return transaction(ctx, async (tx) => {
    const before = await lockForChange(ctx, tx, key, revision);
    if (before.archivedAt) throw new Problem('INVALID_INPUT', `Scorecard "${key}" is archived; it cannot be changed.`, { key });
    const latest = latestScorecardVersion(before);
    const touchesDefinition = changes.sections != null || changes.missingData != null || changes.cap != null || changes.statusBands !== undefined;
    const hasEffectiveFrom = changes.effectiveFrom !== undefined && changes.effectiveFrom !== null;
    if (hasEffectiveFrom && !touchesDefinition) {
      throw new Problem('INVALID_INPUT', 'effectiveFrom goes with a definition change (sections, missingData, cap or statusBands); give those too.', { field: 'effectiveFrom' });
    }
    if (touchesDefinition) {
      const current = definitionToInput(latest.definition);
      const merged: ScorecardDefinitionInput = {
        sections: changes.sections ?? current.sections,
        missingData: changes.missingData ?? current.missingData,
        cap: changes.cap ?? current.cap,
        statusBands: changes.statusBands === undefined ? current.statusBands : changes.statusBands,
      };
      const definition = buildScorecardDefinition(merged, await kpisForDefinition(ctx, tx, kpiKeysOf(merged)));
      if (!sameDefinition(definition, latest.definition)) {
        if (!hasEffectiveFrom) {
          const since = latest.effectiveFrom ? `since ${latest.effectiveFrom}` : 'so far';
          throw new Problem('INVALID_INPUT', `A changed definition needs effectiveFrom: the period key (e.g. "2025-Q3") from which it applies, so earlier periods keep the version in force ${since}.`, { field: 'effectiveFrom' });
        }
        const parsed = parsePeriodKey(changes.effectiveFrom, { fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth });
        if (!parsed.ok) throw new Problem('INVALID_PERIOD', `effectiveFrom: ${parsed.error.message}`, { field: 'effectiveFrom' });
        if (parsed.period.startDay <= latest.effectiveFromDay) {
          throw new Problem('INVALID_INPUT', `effectiveFrom ${parsed.period.key} must start after the current version's effectiveFrom ${latest.effectiveFrom}.`, { field: 'effectiveFrom' });
        }
        await insertVersion(tx, ctx, before.id, latest.version + 1, definition, { key: parsed.period.key, start: parsed.period.start });
      }
    }
    await rowsOf(tx,
      `UPDATE scorecards SET name = $3, description = $4, revision = revision + 1, updated_at = now() WHERE workspace_id = $1 AND id = $2`,
      [ctx.workspace.id, before.id, changes.name ?? before.name, changes.description ?? before.description]);
    await bumpGeneration(tx, ctx);
    const after = await loadScorecard(ctx, key, tx);
    await recordAudit(ctx, tx, { action: 'UPDATE', entityType: 'SCORECARD', entityKey: key, before: auditView(before), after: auditView(after) });
    return after;
  });
}

export async function archiveScorecard(ctx: ServiceContext, key: string, revision: number): Promise<Scorecard> {
  requirePermission(ctx, 'define');
  return transaction(ctx, async (tx) => {
    const before = await lockForChange(ctx, tx, key, revision);
    if (before.archivedAt) return before;
    await rowsOf(tx, `UPDATE scorecards SET archived_at = now(), revision = revision + 1, updated_at = now() WHERE workspace_id = $1 AND id = $2`, [ctx.workspace.id, before.id]);
    await bumpGeneration(tx, ctx);
    const after = await loadScorecard(ctx, key, tx);
    await recordAudit(ctx, tx, { action: 'ARCHIVE', entityType: 'SCORECARD', entityKey: key, before: auditView(before), after: auditView(after) });
    return after;
  });
}

/** Scorecards sorted by key; by default only active ones. */
export async function listScorecards(ctx: ServiceContext, filter: { archived?: boolean | null } = {}): Promise<Scorecard[]> {
  requirePermission(ctx, 'read');
  const all = await loadScorecards(ctx);
  const archived = filter.archived ?? false;
  return all.filter((s) => (s.archivedAt !== null) === archived);
}

export async function getScorecard(ctx: ServiceContext, key: string): Promise<Scorecard> {
  requirePermission(ctx, 'read');
  return loadScorecard(ctx, key);
}

function auditView(s: Scorecard): object {
  return {
    key: s.key, name: s.name, description: s.description, archived: s.archivedAt !== null, revision: s.revision,
    versions: s.versions.map((v) => ({ version: v.version, effectiveFrom: v.effectiveFrom, definition: v.definition })),
  };
}
