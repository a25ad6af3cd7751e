import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { FormulaError } from '../engine';
import { ProblemInterface } from './problem.types';

export enum FormulaErrorCodeEnum {
  SYNTAX = 'SYNTAX',
  UNKNOWN_REFERENCE = 'UNKNOWN_REFERENCE',
  CYCLE = 'CYCLE',
  DIV_BY_ZERO = 'DIV_BY_ZERO',
  NUMERIC = 'NUMERIC',
  ARGUMENT = 'ARGUMENT',
  FORBIDDEN_CONSTRUCT = 'FORBIDDEN_CONSTRUCT',
  TOO_COMPLEX = 'TOO_COMPLEX',
}
registerEnumType(FormulaErrorCodeEnum, { name: 'FormulaErrorCode', description: 'Formula errors: at save time (syntax … limits) or as evaluated values (DIV_BY_ZERO, NUMERIC, …).' });

@ObjectType('SourcePosition', { description: 'Where in the formula text: offset 0-based, line and column 1-based.' })
export class SourcePositionType {
  @Field(() => Int) offset!: number;
  @Field(() => Int) line!: number;
  @Field(() => Int) column!: number;
  @Field(() => Int) length!: number;
}

@ObjectType('FormulaError', { description: 'A problem in a formula, with the place it is at.' })
export class FormulaErrorType {
  @Field(() => FormulaErrorCodeEnum) code!: FormulaErrorCodeEnum;
  @Field(() => String) message!: string;
  @Field(() => SourcePositionType, { nullable: true }) position!: SourcePositionType | null;
  @Field(() => [String], { nullable: true, description: 'For CYCLE: the dependency path, e.g. [a, b, a].' }) path!: string[] | null;
}

export function toFormulaErrorType(e: FormulaError): FormulaErrorType {
  return Object.assign(new FormulaErrorType(), {
    code: e.code as FormulaErrorCodeEnum,
    message: e.message,
    position: e.position ? Object.assign(new SourcePositionType(), e.position) : null,
    path: e.path ? [...e.path] : null,
  });
}

@ObjectType('FormulaValidation', { description: 'What a formula would do, checked against the workspace; nothing saved.' })
export class FormulaValidationType {
  @Field(() => Boolean) valid!: boolean;
  @Field(() => [FormulaErrorType]) errors!: FormulaErrorType[];
  @Field(() => [String], { description: 'Measure keys read.' }) measures!: string[];
  @Field(() => [String], { description: 'KPI keys read.' }) kpis!: string[];
  @Field(() => [String], { description: 'Functions called (canonical names).' }) functions!: string[];
  @Field(() => Int, { description: 'How many periods before the requested one the formula reads.' }) reach!: number;
}

@ObjectType('FormulaFunction', { description: 'A function of the formula language.' })
export class FormulaFunctionType {
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'math, logic, blank, aggregate, time or team.' }) family!: string;
  @Field(() => String) signature!: string;
  @Field(() => Int) minArgs!: number;
  @Field(() => Int, { nullable: true, description: 'null when it takes any number.' }) maxArgs!: number | null;
  @Field(() => String) doc!: string;
  @Field(() => String, { description: 'What a blank argument does.' }) blankRule!: string;
  @Field(() => String, { description: 'What an error argument does.' }) errorRule!: string;
  @Field(() => String) example!: string;
}

@ObjectType({ implements: ProblemInterface, description: 'The formula was refused; nothing was saved. Every error has its position.' })
export class FormulaInvalid extends ProblemInterface {
  @Field(() => String) formula!: string;
  @Field(() => [FormulaErrorType]) errors!: FormulaErrorType[];
}
