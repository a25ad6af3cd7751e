/**
 * The server under load: the real `node dist/src/main.js` as a child process on a free
 * port of 127.0.0.1, with the demo workspace (CRM starter pack and demo data) on a fresh
 * database: a new PGlite data directory, or a PostgreSQL database whose public schema is
 * dropped first and then seeded by `dist/src/cli/seed-demo.js`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

export type LoadDatabase = { kind: 'pglite' } | { kind: 'postgres'; url: string };

export interface ServerUnderLoad {
  readonly url: string;
  readonly token: string;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');
const MAIN = path.join(ROOT, 'dist', 'src', 'main.js');
const SEED = path.join(ROOT, 'dist', 'src', 'cli', 'seed-demo.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The server's environment: only what the run sets, plus PATH and HOME from ours. */
function serverEnv(dataDir: string, port: number, databaseUrl?: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH, HOME: process.env.HOME,
    NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir,
    SEED_DEMO: 'true', LOG_LEVEL: 'warn',
    // The load itself is the point: no per-key allowance may refuse it.
    RATE_LIMIT_PER_MINUTE: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
}

function run(file: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(file)} exited with ${code}`))));
  });
}

async function resetSchema(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  } finally {
    await client.end();
  }
}

/** Resolves once `ready` matches the child's output; rejects if it exits first or takes too long. */
function waitForOutput(child: ChildProcess, ready: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = seen.match(ready);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(match);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the server exited with ${code} during start-up`)); });
  });
}

async function healthy(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url}/health did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startServerUnderLoad(database: LoadDatabase): Promise<ServerUnderLoad> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kpi-load-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let token: string;
  let child: ChildProcess | undefined;
  try {
    if (database.kind === 'pglite') {
      child = spawn(process.execPath, [MAIN], { env: serverEnv(dataDir, port), stdio: ['ignore', 'pipe', 'inherit'] });
      // main.ts prints the local admin key once the demo data is in.
      const match = await waitForOutput(child, /Local admin key for workspace "demo": (\S+)/, 300_000);
      token = match[1];
    } else {
      await resetSchema(database.url);
      await run(SEED, serverEnv(dataDir, port, database.url));
      token = readFileSync(path.join(dataDir, 'local-admin-key'), 'utf8').trim();
      child = spawn(process.execPath, [MAIN], { env: serverEnv(dataDir, port, database.url), stdio: ['ignore', 'pipe', 'inherit'] });
    }
    // Output nobody reads must still be drained, or a full pipe would block the server.
    child.stdout!.resume();
    await healthy(url, 60_000);
  } catch (error) {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const server = child;
  return {
    url,
    token,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        const killer = setTimeout(() => server.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
