/**
 * The comments of a whole result grid (KPIs × teams × periods), read with one query the
 * first time any cell asks, never a query per cell. Made for results the caller was
 * already allowed to read (kpiValues, evaluateScorecard), so it checks nothing itself.
 */
import { COMMENT_COLUMNS, COMMENT_JOINS, type Comment, type StatusOverride, commentFromRow, overrideOf } from './comment';
import type { ServiceContext } from './context';

export interface CommentCell {
  readonly kpi: string;
  readonly team: string;
  readonly periodKey: string;
}

const cellKey = (kpi: string, team: string, periodKey: string): string => JSON.stringify([kpi, team, periodKey]);
const NONE: readonly Comment[] = [];

export class CommentThreads {
  private loaded?: Promise<Map<string, Comment[]>>;
  private readonly kpis = new Set<string>();
  private readonly teams = new Set<string>();
  private readonly periods = new Set<string>();

  constructor(private readonly ctx: ServiceContext, cells: Iterable<CommentCell>) {
    for (const c of cells) {
      this.kpis.add(c.kpi);
      this.teams.add(c.team);
      this.periods.add(c.periodKey);
    }
  }

  /** The cell's comments and check-ins, newest first. */
  async thread(cell: CommentCell): Promise<readonly Comment[]> {
    return (await this.load()).get(cellKey(cell.kpi, cell.team, cell.periodKey)) ?? NONE;
  }

  /** The override in force for the cell: the newest check-in's, if it has one. */
  async override(cell: CommentCell): Promise<StatusOverride | null> {
    return overrideOf(await this.thread(cell));
  }

  private load(): Promise<Map<string, Comment[]>> {
    this.loaded ??= this.query();
    return this.loaded;
  }

  /**
   * Filtering each axis by its keys selects the grid's cells: a grid is a cross product.
   * (A scorecard whose versions differ by period may add a few cells no item asks for;
   * they are never looked up.)
   */
  private async query(): Promise<Map<string, Comment[]>> {
    const byCell = new Map<string, Comment[]>();
    if (this.kpis.size === 0) return byCell;
    const rows: Array<Record<string, unknown>> = await this.ctx.db.dataSource.query(
      `SELECT ${COMMENT_COLUMNS} FROM comments c ${COMMENT_JOINS}
        WHERE c.workspace_id = $1 AND k.key = ANY($2::text[]) AND t.key = ANY($3::text[]) AND c.period_key = ANY($4::text[])
        ORDER BY c.id DESC`,
      [this.ctx.workspace.id, [...this.kpis], [...this.teams], [...this.periods]]);
    for (const row of rows) {
      const comment = commentFromRow(row);
      const key = cellKey(comment.kpi, comment.team, comment.periodKey);
      const list = byCell.get(key);
      if (list) list.push(comment);
      else byCell.set(key, [comment]);
    }
    return byCell;
  }
}
