/** The loader's in-memory half: windows over bucket aggregates, then team roll-ups, checked by hand and against a naive oracle. */
import fc from 'fast-check';
import { type BucketCells, combineOverTime, rollUpTeams, type TeamForest } from '../../src/domain/measure-rollup';

/** Cells from (team, bucket, values recorded in that bucket in period order). */
function cells(entries: Array<[number, number, number[]]>): BucketCells {
  const n = entries.length;
  const c = {
    length: n, team: new Int32Array(n), bucket: new Int32Array(n), sum: new Float64Array(n), count: new Float64Array(n),
    min: new Float64Array(n), max: new Float64Array(n), first: new Float64Array(n), last: new Float64Array(n),
  };
  entries.forEach(([team, bucket, values], i) => {
    c.team[i] = team; c.bucket[i] = bucket;
    c.sum[i] = values.reduce((a, b) => a + b, 0); c.count[i] = values.length;
    c.min[i] = Math.min(...values); c.max[i] = Math.max(...values);
    c.first[i] = values[0]; c.last[i] = values[values.length - 1];
  });
  return c;
}

// Team 0: buckets 0 [1, 2], 1 [—], 2 [10], 3 [0]; team 1: bucket 1 [7]. Windows: [0..1], [1..3], [0..3], [4..5].
const data = cells([[0, 0, [1, 2]], [0, 2, [10]], [0, 3, [0]], [1, 1, [7]]]);
const windows = [{ first: 0, last: 1 }, { first: 1, last: 3 }, { first: 0, last: 3 }, { first: 4, last: 5 }];

test.each([
  ['SUM', [1 + 2, 10 + 0, 13, NaN], [7, 7, 7, NaN]],
  ['AVERAGE', [(1 + 2) / 2, (10 + 0) / 2, 13 / 4, NaN], [7, 7, 7, NaN]],
  ['MIN', [1, 0, 0, NaN], [7, 7, 7, NaN]],
  ['MAX', [2, 10, 10, NaN], [7, 7, 7, NaN]],
  ['FIRST', [1, 10 /* bucket 1 has no value */, 1, NaN], [7, 7, 7, NaN]],
  ['LAST', [2 /* last value inside bucket 0 */, 0, 0, NaN], [7, 7, 7, NaN]],
] as const)('time rule %s over windows of buckets; a window without values is blank', (rule, team0, team1) => {
  const out = combineOverTime(data, 2, windows, rule);
  expect(Array.from(out.subarray(0, 4))).toEqual(team0);
  expect(Array.from(out.subarray(4, 8))).toEqual(team1);
});

// 0 ─┬─ 1 ─┬─ 3
//    │     └─ 4
//    └─ 2          and a second root 5.
const forest: TeamForest = { size: 6, parent: Int32Array.from([-1, 0, 0, 1, 1, -1]), childrenFirst: Int32Array.from([5, 4, 3, 2, 1, 0]) };

test('team rules roll own values up the tree; a subtree without values is blank; the total spans every root', () => {
  const own = Float64Array.from([NaN, 2, NaN, 10, 30, 5]); // one window
  const sum = rollUpTeams(own, 1, forest, 'SUM');
  expect(Array.from(sum.subtree)).toEqual([42, 42, NaN, 10, 30, 5]);
  expect(Array.from(sum.total)).toEqual([47]);
  expect(Array.from(rollUpTeams(own, 1, forest, 'AVERAGE').subtree)).toEqual([14, 14, NaN, 10, 30, 5]);
  expect(Array.from(rollUpTeams(own, 1, forest, 'AVERAGE').total)).toEqual([47 / 4]);
  expect(Array.from(rollUpTeams(own, 1, forest, 'MIN').subtree)).toEqual([2, 2, NaN, 10, 30, 5]);
  expect(Array.from(rollUpTeams(own, 1, forest, 'MAX').total)).toEqual([30]);
});

test('property: every rule equals a naive walk over each subtree, for random forests and values', () => {
  const arbitrary = fc.integer({ min: 1, max: 30 }).chain((size) =>
    fc.record({
      parents: fc.tuple(...Array.from({ length: size }, (_, i) => (i === 0 ? fc.constant(-1) : fc.integer({ min: -1, max: i - 1 })))),
      values: fc.array(fc.oneof(fc.constant(NaN), fc.integer({ min: -50, max: 50 })), { minLength: size * 2, maxLength: size * 2 }),
    }),
  );
  fc.assert(fc.property(arbitrary, ({ parents, values }) => {
    const size = parents.length;
    // Parents have smaller indexes, so descending order lists children first.
    const f: TeamForest = { size, parent: Int32Array.from(parents), childrenFirst: Int32Array.from(parents.map((_, i) => size - 1 - i)) };
    const own = Float64Array.from(values);
    const inSubtree = (root: number, t: number): boolean => t === root || (parents[t] >= 0 && inSubtree(root, parents[t]));
    for (const rule of ['SUM', 'AVERAGE', 'MIN', 'MAX'] as const) {
      const { subtree, total } = rollUpTeams(own, 2, f, rule);
      const naive = (members: number[], w: number): number => {
        const vs = members.map((t) => own[t * 2 + w]).filter((v) => !Number.isNaN(v));
        if (vs.length === 0) return NaN;
        if (rule === 'SUM') return vs.reduce((a, b) => a + b, 0);
        if (rule === 'AVERAGE') return vs.reduce((a, b) => a + b, 0) / vs.length;
        return rule === 'MIN' ? Math.min(...vs) : Math.max(...vs);
      };
      const all = parents.map((_, i) => i);
      for (let t = 0; t < size; t++) {
        for (let w = 0; w < 2; w++) {
          const expected = naive(all.filter((m) => inSubtree(t, m)), w);
          if (Number.isNaN(expected)) expect(subtree[t * 2 + w]).toBeNaN();
          else expect(subtree[t * 2 + w]).toBeCloseTo(expected, 9);
        }
      }
      for (let w = 0; w < 2; w++) {
        const expected = naive(all, w);
        if (Number.isNaN(expected)) expect(total[w]).toBeNaN();
        else expect(total[w]).toBeCloseTo(expected, 9);
      }
    }
  }), { numRuns: 200 });
});
