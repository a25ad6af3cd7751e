/**
 * Words a measure or KPI key may never be, because formulas would read them as something
 * else: formula functions (matched case-insensitively, like function names in formulas),
 * word operators, and words the expression parser turns into constants or operators.
 * Kept in one place so measures and KPIs refuse the same words.
 */
const FORMULA_FUNCTIONS = [
  'IF', 'IFERROR', 'COALESCE', 'ISBLANK', 'DIVIDE', 'ABS', 'ROUND', 'FLOOR', 'CEIL', 'MIN', 'MAX', 'SUM', 'AVERAGE',
  'SQRT', 'LN', 'EXP', 'POW', 'CLAMP',
  'PREV', 'PREV_YEAR', 'GROWTH', 'YTD', 'QTD', 'ROLLING', 'ROLLING_AVG',
  'PARENT', 'TOTAL',
] as const;

// `and or not` are formula operators; the rest mathjs parses as constants or operators.
const PARSER_WORDS = ['and', 'or', 'not', 'xor', 'mod', 'to', 'in', 'end', 'true', 'false', 'null', 'undefined', 'nan', 'infinity', 'pi', 'e', 'i'] as const;

const RESERVED = new Set<string>([...FORMULA_FUNCTIONS, ...PARSER_WORDS].map((w) => w.toLowerCase()));

export function isReservedName(key: string): boolean {
  return RESERVED.has(key.toLowerCase());
}

export const FORMULA_FUNCTION_NAMES: readonly string[] = FORMULA_FUNCTIONS;
