/**
 * Evaluation contexts: how time and team functions move the window a sub-expression
 * reads. The engine stays independent of calendars: it only records the operations;
 * the data layer resolves them into concrete date ranges with `src/periods`.
 */

/**
 * One time operation, applied to a window of periods at the grid's granularity.
 * A window starts as [p, p] for the requested period p; operations apply outermost
 * function first, each transforming the window the outer one produced:
 *   PREV(YTD(x)) = [SHIFT 1, TO_DATE YEAR]: [p-1, p-1] -> [start of year(p-1), p-1]
 *   YTD(PREV(x)) = [TO_DATE YEAR, SHIFT 1]: [soy(p), p] -> [soy(p)-1, p-1]
 */
export type TimeOp =
  /** PREV(x, n): both ends move n periods back. */
  | { readonly kind: 'SHIFT'; readonly periods: number }
  /** PREV_YEAR(x): both ends move to the same period one year earlier. */
  | { readonly kind: 'SHIFT_YEAR'; readonly years: number }
  /** YTD / QTD: the start moves back to the start of the (fiscal) year / quarter holding it. */
  | { readonly kind: 'TO_DATE'; readonly unit: 'YEAR' | 'QUARTER' }
  /** ROLLING(x, n): the start moves back n - 1 periods. */
  | { readonly kind: 'WIDEN'; readonly periods: number };

/** Which team a sub-expression reads, relative to the grid's row team. */
export type TeamContext =
  | { readonly kind: 'SELF' }
  /** PARENT(x), PARENT(PARENT(x)) …: the ancestor `levels` up; blank above a root. */
  | { readonly kind: 'ANCESTOR'; readonly levels: number }
  /** TOTAL(x): the whole visible workspace (all roots, or a scoped key's root). */
  | { readonly kind: 'TOTAL' }
  /** PARENT(TOTAL(x)): above the top, always blank. */
  | { readonly kind: 'NONE' };
