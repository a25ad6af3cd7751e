/**
 * Start-up seeding of the embedded demo: when `npm start` has just created the `demo`
 * workspace (an empty embedded database) and SEED_DEMO is not false, the CRM starter
 * pack, the demo organisation, 2024-01 … 2025-12 of monthly values and 2025 targets.
 */
import type { Database } from '../db/data-source';
import type { ServiceContext } from '../domain/context';
import { DEMO_MONTHS } from '../domain/demo-data-calendar';
import { seedDemo } from '../domain/demo-data-seed';
import type { Workspace } from '../domain/workspaces';
import type { Logger } from '../logger';

/** The seed writes as the local operator, with ADMIN rights and no API key. */
function seedContext(db: Database, workspace: Workspace): ServiceContext {
  return {
    requestId: 'demo-seed',
    db,
    workspace: { id: workspace.id, key: workspace.key, timeZone: workspace.timeZone, fiscalYearStartMonth: workspace.fiscalYearStartMonth },
    actor: { name: 'demo seed', keyId: 'demo-seed', role: 'ADMIN' },
  };
}

/** True when seeded; a failure is reported here and leaves the workspace empty. */
export async function seedDemoWorkspace(db: Database, workspace: Workspace, logger: Logger): Promise<boolean> {
  const started = performance.now();
  try {
    const report = await seedDemo(seedContext(db, workspace));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const period = `${DEMO_MONTHS[0].key} … ${DEMO_MONTHS[DEMO_MONTHS.length - 1].key}`;
    console.log(`Demo data: the CRM starter pack, ${report.teamsCreated} teams, ${report.valuesRecorded} monthly values (${period}), ${report.targetsSet} targets and ${report.commentsAdded} comments on 2025-Q4, in ${seconds} s.`);
    logger.info({ ms: Math.round(performance.now() - started), teams: report.teamsCreated, values: report.valuesRecorded, targets: report.targetsSet }, 'demo data seeded');
    return true;
  } catch (error) {
    // The seed is one transaction, so the workspace is left empty, not half-filled.
    logger.error({ err: error }, 'seeding the demo data failed');
    console.error(`Seeding the demo data failed (nothing was written): ${(error as Error).message}`);
    return false;
  }
}
