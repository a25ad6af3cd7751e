/**
 * `npm run bench:scale`: read throughput and p95 latency of `evaluateScorecard` for each
 * way of running the service, in one run, on the same PostgreSQL data:
 *   - one process (`node dist/src/main.js`, what `npm start` runs);
 *   - the cluster (`dist/src/cluster.js`) with BENCH_WORKERS workers (default 2);
 *   - one process whose reads go to a streaming replica (BENCH_READ_URLS or
 *     DATABASE_READ_URLS; skipped without one), to compare with the first.
 * Each configuration is one function that starts its processes and answers with a URL;
 * the same closed-loop load (BENCH_CONNECTIONS clients, each on its own keep-alive
 * connection, sending the next request when the last is answered) runs against each for
 * BENCH_SECONDS after a warm-up, and every answer is compared with the first one of the
 * baseline, so a configuration that answers differently stops the bench.
 * Data: the bench:api workspace (bench-workspace.ts) in a new workspace of the database
 * at BENCH_DATABASE_URL or DATABASE_URL; the query is the starter scorecard for
 * BENCH_TEAMS teams (default 50) × 4 quarters.
 */
import './production-mode';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startServer } from '../src/server';
import { gql, ms, quantile, seedBenchWorkspace, treeShape } from './bench-workspace';
import { spawnServerProcess } from './server-process';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const TEAMS = Number(process.env.BENCH_TEAMS ?? 50);
const OPERATOR = `bench-${randomBytes(8).toString('hex')}`;
const DIST = path.resolve(__dirname, '..', 'src');

const SCORECARD = `query($t: [String!]!, $p: [String!]!) { evaluateScorecard(scorecard: "crm-quarterly-review", teams: $t, periods: $p) {
  team period { key } score coverage sections { key score items { kpi actual target achievement score status appliedWeight } } } }`;

/** Where a configuration serves, and how to stop it. */
interface Target {
  readonly url: string;
  stop(): Promise<void>;
}

/** What every configuration's processes get: the database and quiet, production-like settings. */
function serverEnv(databaseUrl: string): NodeJS.ProcessEnv {
  // No replicas unless a configuration adds them (withReplicas), whatever this shell has set. The
  // evaluation limit is lifted: a slow moment on a busy machine is measured, not refused.
  return { ...process.env, DATABASE_URL: databaseUrl, DATABASE_READ_URLS: '', PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '0', EVALUATION_TIMEOUT_MS: '600000', OPERATOR_TOKEN: OPERATOR };
}

/** A built entry point, ready once `listeners` processes logged "listening". */
const spawnServer = (script: string, env: NodeJS.ProcessEnv, listeners: number): Promise<Target> =>
  spawnServerProcess(path.join(DIST, script), env, { listeners });

const oneProcess = (databaseUrl: string) => spawnServer('main.js', serverEnv(databaseUrl), 1);
const cluster = (databaseUrl: string, workers: number) => spawnServer('cluster.js', { ...serverEnv(databaseUrl), WEB_CONCURRENCY: String(workers) }, workers);

/** One process whose routed reads go to the replicas; on stop it prints who answered them (from /health). */
async function withReplicas(databaseUrl: string, readUrls: string): Promise<Target> {
  const target = await spawnServer('main.js', { ...serverEnv(databaseUrl), DATABASE_READ_URLS: readUrls }, 1);
  return {
    url: target.url,
    async stop() {
      const health = (await (await fetch(new URL('/health', target.url))).json()) as { primaryReads: number; replicas: Array<{ name: string; reads: number; behind: number }> };
      const replicas = health.replicas.map((r) => `${r.name} ${r.reads} (passed over ${r.behind}×)`).join(', ');
      console.log(`    reads answered by ${replicas}; by the primary ${health.primaryReads}`);
      await target.stop();
    },
  };
}

interface Load {
  readonly requests: number;
  readonly seconds: number;
  readonly latencies: number[];
}

