/** Builds the executable schema from the resolvers; also emitted to schema/schema.graphql. */
import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { TeamResolver } from './team.resolver';
import { WorkspaceResolver } from './workspace.resolver';

export const RESOLVERS = [WorkspaceResolver, TeamResolver] as const;

export function buildKpiSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [...RESOLVERS], validate: false });
}
