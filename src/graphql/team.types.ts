import { Field, GraphQLISODateTime, InputType, Int, ObjectType, createUnionType } from 'type-graphql';
import type { TeamNode, TeamTree } from '../domain/team-tree';
import { PROBLEM_TYPES } from './problem.types';

@ObjectType('Team', { description: 'A node of the organisation tree; its values roll up its whole subtree.' })
export class TeamType {
  @Field(() => String, { description: 'Stable key integrators use, e.g. `sales-east`.' }) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => Boolean) archived!: boolean;
  @Field(() => GraphQLISODateTime, { nullable: true }) archivedAt!: Date | null;
  @Field(() => Int, { description: 'Name it when updating, moving or archiving (optimistic concurrency).' }) revision!: number;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
  /** The tree the team was read from, for parent/children/path without more queries. */
  node!: TeamNode;
  tree!: TeamTree;
}

export function toTeamType(node: TeamNode, tree: TeamTree): TeamType {
  return Object.assign(new TeamType(), {
    key: node.key,
    name: node.name,
    description: node.description,
    archived: node.archivedAt !== null,
    archivedAt: node.archivedAt,
    revision: node.revision,
    createdAt: node.createdAt,
    updatedAt: node.updatedAt,
    node,
    tree,
  });
}

@ObjectType({ description: 'The team as saved.' })
export class TeamPayload {
  @Field(() => TeamType) team!: TeamType;
}

export const TeamResult = createUnionType({
  name: 'TeamResult',
  types: () => [TeamPayload, ...PROBLEM_TYPES] as const,
});

@InputType()
export class CreateTeamInput {
  @Field(() => String, { description: '1–64 characters: a-z, 0-9, "-" or "_", starting with a letter or digit.' }) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => String, { nullable: true, description: 'Parent team key; omit for a root team.' }) parent?: string;
}

@InputType()
export class UpdateTeamInput {
  @Field(() => String) key!: string;
  @Field(() => Int, { description: 'The revision you read.' }) revision!: number;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) description?: string;
}

@InputType()
export class MoveTeamInput {
  @Field(() => String) key!: string;
  @Field(() => Int) revision!: number;
  @Field(() => String, { nullable: true, description: 'New parent key; null makes it a root team.' }) parent?: string | null;
}

@InputType()
export class TeamFilterInput {
  @Field(() => String, { nullable: true, description: 'Only the direct children of this team.' }) parent?: string;
  @Field(() => Boolean, { nullable: true, description: 'Only archived (true) or only active (false) teams.' }) archived?: boolean;
  @Field(() => Boolean, { nullable: true, description: 'Only root teams (for a scoped key: its root).' }) rootsOnly?: boolean;
}
