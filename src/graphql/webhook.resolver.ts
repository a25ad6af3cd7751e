import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { deleteWebhook, listWebhookDeliveries, listWebhooks, registerWebhook } from '../domain/webhooks';
import { type GraphQLContext, asResult, orError, serviceOf } from './context';
import { registerListSize } from './cost-limit';
import {
  DeleteWebhookResult, RegisterWebhookInput, RegisterWebhookResult, WebhookDeleted, WebhookDeliveryType, WebhookRegistered, WebhookType,
  toWebhookDeliveryType, toWebhookType,
} from './webhook.types';

registerListSize('Query.webhookDeliveries', (args) => (typeof args.first === 'number' ? args.first : 100));

@Resolver()
export class WebhookResolver {
  @Query(() => [WebhookType], { description: 'The workspace\'s webhooks (ADMIN). Secrets are never shown again after registration.' })
  webhooks(@Ctx() ctx: GraphQLContext): Promise<WebhookType[]> {
    return orError(async () => (await listWebhooks(serviceOf(ctx))).map(toWebhookType));
  }

  @Query(() => [WebhookDeliveryType], { description: 'The delivery log (ADMIN), newest first: each delivery with every attempt.' })
  webhookDeliveries(
    @Ctx() ctx: GraphQLContext,
    @Arg('webhook', () => String, { nullable: true }) webhook?: string,
    @Arg('alert', () => String, { nullable: true }) alert?: string,
    @Arg('first', () => Int, { nullable: true, description: '1–1000, default 100.' }) first?: number,
  ): Promise<WebhookDeliveryType[]> {
    return orError(async () => (await listWebhookDeliveries(serviceOf(ctx), { webhook, alert, first })).map(toWebhookDeliveryType));
  }

  @Mutation(() => RegisterWebhookResult, {
    description: 'ADMIN: sends every alert of the workspace to `url`, signed: `X-Kpi-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. '
      + 'Non-http(s) URLs are refused with INVALID_INPUT.',
  })
  registerWebhook(@Ctx() ctx: GraphQLContext, @Arg('input', () => RegisterWebhookInput) input: RegisterWebhookInput): Promise<typeof RegisterWebhookResult> {
    return asResult(async () => {
      const { webhook, secret } = await registerWebhook(serviceOf(ctx), input.url, input.secret);
      return Object.assign(new WebhookRegistered(), { webhook: toWebhookType(webhook), secret });
    });
  }

  @Mutation(() => DeleteWebhookResult, { description: 'ADMIN: stops deliveries to the webhook.' })
  deleteWebhook(@Ctx() ctx: GraphQLContext, @Arg('id', () => String) id: string): Promise<typeof DeleteWebhookResult> {
    return asResult(async () => Object.assign(new WebhookDeleted(), { webhook: toWebhookType(await deleteWebhook(serviceOf(ctx), id)) }));
  }
}
