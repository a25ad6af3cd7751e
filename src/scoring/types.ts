/**
 * The vocabulary of scoring (PRODUCT.md "Status bands", "Scorecard", "Scoring" and
 * "Precise rules / Scoring figures"). Plain data only: the domain layer resolves KPIs,
 * targets, bands and last year's values before calling into this folder.
 */

export type Direction = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER' | 'CLOSER_IS_BETTER';

export type Status = 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'NO_DATA' | 'NO_TARGET';

/** A status that comes from comparing an achievement with the bands. */
export type BandStatus = Extract<Status, 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK'>;

/** Statuses that count as missing data (PRODUCT.md "Scoring figures"). */
export type MissingDataStatus = Extract<Status, 'NO_DATA' | 'NO_TARGET'>;

export type ScoringMethod = 'RATIO' | 'LINEAR' | 'BANDS' | 'BINARY';

export type MissingDataPolicy = 'EXCLUDE' | 'ZERO';

/** A KPI's key as written in formulas (`csat`); the domain layer owns its validation. */
export type KpiKey = string;

/** An error value of the formula engine (`DIV_BY_ZERO`, `NUMERIC` …), passed through as data. */
export interface ActualError {
  readonly error: string;
}

/**
 * A KPI value as the formula engine produces it: a number, blank (`null`, no data) or an
 * error. Blank and error both make an item `NO_DATA`.
 */
export type KpiActual = number | null | ActualError;

/**
 * Achievement thresholds: at least `onTrack` is ON_TRACK, at least `atRisk` is AT_RISK,
 * below is OFF_TRACK. Ratios, so 1 means "target met".
 */
export interface StatusBands {
  readonly onTrack: number;
  readonly atRisk: number;
}

/** Where a LINEAR item's 0-point comes from. */
export type LinearBaseline =
  /** A fixed "red flag" value set on the scorecard item. */
  | { readonly kind: 'FIXED'; readonly value: number }
  /** The same period last year: the caller passes that actual as `ItemInput.previousYear`. */
  | { readonly kind: 'PREVIOUS_YEAR' };

/**
 * How an achievement was measured, reported so a reader can see why a number is what it is:
 * - `RATIO`: a / t, t / a or 1 − |a − t| / t by direction;
 * - `LINEAR`: 0 at the baseline, 1 at the target;
 * - `MET_OR_NOT`: 1 or 0, when neither scale exists (target ≤ 0 and no usable baseline).
 */
export type AchievementBasis = 'RATIO' | 'LINEAR' | 'MET_OR_NOT';

interface ItemCommon {
  readonly kpi: KpiKey;
  /** The KPI's direction, copied in by the caller. */
  readonly direction: Direction;
  /** Any non-negative number; normalised within the section. */
  readonly weight: number;
  /** The KPI's own bands, when it has some; else the scorecard's. */
  readonly bands?: StatusBands;
}

/**
 * LINEAR needs to know where its baseline comes from; the other methods may name one too,
 * which is used only when their target is zero or negative (PRODUCT.md "Scoring").
 */
type ItemMethod =
  | { readonly method?: 'RATIO' | 'BANDS' | 'BINARY'; readonly baseline?: LinearBaseline }
  | { readonly method: 'LINEAR'; readonly baseline: LinearBaseline };

/** One KPI of a scorecard section; `method` defaults to `RATIO`. */
export type ScorecardItemDefinition = ItemCommon & ItemMethod;

export interface ScorecardSectionDefinition {
  readonly key: string;
  /** Any non-negative number; normalised among sections. */
  readonly weight: number;
  readonly items: readonly ScorecardItemDefinition[];
}

export interface ScorecardDefinition {
  readonly sections: readonly ScorecardSectionDefinition[];
  /** Defaults to `EXCLUDE`, the starter scorecard's policy (CATALOG.md). */
  readonly missingData?: MissingDataPolicy;
  /** Highest achievement that still earns points; defaults to 1.2 (120 points). */
  readonly cap?: number;
  /** The scorecard's bands (the workspace defaults, resolved by the caller). */
  readonly bands?: StatusBands;
}

/** What the engine computed for one KPI, team and period. */
export interface ItemInput {
  readonly actual: KpiActual;
  /** `null` when no target is set at any level. */
  readonly target: number | null;
  /** Last year's actual for the same period; read only by a `PREVIOUS_YEAR` baseline. */
  readonly previousYear?: KpiActual;
}

/** One item scored on its own, before weights: missing data, or a measured achievement. */
export type ItemEvaluation =
  | {
      readonly status: MissingDataStatus;
      readonly basis: null;
      readonly achievement: null;
      readonly baseline: number | null;
      readonly score: null;
    }
  | {
      readonly status: BandStatus;
      readonly basis: AchievementBasis;
      /**
       * Finite, or `null` when the ratio is unbounded (LOWER_IS_BETTER with an actual at or
       * below 0): JSON and GraphQL Float cannot carry Infinity, and the score and status
       * already say "best possible".
       */
      readonly achievement: number | null;
      /** The baseline the item resolved to, used or not, so MET_OR_NOT can be explained. */
      readonly baseline: number | null;
      /** 0 … 100 × cap points. */
      readonly score: number;
    };

export interface ScoredItem {
  readonly kpi: KpiKey;
  /** As given, except that a non-finite number is reported as the engine's `NUMERIC` error. */
  readonly actual: KpiActual;
  readonly target: number | null;
  readonly baseline: number | null;
  readonly method: ScoringMethod;
  readonly basis: AchievementBasis | null;
  readonly achievement: number | null;
  /** `null` for missing data under EXCLUDE; 0 for missing data under ZERO. */
  readonly score: number | null;
  readonly status: Status;
  /** The weight as given. */
  readonly weight: number;
  /** Fraction of the section score this item carries; 0 when it does not count. */
  readonly appliedWeight: number;
}

export interface ScoredSection {
  readonly key: string;
  /** `null` when no weighted item has a score, or the section is left out. */
  readonly score: number | null;
  /** Share of the section's item weight that had data, 0 … 1. */
  readonly coverage: number;
  readonly weight: number;
  readonly appliedWeight: number;
  /** True when all its item weights are 0: it has no score and no share of coverage. */
  readonly leftOut: boolean;
  readonly items: readonly ScoredItem[];
}

export interface ScorecardScore {
  readonly sections: readonly ScoredSection[];
  readonly score: number | null;
  readonly coverage: number;
}

export type ScoringErrorCode =
  | 'NEGATIVE_WEIGHT'
  | 'NON_FINITE_WEIGHT'
  | 'INVALID_STATUS_BANDS'
  | 'INVALID_CAP'
  | 'INVALID_BASELINE'
  | 'DUPLICATE_SECTION_KEY';

/** A definition mistake, with the path of the offending field (`sections[1].items[0].weight`). */
export interface ScoringValidationError {
  readonly code: ScoringErrorCode;
  readonly message: string;
  readonly path: string;
}
