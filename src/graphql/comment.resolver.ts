import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Comment } from '../domain/comment';
import { addComment, deleteComment, editComment, listComments } from '../domain/comments';
import type { ServiceContext } from '../domain/context';
import { parsePeriodKey } from '../periods';
import { commentLink } from './comment-threads';
import {
  AddCommentInput, CommentDeleted, CommentPayload, CommentResult, CommentType, DeleteCommentResult, EditCommentInput,
  StatusOverrideType, toCommentType, toStatusOverrideType,
} from './comment.types';
import { type GraphQLContext, asResult, orError, serviceOf } from './context';
import { registerListSize } from './cost-limit';
import { KpiStatusEnum, KpiValueType } from './kpi-value.types';
import { toPeriodType } from './period.types';
import { ScorecardItemResultType } from './scorecard-result.types';

// Most cells carry no comment; the grid's own size already bounds the request.
registerListSize('KpiValue.comments', () => 1);
registerListSize('ScorecardItemResult.comments', () => 1);

const COMMENTS = 'Comments and check-ins on this cell, newest first.';
const OVERRIDE = "The status a check-in set for this cell (the newest check-in's override, if it has one); `status` stays the computed one.";
const EFFECTIVE = 'statusOverride.status when an override is in force, else the computed status.';

/** A comment read outside a grid: its period as the workspace calendar reads the key now. */
function standalone(ctx: ServiceContext, c: Comment): CommentType {
  const parsed = parsePeriodKey(c.periodKey, { fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth });
  if (!parsed.ok) throw new Error(`stored comment ${c.id} has an unreadable period key`);
  return toCommentType(c, toPeriodType(parsed.period));
}

async function cellComments(cell: object): Promise<CommentType[]> {
  const link = commentLink(cell);
  return link ? (await link.threads.thread(link.cell)).map((c) => toCommentType(c, link.period)) : [];
}

async function cellOverride(cell: object): Promise<StatusOverrideType | null> {
  const link = commentLink(cell);
  const override = link ? await link.threads.override(link.cell) : null;
  return override ? toStatusOverrideType(override) : null;
}

@Resolver()
export class CommentResolver {
  @Query(() => [CommentType], { description: 'One KPI × team thread, newest first: comments and check-ins whose period lies within [from, to] (any granularity).' })
  comments(
    @Ctx() ctx: GraphQLContext,
    @Arg('kpi', () => String) kpi: string,
    @Arg('team', () => String) team: string,
    @Arg('from', () => String, { nullable: true, description: 'Period key; comments on periods starting before it are left out.' }) from?: string,
    @Arg('to', () => String, { nullable: true, description: 'Period key; comments on periods ending after it are left out.' }) to?: string,
    @Arg('first', () => Int, { defaultValue: 100, description: '1–500.' }) first = 100,
  ): Promise<CommentType[]> {
    return orError(async () => {
      const service = serviceOf(ctx);
      return (await listComments(service, { kpi, team, from, to, first })).map((c) => standalone(service, c));
    });
  }

  @Mutation(() => CommentResult, {
    description: 'Comments on a KPI × team × period cell. ADMIN, EDITOR and VIEWER keys may add a COMMENT (reviewers discuss numbers too); '
      + 'a CHECK_IN, which may override the status with a reason, needs EDITOR or ADMIN. A key scoped to a subtree comments on its teams only.',
  })
  addComment(@Ctx() ctx: GraphQLContext, @Arg('input', () => AddCommentInput) input: AddCommentInput): Promise<typeof CommentResult> {
    return asResult(async () => {
      const service = serviceOf(ctx);
      return Object.assign(new CommentPayload(), { comment: standalone(service, await addComment(service, input)) });
    });
  }

  @Mutation(() => CommentResult, { description: "Changes a comment's text or a check-in's override. Its author (the same API key) or an ADMIN only; audited." })
  editComment(@Ctx() ctx: GraphQLContext, @Arg('input', () => EditCommentInput) input: EditCommentInput): Promise<typeof CommentResult> {
    return asResult(async () => {
      const service = serviceOf(ctx);
      return Object.assign(new CommentPayload(), { comment: standalone(service, await editComment(service, input)) });
    });
  }

  @Mutation(() => DeleteCommentResult, { description: 'Deletes a comment or check-in (and so its override). Its author or an ADMIN only; audited with what it held.' })
  deleteComment(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => String) id: string,
    @Arg('revision', () => Int, { nullable: true, description: 'The revision you read; CONFLICT if it changed since. Omit to delete whatever it holds.' }) revision?: number,
  ): Promise<typeof DeleteCommentResult> {
    return asResult(async () => {
      const service = serviceOf(ctx);
      return Object.assign(new CommentDeleted(), { comment: standalone(service, await deleteComment(service, id, revision)) });
    });
  }
}

@Resolver(() => KpiValueType)
export class KpiValueCommentResolver {
  @FieldResolver(() => [CommentType], { description: COMMENTS })
  comments(@Root() value: KpiValueType): Promise<CommentType[]> {
    return cellComments(value);
  }

  @FieldResolver(() => StatusOverrideType, { nullable: true, description: OVERRIDE })
  statusOverride(@Root() value: KpiValueType): Promise<StatusOverrideType | null> {
    return cellOverride(value);
  }

  @FieldResolver(() => KpiStatusEnum, { description: EFFECTIVE })
  async effectiveStatus(@Root() value: KpiValueType): Promise<KpiStatusEnum> {
    return (await cellOverride(value))?.status ?? value.status;
  }
}

@Resolver(() => ScorecardItemResultType)
export class ScorecardItemCommentResolver {
  @FieldResolver(() => [CommentType], { description: `${COMMENTS} Scores are never changed by an override.` })
  comments(@Root() item: ScorecardItemResultType): Promise<CommentType[]> {
    return cellComments(item);
  }

  @FieldResolver(() => StatusOverrideType, { nullable: true, description: OVERRIDE })
  statusOverride(@Root() item: ScorecardItemResultType): Promise<StatusOverrideType | null> {
    return cellOverride(item);
  }

  @FieldResolver(() => KpiStatusEnum, { description: `${EFFECTIVE} The score is not changed by it.` })
  async effectiveStatus(@Root() item: ScorecardItemResultType): Promise<KpiStatusEnum> {
    return (await cellOverride(item))?.status ?? item.status;
  }
}
