/**
 * Seeds a workspace with the demo: the CRM starter pack, the demo organisation, two
 * years of monthly values (2024-01 … 2025-12), per-team targets for 2025 and a few
 * comments and check-ins on 2025-Q4 — through the ordinary services, in one transaction.
 * Safe to run again: the pack install and value writes are idempotent, and teams and
 * demo comments that exist are left alone.
 */
import { inOneTransaction, requirePermission, type ServiceContext } from './context';
import { seedDemoAlertRules } from './demo-data-alerts';
import { seedDemoComments } from './demo-data-comments';
import { DEMO_TEAMS } from './demo-data-organisation';
import { generateDemoValues } from './demo-data-generator';
import { demoTargetRows } from './demo-data-targets';
import { ingestLimits } from './ingest-limits';
import { recordMeasureValues } from './measure-values';
import { type TemplatePackInstallReport, installTemplatePack } from './template-pack-install';
import { setTargets } from './targets';
import { createTeam, loadTeamTree } from './teams';

export interface DemoSeedReport {
  readonly pack: TemplatePackInstallReport;
  readonly teamsCreated: number;
  readonly valuesRecorded: number;
  readonly targetsSet: number;
  readonly commentsAdded: number;
}

const BATCH_ROWS = 5_000;

export async function seedDemo(ctx: ServiceContext): Promise<DemoSeedReport> {
  requirePermission(ctx, 'define');
  requirePermission(ctx, 'ingest');
  const values = generateDemoValues();
  const targets = demoTargetRows();
  return inOneTransaction(ctx, async (inner) => {
    const pack = await installTemplatePack(inner, 'crm-starter');
    const existing = await loadTeamTree(inner, inner.tx);
    const missing = DEMO_TEAMS.filter((t) => !existing.byKey.has(t.key));
    for (const team of missing) await createTeam(inner, team);
    // Before the values: their writes queue the alert evaluation (run after commit, in the background).
    await seedDemoAlertRules(inner);
    const batch = Math.min(BATCH_ROWS, ingestLimits.maxBatchRows);
    for (let i = 0; i < values.length; i += batch) await recordMeasureValues(inner, values.slice(i, i + batch));
    await setTargets(inner, targets);
    const commentsAdded = await seedDemoComments(inner);
    return { pack, teamsCreated: missing.length, valuesRecorded: values.length, targetsSet: targets.length, commentsAdded };
  });
}
