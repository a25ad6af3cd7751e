/**
 * Measure and KPI keys share one namespace (they are formula identifiers): the rules a
 * new key must follow, and the registry row that keeps them unique together even when
 * two definitions are saved at once.
 */
import type { EntityManager } from 'typeorm';
import type { ServiceContext } from './context';
import { assertDefinitionKey } from './keys';
import { Problem } from './problem';
import { isReservedName } from './reserved-names';

export type DefinitionKind = 'MEASURE' | 'KPI';
const LABEL: Record<DefinitionKind, string> = { MEASURE: 'measure', KPI: 'KPI' };

/** Shape and reserved words: a key that formulas could read as something else is refused. */
export function assertNewDefinitionKey(kind: DefinitionKind, key: string): void {
  assertDefinitionKey(kind === 'MEASURE' ? 'Measure' : 'KPI', key);
  if (isReservedName(key)) {
    throw new Problem('INVALID_KEY', `"${key}" is a formula function or keyword, so it cannot be a ${LABEL[kind]} key; choose another name.`, { field: 'key', key });
  }
}

/** Registers the key for a new definition inside its transaction; ALREADY_EXISTS when taken by either kind. */
export async function claimDefinitionKey(tx: EntityManager, ctx: ServiceContext, key: string, kind: DefinitionKind): Promise<void> {
  const taken: Array<{ kind: DefinitionKind }> = await tx.query(`SELECT kind FROM definition_keys WHERE workspace_id = $1 AND key = $2`, [ctx.workspace.id, key]);
  if (taken.length > 0) {
    throw new Problem('ALREADY_EXISTS', `Key "${key}" is already used by a ${LABEL[taken[0].kind]}; measure and KPI keys are unique together.`, { field: 'key', key });
  }
  await tx.query(`INSERT INTO definition_keys (workspace_id, key, kind) VALUES ($1, $2, $3)`, [ctx.workspace.id, key, kind]);
}
