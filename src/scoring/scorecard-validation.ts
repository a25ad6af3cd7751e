import { validateCap } from './item-score';
import { validateStatusBands } from './status';
import { validateScorecardWeights } from './weights';
import type { ScorecardDefinition, ScoringValidationError } from './types';

/**
 * Every mistake in a scorecard definition, each with its path, so an editor can show them
 * all at once before saving (errors are data; nothing is thrown here).
 */
export function validateScorecardDefinition(
  definition: ScorecardDefinition,
): readonly ScoringValidationError[] {
  const errors: ScoringValidationError[] = [...validateScorecardWeights(definition)];
  if (definition.cap !== undefined) errors.push(...validateCap(definition.cap));
  if (definition.bands !== undefined) errors.push(...validateStatusBands(definition.bands));
  const seenKeys = new Set<string>();
  definition.sections.forEach((section, s) => {
    if (seenKeys.has(section.key)) {
      errors.push({
        code: 'DUPLICATE_SECTION_KEY',
        message: `Section key "${section.key}" is used by an earlier section.`,
        path: `sections[${s}].key`,
      });
    }
    seenKeys.add(section.key);
    section.items.forEach((item, i) => {
      const path = `sections[${s}].items[${i}]`;
      if (item.bands !== undefined) errors.push(...validateStatusBands(item.bands, `${path}.bands`));
      if (item.baseline?.kind === 'FIXED' && !Number.isFinite(item.baseline.value)) {
        errors.push({
          code: 'INVALID_BASELINE',
          message: `A fixed baseline must be a finite number (got ${item.baseline.value}).`,
          path: `${path}.baseline.value`,
        });
      }
    });
  });
  return errors;
}

/**
 * Thrown by `scoreScorecard` for a definition that fails validation. Definitions are
 * validated when saved, so meeting one at scoring time is a bug, not a user mistake.
 */
export class InvalidScorecardError extends Error {
  readonly errors: readonly ScoringValidationError[];

  constructor(errors: readonly ScoringValidationError[]) {
    super(`Invalid scorecard definition: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    this.name = 'InvalidScorecardError';
    this.errors = errors;
  }
}