/** One POST on a client's own connection; resolves with the body text. */
function post(agent: http.Agent, url: URL, token: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString()) : reject(new Error(`HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Closed loop: CONNECTIONS clients for `seconds`; every answer must equal `expected`. */
async function load(target: Target, token: string, body: string, expected: string, seconds: number): Promise<Load> {
  const url = new URL('/graphql', target.url);
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  const client = async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      while (performance.now() < until) {
        const t0 = performance.now();
        const answer = await post(agent, url, token, body);
        latencies.push(performance.now() - t0);
        if (answer !== expected) throw new Error(`${target.url} answered differently from the baseline: ${answer.slice(0, 300)}`);
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, client));
  return { requests: latencies.length, seconds: (performance.now() - started) / 1000, latencies };
}

interface Figures {
  readonly name: string;
  readonly rps: number;
  readonly p50: number;
  readonly p95: number;
  readonly requests: number;
}

async function measure(name: string, start: () => Promise<Target>, token: string, body: string, expected: string): Promise<Figures> {
  const target = await start();
  try {
    await load(target, token, body, expected, WARMUP_SECONDS);
    const run = await load(target, token, body, expected, SECONDS);
    const figures = { name, rps: run.requests / run.seconds, p50: quantile(run.latencies, 0.5), p95: quantile(run.latencies, 0.95), requests: run.requests };
    console.log(`  ${name.padEnd(28)} ${figures.rps.toFixed(1).padStart(7)} req/s   median ${ms(figures.p50).padStart(9)}   p95 ${ms(figures.p95).padStart(9)}   (${figures.requests} requests)`);
    return figures;
  } finally {
    await target.stop();
  }
}

async function seed(databaseUrl: string): Promise<{ token: string; workspace: string }> {
  const config = loadConfig({ ...serverEnv(databaseUrl), LOG_LEVEL: 'silent' });
  const server = await startServer(config, createLogger('silent'));
  try {
    const workspace = `scale-${randomBytes(4).toString('hex')}`;
    const created = await gql(server, OPERATOR, `mutation($k: String!) { createWorkspace(input: { key: $k, name: $k }) { ... on WorkspaceCreated { adminSecret } } }`, { k: workspace });
    const token = created.data.createWorkspace.adminSecret as string;
    await seedBenchWorkspace(server, token, workspace);
    return { token, workspace };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('bench:scale needs PostgreSQL: set BENCH_DATABASE_URL or DATABASE_URL (several processes cannot share the embedded database).');
  console.log(`bench:scale — ${new Date().toISOString()}`);
  const { token, workspace } = await seed(databaseUrl);
  const teams = treeShape().map(([k]) => k).slice(21, 21 + TEAMS);
  const body = JSON.stringify({ query: SCORECARD, variables: { t: teams, p: ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'] } });
  console.log(`  workspace ${workspace}; evaluateScorecard ${teams.length} teams × 4 quarters; ${CONNECTIONS} clients, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s each`);

  // The baseline's own first answer is what every configuration must answer.
  const baseline = await oneProcess(databaseUrl);
  let expected: string;
  try {
    expected = await post(new http.Agent(), new URL('/graphql', baseline.url), token, body);
    if (expected.includes('"errors"')) throw new Error(expected.slice(0, 500));
  } finally {
    await baseline.stop();
  }

  const single = await measure('1 process', () => oneProcess(databaseUrl), token, body, expected);
  const clustered = await measure(`cluster, ${WORKERS} workers`, () => cluster(databaseUrl, WORKERS), token, body, expected);
  console.log(`  ratio cluster / 1 process: throughput ×${(clustered.rps / single.rps).toFixed(2)}, p95 ×${(clustered.p95 / single.p95).toFixed(2)}`);

  // Reads on a streaming replica (scripts/replica.sh prints a URL), against the same 1-process baseline.
  const readUrls = process.env.BENCH_READ_URLS ?? process.env.DATABASE_READ_URLS;
  if (!readUrls) {
    console.log('  replica: skipped (set BENCH_READ_URLS or DATABASE_READ_URLS; scripts/replica.sh creates one and prints its URL)');
    return;
  }
  const replicated = await measure('1 process + replica', () => withReplicas(databaseUrl, readUrls), token, body, expected);
  console.log(`  ratio replica / 1 process: throughput ×${(replicated.rps / single.rps).toFixed(2)}, p95 ×${(replicated.p95 / single.p95).toFixed(2)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
