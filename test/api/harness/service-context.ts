/**
 * A service context for calling domain loaders directly (the ones with no API of their
 * own, such as loadTargets and loadScorecard) against a server the test started itself.
 */
import type { ServiceContext } from '../../../src/domain/context';
import type { RunningServer } from '../../../src/server';

export async function serviceContextOn(server: RunningServer, workspaceKey: string): Promise<ServiceContext> {
  const [w] = await server.db.dataSource.query(`SELECT id, key, time_zone, fiscal_year_start_month FROM workspaces WHERE key = $1`, [workspaceKey]);
  if (!w) throw new Error(`no workspace ${workspaceKey}`);
  return {
    requestId: 'test',
    db: server.db,
    workspace: { id: w.id, key: w.key, timeZone: w.time_zone, fiscalYearStartMonth: Number(w.fiscal_year_start_month) },
    actor: { name: 'test', keyId: 'test', role: 'ADMIN' },
  };
}
