/** Teams: the organisation tree, kept as parent pointers plus a closure table. */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../db/sql';
import { recordAudit } from './audit';
import { type ServiceContext, requirePermission, transaction } from './context';
import { assertTeamKey, assertText } from './keys';
import { Problem, conflict, notFound } from './problem';
import { TeamTree, type TeamNode, teamNodeFromRow } from './team-tree';

const TEAM_COLUMNS = 'id, key, name, description, parent_id, archived_at, revision, created_at, updated_at';

/** Loads the whole tree once per request (or per transaction when `tx` is given). */
export async function loadTeamTree(ctx: ServiceContext, tx?: EntityManager): Promise<TeamTree> {
  const run = tx ?? ctx.db.dataSource.manager;
  const rows = await run.query(`SELECT ${TEAM_COLUMNS} FROM teams WHERE workspace_id = $1`, [ctx.workspace.id]);
  return new TeamTree(rows.map(teamNodeFromRow));
}

/**
 * The tree read for a change, with the workspace's tree locked until the transaction ends:
 * team changes queue instead of checking revisions, cycles or children against a tree
 * another writer is changing (two moves at once could otherwise tie a knot).
 */
async function lockTeamTree(ctx: ServiceContext, tx: EntityManager): Promise<TeamTree> {
  await tx.query(`SELECT 1 FROM workspaces WHERE id = $1 FOR UPDATE`, [ctx.workspace.id]);
  return loadTeamTree(ctx, tx);
}

/** A scoped key may touch only its subtree. */
export function assertInScope(ctx: ServiceContext, tree: TeamTree, team: TeamNode): void {
  const scope = ctx.actor.scopeTeamId;
  if (scope && !tree.isInSubtree(scope, team.id)) {
    throw new Problem('FORBIDDEN', `This API key is limited to the subtree of team "${tree.byId.get(scope)?.key}"; team "${team.key}" is outside it.`, { key: team.key });
  }
}

export function visibleTeams(ctx: ServiceContext, tree: TeamTree): TeamNode[] {
  const scope = ctx.actor.scopeTeamId;
  return scope ? tree.subtree(scope) : [...tree.nodes];
}

/** Looks a team up by key, refusing unknown keys and teams outside the caller's scope. */
export function resolveTeam(ctx: ServiceContext, tree: TeamTree, key: string, field = 'team'): TeamNode {
  const team = tree.byKey.get(key);
  if (!team) throw new Problem('NOT_FOUND', `No team with key "${key.slice(0, 80)}" in this workspace.`, { field, key });
  assertInScope(ctx, tree, team);
  return team;
}

export interface TeamFilter {
  readonly parent?: string | null;
  readonly archived?: boolean;
  readonly rootsOnly?: boolean;
}

export async function listTeams(ctx: ServiceContext, filter: TeamFilter): Promise<{ tree: TeamTree; teams: TeamNode[] }> {
  requireAnyRead(ctx);
  const tree = await loadTeamTree(ctx);
  let teams = visibleTeams(ctx, tree);
  if (filter.parent) {
    const parent = resolveTeam(ctx, tree, filter.parent, 'parent');
    teams = teams.filter((t) => t.parentId === parent.id);
  } else if (filter.rootsOnly) {
    const scope = ctx.actor.scopeTeamId;
    teams = teams.filter((t) => (scope ? t.id === scope : t.parentId === null));
  }
  if (filter.archived !== undefined) teams = teams.filter((t) => (t.archivedAt !== null) === filter.archived);
  // Depth-first order reads as a tree when printed.
  const order = new Map<string, number>();
  const walk = (nodes: readonly TeamNode[]) => {
    for (const n of nodes) {
      order.set(n.id, order.size);
      walk(tree.childrenOf(n.id));
    }
  };
  walk(tree.roots());
  teams.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { tree, teams };
}

/** Integrators (INGEST) address teams by key, so they may read the team list too. */
function requireAnyRead(ctx: ServiceContext): void {
  if (ctx.actor.role !== 'INGEST') requirePermission(ctx, 'read');
}

export async function getTeam(ctx: ServiceContext, key: string): Promise<{ tree: TeamTree; team: TeamNode }> {
  requireAnyRead(ctx);
  const tree = await loadTeamTree(ctx);
  return { tree, team: resolveTeam(ctx, tree, key, 'key') };
}

