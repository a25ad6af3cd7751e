import { Field, GraphQLISODateTime, InputType, Int, ObjectType, createUnionType, registerEnumType } from 'type-graphql';
import type { Comment, StatusOverride } from '../domain/comment';
import { KpiStatusEnum } from './kpi-value.types';
import { PeriodType } from './period.types';
import { PROBLEM_TYPES } from './problem.types';

export enum CommentKindEnum {
  COMMENT = 'COMMENT',
  CHECK_IN = 'CHECK_IN',
}
registerEnumType(CommentKindEnum, {
  name: 'CommentKind',
  description: 'COMMENT: discussion of a number. CHECK_IN: a status statement for the cell; the newest check-in decides whether a status override is in force.',
});

@ObjectType('Comment', { description: 'A comment or check-in on one KPI × team × period cell.' })
export class CommentType {
  @Field(() => String, { description: 'Name it to edit or delete the comment.' }) id!: string;
  @Field(() => String) kpi!: string;
  @Field(() => String) team!: string;
  @Field(() => PeriodType) period!: PeriodType;
  @Field(() => CommentKindEnum) kind!: CommentKindEnum;
  @Field(() => String, { description: 'Markdown, as written (render it escaped: it is user text).' }) text!: string;
  @Field(() => KpiStatusEnum, { nullable: true, description: 'A check-in\'s status override (ON_TRACK, AT_RISK or OFF_TRACK); null when it has none.' }) statusOverride!: KpiStatusEnum | null;
  @Field(() => String, { nullable: true, description: 'Why the override; set exactly when statusOverride is.' }) overrideReason!: string | null;
  @Field(() => String, { description: "The author's API key: its name and id prefix, as the audit trail shows it." }) author!: string;
  @Field(() => String, { description: "The author's API key id; that key (or an ADMIN) may edit and delete." }) authorKeyId!: string;
  @Field(() => Int, { description: 'Name it when editing (optimistic concurrency).' }) revision!: number;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

export function toCommentType(c: Comment, period: PeriodType): CommentType {
  return Object.assign(new CommentType(), {
    id: c.id, kpi: c.kpi, team: c.team, period, kind: c.kind as CommentKindEnum, text: c.text,
    statusOverride: c.statusOverride as KpiStatusEnum | null, overrideReason: c.overrideReason,
    author: c.author, authorKeyId: c.authorKeyId, revision: c.revision, createdAt: c.createdAt, updatedAt: c.updatedAt,
  });
}

@ObjectType('StatusOverride', { description: 'A check-in that overrides the computed status of a cell. The computed status stays in `status`.' })
export class StatusOverrideType {
  @Field(() => KpiStatusEnum) status!: KpiStatusEnum;
  @Field(() => String) reason!: string;
  @Field(() => String) author!: string;
  @Field(() => GraphQLISODateTime, { description: 'When the override was last written.' }) at!: Date;
  @Field(() => String, { description: 'The check-in that carries it.' }) commentId!: string;
}

export function toStatusOverrideType(o: StatusOverride): StatusOverrideType {
  return Object.assign(new StatusOverrideType(), { ...o, status: o.status as KpiStatusEnum });
}

@ObjectType({ description: 'The comment as saved.' })
export class CommentPayload {
  @Field(() => CommentType) comment!: CommentType;
}

@ObjectType({ description: 'The comment was deleted; this is what it held.' })
export class CommentDeleted {
  @Field(() => CommentType) comment!: CommentType;
}

export const CommentResult = createUnionType({ name: 'CommentResult', types: () => [CommentPayload, ...PROBLEM_TYPES] as const });
export const DeleteCommentResult = createUnionType({ name: 'DeleteCommentResult', types: () => [CommentDeleted, ...PROBLEM_TYPES] as const });

@InputType({ description: 'A comment or check-in on one KPI × team × period cell.' })
export class AddCommentInput {
  @Field(() => String) kpi!: string;
  @Field(() => String) team!: string;
  @Field(() => String, { description: 'Period key at any granularity (2025-Q4, 2025-11, …); the comment shows on that period\'s cells only.' }) period!: string;
  @Field(() => CommentKindEnum, { defaultValue: CommentKindEnum.COMMENT }) kind!: CommentKindEnum;
  @Field(() => String, { description: 'Markdown, 1–10,000 characters.' }) text!: string;
  @Field(() => KpiStatusEnum, { nullable: true, description: 'CHECK_IN only: ON_TRACK, AT_RISK or OFF_TRACK, shown instead of the computed status (which stays visible).' })
  statusOverride?: KpiStatusEnum | null;
  @Field(() => String, { nullable: true, description: 'Required with statusOverride, 1–2,000 characters.' }) overrideReason?: string | null;
}

@InputType({ description: 'Fields left out stay as they are.' })
export class EditCommentInput {
  @Field(() => String) id!: string;
  @Field(() => Int, { description: 'The revision you read; CONFLICT if it changed since.' }) revision!: number;
  @Field(() => String, { nullable: true, description: 'New Markdown text.' }) text?: string | null;
  @Field(() => KpiStatusEnum, { nullable: true, description: 'A new override (check-ins only); null withdraws the override and its reason.' }) statusOverride?: KpiStatusEnum | null;
  @Field(() => String, { nullable: true, description: 'A new reason for the override.' }) overrideReason?: string | null;
}
