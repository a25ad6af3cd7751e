/**
 * The built server (`node dist/src/main.js`) as a child process, the way it runs in
 * production: killed, restarted and signalled by the fault tests. Its JSON log lines are
 * collected; the URL comes from the `listening` line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { GqlResponse, TestWorkspace } from '../../api/harness/client';

export const OPERATOR = 'faults-operator-credential';
const MAIN = path.resolve(__dirname, '../../../dist/src/main.js');

export interface ServerDatabase {
  /** PostgreSQL connection string, or absent for PGlite in `dataDir`. */
  readonly databaseUrl?: string;
  readonly dataDir: string;
}

export interface ChildServer {
  readonly url: string;
  readonly process: ChildProcess;
  /** Parsed JSON log lines, in order. */
  readonly logs: Array<Record<string, unknown>>;
  /** Resolves when the process has exited (code, or the signal that ended it). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLog(msg: string): Promise<Record<string, unknown>>;
  kill(signal: NodeJS.Signals): void;
}

const running = new Set<ChildProcess>();

export async function startChild(db: ServerDatabase, env: Record<string, string> = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: db.dataDir,
      ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
      OPERATOR_TOKEN: OPERATOR,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
      RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = once(child, 'exit').then(([code, signal]) => {
    running.delete(child);
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  const logs: Array<Record<string, unknown>> = [];
  const waiters: Array<{ msg: string; resolve: (line: Record<string, unknown>) => void }> = [];
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  createInterface({ input: child.stdout! }).on('line', (text) => {
    if (!text.startsWith('{')) return; // the embedded database's banner
    const line = JSON.parse(text) as Record<string, unknown>;
    logs.push(line);
    for (const w of waiters.filter((w) => w.msg === line.msg)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  });
  const waitForLog = (msg: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const seen = logs.find((l) => l.msg === msg);
      if (seen) return resolve(seen);
      waiters.push({ msg, resolve });
      void exited.then(({ code, signal }) => reject(new Error(`the server exited (${code ?? signal}) before logging "${msg}": ${stderr.join('')}`)));
    });
  const listening = await waitForLog('listening');
  return { url: String(listening.url), process: child, logs, exited, waitForLog, kill: (signal) => void child.kill(signal) };
}

/** Another process a test starts (the import CLI), killed with the servers if the test fails. */
export function trackChild(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Kills whatever a failed test left running. */
export async function killAllChildren(): Promise<void> {
  const left = [...running];
  for (const child of left) child.kill('SIGKILL');
  await Promise.all(left.map((child) => (child.exitCode === null && child.signalCode === null ? once(child, 'exit') : undefined)));
}

export async function gqlAt(url: string, token: string, query: string, variables?: Record<string, unknown>): Promise<GqlResponse> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await res.json()) as { data?: unknown; errors?: GqlResponse['errors'] };
  return { status: res.status, headers: res.headers, data: json.data, errors: json.errors };
}

/** A workspace client (the API tests' shape, so their builders in crm.ts work here too). */
export function workspaceClient(url: string, key: string, token: string): TestWorkspace {
  const ok = async (query: string, variables?: Record<string, unknown>) => {
    const r = await gqlAt(url, token, query, variables);
    if (r.status !== 200 || r.errors) throw new Error(`GraphQL failed (${r.status}): ${JSON.stringify(r.errors)}`);
    return r.data;
  };
  return { key, token, ok, gql: (query, variables) => gqlAt(url, token, query, variables) };
}

export async function createWorkspaceAt(url: string, key: string): Promise<TestWorkspace> {
  const r = await gqlAt(url, OPERATOR, `mutation($i: CreateWorkspaceInput!) { createWorkspace(input: $i) { __typename ... on WorkspaceCreated { adminSecret } } }`, {
    i: { key, name: key },
  });
  const secret = (r.data as any)?.createWorkspace?.adminSecret;
  if (!secret) throw new Error(`createWorkspace failed: ${JSON.stringify(r)}`);
  return workspaceClient(url, key, secret);
}
