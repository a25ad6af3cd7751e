/** Tarjan's SCC: evaluation order and the cycle path of every KPI in or behind a cycle. */
import { formatCyclePath, orderByDependencies } from '../../src/engine';

const order = (graph: Record<string, string[]>) => orderByDependencies(Object.keys(graph), (k) => graph[k] ?? []);

describe('dependency order', () => {
  test('dependencies come before the KPIs that read them', () => {
    const result = order({ c: ['b'], b: ['a'], a: [], d: ['a', 'c'] });
    expect(result.order).toEqual(['a', 'b', 'c', 'd']);
    expect(result.cycles.size).toBe(0);
  });
  test('names that are not KPIs (measures) are ignored', () => {
    expect(order({ a: ['revenue', 'leads'] }).order).toEqual(['a']);
  });
  test('a long chain does not overflow the stack (iterative)', () => {
    const graph: Record<string, string[]> = {};
    for (let i = 0; i < 20000; i++) graph[`k${i}`] = i > 0 ? [`k${i - 1}`] : [];
    const result = order(graph);
    expect(result.order[0]).toBe('k0');
    expect(result.order[19999]).toBe('k19999');
  });
});

describe('cycles', () => {
  test('self-reference: a → a', () => {
    expect(order({ a: ['a'] }).cycles.get('a')).toEqual(['a', 'a']);
  });
  test('2-cycle: each KPI gets its own path', () => {
    const { cycles, order: evaluable } = order({ a: ['b'], b: ['a'] });
    expect(cycles.get('a')).toEqual(['a', 'b', 'a']);
    expect(cycles.get('b')).toEqual(['b', 'a', 'b']);
    expect(evaluable).toEqual([]);
  });
  test('3-cycle', () => {
    expect(order({ a: ['b'], b: ['c'], c: ['a'] }).cycles.get('b')).toEqual(['b', 'c', 'a', 'b']);
  });
  test('a KPI depending on a cycle gets the path into it; the rest still evaluates', () => {
    const { cycles, order: evaluable } = order({ a: ['b'], b: ['a'], d: ['x'], c: ['d', 'a'], x: [] });
    expect(cycles.get('c')).toEqual(['c', 'a', 'b', 'a']);
    expect(evaluable).toEqual(['x', 'd']);
    expect(formatCyclePath(cycles.get('c')!)).toBe('c → a → b → a');
  });
  test('disjoint cycles are all reported', () => {
    const { cycles } = order({ a: ['b'], b: ['a'], p: ['q'], q: ['r'], r: ['p'], s: ['s'], ok: [] });
    expect([...cycles.keys()].sort()).toEqual(['a', 'b', 'p', 'q', 'r', 's']);
  });
  test('the path is the shortest way back inside a component with several cycles', () => {
    // a → b → a and a → c → d → a share a; a's shortest cycle is through b
    expect(order({ a: ['c', 'b'], b: ['a'], c: ['d'], d: ['a'] }).cycles.get('a')).toEqual(['a', 'b', 'a']);
  });
});
