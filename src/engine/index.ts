/** The formula engine's public API: explicit named exports only. */
export type {
  ArithmeticOp,
  BinaryNode,
  BinaryOp,
  CallNode,
  ComparisonOp,
  ConditionalNode,
  FormulaAst,
  LogicalOp,
  NumberNode,
  Position,
  ReferenceNode,
  UnaryNode,
  UnaryOp,
} from './ast';
export { childrenOf, walk } from './ast';
export { ERROR_CODE_NUMBER, ERROR_CODES, errorCodeFromNumber } from './errors';
export type { ErrorCode, FormulaError } from './errors';
export { BLANK, decodeCell, encodeCell, errorValue, isBlank, isError } from './values';
export type { Blank, CellValue, ErrorValue } from './values';
export { MAX_FORMULA_LENGTH, MAX_NESTING } from './lexer';
export { parseFormula } from './parse';
export type { ParseResult } from './parse';
export { printFormula } from './print';
export { checkAst, checkFormula, formulaReach, MAX_DEPTH, MAX_EXPANDED_NODES, MAX_NODES } from './check';
export type { CheckOptions, CheckResult, ReferenceKind } from './check';
export { describeFunctions, FUNCTIONS, lookupFunction } from './functions';
export type { FunctionDescription, FunctionFamily, FunctionSpec } from './functions';
export {
  composeTeam,
  contextKey,
  describeContext,
  inputId,
  MAX_REACH_YEARS,
  ROOT_CONTEXT,
  SAVE_TIME_PERIODS_PER_YEAR,
  timeReach,
} from './context';
export type { EvalContext, TeamContext, TimeOp } from './context';
export { formatCyclePath, orderByDependencies } from './graph';
export type { DependencyOrder } from './graph';
export { compilePlan } from './plan';
export type { Grid, InputSpec, KpiColumn, KpiDefinition, Plan, PlanNode, PlanRequest } from './plan';
export { formatNumberLiteral } from './compile';
export { ReferenceEvaluator } from './reference';
export type { InputRef, TraceNode } from './reference';
export { explainCell, explainedColumnValue } from './explain';
export type { CellExplanation, ExplainedValue, ExplainNode, ExplainOptions } from './explain';
