/**
 * Hands a result grid's comments to its cells: `withKpiValueComments` and
 * `withScorecardComments` give every cell of one answer the same `CommentThreads`, so
 * `comments`, `statusOverride` and `effectiveStatus` cost one query for the whole grid,
 * and nothing when not selected. The link lives in a WeakMap, outside the result types.
 */
import { type CommentCell, CommentThreads } from '../domain/comment-threads';
import type { ServiceContext } from '../domain/context';
import type { KpiValueType } from './kpi-value.types';
import type { PeriodType } from './period.types';
import type { ScorecardItemResultType, ScorecardResultType } from './scorecard-result.types';

export interface CommentLink {
  readonly threads: CommentThreads;
  readonly cell: CommentCell;
  readonly period: PeriodType;
}

const links = new WeakMap<object, CommentLink>();

export function withKpiValueComments<T extends KpiValueType>(ctx: ServiceContext, values: T[]): T[] {
  const cells = values.map((v) => ({ kpi: v.kpi, team: v.team, periodKey: v.period.key }));
  const threads = new CommentThreads(ctx, cells);
  values.forEach((v, i) => links.set(v, { threads, cell: cells[i], period: v.period }));
  return values;
}

export function withScorecardComments<T extends ScorecardResultType>(ctx: ServiceContext, results: T[]): T[] {
  const items = results.flatMap((r) => r.sections.flatMap((s) => s.items.map((item: ScorecardItemResultType) => ({
    item, period: r.period, cell: { kpi: item.kpi, team: r.team, periodKey: r.period.key },
  }))));
  const threads = new CommentThreads(ctx, items.map((i) => i.cell));
  for (const { item, cell, period } of items) links.set(item, { threads, cell, period });
  return results;
}

/** The grid link of a cell; undefined for a cell built outside those two reads (it then shows no comments). */
export function commentLink(cell: object): CommentLink | undefined {
  return links.get(cell);
}
