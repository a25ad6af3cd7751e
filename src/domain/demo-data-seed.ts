/**
 * Seeds a workspace with the demo: the CRM starter pack, the demo organisation, two
 * years of monthly values (2024-01 … 2025-12) and per-team targets for 2025 — through
 * the ordinary services, in one transaction. Safe to run again: the pack install and
 * value writes are idempotent, and teams that exist are left alone.
 */
import { inOneTransaction, requirePermission, type ServiceContext } from './context';
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
    const batch = Math.min(BATCH_ROWS, ingestLimits.maxBatchRows);
    for (let i = 0; i < values.length; i += batch) await recordMeasureValues(inner, values.slice(i, i + batch));
    await setTargets(inner, targets);
    return { pack, teamsCreated: missing.length, valuesRecorded: values.length, targetsSet: targets.length };
  });
}