export interface CreateTeamInput {
  readonly key: string;
  readonly name: string;
  readonly description?: string;
  readonly parent?: string | null;
}

function assertTeamText(input: { name?: string; description?: string }): void {
  if (input.name !== undefined) assertText('name', input.name, 200);
  if (input.description !== undefined) assertText('description', input.description, 2000, false);
}

export async function createTeam(ctx: ServiceContext, input: CreateTeamInput): Promise<TeamNode> {
  requirePermission(ctx, 'define');
  assertTeamKey(input.key);
  assertTeamText(input);
  return transaction(ctx, async (tx) => {
    const tree = await lockTeamTree(ctx, tx);
    if (tree.byKey.has(input.key)) throw new Problem('ALREADY_EXISTS', `A team with key "${input.key}" already exists.`, { field: 'key', key: input.key });
    const parent = input.parent ? resolveTeam(ctx, tree, input.parent, 'parent') : null;
    if (!parent && ctx.actor.scopeTeamId) {
      throw new Problem('FORBIDDEN', 'This API key is limited to a subtree, so it cannot create a root team; name a parent inside its subtree.', { field: 'parent' });
    }
    const id = randomUUID();
    const rows = await tx.query(
      `INSERT INTO teams (workspace_id, id, key, name, description, parent_id) VALUES ($1,$2,$3,$4,$5,$6) RETURNING ${TEAM_COLUMNS}`,
      [ctx.workspace.id, id, input.key, input.name, input.description ?? '', parent?.id ?? null],
    );
    await tx.query(
      `INSERT INTO team_closure (workspace_id, ancestor_id, descendant_id, depth)
       SELECT $1::uuid, $2::uuid, $2::uuid, 0
       UNION ALL
       SELECT workspace_id, ancestor_id, $2::uuid, depth + 1 FROM team_closure WHERE workspace_id = $1 AND descendant_id = $3::uuid`,
      [ctx.workspace.id, id, parent?.id ?? null],
    );
    const team = teamNodeFromRow(rows[0]);
    await bumpGeneration(tx, ctx);
    await recordAudit(ctx, tx, { action: 'CREATE', entityType: 'TEAM', entityKey: team.key, after: auditView(team, parent?.key ?? null) });
    return team;
  });
}

export async function updateTeam(
  ctx: ServiceContext,
  key: string,
  revision: number,
  changes: { name?: string; description?: string },
): Promise<TeamNode> {
  requirePermission(ctx, 'define');
  assertTeamText(changes);
  return transaction(ctx, async (tx) => {
    const tree = await lockTeamTree(ctx, tx);
    const team = resolveTeam(ctx, tree, key, 'key');
    if (team.revision !== revision) throw conflict('Team', key, revision, team.revision);
    const rows = await rowsOf(tx,
      `UPDATE teams SET name = $3, description = $4, revision = revision + 1, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 RETURNING ${TEAM_COLUMNS}`,
      [ctx.workspace.id, team.id, changes.name ?? team.name, changes.description ?? team.description],
    );
    const updated = teamNodeFromRow(rows[0]);
    const parentKey = team.parentId ? tree.byId.get(team.parentId)!.key : null;
    await recordAudit(ctx, tx, { action: 'UPDATE', entityType: 'TEAM', entityKey: key, before: auditView(team, parentKey), after: auditView(updated, parentKey) });
    return updated;
  });
}

