/**
 * Expected failures. A service throws a `Problem` inside its transaction, so nothing it
 * wrote survives; the GraphQL layer turns it into a typed member of the result union.
 */
export type ProblemCode =
  | 'INVALID_INPUT'
  | 'INVALID_KEY'
  | 'INVALID_PERIOD'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'CONFLICT'
  | 'TEAM_CYCLE'
  | 'IN_USE'
  | 'FORBIDDEN'
  | 'LIMIT_EXCEEDED'
  | 'FORMULA_INVALID'
  | 'PERIOD_CLOSED';

export interface ProblemDetail {
  /** The input field the problem is about, as a path (`teams[3].key`). */
  readonly field?: string;
  /** Row index (0-based) in a batch. */
  readonly index?: number;
  readonly message: string;
}

export class Problem extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly extra: {
      readonly field?: string;
      readonly key?: string;
      readonly currentRevision?: number;
      readonly details?: readonly ProblemDetail[];
      readonly usedBy?: readonly string[];
    } = {},
  ) {
    super(message);
    this.name = 'Problem';
  }
}

export const notFound = (entity: string, key: string): Problem =>
  new Problem('NOT_FOUND', `No ${entity} with key "${key}" in this workspace.`, { key });

export const conflict = (entity: string, key: string, expected: number, current: number): Problem =>
  new Problem(
    'CONFLICT',
    `${entity} "${key}" was changed by someone else: you read revision ${expected}, the current one is ${current}. Reload it and apply your change again.`,
    { key, currentRevision: current },
  );
