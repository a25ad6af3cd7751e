/**
 * Pure scoring: achievement, status bands, item, section and scorecard scores.
 * Imports nothing outside this folder (ARCHITECTURE.md "Layout").
 */
export {
  ACHIEVEMENT_TOLERANCE,
  achievement,
  linearAchievement,
  meetsTarget,
  resolveAchievement,
} from './achievement';
export type { Achievement } from './achievement';
export { DEFAULT_CAP, resolveBaseline, scoreAchievement, scoreItem, validateCap } from './item-score';
export type { ItemScoringOptions } from './item-score';
export { isActualError, numericActual, reportedActual } from './kpi-actual';
export { DEFAULT_MISSING_DATA_POLICY, scoreScorecard } from './scorecard-score';
export { InvalidScorecardError, validateScorecardDefinition } from './scorecard-validation';
export { scoreSection } from './section-score';
export type { SectionEntry, SectionScore } from './section-score';
export { DEFAULT_STATUS_BANDS, statusForAchievement, validateStatusBands } from './status';
export type {
  AchievementBasis,
  ActualError,
  BandStatus,
  Direction,
  ItemEvaluation,
  ItemInput,
  KpiActual,
  KpiKey,
  LinearBaseline,
  MissingDataPolicy,
  MissingDataStatus,
  ScorecardDefinition,
  ScorecardItemDefinition,
  ScorecardScore,
  ScorecardSectionDefinition,
  ScoredItem,
  ScoredSection,
  ScoringErrorCode,
  ScoringMethod,
  ScoringValidationError,
  Status,
  StatusBands,
} from './types';
export { combineScores, normaliseWeights, validateScorecardWeights } from './weights';
export type { CombinedScore, WeightedScore, WeightedScorecard } from './weights';
