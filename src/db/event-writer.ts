/** Set-based writes of raw events, one `INSERT … SELECT FROM unnest(…)` per chunk. */
import type { EntityManager } from 'typeorm';
import type { WriteCounts } from './measure-value-writer';
import { rowsOf } from './sql';

export interface ResolvedEvent {
  readonly externalId: string | null;
  readonly type: string;
  readonly teamId: string;
  /** ISO timestamp with its offset, as sent. */
  readonly time: string;
  readonly localDay: number;
  readonly numbers: string;
  readonly strings: string;
}

// An event re-sent with the same external id replaces the stored one (idempotent
// re-delivery), and counts as unchanged when nothing differs.
const UPSERT = `
  WITH written AS (
    INSERT INTO events AS e (workspace_id, external_id, type, team_id, occurred_at, local_date, numbers, strings)
    SELECT $1::uuid, x, ty, ($2::uuid[])[t], o, DATE '1970-01-01' + d, n, s
      FROM unnest($3::text[], $4::text[], $5::int[], $6::timestamptz[], $7::int[], $8::jsonb[], $9::jsonb[]) AS u(x, ty, t, o, d, n, s)
    ON CONFLICT (workspace_id, external_id) WHERE external_id IS NOT NULL DO UPDATE
      SET type = EXCLUDED.type, team_id = EXCLUDED.team_id, occurred_at = EXCLUDED.occurred_at, local_date = EXCLUDED.local_date,
          numbers = EXCLUDED.numbers, strings = EXCLUDED.strings, recorded_at = now()
      WHERE (e.type, e.team_id, e.occurred_at, e.local_date, e.numbers, e.strings)
            IS DISTINCT FROM (EXCLUDED.type, EXCLUDED.team_id, EXCLUDED.occurred_at, EXCLUDED.local_date, EXCLUDED.numbers, EXCLUDED.strings)
    RETURNING (xmax = 0) AS inserted
  )
  SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM written`;

export async function upsertEvents(tx: EntityManager, workspaceId: string, rows: readonly ResolvedEvent[]): Promise<WriteCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const teamIds: string[] = [];
  const teamIndex = new Map<string, number>();
  const t = rows.map((r) => {
    let i = teamIndex.get(r.teamId);
    if (i === undefined) {
      teamIds.push(r.teamId);
      i = teamIds.length;
      teamIndex.set(r.teamId, i);
    }
    return i;
  });
  const [counts] = await rowsOf<WriteCounts>(tx, UPSERT, [
    workspaceId, teamIds, rows.map((r) => r.externalId), rows.map((r) => r.type), t, rows.map((r) => r.time),
    rows.map((r) => r.localDay), rows.map((r) => r.numbers), rows.map((r) => r.strings),
  ]);
  return { inserted: Number(counts.inserted), updated: Number(counts.updated) };
}
