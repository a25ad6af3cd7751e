import { GRANULARITIES, granularityRank, parseGranularity } from '../../src/periods';

describe('granularities', () => {
  test('are ordered finest first, the order in which periods nest', () => {
    expect(GRANULARITIES).toEqual(['DAY', 'WEEK', 'MONTH', 'QUARTER', 'HALF', 'YEAR']);
    expect(GRANULARITIES.map(granularityRank)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('parse from their upper-case names', () => {
    for (const g of GRANULARITIES) expect(parseGranularity(g)).toEqual({ ok: true, granularity: g });
  });

  test('other spellings are refused with the name to write', () => {
    const result = parseGranularity('month');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_GRANULARITY');
      expect(result.error.message).toContain('write "MONTH"');
    }
  });

  test('unknown names and non-strings list the valid names', () => {
    for (const input of ['FORTNIGHT', '', 7, null, 'toString']) {
      const result = parseGranularity(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toContain('DAY, WEEK, MONTH, QUARTER, HALF, YEAR');
    }
  });
});
