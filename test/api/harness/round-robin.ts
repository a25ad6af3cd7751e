/**
 * Several API processes behind one address, for `KPI_TEST_PROCESSES=N` (PostgreSQL only):
 * N built servers (`node dist/src/main.js`, each its own process, its own Apollo and
 * connection pool) on free ports, and a proxy that sends each request to the next one in
 * turn, so consecutive requests of one test land on different processes. Anything a
 * process kept for itself (a cache, a counter) shows up as a wrong answer.
 */
import { execFileSync } from 'node:child_process';
import { type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import path from 'node:path';
import { type ServerProcess, spawnServerProcess } from '../../../bench/server-process';

const ROOT = path.resolve(__dirname, '../../..');

export interface ProcessGroup {
  readonly url: string;
  stop(): Promise<void>;
}

/** Compiles src into dist, so the processes run the code under test. */
export function buildServer(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
}

/** Starts one server process on a free port (read from its "listening" log line). */
function startChild(env: NodeJS.ProcessEnv, echoLogs: boolean): Promise<ServerProcess> {
  return spawnServerProcess(path.join(ROOT, 'dist/src/main.js'), { ...env, PORT: '0', LOG_LEVEL: 'info' }, {
    cwd: ROOT, onLine: echoLogs ? (line) => console.log(line) : undefined,
  });
}

/** Headers that describe one connection, not the message: each side of the proxy sets its own. */
const HOP_HEADERS = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade'];

function withoutHopHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_HEADERS.includes(name)));
}

/** Round-robin over the ports: every HTTP request, and every websocket upgrade, goes to the next one. */
function roundRobinProxy(ports: readonly number[]): Server {
  let next = 0;
  const pick = () => ports[next++ % ports.length];
  const proxy = createServer((req: IncomingMessage, res: ServerResponse) => {
    // A new upstream connection per request (agent: false): a pooled one could be closed by
    // the server's keep-alive timeout just as it is reused, failing a request the test sent once.
    const upstream = request({ host: '127.0.0.1', port: pick(), method: req.method, path: req.url, headers: withoutHopHeaders(req.headers), agent: false }, (answer) => {
      const headers = withoutHopHeaders(answer.headers);
      // A server that will not read the rest of a body closes the connection: so does the proxy.
      if (answer.headers.connection === 'close') headers.connection = 'close';
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      if (res.writableEnded) return;
      if (res.headersSent) return void res.destroy();
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: `proxy: ${error.message}`, extensions: { code: 'BAD_GATEWAY' } }] }));
    });
    // A client that goes away mid-upload must look the same to the server as without the proxy.
    req.on('aborted', () => upstream.destroy());
    req.pipe(upstream);
  });
  proxy.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    const upstream = connect(pick(), '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  return proxy;
}

export async function startProcessGroup(count: number, env: NodeJS.ProcessEnv): Promise<ProcessGroup> {
  const echoLogs = (env.TEST_LOG_LEVEL ?? 'silent') !== 'silent';
  // Started together on purpose: on an empty database they race for the migrations.
  const settled = await Promise.allSettled(Array.from({ length: count }, () => startChild(env, echoLogs)));
  const children = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(children.map((c) => c.stop()));
    throw failed.reason;
  }
  const proxy = roundRobinProxy(children.map((c) => Number(new URL(c.url).port)));
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    async stop() {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await Promise.all(children.map((c) => c.stop()));
    },
  };
}
