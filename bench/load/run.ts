/**
 * `npm run load`: the real server under ≥ 50 concurrent clients for 60 s, on PGlite and on
 * PostgreSQL, with 80 % reads and 20 % writes whose answers are checked (see README.md).
 *
 * Environment: LOAD_DB = pglite | postgres | both (default both); LOAD_CLIENTS (50);
 * LOAD_SECONDS (60); LOAD_BASELINE_SECONDS (5, one client first, the latency baseline);
 * LOAD_MAX_REQUESTS (500000 per phase); LOAD_TIMEOUT_MS (30000 per request);
 * LOAD_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; its public schema is
 * DROPPED and re-created). Exit code 1 when any request failed or any answer was inconsistent.
 */
import { cpus, loadavg } from 'node:os';
import { GraphqlClient } from './http-client';
import { Marker } from './marker';
import { Mix, prng } from './mix';
import { type LoadDatabase, startServerUnderLoad } from './server';
import { formatReport, LoadStats, percentile, summarise } from './stats';

function whole(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name}: expected a whole number ≥ ${min}, got "${raw}"`);
  return value;
}

const settings = {
  clients: whole('LOAD_CLIENTS', 50, 1),
  seconds: whole('LOAD_SECONDS', 60, 1),
  baselineSeconds: whole('LOAD_BASELINE_SECONDS', 5, 0),
  maxRequests: whole('LOAD_MAX_REQUESTS', 500_000, 1),
  timeoutMs: whole('LOAD_TIMEOUT_MS', 30_000, 100),
  databaseUrl: process.env.LOAD_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
};

function databases(): LoadDatabase[] {
  const which = (process.env.LOAD_DB || 'both').toLowerCase();
  const pglite: LoadDatabase = { kind: 'pglite' };
  const postgres: LoadDatabase = { kind: 'postgres', url: settings.databaseUrl };
  if (which === 'pglite') return [pglite];
  if (which === 'postgres') return [postgres];
  if (which === 'both') return [pglite, postgres];
  throw new Error(`LOAD_DB: expected pglite, postgres or both, got "${process.env.LOAD_DB}"`);
}

/** `clients` loops over one keep-alive pool for `seconds` or `maxRequests` requests, whichever ends first. */
async function phase(url: string, token: string, mix: Mix, clients: number, seconds: number, seed: number): Promise<{ stats: LoadStats; seconds: number }> {
  const stats = new LoadStats();
  const client = new GraphqlClient(url, token, clients, settings.timeoutMs);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let sent = 0;
  const stop = () => performance.now() >= deadline || sent++ >= settings.maxRequests;
  await Promise.all(Array.from({ length: clients }, (_, i) => mix.client(client, stats, prng(seed + i), stop)));
  client.close();
  return { stats, seconds: (performance.now() - started) / 1000 };
}

interface DatabaseResult {
  readonly kind: string;
  readonly failed: boolean;
  readonly perSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

async function loadOne(database: LoadDatabase): Promise<DatabaseResult> {
  const label = database.kind === 'pglite' ? 'PGlite (embedded)' : `PostgreSQL (${new URL(database.url).pathname.slice(1)})`;
  console.log(`\n== ${label}: starting the server with the demo workspace …`);
  const server = await startServerUnderLoad(database);
  try {
    const setupClient = new GraphqlClient(server.url, server.token, 1, settings.timeoutMs);
    const marker = await Marker.create(setupClient);
    setupClient.close();
    const mix = new Mix(marker);
    console.log(`   ${server.url}; marker batches of ${marker.batchRows} rows`);

    let baseline: Map<string, number> | undefined;
    let failures = 0;
    if (settings.baselineSeconds > 0) {
      const one = await phase(server.url, server.token, mix, 1, settings.baselineSeconds, 1);
      baseline = new Map([...one.stats.byKind].map(([kind, t]) => [kind, percentile(t.latencies, 50)]));
      baseline.set('overall', percentile(one.stats.allLatencies(), 50));
      console.log(formatReport(`-- baseline: 1 client, ${one.seconds.toFixed(1)} s`, one.stats, one.seconds));
      failures += one.stats.errorCount() + one.stats.inconsistencies;
    }
    const run = await phase(server.url, server.token, mix, settings.clients, settings.seconds, 1000);
    // Figures from a shared machine mean little without how busy it was.
    const busy = `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;
    console.log(formatReport(`-- load: ${settings.clients} clients, ${run.seconds.toFixed(1)} s (${busy})`, run.stats, run.seconds, baseline));
    failures += run.stats.errorCount() + run.stats.inconsistencies;
    const overall = summarise(run.stats.allLatencies(), run.stats.errorCount(), run.seconds);
    return { kind: label, failed: failures > 0, perSecond: overall.perSecond, p50: overall.p50, p95: overall.p95, p99: overall.p99 };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const results: DatabaseResult[] = [];
  for (const database of databases()) results.push(await loadOne(database));
  console.log('\n== summary (overall, under load)');
  for (const r of results) {
    console.log(`${r.kind}: ${r.perSecond.toFixed(1)} req/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms${r.failed ? ' — FAILED (errors or inconsistent answers above)' : ''}`);
  }
  if (results.length === 2) console.log(`throughput ${results[1].kind} / ${results[0].kind}: ${(results[1].perSecond / results[0].perSecond).toFixed(2)}`);
  if (results.some((r) => r.failed)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
