/**
 * The scorecard model: a named, versioned, weighted set of KPIs in sections. Each version
 * holds a whole definition and the period it applies from, so last year's assessment
 * keeps last year's weights (PRODUCT.md "Scoring").
 */
import type { EntityManager } from 'typeorm';
import { isoToDay } from '../periods';
import type { LinearBaseline, MissingDataPolicy, ScoringMethod, StatusBands } from '../scoring';
import type { ServiceContext } from './context';
import { isoDate } from './kpi';
import { notFound } from './problem';

export interface StoredScorecardItem {
  readonly kpi: string;
  readonly weight: number;
  readonly method: ScoringMethod;
  /** Required for LINEAR; for the other methods used only when the target is ≤ 0. */
  readonly baseline: LinearBaseline | null;
}

export interface StoredScorecardSection {
  readonly key: string;
  readonly name: string;
  readonly weight: number;
  readonly items: readonly StoredScorecardItem[];
}

/**
 * As stored in `scorecard_versions.definition` (jsonb). `archiveKpi` finds KPI use by the
 * path `$.sections[*].items[*].kpi`, so that path is part of the format.
 */
export interface StoredScorecardDefinition {
  readonly sections: readonly StoredScorecardSection[];
  readonly missingData: MissingDataPolicy;
  readonly cap: number;
  /** null: the workspace's default bands. */
  readonly bands: StatusBands | null;
}

export interface ScorecardVersion {
  readonly version: number;
  /** Period key the version applies from; null for the first (in force since always). */
  readonly effectiveFrom: string | null;
  /** First day (days since 1970-01-01) it applies; -Infinity for the first version. */
  readonly effectiveFromDay: number;
  readonly definition: StoredScorecardDefinition;
  readonly createdBy: string | null;
  readonly createdAt: Date;
}

export interface Scorecard {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly archivedAt: Date | null;
  readonly revision: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Oldest first. */
  readonly versions: readonly ScorecardVersion[];
}

/** The version in force on a day: the last one starting on or before it. */
export function scorecardVersionOn(scorecard: Scorecard, day: number): ScorecardVersion {
  let chosen = scorecard.versions[0];
  for (const v of scorecard.versions) if (v.effectiveFromDay <= day) chosen = v;
  return chosen;
}

export function latestScorecardVersion(scorecard: Scorecard): ScorecardVersion {
  return scorecard.versions[scorecard.versions.length - 1];
}

/** Rebuilds a definition in one fixed key order (jsonb reorders keys), so equal definitions stringify equally. */
export function definitionFromJson(json: unknown): StoredScorecardDefinition {
  const d = (typeof json === 'string' ? JSON.parse(json) : json) as StoredScorecardDefinition;
  return {
    sections: d.sections.map((s) => ({
      key: s.key,
      name: s.name,
      weight: Number(s.weight),
      items: s.items.map((i) => ({ kpi: i.kpi, weight: Number(i.weight), method: i.method, baseline: baselineFromJson(i.baseline) })),
    })),
    missingData: d.missingData,
    cap: Number(d.cap),
    bands: d.bands ? { onTrack: Number(d.bands.onTrack), atRisk: Number(d.bands.atRisk) } : null,
  };
}

function baselineFromJson(b: LinearBaseline | null | undefined): LinearBaseline | null {
  if (!b) return null;
  return b.kind === 'FIXED' ? { kind: 'FIXED', value: Number(b.value) } : { kind: 'PREVIOUS_YEAR' };
}

export function sameDefinition(a: StoredScorecardDefinition, b: StoredScorecardDefinition): boolean {
  return JSON.stringify(definitionFromJson(a)) === JSON.stringify(definitionFromJson(b));
}

const SCORECARD_COLUMNS = 'id, key, name, description, archived_at, revision, created_at, updated_at';

/** Every scorecard of the workspace with its versions (two queries), or only `key`'s. */
export async function loadScorecards(ctx: ServiceContext, tx?: EntityManager, key?: string): Promise<Scorecard[]> {
  const run = tx ?? ctx.db.dataSource.manager;
  const heads: Array<Record<string, unknown>> = await run.query(
    `SELECT ${SCORECARD_COLUMNS} FROM scorecards WHERE workspace_id = $1 AND ($2::text IS NULL OR key = $2) ORDER BY key`,
    [ctx.workspace.id, key ?? null]);
  if (heads.length === 0) return [];
  const versionRows: Array<Record<string, unknown>> = await run.query(
    `SELECT scorecard_id, version, effective_from, effective_from_day::text AS effective_from_day, definition, created_by, created_at
       FROM scorecard_versions WHERE workspace_id = $1 AND scorecard_id = ANY($2::uuid[]) ORDER BY scorecard_id, version`,
    [ctx.workspace.id, heads.map((h) => h.id)]);
  const versions = new Map<string, ScorecardVersion[]>();
  for (const r of versionRows) {
    const list = versions.get(r.scorecard_id as string) ?? [];
    list.push({
      version: Number(r.version),
      effectiveFrom: (r.effective_from as string | null) ?? null,
      effectiveFromDay: r.effective_from_day ? isoToDay(isoDate(r.effective_from_day)) : Number.NEGATIVE_INFINITY,
      definition: definitionFromJson(r.definition),
      createdBy: (r.created_by as string | null) ?? null,
      createdAt: new Date(r.created_at as string),
    });
    versions.set(r.scorecard_id as string, list);
  }
  return heads.map((h) => ({
    id: h.id as string,
    key: h.key as string,
    name: h.name as string,
    description: h.description as string,
    archivedAt: h.archived_at ? new Date(h.archived_at as string) : null,
    revision: Number(h.revision),
    createdAt: new Date(h.created_at as string),
    updatedAt: new Date(h.updated_at as string),
    versions: versions.get(h.id as string) ?? [],
  }));
}

/** One scorecard with all its versions, archived or not; NOT_FOUND when unknown. For the evaluator: no permission check. */
export async function loadScorecard(ctx: ServiceContext, key: string, tx?: EntityManager): Promise<Scorecard> {
  const [scorecard] = await loadScorecards(ctx, tx, key);
  if (!scorecard) throw notFound('scorecard', key);
  return scorecard;
}
