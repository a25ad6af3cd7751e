import { Field, GraphQLISODateTime, InputType, Int, ObjectType, createUnionType, registerEnumType } from 'type-graphql';
import type { Webhook, WebhookDelivery, WebhookDeliveryAttempt } from '../domain/webhooks';
import { PROBLEM_TYPES } from './problem.types';

const SIGNING = 'Each delivery is a JSON POST `{ type: "alert.fired", deliveryId, workspace, alert }` with the headers '
  + '`X-Kpi-Event: alert.fired`, `X-Kpi-Delivery: <delivery id>` and `X-Kpi-Signature: t=<unix seconds>,v1=<hex>`, where v1 = '
  + 'HMAC-SHA256(secret, "<t>.<raw body>"). Verify it over the raw body and refuse old timestamps. A failure or non-2xx answer is '
  + 'retried with exponential backoff (2 s, 4 s, 8 s, …, 8 attempts); an alert is delivered successfully at most once per webhook; deliveryId recognises a retry of a delivery you processed but answered too late.';

@ObjectType('Webhook', { description: `A URL that receives every alert of the workspace. ${SIGNING}` })
export class WebhookType {
  @Field(() => String) id!: string;
  @Field(() => String) url!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

export const toWebhookType = (w: Webhook): WebhookType => Object.assign(new WebhookType(), { id: w.id, url: w.url, createdAt: w.createdAt });

@ObjectType({ description: 'The new webhook and its signing secret: store the secret now, it is not shown again.' })
export class WebhookRegistered {
  @Field(() => WebhookType) webhook!: WebhookType;
  @Field(() => String, { description: 'The HMAC-SHA256 key of the X-Kpi-Signature header.' }) secret!: string;
}

@ObjectType({ description: 'The webhook as it was; its pending deliveries end as FAILED, its log stays.' })
export class WebhookDeleted {
  @Field(() => WebhookType) webhook!: WebhookType;
}

export const RegisterWebhookResult = createUnionType({ name: 'RegisterWebhookResult', types: () => [WebhookRegistered, ...PROBLEM_TYPES] as const });
export const DeleteWebhookResult = createUnionType({ name: 'DeleteWebhookResult', types: () => [WebhookDeleted, ...PROBLEM_TYPES] as const });

export enum WebhookDeliveryStateEnum { PENDING = 'PENDING', SUCCEEDED = 'SUCCEEDED', FAILED = 'FAILED' }
registerEnumType(WebhookDeliveryStateEnum, { name: 'WebhookDeliveryState', description: 'PENDING: not yet delivered, retried when due. FAILED: every attempt failed, or the webhook was deleted.' });

@ObjectType('WebhookDeliveryAttempt', { description: 'One POST to the receiver.' })
export class WebhookDeliveryAttemptType {
  @Field(() => Int, { description: '1 for the first attempt.' }) attempt!: number;
  @Field(() => Int, { nullable: true, description: 'The HTTP status answered; null when no answer came.' }) statusCode!: number | null;
  @Field(() => String, { nullable: true, description: 'Why the attempt failed; null on success.' }) error!: string | null;
  @Field(() => GraphQLISODateTime) attemptedAt!: Date;
  @Field(() => Int) durationMs!: number;
}

@ObjectType('WebhookDelivery', { description: 'One alert sent to one webhook, with every attempt.' })
export class WebhookDeliveryType {
  @Field(() => String, { description: 'Also sent as X-Kpi-Delivery.' }) id!: string;
  @Field(() => String) webhook!: string;
  @Field(() => String) alert!: string;
  @Field(() => WebhookDeliveryStateEnum) state!: WebhookDeliveryStateEnum;
  @Field(() => [WebhookDeliveryAttemptType]) attempts!: WebhookDeliveryAttemptType[];
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the next attempt is due (PENDING only).' }) nextAttemptAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) deliveredAt!: Date | null;
}

export function toWebhookDeliveryType(d: WebhookDelivery): WebhookDeliveryType {
  return Object.assign(new WebhookDeliveryType(), {
    id: d.id, webhook: d.webhookId, alert: d.alertId, state: d.state as WebhookDeliveryStateEnum, nextAttemptAt: d.nextAttemptAt, deliveredAt: d.deliveredAt,
    attempts: d.attempts.map((a: WebhookDeliveryAttempt) => Object.assign(new WebhookDeliveryAttemptType(), a)),
  });
}

@InputType()
export class RegisterWebhookInput {
  @Field(() => String, { description: 'An absolute http:// or https:// URL.' }) url!: string;
  @Field(() => String, { nullable: true, description: '16–200 characters; omitted: a random one is generated and returned once.' }) secret?: string | null;
}
