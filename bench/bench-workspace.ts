/**
 * The benchmark workspace of bench:api and bench:scale: the crm-starter pack, a 500-team
 * tree (company → 20 departments → 479 teams) and 40 measures × 479 leaf teams × 24
 * months of values that keep ratios in range. Same data every run.
 */
import type { ServiceContext } from '../src/domain/context';
import { loadDefinitions } from '../src/domain/definitions';
import { recordMeasureValues } from '../src/domain/measure-values';
import { findWorkspaceByKey } from '../src/domain/workspaces';
import { CALENDAR_YEAR, periodRange } from '../src/periods';
import type { RunningServer } from '../src/server';

const MONTHS = (() => {
  const r = periodRange('2024-01', '2025-12', 'MONTH', CALENDAR_YEAR);
  if (!r.ok) throw new Error('range');
  return r.periods.map((p) => p.key as string);
})();

export function treeShape(): Array<[string, string | null]> {
  const teams: Array<[string, string | null]> = [['company', null]];
  for (let d = 0; d < 20; d++) teams.push([`dept-${d}`, 'company']);
  for (let t = 0; teams.length < 500; t++) teams.push([`team-${t}`, `dept-${t % 20}`]);
  return teams;
}

export async function gql(server: Pick<RunningServer, 'url'>, token: string, query: string, variables?: unknown): Promise<{ data: any; bytes: number }> {
  // Server and client share one event loop here; while PGlite (WebAssembly on this thread)
  // works, an idle keep-alive socket can expire under the client. Reads are idempotent: retry once.
  const send = () => fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const res = await send().catch((error: { cause?: { code?: string } }) => {
    if (error.cause?.code === 'ECONNRESET') return send();
    throw error;
  });
  const text = await res.text();
  const body = JSON.parse(text) as { data?: any; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 1000));
  return { data: body.data, bytes: text.length };
}

export const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
export const ms = (x: number) => `${x.toFixed(1)} ms`;

/** A plausible value per measure so ratios stay in range (won ≤ leads and so on). */
function valueFor(measure: string, team: number, month: number): number {
  const base = 50 + ((team * 37 + month * 11) % 100);
  if (measure.includes('seconds')) return base * 3600;
  if (measure === 'revenue' || measure === 'gross_margin' || measure.endsWith('cost') || measure.endsWith('spend') || measure.endsWith('budget')) return base * 1000;
  if (/won|resolved|satisfied|promoters|completed|conversions|repeat|referred|lost|detractors/.test(measure)) return Math.floor(base / 3);
  return base;
}

/** Fills the workspace `workspaceKey` (already created, `token` its ADMIN key) and returns a service context on it. */
export async function seedBenchWorkspace(server: RunningServer, token: string, workspaceKey: string): Promise<ServiceContext> {
  const t0 = performance.now();
  const installed = await gql(server, token, `mutation { installTemplatePack(pack: "crm-starter") { __typename } }`);
  if (!/Installed|Pack/.test(installed.data.installTemplatePack.__typename)) throw new Error(JSON.stringify(installed.data));
  for (const [key, parent] of treeShape()) {
    await gql(server, token, `mutation($i: CreateTeamInput!) { createTeam(input: $i) { __typename } }`, { i: { key, name: key, parent } });
  }
  const workspace = (await findWorkspaceByKey(server.db, workspaceKey))!;
  const ctx: ServiceContext = {
    requestId: 'bench', db: server.db,
    workspace: { id: workspace.id, key: workspace.key, timeZone: workspace.timeZone, fiscalYearStartMonth: workspace.fiscalYearStartMonth },
    actor: { keyId: 'bench', name: 'bench', role: 'ADMIN' },
  };
  const defs = await loadDefinitions(ctx);
  const measures = [...defs.measures.keys()];
  const leaves = treeShape().filter(([key]) => key.startsWith('team-')).map(([key]) => key);
  let batch: Array<{ measure: string; team: string; period: string; value: number }> = [];
  let count = 0;
  for (const measure of measures) {
    leaves.forEach((team, t) => MONTHS.forEach((period, m) => batch.push({ measure, team, period, value: valueFor(measure, t, m) })));
    if (batch.length >= 40_000) {
      await recordMeasureValues(ctx, batch);
      count += batch.length;
      batch = [];
    }
  }
  if (batch.length) { await recordMeasureValues(ctx, batch); count += batch.length; }
  console.log(`  seed: pack, 500 teams, ${count.toLocaleString('en-US')} values in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return ctx;
}
