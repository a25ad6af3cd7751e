import type { ActualError, KpiActual } from './types';

export function isActualError(value: KpiActual): value is ActualError {
  return typeof value === 'object' && value !== null;
}

/** The number to score with, or `null` when the value is blank, an error or not finite. */
export function numericActual(value: KpiActual | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * The actual as reported back. A non-finite number should never arrive (the engine turns
 * those into `NUMERIC`), but if one does it is reported as that error rather than leaking
 * NaN or Infinity into results.
 */
export function reportedActual(value: KpiActual): KpiActual {
  if (typeof value === 'number' && !Number.isFinite(value)) return { error: 'NUMERIC' };
  return value;
}
