/** When an alert rule's condition holds for one evaluated cell (src/domain/alert-evaluation.ts). */
import { conditionHolds } from '../../src/domain/alert-evaluation';

const cell = (value: number | null, status: string, changeRatio: number | null) => ({ value, status: status as never, changeRatio });

test('ENTERS_OFF_TRACK holds for the OFF_TRACK band only; blank and missing targets never fire', () => {
  const rule = { kind: 'ENTERS_OFF_TRACK' as const, threshold: null };
  expect(['ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'NO_DATA', 'NO_TARGET'].map((s) => conditionHolds(rule, cell(1, s, null)))).toEqual([false, false, true, false, false]);
});

test('thresholds are strict: a value equal to the threshold is neither above nor below it', () => {
  const above = { kind: 'ABOVE_THRESHOLD' as const, threshold: 25 };
  const below = { kind: 'BELOW_THRESHOLD' as const, threshold: 25 };
  expect([24.999, 25, 25.001].map((v) => conditionHolds(above, cell(v, 'NO_TARGET', null)))).toEqual([false, false, true]);
  expect([24.999, 25, 25.001].map((v) => conditionHolds(below, cell(v, 'NO_TARGET', null)))).toEqual([true, false, false]);
  expect(conditionHolds(above, cell(null, 'NO_DATA', null))).toBe(false);
  expect(conditionHolds(below, cell(null, 'NO_DATA', null))).toBe(false);
});

test('CHANGE_PERCENT compares |change| / |previous| × 100 with the threshold, both ways; no previous value, no alert', () => {
  const rule = { kind: 'CHANGE_PERCENT' as const, threshold: 20 };
  // 100 → 125: +25 %; 100 → 80: −20 % (not more than 20); 115 → 80: −30.4 %; 100 → 110: +10 %.
  expect(conditionHolds(rule, cell(125, 'NO_TARGET', 25 / 100))).toBe(true);
  expect(conditionHolds(rule, cell(80, 'NO_TARGET', -20 / 100))).toBe(false);
  expect(conditionHolds(rule, cell(80, 'NO_TARGET', -35 / 115))).toBe(true);
  expect(conditionHolds(rule, cell(110, 'NO_TARGET', 10 / 100))).toBe(false);
  expect(conditionHolds(rule, cell(110, 'NO_TARGET', null))).toBe(false);
});
