import { reportedActual } from './kpi-actual';
import { DEFAULT_CAP, scoreItem } from './item-score';
import { InvalidScorecardError, validateScorecardDefinition } from './scorecard-validation';
import { scoreSection } from './section-score';
import { DEFAULT_STATUS_BANDS } from './status';
import { combineScores, normaliseWeights } from './weights';
import type {
  ItemInput,
  KpiKey,
  MissingDataPolicy,
  ScorecardDefinition,
  ScorecardScore,
  ScoredSection,
} from './types';

/** The starter scorecard's policy (CATALOG.md). */
export const DEFAULT_MISSING_DATA_POLICY: MissingDataPolicy = 'EXCLUDE';

/** A KPI the caller has no result for is blank: it was not computed, so it has no data. */
const NOT_COMPUTED: ItemInput = { actual: null, target: null };

/**
 * Scores a scorecard for one team and period: every item, every section and the whole
 * (PRODUCT.md "Scoring", "Scoring figures"). `itemResults` is keyed by KPI; a Map, because
 * KPI keys such as `constructor` would read through an object's prototype.
 * Throws `InvalidScorecardError` for a definition that `validateScorecardDefinition` refuses.
 */
export function scoreScorecard(
  definition: ScorecardDefinition,
  itemResults: ReadonlyMap<KpiKey, ItemInput>,
): ScorecardScore {
  const errors = validateScorecardDefinition(definition);
  if (errors.length > 0) throw new InvalidScorecardError(errors);
  const policy = definition.missingData ?? DEFAULT_MISSING_DATA_POLICY;
  const options = { cap: definition.cap ?? DEFAULT_CAP, bands: definition.bands ?? DEFAULT_STATUS_BANDS };

  const sections = definition.sections.map((section) => {
    const inputs = section.items.map((item) => itemResults.get(item.kpi) ?? NOT_COMPUTED);
    const evaluations = section.items.map((item, i) => scoreItem(item, inputs[i], options));
    const scored = scoreSection(
      section.items.map((item, i) => ({ weight: item.weight, score: evaluations[i].score })),
      policy,
    );
    return { section, inputs, evaluations, scored };
  });

  const overall = combineScores(
    sections.map(({ section, scored }) => ({ weight: section.weight, score: scored.score })),
  );
  // A left-out section takes no share of coverage: it asked for nothing, so nothing is missing.
  const coverageShares = normaliseWeights(
    sections.map(({ section, scored }) => (scored.leftOut ? 0 : section.weight)),
  );
  const coverage = coverageShares === null
    ? 0
    : Math.min(1, sections.reduce((sum, { scored }, s) => sum + coverageShares[s] * scored.coverage, 0));

  return {
    score: overall.score,
    coverage,
    sections: sections.map(({ section, inputs, evaluations, scored }, s): ScoredSection => ({
      key: section.key,
      score: scored.score,
      coverage: scored.coverage,
      weight: section.weight,
      appliedWeight: overall.appliedWeights[s],
      leftOut: scored.leftOut,
      items: section.items.map((item, i) => ({
        kpi: item.kpi,
        actual: reportedActual(inputs[i].actual),
        target: finiteOrNull(inputs[i].target),
        baseline: evaluations[i].baseline,
        method: item.method ?? 'RATIO',
        basis: evaluations[i].basis,
        achievement: evaluations[i].achievement,
        score: scored.itemScores[i],
        status: evaluations[i].status,
        weight: item.weight,
        appliedWeight: scored.appliedWeights[i],
      })),
    })),
  };
}

/** A non-finite target was read as no target; report it that way too. */
function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}
