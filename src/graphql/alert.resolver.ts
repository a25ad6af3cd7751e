import { Arg, Ctx, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { PubSub, SubscribeResolverData } from 'type-graphql';
import { alertBusOf } from '../domain/alert-bus';
import { createAlertRule, deleteAlertRule, listAlertRules, updateAlertRule } from '../domain/alert-rules';
import { type Alert, listAlerts } from '../domain/alerts';
import { requirePermission } from '../domain/context';
import { loadTeamTree, resolveTeam } from '../domain/teams';
import { type GraphQLContext, asResult, orError, serviceOf } from './context';
import { registerListSize } from './cost-limit';
import {
  AlertFilterInput, AlertRuleDeleted, AlertRulePayload, AlertRuleResult, AlertRuleType, AlertSubscriptionFilterInput, AlertType,
  CreateAlertRuleInput, DeleteAlertRuleResult, UpdateAlertRuleInput, toAlertRuleType, toAlertType,
} from './alert.types';

registerListSize('Query.alerts', (args) => {
  const filter = args.filter as { first?: unknown } | null | undefined;
  return typeof filter?.first === 'number' ? filter.first : 100;
});

/**
 * type-graphql wants a PubSub whenever the schema has a subscription, even when each one
 * brings its own stream (`subscribe`), as alertFired does (alert-bus.ts); this one is never used.
 */
export const SUBSCRIPTIONS_OWN_STREAMS: PubSub = {
  publish() {
    throw new Error('subscriptions publish through the alert bus');
  },
  subscribe() {
    throw new Error('subscriptions subscribe through the alert bus');
  },
};

const calendarOf = (ctx: GraphQLContext) => ({ fiscalYearStartMonth: serviceOf(ctx).workspace.fiscalYearStartMonth });

/**
 * The live alerts a subscriber may see: its workspace only, inside its key's team scope
 * and the filter's team subtree, of the filter's KPI. The tree is read again when an
 * alert names a team created after the subscription began.
 */
async function alertStream(ctx: GraphQLContext, filter: AlertSubscriptionFilterInput | undefined): Promise<AsyncIterable<AlertType>> {
  return orError(async () => {
    const service = serviceOf(ctx);
    requirePermission(service, 'read');
    const bus = alertBusOf(service.db);
    if (!bus) throw new Error('alert subscriptions are not running in this process');
    let tree = await loadTeamTree(service);
    const roots = [service.actor.scopeTeamId, filter?.team ? resolveTeam(service, tree, filter.team, 'filter.team').id : undefined].filter((x): x is string => !!x);
    const source = bus.subscribe(service.workspace.id);
    const calendar = calendarOf(ctx);
    const visible = async (alert: Alert): Promise<boolean> => {
      if (filter?.kpi && alert.kpiKey !== filter.kpi) return false;
      if (roots.length === 0) return true;
      if (!tree.byId.has(alert.teamId)) tree = await loadTeamTree(service);
      return roots.every((root) => tree.isInSubtree(root, alert.teamId));
    };
    const iterator: AsyncIterableIterator<AlertType> = {
      async next() {
        for (;;) {
          const item = await source.next();
          if (item.done) return { value: undefined, done: true };
          if (await visible(item.value)) return { value: toAlertType(item.value, calendar), done: false };
        }
      },
      return: async () => {
        await source.return!();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  });
}

@Resolver()
export class AlertResolver {
  @Query(() => [AlertRuleType], { description: 'Alert rules, oldest first; a key limited to a subtree sees the rules set on teams inside it.' })
  alertRules(@Ctx() ctx: GraphQLContext, @Arg('kpi', () => String, { nullable: true }) kpi?: string): Promise<AlertRuleType[]> {
    return orError(async () => (await listAlertRules(serviceOf(ctx), kpi)).map(toAlertRuleType));
  }

  @Query(() => [AlertType], { description: 'Fired alerts, newest first (for a scoped key, of its subtree only).' })
  alerts(@Ctx() ctx: GraphQLContext, @Arg('filter', () => AlertFilterInput, { nullable: true }) filter?: AlertFilterInput): Promise<AlertType[]> {
    return orError(async () => (await listAlerts(serviceOf(ctx), filter ?? {})).map((a) => toAlertType(a, calendarOf(ctx))));
  }

  @Mutation(() => AlertRuleResult, { description: 'EDITOR or ADMIN: a new rule; it checks data recorded from now on.' })
  createAlertRule(@Ctx() ctx: GraphQLContext, @Arg('input', () => CreateAlertRuleInput) input: CreateAlertRuleInput): Promise<typeof AlertRuleResult> {
    return asResult(async () => Object.assign(new AlertRulePayload(), { rule: toAlertRuleType(await createAlertRule(serviceOf(ctx), input)) }));
  }

  @Mutation(() => AlertRuleResult, { description: 'EDITOR or ADMIN: changes a rule; alerts it already fired stay.' })
  updateAlertRule(@Ctx() ctx: GraphQLContext, @Arg('input', () => UpdateAlertRuleInput) input: UpdateAlertRuleInput): Promise<typeof AlertRuleResult> {
    return asResult(async () => {
      const { id, revision, ...change } = input;
      return Object.assign(new AlertRulePayload(), { rule: toAlertRuleType(await updateAlertRule(serviceOf(ctx), id, revision, change)) });
    });
  }

  @Mutation(() => DeleteAlertRuleResult, { description: 'EDITOR or ADMIN: deletes a rule; the alerts it fired stay listed.' })
  deleteAlertRule(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => String) id: string,
    @Arg('revision', () => Int) revision: number,
  ): Promise<typeof DeleteAlertRuleResult> {
    return asResult(async () => Object.assign(new AlertRuleDeleted(), { rule: toAlertRuleType(await deleteAlertRule(serviceOf(ctx), id, revision)) }));
  }

  @Subscription(() => AlertType, {
    description: 'Alerts as they fire, over graphql-ws at /graphql (connectionParams `{ authorization: "Bearer <key>" }`): the key\'s workspace and team scope only.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { filter?: AlertSubscriptionFilterInput }, GraphQLContext>) => alertStream(context, args.filter),
  })
  alertFired(@Root() alert: AlertType, @Arg('filter', () => AlertSubscriptionFilterInput, { nullable: true }) _filter?: AlertSubscriptionFilterInput): AlertType {
    return alert;
  }
}
