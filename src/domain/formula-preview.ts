/** Power-user tools: a draft formula evaluated on real data, and one cell explained. */
import { explainCell, type CellExplanation, type ExplainNode } from '../engine';
import { type Granularity, type Period, parsePeriodKey } from '../periods';
import { type ServiceContext, requirePermission } from './context';
import { loadDefinitions } from './definitions';
import { checkAgainst, type FormulaCheck } from './formula-check';
import { evaluateGrid } from './kpi-grid';
import { Problem } from './problem';
import { assertGridSize, resolveKpis, resolvePeriods, resolveTeams } from './request-grid';
import type { TeamNode } from './team-tree';
import { loadTeamTree, resolveTeam } from './teams';

export const DRAFT_KEY = '__draft';

export interface PreviewCell {
  readonly team: TeamNode;
  readonly period: Period;
  readonly value: number | null;
  readonly errorCode: number;
}

export async function previewFormula(
  ctx: ServiceContext,
  request: { formula: string; teams: readonly string[]; from: string; to: string; granularity: Granularity },
): Promise<{ check: FormulaCheck; cells: PreviewCell[] }> {
  requirePermission(ctx, 'read');
  const defs = await loadDefinitions(ctx);
  const check = checkAgainst(defs, request.formula);
  const tree = await loadTeamTree(ctx);
  const teams = resolveTeams(ctx, tree, request.teams);
  const periods = resolvePeriods(ctx, request.from, request.to, request.granularity);
  assertGridSize(1, teams.length, periods.length);
  if (!check.ok || !check.ast) return { check, cells: [] };
  const grid = await evaluateGrid(ctx, {
    kpis: [], drafts: [{ key: DRAFT_KEY, ast: check.ast, formula: request.formula }], teams, periods, granularity: request.granularity, tree, defs,
  });
  const column = grid.columns.get(DRAFT_KEY)!;
  const P = periods.length;
  const cells: PreviewCell[] = [];
  teams.forEach((team, t) => periods.forEach((period, p) => {
    const i = t * P + p;
    const v = column.values[i];
    cells.push({ team, period, value: column.errors[i] || v !== v ? null : v, errorCode: column.errors[i] });
  }));
  return { check, cells };
}

export interface ExplainedCell {
  readonly team: TeamNode;
  readonly period: Period;
  readonly version: number;
  readonly explanation: CellExplanation;
}

export async function explainKpiValue(ctx: ServiceContext, kpiKey: string, teamKey: string, periodKey: string): Promise<ExplainedCell> {
  requirePermission(ctx, 'read');
  const defs = await loadDefinitions(ctx);
  resolveKpis(defs, [kpiKey]);
  const tree = await loadTeamTree(ctx);
  const team = resolveTeam(ctx, tree, teamKey, 'team');
  const parsed = parsePeriodKey(periodKey, { fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth });
  if (!parsed.ok) throw new Problem('INVALID_PERIOD', parsed.error.message, { field: 'period' });
  const grid = await evaluateGrid(ctx, { kpis: [kpiKey], teams: [team], periods: [parsed.period], granularity: parsed.period.granularity, tree, defs });
  const group = grid.groups[0];
  const explanation = explainCell(group.plan, kpiKey, 0, { cells: 1, inputs: group.inputs });
  return { team, period: parsed.period, version: grid.versions.get(kpiKey)![0], explanation };
}

/** The explanation tree as a flat list with parent links (GraphQL cannot nest to any depth). */
export function flattenExplanation(root: ExplainNode | undefined): Array<ExplainNode & { id: number; parent: number | null; depth: number }> {
  const out: Array<ExplainNode & { id: number; parent: number | null; depth: number }> = [];
  if (!root) return out;
  const stack: Array<{ node: ExplainNode; parent: number | null; depth: number }> = [{ node: root, parent: null, depth: 0 }];
  while (stack.length > 0) {
    const { node, parent, depth } = stack.pop()!;
    const id = out.length;
    out.push({ ...node, id, parent, depth });
    const nested = node.kpi?.explanation ? [node.kpi.explanation] : [];
    for (const child of [...node.children, ...nested].reverse()) stack.push({ node: child, parent: id, depth: depth + 1 });
  }
  return out;
}
