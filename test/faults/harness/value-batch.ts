/**
 * A workspace with daily measures and many teams, and large batches for it whose row
 * count and sum are known in closed form: row i has the value (i mod 100) + 1, so every
 * 100 consecutive rows sum to 1 + 2 + … + 100 = 5050.
 */
import type { TestWorkspace } from '../../api/harness/client';
import { createTeams, defineMeasures } from '../../api/harness/crm';
import { createWorkspaceAt } from './child-server';

export const RECORD = `mutation($v: [MeasureValueInput!]!) { recordMeasureValues(values: $v) {
  __typename ... on ValuesRecorded { rows inserted } ... on Problem { code message } } }`;

export interface Batch {
  readonly rows: Array<{ measure: string; team: string; period: string; value: number }>;
  readonly csv: string;
}

export function teamKeys(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `t${String(i).padStart(3, '0')}`);
}

export async function prepareWorkspace(url: string, key: string, measures: readonly string[], teams: readonly string[]): Promise<TestWorkspace> {
  const ws = await createWorkspaceAt(url, key);
  await defineMeasures(ws, measures.map((m) => ({ key: m, grain: 'DAY' })));
  await createTeams(ws, teams.map((t) => [t, null] as [string, null]));
  return ws;
}

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2010, 0, 1);

/** Every team × `days` consecutive days from 2010-01-01; row i (team-major) has value (i mod 100) + 1. */
export function valueBatch(measure: string, teams: readonly string[], days: number): Batch {
  const rows: Batch['rows'] = [];
  for (const team of teams) {
    for (let d = 0; d < days; d++) {
      rows.push({ measure, team, period: new Date(FIRST_DAY + d * DAY_MS).toISOString().slice(0, 10), value: (rows.length % 100) + 1 });
    }
  }
  const csv = ['measure,team,period,value', ...rows.map((r) => `${r.measure},${r.team},${r.period},${r.value}`)].join('\n') + '\n';
  return { rows, csv };
}
