/** Stable string keys that integrators use instead of database ids. */
import { Problem } from './problem';

const TEAM_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Measure and KPI keys double as formula identifiers, so they start with a letter. */
const DEFINITION_KEY = /^[a-z][a-z0-9_]{0,63}$/;
/** Scorecards and workspaces are addressed like teams. */
const SLUG_KEY = TEAM_KEY;

function describe(key: string): string {
  return key.length > 80 ? `"${key.slice(0, 77)}…" (${key.length} characters)` : `"${key}"`;
}

export function assertTeamKey(key: string, field = 'key'): void {
  if (!TEAM_KEY.test(key)) {
    throw new Problem(
      'INVALID_KEY',
      `Team key ${describe(key)} is not valid: use 1–64 characters, lower-case letters, digits, "-" or "_", starting with a letter or digit.`,
      { field, key },
    );
  }
}

export function assertSlugKey(entity: string, key: string, field = 'key'): void {
  if (!SLUG_KEY.test(key)) {
    throw new Problem(
      'INVALID_KEY',
      `${entity} key ${describe(key)} is not valid: use 1–64 characters, lower-case letters, digits, "-" or "_", starting with a letter or digit.`,
      { field, key },
    );
  }
}

export function assertDefinitionKey(entity: string, key: string, field = 'key'): void {
  if (!DEFINITION_KEY.test(key)) {
    throw new Problem(
      'INVALID_KEY',
      `${entity} key ${describe(key)} is not valid: use 1–64 characters, lower-case letters, digits or "_", starting with a letter (it is used in formulas).`,
      { field, key },
    );
  }
}

export function assertText(field: string, value: string, max: number, required = true): void {
  if (required && value.trim() === '') {
    throw new Problem('INVALID_INPUT', `${field} must not be empty.`, { field });
  }
  if (value.length > max) {
    throw new Problem('INVALID_INPUT', `${field} is ${value.length} characters long; the limit is ${max}.`, { field });
  }
}
