import { dayFromYmd, isValidTimeZone, timestampToDate } from '../../src/periods';

function dateIn(timestamp: number | string, timeZone: string): string {
  const result = timestampToDate(timestamp, timeZone);
  if (!result.ok) throw new Error(result.error.message);
  return result.date;
}

describe('timestampToDate gives the local calendar date in the workspace time zone', () => {
  test('late evening UTC on March 31 is already April 1 in Paris', () => {
    // Paris is on summer time (UTC+2) from 2025-03-30: 23:30Z is 01:30 on April 1.
    expect(dateIn('2025-03-31T23:30:00Z', 'Europe/Paris')).toBe('2025-04-01');
    expect(dateIn('2025-03-31T23:30:00Z', 'UTC')).toBe('2025-03-31');
    // New York is on UTC-4 then: 19:30 on March 31.
    expect(dateIn('2025-03-31T23:30:00Z', 'America/New_York')).toBe('2025-03-31');
  });

  test('an offset in the timestamp is honoured', () => {
    // 00:30 at UTC+1 is 23:30 the previous day in UTC.
    expect(dateIn('2025-01-01T00:30:00+01:00', 'UTC')).toBe('2024-12-31');
  });

  test('epoch milliseconds work too', () => {
    expect(dateIn(0, 'Asia/Tokyo')).toBe('1970-01-01'); // 09:00 in Tokyo
    expect(dateIn(0, 'America/Los_Angeles')).toBe('1969-12-31'); // 16:00 the day before
    // Kiritimati is UTC+14: 10:00Z is midnight of the next day.
    expect(dateIn(Date.UTC(2025, 0, 1, 10), 'Pacific/Kiritimati')).toBe('2025-01-02');
  });

  test('the result also carries the day number', () => {
    expect(timestampToDate('2025-03-15T12:00:00.123Z', 'UTC')).toEqual({
      ok: true,
      date: '2025-03-15',
      day: dayFromYmd(2025, 3, 15),
    });
  });

  test('an unknown time zone is INVALID_TIME_ZONE with an example of a valid name', () => {
    for (const zone of ['Mars/Olympus_Mons', 'Europe/Pariss', '']) {
      const result = timestampToDate(0, zone);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('INVALID_TIME_ZONE');
        expect(result.error.message).toContain('use an IANA time zone name such as "Europe/Paris"');
      }
    }
  });

  test.each([
    ['2025-03-31T23:30', 'with an offset'],
    ['2025-03-31', 'with an offset'],
    ['2025-02-30T10:00:00Z', 'day 30 is out of range 01–28 for February 2025'],
    ['2025-03-31T24:00:00Z', 'out of range'],
    ['yesterday', 'with an offset'],
    [Number.NaN, 'finite number'],
    [8.64e15, 'outside the supported days'],
  ])('%j is INVALID_TIMESTAMP: %s', (timestamp, part) => {
    const result = timestampToDate(timestamp, 'UTC');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_TIMESTAMP');
      expect(result.error.message).toContain(part);
    }
  });

  test('isValidTimeZone accepts IANA names and refuses the rest', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Nowhere/Special')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(42)).toBe(false);
  });
});
