/** Builds the executable schema from the resolvers; also emitted to schema/schema.graphql. */
import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { EventResolver } from './event.resolver';
import { KpiResolver } from './kpi.resolver';
import { KpiValueResolver } from './kpi-value.resolver';
import { MeasureValueResolver } from './measure-value.resolver';
import { MeasureResolver } from './measure.resolver';
import { ScorecardResolver } from './scorecard.resolver';
import { TargetResolver } from './target.resolver';
import { ScorecardResultResolver } from './scorecard-result.resolver';
import { TeamResolver } from './team.resolver';
import { TemplatePackResolver } from './template-pack.resolver';
import { WorkspaceResolver } from './workspace.resolver';

export const RESOLVERS = [ScorecardResultResolver, WorkspaceResolver, TeamResolver, KpiResolver, KpiValueResolver, MeasureResolver, MeasureValueResolver, EventResolver, TargetResolver, ScorecardResolver, TemplatePackResolver] as const;

export function buildKpiSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [...RESOLVERS], validate: false });
}
