/**
 * Where read-only queries are answered: a read replica when one holds every write made
 * to the workspace before the request arrived, else the primary. Mutations never come
 * here; they, and every field resolver below a query's root, use the primary.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { Arg, registerEnumType } from 'type-graphql';
import type { ServiceContext } from '../domain/context';
import { EvaluationTimeout } from '../domain/evaluation-deadline';
import { Problem } from '../domain/problem';
import type { ReplicaChoice } from '../db/read-replicas';
import { type GraphQLContext, serviceOf } from './context';

export enum ReadConsistency {
  EVENTUAL = 'EVENTUAL',
  STRONG = 'STRONG',
}
registerEnumType(ReadConsistency, {
  name: 'ReadConsistency',
  description: 'Which database may answer a read. EVENTUAL (the default): a read replica, but only one that already holds every write made to '
    + 'this workspace before the request arrived, so a client always reads its own writes; otherwise the primary. STRONG: always the '
    + 'primary, which also shows writes committed while the request runs.',
});

/** The `consistency` argument of every routed read. */
export function ConsistencyArg(): ReturnType<typeof Arg> {
  return Arg('consistency', () => ReadConsistency, { defaultValue: ReadConsistency.EVENTUAL, description: 'EVENTUAL may be answered by a caught-up read replica; STRONG reads the primary.' });
}

/** One request's reads: the replica is chosen once, on the first routed read. */
export interface RequestReads {
  /** The workspace's write revision on the primary at authentication. */
  readonly writeRevision: bigint;
  choice?: Promise<ReplicaChoice | undefined>;
  /** `primary` and/or replica names, sent back in the `x-read-from` response header. */
  readonly servedBy: Set<string>;
}

export function requestReads(writeRevision: bigint): RequestReads {
  return { writeRevision, servedBy: new Set() };
}

/**
 * Runs a read-only service call on a caught-up replica, or on the primary. Reads are
 * idempotent, so when the replica fails mid-way (it went down, or cancelled the query
 * in a conflict with recovery) the same call runs again on the primary.
 */
export async function readOn<T>(ctx: GraphQLContext, consistency: ReadConsistency, work: (service: ServiceContext) => Promise<T>): Promise<T> {
  const service = serviceOf(ctx);
  const replicas = ctx.db.replicas;
  const onPrimary = (): Promise<T> => {
    if (replicas) replicas.primaryReads++;
    ctx.reads?.servedBy.add('primary');
    return work(service);
  };
  if (!replicas || !ctx.reads || consistency === ReadConsistency.STRONG) return onPrimary();
  ctx.reads.choice ??= replicas.choose(service.workspace.id, ctx.reads.writeRevision);
  const choice = await ctx.reads.choice;
  if (!choice) return onPrimary();
  try {
    const result = await work({ ...service, db: choice.db });
    choice.replica.reads++;
    ctx.reads.servedBy.add(choice.replica.name);
    return result;
  } catch (error) {
    if (error instanceof Problem || error instanceof EvaluationTimeout) throw error;
    choice.replica.failed();
    return onPrimary();
  }
}

/**
 * `x-read-from: replica-1` (or `primary`, or both): which database answered the
 * request's routed reads, for operators and for the routing test.
 */
export function readFromHeaderPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const servedBy = contextValue.reads?.servedBy;
          if (servedBy && servedBy.size > 0) response.http.headers.set('x-read-from', [...servedBy].join(', '));
        },
      };
    },
  };
}
