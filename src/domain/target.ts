/**
 * The target model: the value a KPI should reach for a team in a period (PRODUCT.md
 * "Target"). A row without a team is the workspace-wide target for that period; a target
 * is either a number or a formula over history (`PREV_YEAR(revenue) * 1.1`), never both.
 */
import type { Granularity, Period } from '../periods';

/** What the evaluator reads: one stored target, teams by id. */
export interface TargetRow {
  readonly kpi: string;
  /** null: the workspace-wide target, for every team without its own. */
  readonly teamId: string | null;
  readonly periodKey: string;
  readonly value: number | null;
  readonly formula: string | null;
}

/** One row of a `setTargets` call, as sent. */
export interface TargetInputRow {
  readonly kpi: string;
  /** Team key; null or omitted sets the workspace-wide target. */
  readonly team?: string | null;
  /** Period key at any granularity. */
  readonly period: string;
  readonly value?: number | null;
  readonly formula?: string | null;
  /** Removes the stored target instead of setting one. */
  readonly clear?: boolean | null;
}

/** A validated row: ids resolved, the period canonical. Value and formula are both null for a clear. */
export interface ResolvedTarget {
  readonly index: number;
  readonly kpiId: string;
  readonly kpiKey: string;
  readonly teamId: string | null;
  readonly teamKey: string | null;
  readonly periodKey: string;
  readonly granularity: Granularity;
  readonly value: number | null;
  readonly formula: string | null;
  readonly clear: boolean;
}

/** A stored target as the API lists it. */
export interface StoredTarget {
  readonly kpi: string;
  readonly teamKey: string | null;
  readonly period: Period;
  readonly value: number | null;
  readonly formula: string | null;
  readonly updatedAt: Date;
}

/** The targets of one KPI and the revision of that set (named by `setTargets` to detect lost updates). */
export interface TargetSet {
  readonly kpi: string;
  readonly revision: number;
  readonly targets: readonly StoredTarget[];
}

/** What a `setTargets` call changed; rows already stored as sent count as unchanged. */
export interface TargetsWriteReport {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly cleared: number;
  /** The target-set revision of every KPI the call named, after the write. */
  readonly revisions: ReadonlyArray<{ readonly kpi: string; readonly revision: number }>;
}

/** How a target row reads in the audit trail. */
export interface TargetAuditRow {
  readonly team: string | null;
  readonly period: string;
  readonly value: number | null;
  readonly formula: string | null;
}

/** The natural key of a target: one per (KPI, team or workspace, period). */
export const targetKey = (kpiId: string, teamId: string | null, periodKey: string): string => `${kpiId}|${teamId ?? ''}|${periodKey}`;
