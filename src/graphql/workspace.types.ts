import { Field, Float, GraphQLISODateTime, InputType, Int, ObjectType, createUnionType, registerEnumType } from 'type-graphql';
import { PROBLEM_TYPES } from './problem.types';

export enum RoleEnum {
  ADMIN = 'ADMIN',
  EDITOR = 'EDITOR',
  INGEST = 'INGEST',
  VIEWER = 'VIEWER',
}
registerEnumType(RoleEnum, {
  name: 'Role',
  description: 'ADMIN: everything, keys. EDITOR: definitions, targets, scorecards. INGEST: write values and events only. VIEWER: read only.',
});

@ObjectType('StatusBands', { description: 'Achievement thresholds (1 = target met) that colour a value.' })
export class StatusBandsType {
  @Field(() => Float, { description: 'At or above: ON_TRACK.' }) onTrack!: number;
  @Field(() => Float, { description: 'At or above (and below onTrack): AT_RISK; below: OFF_TRACK.' }) atRisk!: number;
}

@ObjectType('Workspace', { description: "One company's isolated KPI system." })
export class WorkspaceType {
  @Field(() => String) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'IANA time zone used to turn timestamps into periods.' }) timeZone!: string;
  @Field(() => Int, { description: '1 = calendar year; 4 = fiscal years start in April.' }) fiscalYearStartMonth!: number;
  @Field(() => StatusBandsType) statusBands!: StatusBandsType;
  @Field(() => Int) revision!: number;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('ApiKey', { description: 'An API key; the secret itself is shown only once, when created.' })
export class ApiKeyType {
  @Field(() => String) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'Public part of the key, to recognise it.' }) prefix!: string;
  @Field(() => RoleEnum) role!: RoleEnum;
  @Field(() => String, { nullable: true, description: 'Team subtree the key is limited to.' }) scopeTeam!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) expiresAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) revokedAt!: Date | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType({ description: 'A new key and its secret: store the secret now, it is not shown again.' })
export class ApiKeyCreated {
  @Field(() => ApiKeyType) apiKey!: ApiKeyType;
  @Field(() => String, { description: 'Send as `Authorization: Bearer <secret>`.' }) secret!: string;
}

@ObjectType()
export class ApiKeyPayload {
  @Field(() => ApiKeyType) apiKey!: ApiKeyType;
}

@ObjectType({ description: 'A new workspace and the secret of its first ADMIN key.' })
export class WorkspaceCreated {
  @Field(() => WorkspaceType) workspace!: WorkspaceType;
  @Field(() => String) adminSecret!: string;
}

@ObjectType()
export class WorkspacePayload {
  @Field(() => WorkspaceType) workspace!: WorkspaceType;
}

export const CreateApiKeyResult = createUnionType({ name: 'CreateApiKeyResult', types: () => [ApiKeyCreated, ...PROBLEM_TYPES] as const });
export const RevokeApiKeyResult = createUnionType({ name: 'RevokeApiKeyResult', types: () => [ApiKeyPayload, ...PROBLEM_TYPES] as const });
export const CreateWorkspaceResult = createUnionType({ name: 'CreateWorkspaceResult', types: () => [WorkspaceCreated, ...PROBLEM_TYPES] as const });
export const WorkspaceResult = createUnionType({ name: 'WorkspaceResult', types: () => [WorkspacePayload, ...PROBLEM_TYPES] as const });

@InputType()
export class CreateWorkspaceInput {
  @Field(() => String) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) timeZone?: string;
  @Field(() => Int, { nullable: true }) fiscalYearStartMonth?: number;
}

@InputType()
export class WorkspaceSettingsInput {
  @Field(() => Int, { description: 'The revision you read.' }) revision!: number;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) timeZone?: string;
  @Field(() => Int, { nullable: true }) fiscalYearStartMonth?: number;
  @Field(() => Float, { nullable: true }) onTrackThreshold?: number;
  @Field(() => Float, { nullable: true }) atRiskThreshold?: number;
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => String) name!: string;
  @Field(() => RoleEnum) role!: RoleEnum;
  @Field(() => String, { nullable: true, description: 'Limit the key to this team and its subtree.' }) scopeTeam?: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) expiresAt?: Date;
}

@ObjectType('AuditEntry', { description: 'One recorded change: who, when, what, before and after.' })
export class AuditEntryType {
  @Field(() => String, { description: 'Opaque cursor; pass as `after` for the next page.' }) id!: string;
  @Field(() => GraphQLISODateTime) at!: Date;
  @Field(() => String) actor!: string;
  @Field(() => String) action!: string;
  @Field(() => String) entityType!: string;
  @Field(() => String) entityKey!: string;
  @Field(() => String, { nullable: true, description: 'JSON of the entity before the change.' }) before!: string | null;
  @Field(() => String, { nullable: true, description: 'JSON of the entity after the change.' }) after!: string | null;
}
