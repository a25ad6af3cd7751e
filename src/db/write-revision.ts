/**
 * The workspace's write revision (workspaces.write_revision): bumped inside every
 * transaction that wrote to the workspace, so that a copy of the row that has reached
 * a given revision holds every write committed with it. Read replicas compare their
 * copy with the primary's to know whether they may answer a client without hiding
 * that client's own writes (read-replicas.ts).
 */
import type { EntityManager } from 'typeorm';

/**
 * Bumps the revision when the transaction wrote anything (it then has a transaction id);
 * a transaction that only read stays read-only. Runs last, so the row lock is held for
 * the shortest time.
 */
export async function bumpWriteRevision(tx: EntityManager, workspaceId: string): Promise<void> {
  await tx.query(
    `UPDATE workspaces SET write_revision = write_revision + 1 WHERE id = $1 AND pg_current_xact_id_if_assigned() IS NOT NULL`,
    [workspaceId],
  );
}

/** The revision as one database (primary or replica) sees it; null when it has no such workspace yet. */
export async function readWriteRevision(run: Pick<EntityManager, 'query'>, workspaceId: string): Promise<bigint | null> {
  const rows: Array<{ write_revision: string }> = await run.query(`SELECT write_revision FROM workspaces WHERE id = $1`, [workspaceId]);
  return rows.length > 0 ? BigInt(rows[0].write_revision) : null;
}
