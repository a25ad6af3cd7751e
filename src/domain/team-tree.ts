/**
 * The workspace's team tree in memory. Thousands of teams fit easily, and walking parent
 * pointers here is far cheaper than closure-table joins for roll-ups (STACK.md).
 */
export interface TeamNode {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly parentId: string | null;
  readonly archivedAt: Date | null;
  readonly revision: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export class TeamTree {
  readonly byId = new Map<string, TeamNode>();
  readonly byKey = new Map<string, TeamNode>();
  readonly children = new Map<string | null, TeamNode[]>();

  constructor(readonly nodes: readonly TeamNode[]) {
    for (const n of nodes) {
      this.byId.set(n.id, n);
      this.byKey.set(n.key, n);
      const siblings = this.children.get(n.parentId) ?? [];
      siblings.push(n);
      this.children.set(n.parentId, siblings);
    }
    for (const list of this.children.values()) list.sort((a, b) => a.key.localeCompare(b.key));
  }

  roots(): readonly TeamNode[] {
    return this.children.get(null) ?? [];
  }

  childrenOf(id: string): readonly TeamNode[] {
    return this.children.get(id) ?? [];
  }

  /** Ancestors from the parent up to the root. */
  ancestors(id: string): TeamNode[] {
    const out: TeamNode[] = [];
    let current = this.byId.get(id)?.parentId ?? null;
    while (current !== null) {
      const node = this.byId.get(current);
      if (!node) break;
      out.push(node);
      current = node.parentId;
    }
    return out;
  }

  depth(id: string): number {
    return this.ancestors(id).length;
  }

  /** The team and everything below it, parents before children. */
  subtree(id: string): TeamNode[] {
    const root = this.byId.get(id);
    if (!root) return [];
    const out: TeamNode[] = [root];
    for (let i = 0; i < out.length; i++) out.push(...this.childrenOf(out[i].id));
    return out;
  }

  isInSubtree(rootId: string, id: string): boolean {
    if (rootId === id) return true;
    return this.ancestors(id).some((a) => a.id === rootId);
  }
}

export function teamNodeFromRow(r: Record<string, unknown>): TeamNode {
  return {
    id: r.id as string,
    key: r.key as string,
    name: r.name as string,
    description: r.description as string,
    parentId: (r.parent_id as string | null) ?? null,
    archivedAt: r.archived_at ? new Date(r.archived_at as string) : null,
    revision: Number(r.revision),
    createdAt: new Date(r.created_at as string),
    updatedAt: new Date(r.updated_at as string),
  };
}
