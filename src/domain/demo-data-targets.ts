/**
 * Per-team quarterly targets for 2025, around the KPI defaults of CATALOG.md: stretch
 * targets for the strong team, ordinary ones elsewhere, so the demo shows teams that
 * meet them, teams at risk and a team that misses (sales-north). Teams and KPIs without
 * a row here fall back to the KPI's default target.
 */
import type { TargetInputRow } from './target';

/** A number for every quarter, or one per quarter Q1–Q4. */
type QuarterTargets = number | readonly [number, number, number, number];

export const DEMO_TARGET_YEAR = 2025;

export const DEMO_TEAM_TARGETS: Readonly<Record<string, Readonly<Record<string, QuarterTargets>>>> = {
  'sales-east': { conversion_rate: 26, churn_rate: 3.5, nps: 40, retention_rate: 104, cac: 600, revenue_per_rep: [340000, 420000, 460000, 540000] },
  'sales-west': { conversion_rate: 22, churn_rate: 4, nps: 30, retention_rate: 103, cac: 800, revenue_per_rep: [250000, 280000, 300000, 330000] },
  'sales-north': { conversion_rate: 18, churn_rate: 5, nps: 25, retention_rate: 98, cac: 900, revenue_per_rep: [200000, 230000, 230000, 260000] },
  'service-hotline': { csat: 88, first_response_time: 2, resolution_rate: 94, first_contact_resolution: 72, complaint_handling_hours: 36 },
  'service-online': { csat: 85, first_response_time: 4, resolution_rate: 90, first_contact_resolution: 65, complaint_handling_hours: 48 },
  marketing: { campaign_goal_attainment: 105, budget_execution: 100 },
};

/** The rows for setTargets: one per team, KPI and quarter of DEMO_TARGET_YEAR. */
export function demoTargetRows(): TargetInputRow[] {
  return Object.entries(DEMO_TEAM_TARGETS).flatMap(([team, kpis]) =>
    Object.entries(kpis).flatMap(([kpi, targets]) =>
      [1, 2, 3, 4].map((q) => ({ kpi, team, period: `${DEMO_TARGET_YEAR}-Q${q}`, value: typeof targets === 'number' ? targets : targets[q - 1] }))));
}
