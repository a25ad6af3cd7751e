/**
 * A built server entry point (`dist/src/main.js`, or `cluster.js` with its workers) as a
 * child process, ready once the expected number of processes logged "listening". Shared
 * by the benches and the multi-process API tests, which read the same JSON log lines.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The fields of a log line these callers read. */
export interface LogEntry {
  readonly msg?: string;
  readonly url?: string;
  readonly pid?: number;
}

export interface ServerProcess {
  readonly child: ChildProcess;
  /** Where the (last) listening process serves; a cluster's workers share it. */
  readonly url: string;
  /** The exit code once the process has ended. */
  readonly exited: Promise<number | null>;
  /** SIGTERM (a drain), then waits for the exit; nothing when it has already ended. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Processes that must log "listening": 1, or a cluster's worker count. */
  readonly listeners?: number;
  readonly cwd?: string;
  /** Every output line as printed, and its log entry when it is one (a banner is not). */
  readonly onLine?: (line: string, entry: LogEntry | undefined) => void;
}

export function spawnServerProcess(script: string, env: NodeJS.ProcessEnv, options: SpawnOptions = {}): Promise<ServerProcess> {
  const listeners = options.listeners ?? 1;
  const child = spawn(process.execPath, ['--enable-source-maps', script], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let listening = 0;
    void exited.then((code) => {
      if (listening < listeners) reject(new Error(`${script} exited with ${code} before listening`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: LogEntry | undefined;
      try {
        entry = JSON.parse(line) as LogEntry;
      } catch {
        entry = undefined; // not a log line (a cluster primary's banner)
      }
      options.onLine?.(line, entry);
      if (entry?.msg === 'listening' && entry.url && ++listening === listeners) resolve({ child, url: entry.url, exited, stop });
    });
  });
}
