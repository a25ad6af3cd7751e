/**
 * The formula lexer: one pass over the text, without recursion, that
 * - finds every token with its offset (mathjs nodes carry no positions; `parse.ts`
 *   maps the mathjs tree onto these tokens in source order), and
 * - refuses, before mathjs ever sees the text, everything the language excludes at the
 *   character level: strings, matrices, objects, blocks, comments, `%`, bitwise and
 *   element-wise operators, factorial, property access, ranges, assignment, hex and
 *   binary literals, unit conversion, and nesting deeper than mathjs's recursive
 *   parser should be asked to handle.
 * Tokens mirror mathjs's own tokenizer for the allowed subset (see `getToken` in
 * mathjs/lib/cjs/expression/parse.js).
 */
import { positionAt } from './ast';
import { formulaError, type FormulaError } from './errors';

export const MAX_FORMULA_LENGTH = 2000;
export const MAX_NESTING = 64;
/** More errors than this from one formula are noise: stop collecting. */
const MAX_LEXER_ERRORS = 10;

export type TokenKind = 'number' | 'identifier' | 'operator';
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly offset: number;
}

/** Operators of the language; `and`, `or`, `not` are identifiers-as-operators. */
const OPERATORS = new Set(['+', '-', '*', '/', '^', '(', ')', ',', '?', ':', '==', '!=', '<', '<=', '>', '>=']);
export const WORD_OPERATORS = new Set(['and', 'or', 'not']);
/** Words mathjs treats as operators that the language excludes. */
const FORBIDDEN_WORDS: Record<string, string> = {
  mod: '`mod` is not an operator of the formula language',
  xor: '`xor` is not an operator of the formula language; combine `and`, `or` and `not`',
  to: 'Unit conversion (`to`) is not part of the formula language',
  in: 'Unit conversion (`in`) is not part of the formula language',
};

const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdentStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdentPart = (c: string) => isIdentStart(c) || isDigit(c);
/** mathjs's decimal mark: a dot that does not start `.*`, `./` or `.^`. */
const isDecimalMark = (c: string, next: string) => c === '.' && next !== '/' && next !== '*' && next !== '^';

export interface LexResult {
  readonly tokens: readonly Token[];
  readonly errors: readonly FormulaError[];
}

