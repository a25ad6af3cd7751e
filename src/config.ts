/**
 * Service configuration, read once from the environment. A bad value stops start-up
 * with a message naming the variable and what it accepts, instead of failing later.
 */
import path from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface Config {
  readonly port: number;
  readonly host: string;
  /** PostgreSQL connection string; absent means the embedded PGlite database. */
  readonly databaseUrl?: string;
  /** PostgreSQL streaming replicas that may answer read-only queries (DATABASE_READ_URLS, comma-separated). */
  readonly databaseReadUrls: readonly string[];
  /** Where PGlite keeps its files (`memory://` for a throw-away database). */
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  /** `development` shows stack traces in GraphQL errors; anything else hides them. */
  readonly environment: 'development' | 'production' | 'test';
  /** Credential for operator-only operations such as `createWorkspace`; unset disables them. */
  readonly operatorToken?: string;
  /** Seed the CRM starter pack and demo data into an empty embedded database. */
  readonly seedDemo: boolean;
  /** Schema introspection; off in production unless INTROSPECTION=true. */
  readonly introspection: boolean;
  /** Worker processes of `npm run start:cluster`; 0 means one per core. */
  readonly webConcurrency: number;
  readonly limits: Limits;
}

export interface Limits {
  readonly maxBodyBytes: number;
  readonly maxQueryDepth: number;
  readonly maxQueryCost: number;
  readonly maxBatchRows: number;
  /** Size of one CSV file sent to POST /import/measure-values. */
  readonly maxImportBytes: number;
  /** Requests per minute per API key; 0 turns the limit off. */
  readonly rateLimitPerMinute: number;
  /** Formula evaluation time per request, from the moment the request is authenticated. */
  readonly evaluationTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got ${value}`);
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
}

function postgresUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'expected a URL such as postgres://user@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(name, `expected the postgres:// scheme, got "${url.protocol}"`);
  }
  return raw;
}

function databaseUrl(env: Env): string | undefined {
  const raw = env.DATABASE_URL;
  return raw === undefined || raw === '' ? undefined : postgresUrl('DATABASE_URL', raw);
}

function databaseReadUrls(env: Env): string[] {
  const raw = env.DATABASE_READ_URLS?.trim();
  if (!raw) return [];
  // Replicas copy a PostgreSQL primary; the embedded database has none.
  if (!env.DATABASE_URL) throw new ConfigError('DATABASE_READ_URLS', 'needs DATABASE_URL: read replicas copy a PostgreSQL primary');
  return raw.split(',').map((part, i) => {
    const url = part.trim();
    if (url === '') throw new ConfigError('DATABASE_READ_URLS', `entry ${i + 1} is empty; separate URLs with single commas`);
    return postgresUrl(`DATABASE_READ_URLS (entry ${i + 1})`, url);
  });
}

export function loadConfig(env: Env = process.env): Config {
  const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel as LogLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const environment = env.NODE_ENV ?? 'development';
  if (environment !== 'development' && environment !== 'production' && environment !== 'test') {
    throw new ConfigError('NODE_ENV', `expected development, production or test, got "${environment}"`);
  }
  const dataDir = env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : path.resolve('data');
  return {
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1',
    databaseUrl: databaseUrl(env),
    databaseReadUrls: databaseReadUrls(env),
    dataDir,
    logLevel: logLevel as LogLevel,
    environment,
    operatorToken: env.OPERATOR_TOKEN && env.OPERATOR_TOKEN !== '' ? env.OPERATOR_TOKEN : undefined,
    seedDemo: flag(env, 'SEED_DEMO', true),
    introspection: flag(env, 'INTROSPECTION', environment !== 'production'),
    webConcurrency: integer(env, 'WEB_CONCURRENCY', 0, 0, 256),
    limits: {
      maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      maxQueryDepth: integer(env, 'MAX_QUERY_DEPTH', 12, 2, 100),
      maxQueryCost: integer(env, 'MAX_QUERY_COST', 5_000_000, 100, 1_000_000_000),
      maxBatchRows: integer(env, 'MAX_BATCH_ROWS', 50_000, 1, 1_000_000),
      maxImportBytes: integer(env, 'MAX_IMPORT_BYTES', 200 * 1024 * 1024, 1024, 16 * 1024 * 1024 * 1024),
      rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 6000, 0, 10_000_000),
      evaluationTimeoutMs: integer(env, 'EVALUATION_TIMEOUT_MS', 10_000, 1, 600_000),
    },
  };
}