export async function moveTeam(ctx: ServiceContext, key: string, revision: number, newParentKey: string | null): Promise<TeamNode> {
  requirePermission(ctx, 'define');
  return transaction(ctx, async (tx) => {
    const tree = await lockTeamTree(ctx, tx);
    const team = resolveTeam(ctx, tree, key, 'key');
    if (team.revision !== revision) throw conflict('Team', key, revision, team.revision);
    const parent = newParentKey ? resolveTeam(ctx, tree, newParentKey, 'parent') : null;
    if (!parent && ctx.actor.scopeTeamId) {
      throw new Problem('FORBIDDEN', 'This API key is limited to a subtree, so it cannot make a root team.', { field: 'parent' });
    }
    if (ctx.actor.scopeTeamId === team.id) {
      throw new Problem('FORBIDDEN', 'This API key is limited to the subtree of this team, so it cannot move the team itself.', { key });
    }
    if (parent && tree.isInSubtree(team.id, parent.id)) {
      const path = [parent, ...tree.ancestors(parent.id)].reverse().map((t) => t.key);
      const cut = path.indexOf(team.key);
      throw new Problem(
        'TEAM_CYCLE',
        `Team "${key}" cannot move under "${parent.key}": "${parent.key}" is inside its subtree (${path.slice(cut).join(' → ')}), which would make a cycle.`,
        { field: 'parent', key: parent.key },
      );
    }
    // Detach the subtree from its old ancestors, then attach it below the new parent.
    await tx.query(
      `DELETE FROM team_closure c
        WHERE c.workspace_id = $1
          AND c.descendant_id IN (SELECT descendant_id FROM team_closure WHERE workspace_id = $1 AND ancestor_id = $2)
          AND c.ancestor_id NOT IN (SELECT descendant_id FROM team_closure WHERE workspace_id = $1 AND ancestor_id = $2)`,
      [ctx.workspace.id, team.id],
    );
    if (parent) {
      await tx.query(
        `INSERT INTO team_closure (workspace_id, ancestor_id, descendant_id, depth)
         SELECT $1, up.ancestor_id, down.descendant_id, up.depth + down.depth + 1
           FROM team_closure up, team_closure down
          WHERE up.workspace_id = $1 AND up.descendant_id = $3
            AND down.workspace_id = $1 AND down.ancestor_id = $2`,
        [ctx.workspace.id, team.id, parent.id],
      );
    }
    const rows = await rowsOf(tx,
      `UPDATE teams SET parent_id = $3, revision = revision + 1, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 RETURNING ${TEAM_COLUMNS}`,
      [ctx.workspace.id, team.id, parent?.id ?? null],
    );
    const moved = teamNodeFromRow(rows[0]);
    const oldParentKey = team.parentId ? tree.byId.get(team.parentId)!.key : null;
    await bumpGeneration(tx, ctx);
    await recordAudit(ctx, tx, { action: 'MOVE', entityType: 'TEAM', entityKey: key, before: auditView(team, oldParentKey), after: auditView(moved, parent?.key ?? null) });
    return moved;
  });
}

export async function archiveTeam(ctx: ServiceContext, key: string, revision: number): Promise<TeamNode> {
  requirePermission(ctx, 'define');
  return transaction(ctx, async (tx) => {
    const tree = await lockTeamTree(ctx, tx);
    const team = resolveTeam(ctx, tree, key, 'key');
    if (team.revision !== revision) throw conflict('Team', key, revision, team.revision);
    if (team.archivedAt) return team;
    const active = tree.childrenOf(team.id).filter((c) => !c.archivedAt).map((c) => c.key);
    if (active.length > 0) {
      throw new Problem('IN_USE', `Team "${key}" still has active teams below it (${active.join(', ')}); archive or move them first.`, { key, usedBy: active });
    }
    const rows = await rowsOf(tx,
      `UPDATE teams SET archived_at = now(), revision = revision + 1, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 RETURNING ${TEAM_COLUMNS}`,
      [ctx.workspace.id, team.id],
    );
    const archived = teamNodeFromRow(rows[0]);
    const parentKey = team.parentId ? tree.byId.get(team.parentId)!.key : null;
    await bumpGeneration(tx, ctx);
    await recordAudit(ctx, tx, { action: 'ARCHIVE', entityType: 'TEAM', entityKey: key, before: auditView(team, parentKey), after: auditView(archived, parentKey) });
    return archived;
  });
}

/** Any change that can alter evaluated numbers invalidates cached plans and roll-ups. */
export async function bumpGeneration(tx: EntityManager, ctx: ServiceContext): Promise<void> {
  await rowsOf(tx, `UPDATE workspaces SET definitions_generation = definitions_generation + 1 WHERE id = $1`, [ctx.workspace.id]);
}

function auditView(team: TeamNode, parentKey: string | null): object {
  return { key: team.key, name: team.name, description: team.description, parent: parentKey, archived: team.archivedAt !== null, revision: team.revision };
}