export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  const errors: FormulaError[] = [];
  const fail = (code: 'SYNTAX' | 'FORBIDDEN_CONSTRUCT' | 'TOO_COMPLEX', message: string, start: number, end: number) => {
    errors.push(formulaError(code, message, positionAt(text, start, end)));
  };
  if (text.length > MAX_FORMULA_LENGTH) {
    fail(
      'TOO_COMPLEX',
      `The formula has ${text.length} characters; the limit is ${MAX_FORMULA_LENGTH}`,
      MAX_FORMULA_LENGTH,
      text.length,
    );
    return { tokens, errors };
  }
  let depth = 0;
  // Pending `?` per nesting level: a `:` without one is a range (`1:3`), as in mathjs.
  const pendingQuestions: number[] = [0];
  let i = 0;
  const n = text.length;
  while (i < n && errors.length < MAX_LEXER_ERRORS) {
    const c = text[i];
    const next = i + 1 < n ? text[i + 1] : '';
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00A0') {
      i++;
      continue;
    }
    const start = i;
    // Numbers: decimal only, as mathjs reads them.
    if (isDigit(c) || (c === '.' && isDigit(next))) {
      if (c === '0' && (next === 'x' || next === 'b' || next === 'o')) {
        i += 2;
        while (i < n && (isIdentPart(text[i]) || text[i] === '.')) i++;
        fail('FORBIDDEN_CONSTRUCT', 'Hexadecimal, binary and octal literals are not allowed; write a decimal number', start, i);
        continue;
      }
      if (c === '.') i++;
      else {
        while (i < n && isDigit(text[i])) i++;
        if (i < n && isDecimalMark(text[i], text[i + 1] ?? '')) i++;
      }
      while (i < n && isDigit(text[i])) i++;
      if (i < n && (text[i] === 'e' || text[i] === 'E')) {
        const after = text[i + 1] ?? '';
        if (isDigit(after) || after === '+' || after === '-') {
          i++;
          if (text[i] === '+' || text[i] === '-') i++;
          if (!isDigit(text[i] ?? '')) {
            // Through the character that should be a digit; at the end of the text there is none.
            fail('SYNTAX', 'A digit is expected in the exponent of the number', start, Math.min(i + 1, n));
            break;
          }
          while (i < n && isDigit(text[i])) i++;
        }
      }
      tokens.push({ kind: 'number', text: text.slice(start, i), offset: start });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(text[i])) i++;
      const word = text.slice(start, i);
      // hasOwn: `constructor` or `__proto__` must not find Object.prototype's members.
      const forbidden = Object.hasOwn(FORBIDDEN_WORDS, word) ? FORBIDDEN_WORDS[word] : undefined;
      if (forbidden) fail('FORBIDDEN_CONSTRUCT', forbidden, start, i);
      tokens.push({ kind: WORD_OPERATORS.has(word) ? 'operator' : 'identifier', text: word, offset: start });
      continue;
    }
    const two = text.slice(i, i + 2);
    const three = text.slice(i, i + 3);
    switch (c) {
      case '"':
      case "'": {
        i++;
        while (i < n && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
        i = Math.min(n, i + 1);
        fail('FORBIDDEN_CONSTRUCT', 'Strings (text in quotes) are not part of the formula language', start, i);
        continue;
      }
      case '.': {
        if (next === '*' || next === '/' || next === '^') {
          i += 2;
          fail('FORBIDDEN_CONSTRUCT', `Element-wise operator \`${two}\` is not allowed; write \`${next}\``, start, i);
        } else {
          i++;
          while (i < n && isIdentPart(text[i])) i++;
          fail('FORBIDDEN_CONSTRUCT', 'Property access (`.`) is not allowed', start, i);
        }
        continue;
      }
      case '[':
      case ']':
        i++;
        fail('FORBIDDEN_CONSTRUCT', 'Matrices and indexing (`[ ]`) are not allowed', start, i);
        continue;
      case '{':
      case '}':
        i++;
        fail('FORBIDDEN_CONSTRUCT', 'Objects (`{ }`) are not allowed', start, i);
        continue;
      case ';':
        i++;
        fail('FORBIDDEN_CONSTRUCT', 'A formula is one expression: `;` cannot separate statements', start, i);
        continue;
      case '#':
        while (i < n && text[i] !== '\n') i++;
        fail('FORBIDDEN_CONSTRUCT', 'Comments (`#`) are not allowed in formulas', start, i);
        continue;
      case '%':
        i++;
        fail('FORBIDDEN_CONSTRUCT', '`%` is not an operator: write `/ 100` for a percentage', start, i);
        continue;
      case '&':
      case '|':
      case '~':
        i++;
        fail('FORBIDDEN_CONSTRUCT', `Bitwise operator \`${c}\` is not allowed; use \`and\`, \`or\`, \`not\``, start, i);
        continue;
      case '!':
        if (next === '=') break;
        i++;
        fail('FORBIDDEN_CONSTRUCT', 'Factorial (`!`) is not allowed; write `!=` for "not equal"', start, i);
        continue;
      case '=':
        if (next === '=') break;
        i++;
        fail('FORBIDDEN_CONSTRUCT', 'Assignment and function definition (`=`) are not allowed; write `==` to compare', start, i);
        continue;
      case '<':
      case '>': {
        const shift = three === '>>>' ? three : two === '<<' || two === '>>' ? two : '';
        if (shift) {
          i += shift.length;
          fail('FORBIDDEN_CONSTRUCT', `Bit shift \`${shift}\` is not allowed`, start, i);
          continue;
        }
        break;
      }
      case '^':
        if (next === '|') {
          i += 2;
          fail('FORBIDDEN_CONSTRUCT', 'Bitwise operator `^|` is not allowed', start, i);
          continue;
        }
        break;
      case '?':
        if (next === '?') {
          i += 2;
          fail('FORBIDDEN_CONSTRUCT', '`??` is not an operator: use COALESCE(x, alt)', start, i);
          continue;
        }
        // mathjs reads `?.` before a non-digit as optional chaining (`a?.b`).
        if (next === '.' && !isDigit(text[i + 2] ?? '')) {
          i += 2;
          fail('FORBIDDEN_CONSTRUCT', 'Property access (`?.`) is not allowed', start, i);
          continue;
        }
        pendingQuestions[depth]++;
        break;
      case ':':
        if (pendingQuestions[depth] > 0) pendingQuestions[depth]--;
        else {
          fail('FORBIDDEN_CONSTRUCT', 'Ranges (`a:b`) are not allowed; `:` only follows `?` in `c ? a : b`', start, start + 1);
          i++;
          continue;
        }
        break;
      case '(':
        depth++;
        if (depth > MAX_NESTING) {
          fail('TOO_COMPLEX', `Parentheses are nested more than ${MAX_NESTING} deep`, start, start + 1);
          return { tokens, errors };
        }
        pendingQuestions[depth] = 0;
        break;
      case ')':
        if (depth > 0) depth--;
        break;
    }
    const op = OPERATORS.has(two) ? two : OPERATORS.has(c) ? c : '';
    if (!op) {
      const char = String.fromCodePoint(text.codePointAt(i)!);
      i += char.length;
      fail('SYNTAX', `Unexpected character \`${char}\``, start, i);
      continue;
    }
    i += op.length;
    tokens.push({ kind: 'operator', text: op, offset: start });
  }
  return { tokens, errors };
}
