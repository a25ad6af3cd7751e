/**
 * Raw SQL helpers. TypeORM's `query()` answers UPDATE/DELETE … RETURNING with
 * `[rows, count]` but SELECT/INSERT with `rows`; the structured result is uniform.
 */
import type { EntityManager } from 'typeorm';

export type Row = Record<string, unknown>;

/** Rows of any statement run inside a transaction (`dataSource.transaction`). */
export async function rowsOf<T = Row>(tx: EntityManager, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  if (!tx.queryRunner) throw new Error('rowsOf needs a transaction manager');
  const result = await tx.queryRunner.query(sql, [...params], true);
  return result.records as T[];
}
