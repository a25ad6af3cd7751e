/** The KPI model: a named, versioned formula with direction, unit and status bands. */
export type Direction = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER' | 'CLOSER_IS_BETTER';
export const DIRECTIONS: readonly Direction[] = ['HIGHER_IS_BETTER', 'LOWER_IS_BETTER', 'CLOSER_IS_BETTER'];

/** How a front end should print the value. */
export type DisplayFormat = 'NUMBER' | 'PERCENT' | 'CURRENCY' | 'DURATION';
export const DISPLAY_FORMATS: readonly DisplayFormat[] = ['NUMBER', 'PERCENT', 'CURRENCY', 'DURATION'];

export interface KpiVersion {
  readonly version: number;
  readonly formula: string;
  /** Period key the version applies from; null for the first version (in force since always). */
  readonly effectiveFrom: string | null;
  /** First day (days since 1970-01-01) the version applies; -Infinity for the first. */
  readonly effectiveFromDay: number;
  readonly measureRefs: readonly string[];
  readonly kpiRefs: readonly string[];
  readonly createdBy: string | null;
  readonly createdAt: Date;
}

export interface Kpi {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly category: string;
  readonly unit: string;
  readonly displayFormat: DisplayFormat;
  readonly decimals: number;
  readonly direction: Direction;
  readonly defaultTarget: number | null;
  readonly onTrackThreshold: number | null;
  readonly atRiskThreshold: number | null;
  readonly archivedAt: Date | null;
  readonly revision: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Oldest first. */
  readonly versions: readonly KpiVersion[];
}

export const KPI_COLUMNS =
  'id, key, name, description, category, unit, display_format, decimals, direction, default_target, on_track_threshold, at_risk_threshold, archived_at, revision, created_at, updated_at';

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function kpiFromRow(r: Record<string, unknown>, versions: readonly KpiVersion[]): Kpi {
  return {
    id: r.id as string,
    key: r.key as string,
    name: r.name as string,
    description: r.description as string,
    category: r.category as string,
    unit: r.unit as string,
    displayFormat: r.display_format as DisplayFormat,
    decimals: Number(r.decimals),
    direction: r.direction as Direction,
    defaultTarget: num(r.default_target),
    onTrackThreshold: num(r.on_track_threshold),
    atRiskThreshold: num(r.at_risk_threshold),
    archivedAt: r.archived_at ? new Date(r.archived_at as string) : null,
    revision: Number(r.revision),
    createdAt: new Date(r.created_at as string),
    updatedAt: new Date(r.updated_at as string),
    versions,
  };
}

export function kpiVersionFromRow(r: Record<string, unknown>, dayOf: (iso: string) => number): KpiVersion {
  const day = r.effective_from_day ? dayOf(isoDate(r.effective_from_day)) : Number.NEGATIVE_INFINITY;
  return {
    version: Number(r.version),
    formula: r.formula as string,
    effectiveFrom: (r.effective_from as string | null) ?? null,
    effectiveFromDay: day,
    measureRefs: (r.measure_refs as string[]) ?? [],
    kpiRefs: (r.kpi_refs as string[]) ?? [],
    createdBy: (r.created_by as string | null) ?? null,
    createdAt: new Date(r.created_at as string),
  };
}

/** `date` columns arrive as strings from pg and PGlite alike, or as Date from some drivers. */
export function isoDate(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).slice(0, 10);
}

/** The version in force on a day: the last one starting on or before it. */
export function versionOn(kpi: Kpi, day: number): KpiVersion {
  let chosen = kpi.versions[0];
  for (const v of kpi.versions) if (v.effectiveFromDay <= day) chosen = v;
  return chosen;
}

export function latestVersion(kpi: Kpi): KpiVersion {
  return kpi.versions[kpi.versions.length - 1];
}
