/**
 * `npm run bench:api`: read latency of the two main queries over real HTTP, on
 * PostgreSQL and on embedded PGlite, beside the time the engine alone spends on the
 * same grid (so loading and serialising overhead is visible).
 *   - evaluateScorecard: the starter scorecard for 500 teams × 4 quarters (target < 1 s on PostgreSQL);
 *   - kpiValues: the 27 starter KPIs × 50 teams × 24 months.
 * Data: the crm-starter pack, a 500-team tree (company → 20 departments → 479 teams),
 * 40 measures × 479 leaf teams × 24 months of values. ≥ 50 timed requests each.
 * BENCH_PART=postgres or BENCH_PART=pglite runs one half; BENCH_REQUESTS sets the count.
 */
import './production-mode';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../src/config';
import type { ServiceContext } from '../src/domain/context';
import { loadDefinitions } from '../src/domain/definitions';
import { evaluateGrid } from '../src/domain/kpi-grid';
import { evaluateScorecard } from '../src/domain/scorecard-evaluation';
import { loadTeamTree } from '../src/domain/teams';
import { createLogger } from '../src/logger';
import { CALENDAR_YEAR, periodRange } from '../src/periods';
import { startServer, type RunningServer } from '../src/server';
import { gql, ms, quantile, seedBenchWorkspace, treeShape } from './bench-workspace';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const OPERATOR = `bench-${randomBytes(8).toString('hex')}`;

async function measureReads(label: string, server: RunningServer, token: string, ctx: ServiceContext): Promise<void> {
  const teams500 = treeShape().map(([k]) => k);
  const teams50 = teams500.slice(21, 71);
  const quarters = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'];
  const defs = await loadDefinitions(ctx);
  const kpis27 = [...defs.kpis.keys()];
  const scorecardQuery = `query($t: [String!]!, $p: [String!]!) { evaluateScorecard(scorecard: "crm-quarterly-review", teams: $t, periods: $p) {
    team period { key } score coverage sections { key score items { kpi actual target achievement score status appliedWeight } } } }`;
  const gridQuery = `query($k: [String!]!, $t: [String!]!) { kpiValues(kpis: $k, teams: $t, from: "2024-01", to: "2025-12", granularity: MONTH) {
    kpi team period { key } value error target achievement status previous change } }`;

  const run = async (name: string, query: string, variables: unknown) => {
    for (let i = 0; i < 3; i++) await gql(server, token, query, variables);
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      bytes = (await gql(server, token, query, variables)).bytes;
      times.push(performance.now() - t0);
    }
    console.log(`  ${name}: median ${ms(quantile(times, 0.5))}, p95 ${ms(quantile(times, 0.95))} over ${REQUESTS} requests (${(bytes / 1024 / 1024).toFixed(1)} MB each)`);
  };
  console.log(label);
  await run('evaluateScorecard 500 teams × 4 quarters', scorecardQuery, { t: teams500, p: quarters });
  await run(`kpiValues ${kpis27.length} KPIs × 50 teams × 24 months`, gridQuery, { k: kpis27, t: teams50 });

  // The service alone, without HTTP and GraphQL serialisation.
  const service: number[] = [];
  for (let i = 0; i < 3 + 10; i++) {
    const t0 = performance.now();
    await evaluateScorecard(ctx, { scorecard: 'crm-quarterly-review', teams: teams500, periods: quarters });
    if (i >= 3) service.push(performance.now() - t0);
  }
  console.log(`  evaluateScorecard service call in-process (no HTTP, no GraphQL): median ${ms(quantile(service, 0.5))} of 10`);

  // The same grids in-process: loading + compute, and the compiled engine alone.
  const tree = await loadTeamTree(ctx);
  const grids = [
    { name: 'scorecard grid (17 KPIs × 500 teams × 4 quarters)', kpis: scorecardKpis(defs), teams: teams500, from: '2025-Q1', to: '2025-Q4', granularity: 'QUARTER' as const },
    { name: `kpiValues grid (${kpis27.length} KPIs × 50 teams × 25 months)`, kpis: kpis27, teams: teams50, from: '2023-12', to: '2025-12', granularity: 'MONTH' as const },
  ];
  for (const g of grids) {
    const r = periodRange(g.from, g.to, g.granularity, CALENDAR_YEAR);
    if (!r.ok) throw new Error('range');
    const request = { kpis: g.kpis, teams: g.teams.map((k) => tree.byKey.get(k)!), periods: r.periods, granularity: g.granularity, tree };
    const full: number[] = [];
    const engine: number[] = [];
    for (let i = 0; i < 3 + 20; i++) {
      const t0 = performance.now();
      const result = await evaluateGrid(ctx, request);
      const t1 = performance.now();
      for (const group of result.groups) group.plan.evaluate({ cells: request.teams.length * group.periodPositions.length, inputs: group.inputs });
      const t2 = performance.now();
      if (i >= 3) { full.push(t1 - t0); engine.push(t2 - t1); }
    }
    console.log(`  ${g.name}: load + compute ${ms(quantile(full, 0.5))}, engine alone ${ms(quantile(engine, 0.5))} (medians of 20)`);
  }
}

function scorecardKpis(defs: Awaited<ReturnType<typeof loadDefinitions>>): string[] {
  const wanted = ['csat', 'nps', 'retention_rate', 'churn_rate', 'complaint_rate', 'first_response_time', 'resolution_rate', 'first_contact_resolution',
    'complaint_handling_hours', 'sales_growth', 'conversion_rate', 'cac', 'campaign_goal_attainment', 'revenue_per_rep', 'training_completion', 'employee_satisfaction'];
  return wanted.filter((k) => defs.kpis.has(k));
}

async function part(kind: 'postgres' | 'pglite'): Promise<void> {
  let dropDatabase: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  const env: Record<string, string | undefined> = { ...process.env, PORT: '0', LOG_LEVEL: 'silent', NODE_ENV: 'production', OPERATOR_TOKEN: OPERATOR, RATE_LIMIT_PER_MINUTE: '0', SEED_DEMO: 'false' };
  if (kind === 'postgres') {
    const baseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const dbName = `kpi_bench_api_${process.pid}`;
    const admin = new Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    const url = new URL(baseUrl);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = async () => { await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`); await admin.end(); };
  } else {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kpi-bench-'));
    env.DATABASE_URL = '';
    env.DATA_DIR = dataDir;
  }
  const config = loadConfig(env);
  const server = await startServer(config, createLogger('silent'));
  try {
    const created = await gql(server, OPERATOR, `mutation { createWorkspace(input: { key: "bench", name: "Bench" }) { ... on WorkspaceCreated { adminSecret } } }`);
    const token = created.data.createWorkspace.adminSecret as string;
    const ctx = await seedBenchWorkspace(server, token, 'bench');
    await measureReads(kind === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded)', server, token, ctx);
  } finally {
    await server.stop();
    await dropDatabase?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const which = process.env.BENCH_PART;
  console.log(`bench:api — ${new Date().toISOString()}`);
  if (!which || which === 'postgres') await part('postgres');
  if (!which || which === 'pglite') await part('pglite');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
