import { ACHIEVEMENT_TOLERANCE } from './achievement';
import type { BandStatus, ScoringValidationError, StatusBands } from './types';

/** PRODUCT.md "Status bands": ≥ 100 % ON_TRACK, ≥ 90 % AT_RISK, below OFF_TRACK. */
export const DEFAULT_STATUS_BANDS: StatusBands = Object.freeze({ onTrack: 1, atRisk: 0.9 });

/** Bands must be finite with onTrack ≥ atRisk ≥ 0, else a band could never be reached. */
export function validateStatusBands(
  bands: StatusBands,
  path = 'bands',
): readonly ScoringValidationError[] {
  const { onTrack, atRisk } = bands;
  const problem = !Number.isFinite(onTrack) || !Number.isFinite(atRisk)
    ? `must be finite numbers (got onTrack ${onTrack}, atRisk ${atRisk})`
    : atRisk < 0
      ? `atRisk must be at least 0 (got ${atRisk})`
      : onTrack < atRisk
        ? `onTrack (${onTrack}) must be at least atRisk (${atRisk})`
        : null;
  return problem === null
    ? []
    : [{ code: 'INVALID_STATUS_BANDS', message: `Status bands ${problem}.`, path }];
}

/** The band an achievement falls in; a threshold met up to float noise counts as met. */
export function statusForAchievement(
  achievement: number,
  bands: StatusBands = DEFAULT_STATUS_BANDS,
): BandStatus {
  if (achievement >= bands.onTrack - ACHIEVEMENT_TOLERANCE) return 'ON_TRACK';
  if (achievement >= bands.atRisk - ACHIEVEMENT_TOLERANCE) return 'AT_RISK';
  return 'OFF_TRACK';
}
