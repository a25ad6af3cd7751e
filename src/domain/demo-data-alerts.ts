/**
 * Alert rules of the demo, created before the values are recorded so that seeding fires
 * alerts a new user finds with `alerts` on first start: sales-north and its reps miss
 * their conversion targets (demo-data-targets.ts) quarter after quarter.
 * Rules that exist (same name) are left alone on a second run.
 */
import { type AlertRuleInput, createAlertRule, loadAlertRules } from './alert-rules';
import { type ServiceContext, transaction } from './context';

export const DEMO_ALERT_RULES: readonly AlertRuleInput[] = [
  { kpi: 'conversion_rate', kind: 'ENTERS_OFF_TRACK', team: 'sales', granularity: 'QUARTER', name: 'Sales: conversion rate off track' },
];

/** Creates the demo rules that are missing; returns how many it created. */
export async function seedDemoAlertRules(ctx: ServiceContext): Promise<number> {
  return transaction(ctx, async (tx) => {
    const existing = new Set((await loadAlertRules(tx, ctx.workspace.id)).map((r) => r.name));
    const missing = DEMO_ALERT_RULES.filter((r) => !existing.has(r.name!));
    for (const rule of missing) await createAlertRule(ctx, rule);
    return missing.length;
  });
}
