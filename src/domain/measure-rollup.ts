/**
 * The in-memory half of the measure loader, pure: bucket aggregates of one measure are
 * combined over each requested window by the measure's time rule (per team, its own
 * values only), then rolled up the team tree by its team rule, walking parent pointers
 * children-first. Columns are Float64Array with NaN as blank.
 */
import type { TeamAggregation, TimeAggregation } from './measure';

/** One measure's aggregates per (team, bucket), sorted by team then bucket. */
export interface BucketCells {
  readonly length: number;
  readonly team: Int32Array;
  readonly bucket: Int32Array;
  readonly sum: Float64Array;
  readonly count: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  /** Value of the earliest / latest recorded period in the bucket. */
  readonly first: Float64Array;
  readonly last: Float64Array;
}

/** A window of buckets, both ends included (0-based bucket numbers). */
export interface BucketWindow {
  readonly first: number;
  readonly last: number;
}

/**
 * Each team's own value per window: `[team * windows.length + w]`. SUM adds the sums;
 * AVERAGE divides the total sum by the number of recorded values; FIRST / LAST take the
 * first / last bucket in the window that has a value.
 */
export function combineOverTime(cells: BucketCells, teamCount: number, windows: readonly BucketWindow[], rule: TimeAggregation): Float64Array {
  const w = windows.length;
  const out = new Float64Array(teamCount * w).fill(NaN);
  let start = 0;
  while (start < cells.length) {
    const team = cells.team[start];
    let end = start;
    while (end < cells.length && cells.team[end] === team) end++;
    for (let wi = 0; wi < w; wi++) {
      const { first, last } = windows[wi];
      let i = lowerBound(cells.bucket, start, end, first);
      if (i >= end || cells.bucket[i] > last) continue;
      let value: number;
      switch (rule) {
        case 'SUM':
        case 'AVERAGE': {
          let sum = 0;
          let count = 0;
          for (; i < end && cells.bucket[i] <= last; i++) { sum += cells.sum[i]; count += cells.count[i]; }
          value = rule === 'SUM' ? sum : sum / count;
          break;
        }
        case 'MIN':
          value = Infinity;
          for (; i < end && cells.bucket[i] <= last; i++) if (cells.min[i] < value) value = cells.min[i];
          break;
        case 'MAX':
          value = -Infinity;
          for (; i < end && cells.bucket[i] <= last; i++) if (cells.max[i] > value) value = cells.max[i];
          break;
        case 'FIRST':
          value = cells.first[i];
          break;
        case 'LAST': {
          let j = i;
          while (j + 1 < end && cells.bucket[j + 1] <= last) j++;
          value = cells.last[j];
          break;
        }
      }
      out[team * w + wi] = value;
    }
    start = end;
  }
  return out;
}

/** First position in [from, to) whose bucket is ≥ target. */
function lowerBound(buckets: Int32Array, from: number, to: number, target: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (buckets[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The visible teams as parent indexes, and an order that lists children before parents. */
export interface TeamForest {
  readonly size: number;
  /** Parent's index, or -1 for a root of the visible forest. */
  readonly parent: Int32Array;
  readonly childrenFirst: Int32Array;
}

/**
 * Subtree values of every team (own values count with the subtree's) plus the total of
 * the whole forest, per window. SUM adds, AVERAGE is the mean over the teams that have a
 * value, MIN / MAX; a subtree without any value is blank, a recorded 0 is 0.
 */
export function rollUpTeams(own: Float64Array, windowCount: number, forest: TeamForest, rule: TeamAggregation): { subtree: Float64Array; total: Float64Array } {
  const w = windowCount;
  const n = forest.size * w;
  const acc = new Float64Array(n);
  const count = new Float64Array(n);
  const init = rule === 'MIN' ? Infinity : rule === 'MAX' ? -Infinity : 0;
  acc.fill(init);
  for (let i = 0; i < n; i++) {
    const v = own[i];
    if (v === v) { acc[i] = v; count[i] = 1; }
  }
  const totalAcc = new Float64Array(w).fill(init);
  const totalCount = new Float64Array(w);
  for (let k = 0; k < forest.size; k++) {
    const team = forest.childrenFirst[k];
    const p = forest.parent[team];
    const from = team * w;
    const target = p >= 0 ? p * w : -1;
    for (let wi = 0; wi < w; wi++) {
      const c = count[from + wi];
      if (c === 0) continue;
      const v = acc[from + wi];
      if (target >= 0) {
        count[target + wi] += c;
        acc[target + wi] = merge(rule, acc[target + wi], v);
      } else {
        totalCount[wi] += c;
        totalAcc[wi] = merge(rule, totalAcc[wi], v);
      }
    }
  }
  return { subtree: finish(rule, acc, count), total: finish(rule, totalAcc, totalCount) };
}

function merge(rule: TeamAggregation, a: number, b: number): number {
  return rule === 'MIN' ? (b < a ? b : a) : rule === 'MAX' ? (b > a ? b : a) : a + b;
}

function finish(rule: TeamAggregation, acc: Float64Array, count: Float64Array): Float64Array {
  const out = new Float64Array(acc.length);
  for (let i = 0; i < acc.length; i++) {
    out[i] = count[i] === 0 ? NaN : rule === 'AVERAGE' ? acc[i] / count[i] : acc[i];
  }
  return out;
}
