/**
 * KPI dependency order with Tarjan's strongly connected components, iterative so that long
 * KPI chains cannot overflow the stack. Cycles become data (the path of each KPI's cycle),
 * not a crash, and everything outside them still gets an evaluation order.
 */

export interface DependencyOrder {
  /** KPIs that can be evaluated, each after everything it depends on. */
  readonly order: readonly string[];
  /**
   * For every KPI in a cycle or depending on one: a path ending in the cycle, first KPI
   * itself (`['a', 'b', 'a']`, `['c', 'a', 'b', 'a']`; self-reference `['a', 'a']`).
   */
  readonly cycles: ReadonlyMap<string, readonly string[]>;
}

/**
 * `dependsOn(key)` lists the KPIs `key` reads; keys outside `keys` are ignored (measures,
 * unknown names). Deterministic: follows the order of `keys` and of each dependency list.
 */
export function orderByDependencies(
  keys: readonly string[],
  dependsOn: (key: string) => readonly string[],
): DependencyOrder {
  const known = new Set(keys);
  const edges = new Map<string, readonly string[]>();
  for (const key of known) edges.set(key, [...new Set(dependsOn(key).filter((d) => known.has(d)))]);

  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = []; // emitted dependencies first
  let counter = 0;

  for (const root of known) {
    if (index.has(root)) continue;
    // Explicit call stack: each frame is a node and the next edge to look at.
    const frames: Array<{ node: string; edge: number }> = [{ node: root, edge: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const out = edges.get(frame.node)!;
      if (frame.edge < out.length) {
        const next = out[frame.edge++];
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          frames.push({ node: next, edge: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(next)!));
        }
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }

  const position = new Map<string, number>();
  keys.forEach((key, i) => position.has(key) || position.set(key, i));
  const order: string[] = [];
  const cycles = new Map<string, readonly string[]>();
  for (const component of components) {
    const members = new Set(component);
    const cyclic = component.length > 1 || edges.get(component[0])!.includes(component[0]);
    // Keep the caller's order inside a component for stable messages.
    const sorted = component.length === 1 ? component : [...component].sort((a, b) => position.get(a)! - position.get(b)!);
    for (const key of sorted) {
      if (cyclic) {
        cycles.set(key, cycleThrough(key, members, edges));
        continue;
      }
      const broken = edges.get(key)!.find((d) => cycles.has(d));
      if (broken) cycles.set(key, [key, ...cycles.get(broken)!]);
      else order.push(key);
    }
  }
  return { order, cycles };
}

/** Shortest path from `start` back to itself inside its component (breadth first). */
function cycleThrough(
  start: string,
  members: ReadonlySet<string>,
  edges: ReadonlyMap<string, readonly string[]>,
): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    for (const next of edges.get(node)!) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)!) path.push(at);
        path.push(start);
        return [path[0], ...path.slice(1, -1).reverse(), start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

/** `a → b → a`, as shown in messages. */
export function formatCyclePath(path: readonly string[]): string {
  return path.join(' → ');
}
