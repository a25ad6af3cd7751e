/** A tiny GraphQL-over-HTTP client for the API tests: real requests to the real server. */
import { randomBytes } from 'node:crypto';

export const baseUrl = (): string => {
  const url = process.env.KPI_TEST_URL;
  if (!url) throw new Error('KPI_TEST_URL is not set: run API tests through jest (global setup starts the server).');
  return url;
};

export interface GqlResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly data: T;
  readonly errors?: Array<{ message: string; extensions?: Record<string, unknown>; path?: unknown[] }>;
}

export async function post(body: unknown, headers: Record<string, string> = {}): Promise<GqlResponse> {
  const res = await fetch(`${baseUrl()}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = {};
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text };
  }
  return { status: res.status, headers: res.headers, data: json.data, errors: json.errors };
}

export function gql(token: string, query: string, variables?: Record<string, unknown>): Promise<GqlResponse> {
  return post({ query, variables }, { authorization: `Bearer ${token}` });
}

/** Fails the test with the server's errors instead of a confusing undefined later. */
export async function ok<T = any>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await gql(token, query, variables);
  if (res.status !== 200 || res.errors) throw new Error(`GraphQL failed (${res.status}): ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

export interface TestWorkspace {
  readonly key: string;
  readonly token: string;
  ok<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResponse>;
}

export function uniqueKey(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A fresh workspace per test file keeps tests independent on a shared database. */
export async function createWorkspace(prefix: string, settings: Record<string, unknown> = {}): Promise<TestWorkspace> {
  const key = uniqueKey(prefix);
  const res = await gql(
    process.env.KPI_TEST_OPERATOR!,
    `mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) {
       __typename ... on WorkspaceCreated { adminSecret workspace { key } } ... on Problem { code message } } }`,
    { input: { key, name: `Test ${key}`, ...settings } },
  );
  const created = res.data?.createWorkspace;
  if (created?.__typename !== 'WorkspaceCreated') throw new Error(`createWorkspace failed: ${JSON.stringify(res)}`);
  const token = created.adminSecret as string;
  return { key, token, ok: (q, v) => ok(token, q, v), gql: (q, v) => gql(token, q, v) };
}
