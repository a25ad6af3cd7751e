/**
 * GraphQL over keep-alive HTTP for the load run: every answer is parsed and handed back
 * with its latency, so the caller can check it. Network failures and time-outs are
 * answers too (with a code), never thrown.
 */
import http from 'node:http';

export interface Answer {
  readonly ms: number;
  /** Set when the request failed before a GraphQL answer: `HTTP_<status>`, `TIMEOUT`, `NETWORK`. */
  readonly failure?: string;
  readonly data?: any;
  readonly errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export class GraphqlClient {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(baseUrl: string, private readonly token: string, sockets: number, private readonly timeoutMs: number) {
    this.url = new URL('/graphql', baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  request(query: string, variables: Record<string, unknown>): Promise<Answer> {
    const body = JSON.stringify({ query, variables });
    const started = performance.now();
    return new Promise<Answer>((resolve) => {
      const done = (answer: Omit<Answer, 'ms'>) => resolve({ ms: performance.now() - started, ...answer });
      const req = http.request(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${this.token}` },
        timeout: this.timeoutMs,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', () => done({ failure: 'NETWORK' }));
        res.on('end', () => {
          let json: any;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            return done({ failure: `HTTP_${res.statusCode}` });
          }
          if (res.statusCode !== 200) {
            const code = json?.errors?.[0]?.extensions?.code;
            return done({ failure: code ? String(code) : `HTTP_${res.statusCode}` });
          }
          done({ data: json.data, errors: json.errors });
        });
      });
      req.on('timeout', () => {
        req.destroy();
        done({ failure: 'TIMEOUT' });
      });
      req.on('error', () => done({ failure: 'NETWORK' }));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
