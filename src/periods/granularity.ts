/** The sizes a period can have, finest first: the order is the nesting order. */
export const GRANULARITIES = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'HALF', 'YEAR'] as const;

export type Granularity = (typeof GRANULARITIES)[number];

const RANK: Readonly<Record<Granularity, number>> = {
  DAY: 0,
  WEEK: 1,
  MONTH: 2,
  QUARTER: 3,
  HALF: 4,
  YEAR: 5,
};

/** Position in `GRANULARITIES` (0 = DAY): a finer granularity has a smaller rank. */
export function granularityRank(granularity: Granularity): number {
  return RANK[granularity];
}

export type ParseGranularityResult =
  | { readonly ok: true; readonly granularity: Granularity }
  | { readonly ok: false; readonly error: { readonly code: 'INVALID_GRANULARITY'; readonly message: string } };

/**
 * Reads a granularity name from user input. Names are upper case like the GraphQL enum;
 * other spellings are refused with the name to write, so keys stay canonical everywhere.
 */
export function parseGranularity(text: unknown): ParseGranularityResult {
  if (typeof text === 'string' && Object.prototype.hasOwnProperty.call(RANK, text)) {
    return { ok: true, granularity: text as Granularity };
  }
  const expected = `expected one of ${GRANULARITIES.join(', ')}`;
  let message: string;
  if (typeof text !== 'string') {
    message = `A granularity must be a string, got ${text === null ? 'null' : typeof text}; ${expected}.`;
  } else {
    const normalised = text.trim().toUpperCase();
    message = Object.prototype.hasOwnProperty.call(RANK, normalised)
      ? `Invalid granularity ${JSON.stringify(text)}: write "${normalised}".`
      : `Invalid granularity ${JSON.stringify(text.slice(0, 40))}: ${expected}.`;
  }
  return { ok: false, error: { code: 'INVALID_GRANULARITY', message } };
}
