/**
 * The measure loader: what the formula engine's plan calls to read its inputs. For a
 * set of measures, a grid granularity, windows of periods and teams, it returns each
 * measure aggregated over each window by its time rule and over each team's subtree by
 * its team rule. Set-based: one SQL query per call groups every measure by (team,
 * bucket period); windows and the team roll-up are computed in memory, where summing up
 * parent pointers is far cheaper than closure-table joins (STACK.md).
 */
import type { EntityManager } from 'typeorm';
import { queryMeasureBuckets, type BucketRow } from '../db/measure-buckets-sql';
import { type Granularity, type IndexWindow, countingStartDays, startDayOfIndex } from '../periods';
import { type ServiceContext, requirePermission } from './context';
import type { Measure } from './measure';
import { type BucketCells, type TeamForest, combineOverTime, rollUpTeams } from './measure-rollup';
import { Problem } from './problem';
import type { TeamNode, TeamTree } from './team-tree';
import { loadTeamTree } from './teams';

/** The whole visible workspace: the sum (by team rule) of every root, or a scoped key's root. */
export const TOTAL = 'TOTAL' as const;
export type LoadTeam = TeamNode | typeof TOTAL;

export type LoaderMeasure = Pick<Measure, 'id' | 'key' | 'grain' | 'timeAggregation' | 'teamAggregation' | 'source'>;

export interface MeasureWindowRequest {
  readonly measures: readonly LoaderMeasure[];
  /** The grid's granularity; windows are period indexes at it (see periods/period-index.ts). */
  readonly granularity: Granularity;
  readonly windows: readonly IndexWindow[];
  /** Rows of the result: teams (each meaning its whole subtree) or TOTAL. */
  readonly teams: readonly LoadTeam[];
  /** The workspace's tree if the caller has it already. */
  readonly tree?: TeamTree;
  /** A transaction, when several calls must read one snapshot; the pool by default. */
  readonly run?: EntityManager;
}

export interface MeasureWindows {
  readonly teams: readonly LoadTeam[];
  readonly windows: readonly IndexWindow[];
  /** By measure key: `[teamIndex * windows.length + windowIndex]`, NaN = blank. */
  readonly values: ReadonlyMap<string, Float64Array>;
}

/** Buckets one call may span (ten years of days is 3,653). */
const MAX_BUCKETS = 50_000;

export async function loadMeasureWindows(ctx: ServiceContext, request: MeasureWindowRequest): Promise<MeasureWindows> {
  requirePermission(ctx, 'read');
  const { measures, granularity, windows, teams } = request;
  const values = new Map<string, Float64Array>();
  const blank = () => new Float64Array(teams.length * windows.length).fill(NaN);
  if (windows.length === 0 || teams.length === 0 || measures.length === 0) {
    for (const m of measures) values.set(m.key, blank());
    return { teams, windows, values };
  }
  const tree = request.tree ?? (await loadTeamTree(ctx));
  const forest = visibleForest(ctx, tree);
  const rows = teams.map((t) => {
    if (t === TOTAL) return -1;
    const i = forest.index.get(t.id);
    if (i === undefined) throw new Problem('FORBIDDEN', `Team "${t.key}" is outside the subtree this API key may read.`, { key: t.key });
    return i;
  });

  let firstBucket = Infinity;
  let lastBucket = -Infinity;
  for (const w of windows) {
    if (!(Number.isSafeInteger(w.first) && Number.isSafeInteger(w.last) && w.first <= w.last)) throw new RangeError(`bad window ${JSON.stringify(w)}`);
    if (w.first < firstBucket) firstBucket = w.first;
    if (w.last > lastBucket) lastBucket = w.last;
  }
  if (lastBucket - firstBucket + 1 > MAX_BUCKETS) {
    throw new Problem('LIMIT_EXCEEDED', `The periods requested span ${lastBucket - firstBucket + 1} ${granularity} periods; at most ${MAX_BUCKETS} can be read at once.`);
  }
  const calendar = { fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth };
  const bounds: number[] = [];
  for (let i = firstBucket; i <= lastBucket + 1; i++) bounds.push(startDayOfIndex(i, granularity, calendar));
  // A measure recorded at a grain coarser than the grid never counts toward its periods.
  const readable = measures.filter((m) => countingStartDays(m.grain, bounds[0], bounds[1] - 1, granularity) !== null);

  const bucketRows = await queryMeasureBuckets(request.run ?? ctx.db.dataSource.manager, {
    workspaceId: ctx.workspace.id,
    measures: readable.map((m) => ({ ...m, withEnds: m.timeAggregation === 'FIRST' || m.timeAggregation === 'LAST' })),
    bucketBounds: bounds,
    fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth,
    teamIds: neededTeamIds(ctx, tree, forest, teams),
  });
  const cellsByMeasure = groupCells(bucketRows, forest.index);
  const bucketWindows = windows.map((w) => ({ first: w.first - firstBucket, last: w.last - firstBucket }));
  const w = windows.length;

  for (const m of measures) {
    const cells = cellsByMeasure.get(m.id);
    if (!cells) { values.set(m.key, blank()); continue; }
    const own = combineOverTime(cells, forest.size, bucketWindows, m.timeAggregation);
    const { subtree, total } = rollUpTeams(own, w, forest, m.teamAggregation);
    const out = new Float64Array(teams.length * w);
    rows.forEach((team, r) => {
      if (team < 0) out.set(total, r * w);
      else out.set(subtree.subarray(team * w, team * w + w), r * w);
    });
    values.set(m.key, out);
  }
  return { teams, windows, values };
}

