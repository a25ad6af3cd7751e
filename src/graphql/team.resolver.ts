import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { archiveTeam, createTeam, getTeam, listTeams, loadTeamTree, moveTeam, updateTeam } from '../domain/teams';
import { type GraphQLContext, asResult, orError, serviceOf } from './context';
import { CreateTeamInput, MoveTeamInput, TeamFilterInput, TeamPayload, TeamResult, TeamType, UpdateTeamInput, toTeamType } from './team.types';

@Resolver(() => TeamType)
export class TeamResolver {
  @Query(() => [TeamType], { description: 'Teams visible to the key, in tree order (parents before children).' })
  teams(@Ctx() ctx: GraphQLContext, @Arg('filter', () => TeamFilterInput, { nullable: true }) filter?: TeamFilterInput): Promise<TeamType[]> {
    return orError(async () => {
      const { tree, teams } = await listTeams(serviceOf(ctx), filter ?? {});
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

  @FieldResolver(() => TeamType, { nullable: true })
  parent(@Root() team: TeamType): TeamType | null {
    const parentId = team.node.parentId;
    return parentId ? toTeamType(team.tree.byId.get(parentId)!, team.tree) : null;
  }

  @FieldResolver(() => [TeamType])
  children(@Root() team: TeamType): TeamType[] {
    return team.tree.childrenOf(team.node.id).map((c) => toTeamType(c, team.tree));
  }

  @FieldResolver(() => [String], { description: 'Keys from the root down to this team.' })
  path(@Root() team: TeamType): string[] {
    return [...team.tree.ancestors(team.node.id).reverse().map((t) => t.key), team.key];
  }

  @FieldResolver(() => Int, { description: '0 for a root team.' })
  depth(@Root() team: TeamType): number {
    return team.tree.depth(team.node.id);
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
