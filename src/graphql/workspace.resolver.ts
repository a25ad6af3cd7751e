import { Arg, Ctx, GraphQLISODateTime, Int, Mutation, Query, Resolver } from 'type-graphql';
import { type ApiKeyInfo, createApiKey, listApiKeys, revokeApiKey } from '../domain/api-keys';
import { listAudit } from '../domain/audit';
import { type Workspace, createWorkspace, getWorkspace, updateWorkspaceSettings } from '../domain/workspaces';
import { type GraphQLContext, asResult, forbidden, orError, serviceOf } from './context';
import {
  ApiKeyCreated, ApiKeyPayload, ApiKeyType, AuditEntryType, CreateApiKeyInput, CreateApiKeyResult, CreateWorkspaceInput,
  CreateWorkspaceResult, type RoleEnum, RevokeApiKeyResult, WorkspaceCreated, WorkspacePayload, WorkspaceResult,
  WorkspaceSettingsInput, WorkspaceType,
} from './workspace.types';

function toWorkspaceType(w: Workspace): WorkspaceType {
  return Object.assign(new WorkspaceType(), {
    key: w.key, name: w.name, timeZone: w.timeZone, fiscalYearStartMonth: w.fiscalYearStartMonth,
    statusBands: { onTrack: w.onTrackThreshold, atRisk: w.atRiskThreshold }, revision: w.revision, createdAt: w.createdAt,
  });
}

function toApiKeyType(k: ApiKeyInfo): ApiKeyType {
  return Object.assign(new ApiKeyType(), {
    id: k.id, name: k.name, prefix: k.prefix, role: k.role as RoleEnum, scopeTeam: k.scopeTeamKey,
    expiresAt: k.expiresAt, lastUsedAt: k.lastUsedAt, revokedAt: k.revokedAt, createdAt: k.createdAt,
  });
}

@Resolver()
export class WorkspaceResolver {
  @Query(() => WorkspaceType, { description: "The caller's workspace and its settings." })
  workspace(@Ctx() ctx: GraphQLContext): Promise<WorkspaceType> {
    return orError(async () => toWorkspaceType(await getWorkspace(serviceOf(ctx))));
  }

  @Mutation(() => CreateWorkspaceResult, { description: 'Operator only (OPERATOR_TOKEN): a new workspace with its first ADMIN key.' })
  createWorkspace(@Ctx() ctx: GraphQLContext, @Arg('input', () => CreateWorkspaceInput) input: CreateWorkspaceInput): Promise<typeof CreateWorkspaceResult> {
    if (!ctx.operator) throw forbidden('createWorkspace needs the operator credential.');
    return asResult(async () => {
      const { workspace, admin } = await createWorkspace(ctx.db, input);
      return Object.assign(new WorkspaceCreated(), { workspace: toWorkspaceType(workspace), adminSecret: admin.token });
    });
  }

  @Mutation(() => WorkspaceResult, { description: 'ADMIN: time zone, fiscal-year start, default status bands.' })
  updateWorkspaceSettings(@Ctx() ctx: GraphQLContext, @Arg('input', () => WorkspaceSettingsInput) input: WorkspaceSettingsInput): Promise<typeof WorkspaceResult> {
    return asResult(async () => {
      const w = await updateWorkspaceSettings(serviceOf(ctx), input.revision, input);
      return Object.assign(new WorkspacePayload(), { workspace: toWorkspaceType(w) });
    });
  }

  @Query(() => [ApiKeyType], { description: 'ADMIN: the workspace keys (never their secrets).' })
  apiKeys(@Ctx() ctx: GraphQLContext): Promise<ApiKeyType[]> {
    return orError(async () => (await listApiKeys(serviceOf(ctx))).map(toApiKeyType));
  }

  @Mutation(() => CreateApiKeyResult, { description: 'ADMIN: a new key; its secret is in the answer and never shown again.' })
  createApiKey(@Ctx() ctx: GraphQLContext, @Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput): Promise<typeof CreateApiKeyResult> {
    return asResult(async () => {
      const { key, token } = await createApiKey(serviceOf(ctx), input);
      return Object.assign(new ApiKeyCreated(), { apiKey: toApiKeyType(key), secret: token });
    });
  }

  @Mutation(() => RevokeApiKeyResult, { description: 'ADMIN: revokes a key at once.' })
  revokeApiKey(@Ctx() ctx: GraphQLContext, @Arg('id', () => String) id: string): Promise<typeof RevokeApiKeyResult> {
    return asResult(async () => Object.assign(new ApiKeyPayload(), { apiKey: toApiKeyType(await revokeApiKey(serviceOf(ctx), id)) }));
  }

  @Query(() => [AuditEntryType], { description: 'Definition, key and settings changes, newest first; page with `after` (the last id of a page). Not for keys limited to a subtree; API key entries only for ADMIN keys.' })
  auditTrail(
    @Ctx() ctx: GraphQLContext,
    @Arg('entityType', () => String, { nullable: true }) entityType?: string,
    @Arg('entityKey', () => String, { nullable: true }) entityKey?: string,
    @Arg('since', () => GraphQLISODateTime, { nullable: true }) since?: Date,
    @Arg('until', () => GraphQLISODateTime, { nullable: true }) until?: Date,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
  ): Promise<AuditEntryType[]> {
    return orError(async () => {
      // null is "no cursor" (the first page), as clients send it from a variable.
      const entries = await listAudit(serviceOf(ctx), { entityType, entityKey, since, until, after: after ?? undefined, first });
      return entries.map((e) => Object.assign(new AuditEntryType(), {
        ...e,
        before: e.before === null ? null : JSON.stringify(e.before),
        after: e.after === null ? null : JSON.stringify(e.after),
      }));
    });
  }
}
