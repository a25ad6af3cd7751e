/** Small builders for API tests: measures, teams, values and KPIs through the real API. */
import type { TestWorkspace } from './client';

export async function defineMeasures(ws: TestWorkspace, measures: Array<{ key: string; timeAggregation?: string; teamAggregation?: string; grain?: string }>): Promise<void> {
  for (const m of measures) {
    const r = await ws.ok(`mutation($i: DefineMeasureInput!) { defineMeasure(input: $i) { __typename ... on Problem { message } } }`, {
      i: { key: m.key, name: m.key, unit: 'COUNT', grain: m.grain ?? 'MONTH', timeAggregation: m.timeAggregation ?? 'SUM', teamAggregation: m.teamAggregation ?? 'SUM' },
    });
    if (r.defineMeasure.__typename !== 'MeasureSaved' && r.defineMeasure.__typename !== 'MeasurePayload') throw new Error(`defineMeasure ${m.key}: ${JSON.stringify(r)}`);
  }
}

export async function createTeams(ws: TestWorkspace, teams: Array<[key: string, parent: string | null]>): Promise<void> {
  for (const [key, parent] of teams) {
    const r = await ws.ok(`mutation($i: CreateTeamInput!) { createTeam(input: $i) { __typename } }`, { i: { key, name: key, parent } });
    if (r.createTeam.__typename !== 'TeamPayload') throw new Error(`createTeam ${key}: ${JSON.stringify(r)}`);
  }
}

export async function recordValues(ws: TestWorkspace, values: Array<[measure: string, team: string, period: string, value: number]>): Promise<void> {
  const r = await ws.ok(`mutation($v: [MeasureValueInput!]!) { recordMeasureValues(values: $v) { __typename ... on Problem { message } } }`, {
    v: values.map(([measure, team, period, value]) => ({ measure, team, period, value })),
  });
  if (r.recordMeasureValues.__typename !== 'ValuesRecorded') throw new Error(`recordMeasureValues: ${JSON.stringify(r)}`);
}

export const KPI_RESULT = `__typename
  ... on KpiSaved { kpi { key formula revision versions { version formula effectiveFrom } kpiDependencies measureDependencies dependents } }
  ... on FormulaInvalid { code message errors { code message path position { offset line column length } } }
  ... on Problem { code message } ... on InUse { usedBy } ... on Conflict { currentRevision }`;

export async function createKpi(ws: TestWorkspace, input: Record<string, unknown>): Promise<any> {
  const r = await ws.ok(`mutation($i: CreateKpiInput!) { createKpi(input: $i) { ${KPI_RESULT} } }`, { i: { direction: 'HIGHER_IS_BETTER', name: String(input.key), ...input } });
  return r.createKpi;
}

export async function mustCreateKpi(ws: TestWorkspace, input: Record<string, unknown>): Promise<any> {
  const r = await createKpi(ws, input);
  if (r.__typename !== 'KpiSaved') throw new Error(`createKpi ${input.key}: ${JSON.stringify(r)}`);
  return r.kpi;
}
