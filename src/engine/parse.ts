/**
 * Formula text -> FormulaAst. mathjs is the parser (ARCHITECTURE.md "Formula safety"),
 * never the evaluator of user text: its tree is converted into our own union, and that
 * conversion is the security boundary. Only finite numbers, keys, the arithmetic,
 * comparison and logical operators, `c ? a : b` and calls of a plain name pass; anything
 * else is a FORBIDDEN_CONSTRUCT or SYNTAX error with its position (convert.ts).
 *
 * mathjs nodes carry no source offsets, so positions come from our lexer: the allowed
 * node types emit their tokens in a fixed source order (left operand, operator, right
 * operand; name, `(`, arguments, `)`; …), and walking the tree in that order consumes
 * the token list exactly once.
 *
 * This is the only module that imports mathjs for parsing; it uses a private instance.
 */
import { all, create, version as mathjsVersion, type MathJsInstance, type MathNode } from 'mathjs';
import type { FormulaAst, Position } from './ast';
import { Converter, TokenMismatch, TooDeep } from './convert';
import { formulaError, type FormulaError } from './errors';
import { lex, MAX_NESTING, type Token } from './lexer';

export interface ParseResult {
  /** Present exactly when `errors` is empty. */
  readonly ast?: FormulaAst;
  readonly errors: readonly FormulaError[];
}

/** Older mathjs releases have known expression-parser escapes (ARCHITECTURE.md). */
export const MIN_MATHJS_VERSION = '15.2.0';

/** Whether a mathjs version string is at least `minimum` (major.minor.patch). */
export function isSafeMathjsVersion(version: string, minimum = MIN_MATHJS_VERSION): boolean {
  const parts = (v: string) => v.split(/[.-]/).slice(0, 3).map((x) => Number.parseInt(x, 10) || 0);
  const [a, b] = [parts(version), parts(minimum)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

let mathjs: MathJsInstance | undefined;
function mathjsParse(text: string): MathNode {
  if (!mathjs) {
    if (!isSafeMathjsVersion(mathjsVersion)) {
      throw new Error(`mathjs ${mathjsVersion} is installed; the formula engine needs ${MIN_MATHJS_VERSION} or later`);
    }
    mathjs = create(all);
  }
  return mathjs.parse(text);
}

export function parseFormula(text: string): ParseResult {
  const { tokens, errors } = lex(text);
  if (errors.length > 0) return { errors };
  const locate = positioner(text);
  if (tokens.length === 0) {
    return { errors: [formulaError('SYNTAX', 'The formula is empty', locate(0, 0))] };
  }
  // mathjs reads a new line outside parentheses as a statement separator; a formula is
  // one expression, so new lines are plain spaces here (same offsets) and a second
  // expression on a new line shows up as a juxtaposition, refused below with its own message.
  const flat = text.replace(/[\r\n]/g, ' ');
  let tree: MathNode;
  try {
    tree = mathjsParse(flat);
  } catch (error) {
    return { errors: [syntaxError(error, text, tokens, locate)] };
  }
  const converter = new Converter(text, tokens, locate);
  try {
    const { ast } = converter.convert(tree);
    if (converter.pos !== tokens.length) throw new TokenMismatch();
    if (converter.errors.length > 0 || !ast) return { errors: converter.errors };
    return { ast, errors: [] };
  } catch (error) {
    if (error instanceof TooDeep) {
      return { errors: [formulaError('TOO_COMPLEX', `The formula is nested more than ${MAX_NESTING} levels deep`, error.position)] };
    }
    if (!(error instanceof TokenMismatch)) throw error;
    // The lexer and mathjs disagreed on the tokens: refuse rather than guess positions.
    return { errors: [formulaError('SYNTAX', 'The formula could not be read', locate(0, text.length))] };
  }
}

/** Offset range -> Position, with line starts computed once per text. */
function positioner(text: string): (start: number, end: number) => Position {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return (start, end) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= start) lo = mid;
      else hi = mid - 1;
    }
    return { offset: start, line: lo + 1, column: start - lineStarts[lo] + 1, length: Math.max(0, end - start) };
  };
}

function syntaxError(
  error: unknown,
  text: string,
  tokens: readonly Token[],
  locate: (start: number, end: number) => Position,
): FormulaError {
  if (error instanceof RangeError) {
    return formulaError('TOO_COMPLEX', 'The formula is nested too deeply', locate(0, text.length));
  }
  const raw = error instanceof Error ? error.message : String(error);
  const char = (error as { char?: unknown }).char;
  // mathjs reports a 1-based character of the token where it stopped.
  const offset = typeof char === 'number' ? Math.min(Math.max(char - 1, 0), text.length) : 0;
  const token = tokens.find((t) => t.offset === offset);
  const message = raw.replace(/\s*\(char \d+\)\s*$/, '');
  return formulaError('SYNTAX', friendlySyntaxMessage(message), locate(offset, offset + (token ? token.text.length : 0)));
}

function friendlySyntaxMessage(message: string): string {
  if (message === 'Unexpected end of expression') return 'The formula ends unexpectedly';
  if (message === 'Value expected') return 'A value is expected here';
  if (message === 'Parenthesis ) expected') return '`)` is expected here';
  if (message === 'False part of conditional expression expected') return '`:` and the value when false are expected';
  const part = /^Unexpected (?:part|operator) "?([^"]*)"?$/.exec(message);
  if (part) return `Unexpected \`${part[1]}\`: an operator or the end of the formula is expected`;
  return message;
}
