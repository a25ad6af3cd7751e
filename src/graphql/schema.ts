/** Builds the executable schema from the resolvers; also emitted to schema/schema.graphql. */
import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AlertResolver, SUBSCRIPTIONS_OWN_STREAMS } from './alert.resolver';
import { CommentResolver, KpiValueCommentResolver, ScorecardItemCommentResolver } from './comment.resolver';
import { EventResolver } from './event.resolver';
import { KpiResolver } from './kpi.resolver';
import { KpiValueResolver } from './kpi-value.resolver';
import { MeasureValueResolver } from './measure-value.resolver';
import { MeasureResolver } from './measure.resolver';
import { PeriodCloseResolver } from './period-close.resolver';
import { ScorecardResolver } from './scorecard.resolver';
import { TargetResolver } from './target.resolver';
import { ScorecardResultResolver } from './scorecard-result.resolver';
import { TeamResolver } from './team.resolver';
import { TemplatePackResolver } from './template-pack.resolver';
import { refuseUnstorableText } from './text-guard';
import { WebhookResolver } from './webhook.resolver';
import { WorkspaceResolver } from './workspace.resolver';

export const RESOLVERS = [ScorecardResultResolver, WorkspaceResolver, TeamResolver, KpiResolver, KpiValueResolver, MeasureResolver, MeasureValueResolver, EventResolver, TargetResolver, ScorecardResolver, TemplatePackResolver, AlertResolver, WebhookResolver, CommentResolver, KpiValueCommentResolver, ScorecardItemCommentResolver, PeriodCloseResolver] as const;

export function buildKpiSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [...RESOLVERS], validate: false, pubSub: SUBSCRIPTIONS_OWN_STREAMS }).then(refuseUnstorableText);
}
