import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { TeamNode } from '../domain/team-tree';
import { archiveTeam, createTeam, getTeam, listTeams, loadTeamTree, moveTeam, updateTeam } from '../domain/teams';
import { type GraphQLContext, asResult, orError, serviceOf } from './context';
import { ConsistencyArg, ReadConsistency, readOn } from './read-consistency';
import { CreateTeamInput, MoveTeamInput, TeamFilterInput, TeamPayload, TeamResult, TeamType, UpdateTeamInput, toTeamType } from './team.types';

const scopeOf = (ctx: GraphQLContext): string | undefined => ctx.service?.actor.scopeTeamId;

/** A scoped key's visible world ends at its subtree's root: nothing above it shows. */
function visibleAncestors(team: TeamType, scope: string | undefined): TeamNode[] {
  const all = team.tree.ancestors(team.node.id);
  if (!scope || team.node.id === scope) return scope ? [] : all;
  const cut = all.findIndex((t) => t.id === scope);
  return cut < 0 ? all : all.slice(0, cut + 1);
}

@Resolver(() => TeamType)
export class TeamResolver {
  @Query(() => [TeamType], { description: 'Teams visible to the key, in tree order (parents before children).' })
  teams(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => TeamFilterInput, { nullable: true }) filter: TeamFilterInput | undefined,
    @ConsistencyArg() consistency: ReadConsistency,
  ): Promise<TeamType[]> {
    return orError(async () => {
      const { tree, teams } = await readOn(ctx, consistency, (read) => listTeams(read, filter ?? {}));
      return teams.map((t) => toTeamType(t, tree));
    });
  }

  @Query(() => TeamType, { description: 'One team by key.' })
  team(@Ctx() ctx: GraphQLContext, @Arg('key', () => String) key: string): Promise<TeamType> {
    return orError(async () => {
      const { tree, team } = await getTeam(serviceOf(ctx), key);
      return toTeamType(team, tree);
    });
  }

  @FieldResolver(() => TeamType, { nullable: true, description: 'null for a root team, and for the root of a scoped key\'s subtree.' })
  parent(@Root() team: TeamType, @Ctx() ctx: GraphQLContext): TeamType | null {
    const parentId = team.node.parentId;
    return parentId && team.node.id !== scopeOf(ctx) ? toTeamType(team.tree.byId.get(parentId)!, team.tree) : null;
  }

  @FieldResolver(() => [TeamType])
  children(@Root() team: TeamType): TeamType[] {
    return team.tree.childrenOf(team.node.id).map((c) => toTeamType(c, team.tree));
  }

  @FieldResolver(() => [String], { description: 'Keys from the root down to this team (for a scoped key, from the root of its subtree).' })
  path(@Root() team: TeamType, @Ctx() ctx: GraphQLContext): string[] {
    return [...visibleAncestors(team, scopeOf(ctx)).reverse().map((t) => t.key), team.key];
  }

  @FieldResolver(() => Int, { description: '0 for a root team (for a scoped key, for the root of its subtree).' })
  depth(@Root() team: TeamType, @Ctx() ctx: GraphQLContext): number {
    return visibleAncestors(team, scopeOf(ctx)).length;
  }

  @Mutation(() => TeamResult)
  createTeam(@Ctx() ctx: GraphQLContext, @Arg('input', () => CreateTeamInput) input: CreateTeamInput): Promise<typeof TeamResult> {
    return asResult(() => this.saved(ctx, createTeam(serviceOf(ctx), input)));
  }

  @Mutation(() => TeamResult)
  updateTeam(@Ctx() ctx: GraphQLContext, @Arg('input', () => UpdateTeamInput) input: UpdateTeamInput): Promise<typeof TeamResult> {
    return asResult(() => this.saved(ctx, updateTeam(serviceOf(ctx), input.key, input.revision, input)));
  }

  @Mutation(() => TeamResult, { description: 'Moves a team (with its subtree) under another parent; refuses moves into its own subtree.' })
  moveTeam(@Ctx() ctx: GraphQLContext, @Arg('input', () => MoveTeamInput) input: MoveTeamInput): Promise<typeof TeamResult> {
    return asResult(() => this.saved(ctx, moveTeam(serviceOf(ctx), input.key, input.revision, input.parent ?? null)));
  }

  @Mutation(() => TeamResult, { description: 'Archives a team without active children; its recorded values keep counting in roll-ups.' })
  archiveTeam(
    @Ctx() ctx: GraphQLContext,
    @Arg('key', () => String) key: string,
    @Arg('revision', () => Int) revision: number,
  ): Promise<typeof TeamResult> {
    return asResult(() => this.saved(ctx, archiveTeam(serviceOf(ctx), key, revision)));
  }

  private async saved(ctx: GraphQLContext, work: Promise<{ id: string }>): Promise<TeamPayload> {
    const node = await work;
    const tree = await loadTeamTree(serviceOf(ctx));
    return Object.assign(new TeamPayload(), { team: toTeamType(tree.byId.get(node.id)!, tree) });
  }
}
