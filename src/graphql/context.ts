/** The GraphQL request context and the one way resolvers reach a service context. */
import { GraphQLError } from 'graphql';
import type { ServiceContext } from '../domain/context';
import { EvaluationTimeout } from '../domain/evaluation-deadline';
import { Problem } from '../domain/problem';
import type { Database } from '../db/data-source';
import { type ProblemResult, toProblemResult } from './problem.types';
import type { RequestReads } from './read-consistency';

export interface GraphQLContext {
  readonly requestId: string;
  readonly db: Database;
  /** Set when the request carried a valid API key. */
  readonly service?: ServiceContext;
  /** Set when the request carried the operator credential. */
  readonly operator: boolean;
  /** Where this request's routed reads go (read-consistency.ts); absent: the primary. */
  readonly reads?: RequestReads;
}

export function serviceOf(ctx: GraphQLContext): ServiceContext {
  if (!ctx.service) {
    throw new GraphQLError('This operation needs a workspace API key (Authorization: Bearer kpi_…).', { extensions: { code: 'UNAUTHENTICATED' } });
  }
  return ctx.service;
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

function evaluationTimedOut(error: EvaluationTimeout): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: 'EVALUATION_TIMEOUT', limitMs: error.limitMs } });
}

/** Runs a mutation; expected failures become union members, FORBIDDEN a typed GraphQL error. */
export async function asResult<T>(work: () => Promise<T>): Promise<T | ProblemResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Problem) {
      if (error.code === 'FORBIDDEN') throw forbidden(error.message);
      return toProblemResult(error);
    }
    if (error instanceof EvaluationTimeout) throw evaluationTimedOut(error);
    throw error;
  }
}

/** Runs a query; any expected failure is a GraphQL error with its code in `extensions`. */
export async function orError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Problem) {
      throw new GraphQLError(error.message, { extensions: { code: error.code, field: error.extra.field, key: error.extra.key } });
    }
    if (error instanceof EvaluationTimeout) throw evaluationTimedOut(error);
    throw error;
  }
}
