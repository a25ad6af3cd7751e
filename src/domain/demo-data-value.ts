/** One generated demo value: a row for recordMeasureValues. */
export interface DemoValue {
  readonly measure: string;
  readonly team: string;
  /** Month key, e.g. `2025-03`. */
  readonly period: string;
  readonly value: number;
}

/** The rows of one team and month, from a record of measure → value. */
export function rowsOf(team: string, period: string, values: Readonly<Record<string, number>>): DemoValue[] {
  return Object.entries(values).map(([measure, value]) => ({ measure, team, period, value }));
}
