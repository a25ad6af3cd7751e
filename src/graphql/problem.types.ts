/**
 * Expected failures as typed members of result unions: a stable `code`, a message a
 * person can act on, and where it applies the field, key, row index or revision.
 */
import { Field, Int, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import type { Problem as DomainProblem, ProblemCode } from '../domain/problem';

export enum ProblemCodeEnum {
  INVALID_INPUT = 'INVALID_INPUT',
  INVALID_KEY = 'INVALID_KEY',
  INVALID_PERIOD = 'INVALID_PERIOD',
  NOT_FOUND = 'NOT_FOUND',
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  CONFLICT = 'CONFLICT',
  TEAM_CYCLE = 'TEAM_CYCLE',
  IN_USE = 'IN_USE',
  FORBIDDEN = 'FORBIDDEN',
  LIMIT_EXCEEDED = 'LIMIT_EXCEEDED',
  FORMULA_INVALID = 'FORMULA_INVALID',
  PERIOD_CLOSED = 'PERIOD_CLOSED',
}
registerEnumType(ProblemCodeEnum, { name: 'ProblemCode', description: 'Stable codes of expected failures.' });

@InterfaceType('Problem', { description: 'An expected failure: nothing was written.' })
export abstract class ProblemInterface {
  @Field(() => ProblemCodeEnum) code!: ProblemCode;
  @Field(() => String, { description: 'What went wrong and what to do about it.' }) message!: string;
}

@ObjectType({ description: 'One bad part of the input.' })
export class ProblemDetailType {
  @Field(() => String, { nullable: true, description: 'Input path, e.g. `values[3].period`.' }) field?: string;
  @Field(() => Int, { nullable: true, description: 'Row index in a batch, 0-based.' }) index?: number;
  @Field(() => String) message!: string;
}

@ObjectType({ implements: ProblemInterface, description: 'The input is malformed: a bad key, period, value or text.' })
export class InputError extends ProblemInterface {
  @Field(() => String, { nullable: true, description: 'The input field at fault.' }) field?: string;
  @Field(() => [ProblemDetailType], { description: 'Every bad part found, for batches one per bad row.' }) details!: ProblemDetailType[];
}

@ObjectType({ implements: ProblemInterface, description: 'A key names nothing in this workspace (or nothing the key may see).' })
export class NotFound extends ProblemInterface {
  @Field(() => String, { nullable: true }) field?: string;
  @Field(() => String, { nullable: true }) key?: string;
}

@ObjectType({ implements: ProblemInterface, description: 'Something with that key already exists.' })
export class AlreadyExists extends ProblemInterface {
  @Field(() => String, { nullable: true }) key?: string;
}

@ObjectType({ implements: ProblemInterface, description: 'Someone saved in between: reload and apply the change to the current revision.' })
export class Conflict extends ProblemInterface {
  @Field(() => String, { nullable: true }) key?: string;
  @Field(() => Int) currentRevision!: number;
}

@ObjectType({ implements: ProblemInterface, description: 'The thing is still used by others, named in `usedBy`.' })
export class InUse extends ProblemInterface {
  @Field(() => String, { nullable: true }) key?: string;
  @Field(() => [String]) usedBy!: string[];
}

export type ProblemResult = InputError | NotFound | AlreadyExists | Conflict | InUse;

/** Maps a domain problem to its GraphQL type. FORBIDDEN never gets here: it is a GraphQL error. */
export function toProblemResult(p: DomainProblem): ProblemResult {
  const base = { code: p.code, message: p.message };
  switch (p.code) {
    case 'NOT_FOUND':
      return Object.assign(new NotFound(), base, { field: p.extra.field, key: p.extra.key });
    case 'ALREADY_EXISTS':
      return Object.assign(new AlreadyExists(), base, { key: p.extra.key });
    case 'CONFLICT':
      return Object.assign(new Conflict(), base, { key: p.extra.key, currentRevision: p.extra.currentRevision ?? 0 });
    case 'IN_USE':
      return Object.assign(new InUse(), base, { key: p.extra.key, usedBy: [...(p.extra.usedBy ?? [])] });
    default:
      return Object.assign(new InputError(), base, {
        field: p.extra.field,
        details: (p.extra.details ?? [{ field: p.extra.field, message: p.message }]).map((d) => Object.assign(new ProblemDetailType(), d)),
      });
  }
}

export const PROBLEM_TYPES = [InputError, NotFound, AlreadyExists, Conflict, InUse] as const;
