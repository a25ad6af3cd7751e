/**
 * A PostgreSQL cluster of the test's own, in a temporary directory, that the test may stop
 * and start at will (never the machine's shared server). Needs the server binaries
 * (POSTGRES_BIN, default /usr/lib/postgresql/15/bin); as root they run as the `postgres`
 * user, which PostgreSQL requires.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './databases';

const run = promisify(execFile);
const BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export interface ThrowawayCluster {
  readonly url: string;
  start(): Promise<void>;
  /** `fast` rolls back open transactions and closes connections; `immediate` is a crash. */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
}

/** Why no cluster can be made here, or null when it can. */
export function clusterUnavailableReason(): string | null {
  for (const tool of ['initdb', 'pg_ctl']) {
    if (!existsSync(path.join(BIN, tool))) return `${path.join(BIN, tool)} is missing (set POSTGRES_BIN to PostgreSQL's server binaries)`;
  }
  if (process.getuid?.() === 0 && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) return 'running as root without runuser to switch to the postgres user';
  return null;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function asPostgresUser(tool: string, args: string[]): Promise<unknown> {
  const binary = path.join(BIN, tool);
  return process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', binary, ...args]) : run(binary, args);
}

export async function createCluster(): Promise<ThrowawayCluster & { stopForGood(): Promise<void> }> {
  const root = tempDir('cluster');
  const data = path.join(root, 'data');
  const sockets = path.join(root, 'sockets');
  mkdirSync(sockets);
  if (process.getuid?.() === 0) {
    const { uid, gid } = await userIds('postgres');
    chownSync(root, uid, gid);
    chownSync(sockets, uid, gid);
  }
  await asPostgresUser('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  // Durability is not what these tests are about: fsync off keeps the cluster quick.
  const options = `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const log = path.join(root, 'server.log');
  let running = false;
  const cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      await asPostgresUser('pg_ctl', ['-D', data, '-o', options, '-l', log, '-w', 'start']);
      running = true;
    },
    async stop(mode: 'fast' | 'immediate') {
      await asPostgresUser('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
      running = false;
    },
    async stopForGood() {
      if (running) await cluster.stop('immediate');
    },
  };
  await cluster.start();
  return cluster;
}

async function userIds(name: string): Promise<{ uid: number; gid: number }> {
  const { stdout } = await run('id', [name]);
  const uid = Number(/uid=(\d+)/.exec(stdout)![1]);
  const gid = Number(/gid=(\d+)/.exec(stdout)![1]);
  return { uid, gid };
}