/**
 * Only the subtrees of the requested rows need reading: a grid of 50 teams out of 5,000
 * reads 1 % of the values. TOTAL needs the whole visible world.
 */
function neededTeamIds(ctx: ServiceContext, tree: TeamTree, forest: { size: number; teams: TeamNode[] }, teams: readonly LoadTeam[]): string[] | null {
  const everything = ctx.actor.scopeTeamId ? forest.teams.map((t) => t.id) : null;
  if (teams.some((t) => t === TOTAL)) return everything;
  const ids = new Set<string>();
  for (const team of teams) if (team !== TOTAL) for (const node of tree.subtree(team.id)) ids.add(node.id);
  return ids.size < forest.size ? [...ids] : everything;
}

/** The teams the key may see, as a forest of parent indexes (a scoped key's root is a root). */
function visibleForest(ctx: ServiceContext, tree: TeamTree): TeamForest & { teams: TeamNode[]; index: Map<string, number> } {
  const scope = ctx.actor.scopeTeamId;
  // subtree() lists parents before children, so the reverse lists children first.
  const teams = scope ? tree.subtree(scope) : tree.roots().flatMap((r) => tree.subtree(r.id));
  const index = new Map(teams.map((t, i) => [t.id, i]));
  const parent = new Int32Array(teams.length);
  teams.forEach((t, i) => { parent[i] = t.parentId !== null && t.id !== scope ? index.get(t.parentId) ?? -1 : -1; });
  const childrenFirst = new Int32Array(teams.length);
  for (let i = 0; i < teams.length; i++) childrenFirst[i] = teams.length - 1 - i;
  return { size: teams.length, parent, childrenFirst, teams, index };
}

/** Splits the sorted SQL rows into one column set per measure, with team indexes. */
function groupCells(rows: readonly BucketRow[], teamIndex: ReadonlyMap<string, number>): Map<string, BucketCells> {
  const out = new Map<string, BucketCells>();
  let start = 0;
  while (start < rows.length) {
    const id = rows[start].measure_id;
    let end = start;
    while (end < rows.length && rows[end].measure_id === id) end++;
    const n = end - start;
    const cells = {
      length: 0, team: new Int32Array(n), bucket: new Int32Array(n), sum: new Float64Array(n), count: new Float64Array(n),
      min: new Float64Array(n), max: new Float64Array(n), first: new Float64Array(n), last: new Float64Array(n),
    };
    let k = 0;
    for (let i = start; i < end; i++) {
      const r = rows[i];
      const team = teamIndex.get(r.team_id);
      if (team === undefined) continue; // a team outside the visible world
      cells.team[k] = team;
      cells.bucket[k] = r.bucket;
      cells.sum[k] = Number(r.sum);
      cells.count[k] = Number(r.count);
      cells.min[k] = Number(r.min);
      cells.max[k] = Number(r.max);
      cells.first[k] = Number(r.first);
      cells.last[k] = Number(r.last);
      k++;
    }
    // SQL sorted by team id, so each team's buckets form one ascending run.
    out.set(id, { ...cells, length: k });
    start = end;
  }
  return out;
}
