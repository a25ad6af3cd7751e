/** Shared steps of the measure, value, event and CSV API tests. */
import { baseUrl, gql, ok, type TestWorkspace } from './client';

export const PROBLEM = `... on Problem { code message } ... on InputError { field details { index field message } } ... on NotFound { key } ... on InUse { usedBy } ... on Conflict { currentRevision }`;
export const MEASURE_FIELDS = `key name unit currency timeAggregation teamAggregation grain revision archived source { eventType aggregate attribute description filters { attribute op values } }`;
export const RECORDED = `__typename ... on ValuesRecorded { rows inserted updated unchanged valuesRevision } ${PROBLEM}`;

export async function createTeams(ws: TestWorkspace, teams: ReadonlyArray<readonly [string, string | null]>): Promise<void> {
  for (const [key, parent] of teams) {
    const r = await ws.ok(`mutation($i: CreateTeamInput!) { createTeam(input: $i) { __typename ${PROBLEM} } }`, { i: { key, name: key, parent } });
    if (r.createTeam.__typename !== 'TeamPayload') throw new Error(`createTeam ${key}: ${JSON.stringify(r.createTeam)}`);
  }
}

export async function defineMeasure(ws: TestWorkspace, input: Record<string, unknown>): Promise<any> {
  const r = await ws.ok(`mutation($i: DefineMeasureInput!) { defineMeasure(input: $i) { __typename ... on MeasurePayload { measure { ${MEASURE_FIELDS} } } ${PROBLEM} } }`, { i: input });
  return r.defineMeasure;
}

export async function mustDefine(ws: TestWorkspace, input: Record<string, unknown>): Promise<void> {
  const r = await defineMeasure(ws, input);
  if (r.__typename !== 'MeasurePayload') throw new Error(`defineMeasure ${input.key}: ${JSON.stringify(r)}`);
}

export interface ValueRow { measure: string; team: string; period?: string; date?: string; value: number }

export async function record(token: string, values: readonly ValueRow[]): Promise<any> {
  const r = await ok(token, `mutation($v: [MeasureValueInput!]!) { recordMeasureValues(values: $v) { ${RECORDED} } }`, { v: values });
  return r.recordMeasureValues;
}

export async function mustRecord(token: string, values: readonly ValueRow[]): Promise<void> {
  const r = await record(token, values);
  if (r.__typename !== 'ValuesRecorded') throw new Error(`recordMeasureValues: ${JSON.stringify(r)}`);
}

/** measureValues as a lookup: value(measure, team, periodKey), null for blank. */
export async function read(
  token: string,
  args: { measures: string[]; teams: string[]; from: string; to: string; granularity: string },
): Promise<{ value(measure: string, team: string, period: string): number | null; rows: any[] }> {
  const r = await ok(token, `query($m: [String!]!, $t: [String!]!, $f: String!, $to: String!, $g: Granularity!) {
      measureValues(measures: $m, teams: $t, from: $f, to: $to, granularity: $g) { measure team value period { key granularity start end } } }`,
  { m: args.measures, t: args.teams, f: args.from, to: args.to, g: args.granularity });
  const rows = r.measureValues as Array<{ measure: string; team: string; value: number | null; period: { key: string } }>;
  const byKey = new Map(rows.map((x) => [`${x.measure}|${x.team}|${x.period.key}`, x.value]));
  return {
    rows,
    value(measure, team, period) {
      const key = `${measure}|${team}|${period}`;
      if (!byKey.has(key)) throw new Error(`no cell ${key} in the answer`);
      return byKey.get(key)!;
    },
  };
}

export async function keyWithRole(ws: TestWorkspace, role: string, scopeTeam?: string): Promise<string> {
  const r = await ws.ok(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { __typename ... on ApiKeyCreated { secret } ${PROBLEM} } }`, {
    i: { name: `${role.toLowerCase()}-key`, role, scopeTeam },
  });
  if (!r.createApiKey.secret) throw new Error(JSON.stringify(r));
  return r.createApiKey.secret;
}

export async function uploadCsv(token: string, csv: string, contentType = 'text/csv'): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl()}/import/measure-values`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body: csv });
  const text = await res.text();
  let body: any;
  try { body = JSON.parse(text); } catch { body = { raw: text }; }
  return { status: res.status, body };
}

export { gql };
