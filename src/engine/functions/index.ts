/**
 * The function table: every function of the formula language, case-insensitive by name.
 * Adding a function is one entry in its family's file and one line here.
 */
import { AGGREGATE_FUNCTIONS } from './aggregate';
import { BLANK_FUNCTIONS } from './blank';
import { LOGIC_FUNCTIONS } from './logic';
import { MATH_FUNCTIONS } from './math';
import { TEAM_FUNCTIONS } from './team';
import { TIME_FUNCTIONS } from './time';
import type { FunctionSpec } from './types';

export const FUNCTIONS: readonly FunctionSpec[] = [
  ...LOGIC_FUNCTIONS,
  ...BLANK_FUNCTIONS,
  ...MATH_FUNCTIONS,
  ...AGGREGATE_FUNCTIONS,
  ...TIME_FUNCTIONS,
  ...TEAM_FUNCTIONS,
];

const byName = new Map(FUNCTIONS.map((f) => [f.name, f]));

/** The entry for a function name in any letter case. */
export function lookupFunction(name: string): FunctionSpec | undefined {
  return byName.get(name.toUpperCase());
}

/** Names people bring from other tools, mapped to ours, for "did you mean" hints. */
export const FUNCTION_ALIASES: Readonly<Record<string, string>> = {
  AVG: 'AVERAGE',
  MEAN: 'AVERAGE',
  LOG: 'LN',
  POWER: 'POW',
  CEILING: 'CEIL',
  IFNULL: 'COALESCE',
  NVL: 'COALESCE',
  ISNULL: 'ISBLANK',
  SAFE_DIVIDE: 'DIVIDE',
  LAG: 'PREV',
};

/** What an API lists about a function (no implementation details). */
export interface FunctionDescription {
  readonly name: string;
  readonly family: FunctionSpec['family'];
  readonly signature: string;
  readonly minArgs: number;
  /** null when variadic. */
  readonly maxArgs: number | null;
  readonly doc: string;
  readonly blankRule: string;
  readonly errorRule: string;
  readonly example: string;
}

export function describeFunctions(): FunctionDescription[] {
  return FUNCTIONS.map((f) => ({
    name: f.name,
    family: f.family,
    signature: f.signature,
    minArgs: f.minArgs,
    maxArgs: Number.isFinite(f.maxArgs) ? f.maxArgs : null,
    doc: f.doc,
    blankRule: f.blankRule,
    errorRule: f.errorRule,
    example: f.example,
  }));
}

export type {
  ColumnEmitter,
  ConstantArgument,
  ContextFunction,
  ContextStep,
  FunctionFamily,
  FunctionSpec,
  LazyFunction,
  Operand,
  StrictFunction,
} from './types';
export { constantValue } from './types';
export { BINARY_OPERATORS, UNARY_OPERATORS } from './operators';
