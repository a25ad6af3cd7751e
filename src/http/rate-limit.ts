/**
 * Requests per minute per API key, as a token bucket: a key may burst up to its
 * per-minute allowance, then refills continuously. Over the limit: HTTP 429 with
 * Retry-After. The buckets live in the database (table rate_limit_buckets), so every
 * API process serving the same database draws on the same allowance: one upsert per
 * request refills the bucket for the time since its last use and takes a token if a
 * whole one is there.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Database } from '../db/data-source';
import type { Logger } from '../logger';

export interface RateLimitedKey {
  readonly workspaceId: string;
  readonly keyId: string;
}

export interface RateLimiterOptions {
  readonly db: Database;
  readonly perMinute: number;
  readonly keyOf: (res: Response) => RateLimitedKey | undefined;
  readonly logger: Logger;
}

// $3 is the allowance per minute: the bucket's size and its refill per 60 s. now() is
// one instant for the whole statement; GREATEST keeps a request that waited for the
// row lock from moving updated_at backwards.
const TAKE_TOKEN = `
  INSERT INTO rate_limit_buckets AS b (workspace_id, api_key_id, tokens, granted, updated_at)
  VALUES ($1, $2, $3::float8 - 1, true, now())
  ON CONFLICT (workspace_id, api_key_id) DO UPDATE SET (tokens, granted, updated_at) = (
    SELECT CASE WHEN refilled >= 1 THEN refilled - 1 ELSE refilled END, refilled >= 1, GREATEST(b.updated_at, now())
      FROM (SELECT LEAST($3::float8, b.tokens + GREATEST(0, extract(epoch FROM now() - b.updated_at)) * $3::float8 / 60.0) AS refilled) r)
  RETURNING tokens, granted`;

/** A bucket untouched for a minute has refilled completely: its row says nothing. */
const PRUNE = `DELETE FROM rate_limit_buckets WHERE updated_at < now() - interval '1 minute'`;
const PRUNE_EVERY_MS = 60_000;

export function rateLimiter(options: RateLimiterOptions) {
  const { db, perMinute, keyOf, logger } = options;
  const refillPerSecond = perMinute / 60;
  // Only when this process last pruned; every process may prune, and pruning twice is harmless.
  let prunedAt = Date.now();
  const prune = () => {
    prunedAt = Date.now();
    db.dataSource.query(PRUNE).catch((error: unknown) => logger.warn({ err: error }, 'pruning rate-limit buckets failed'));
  };
  return async (_req: Request, res: Response, next: NextFunction): Promise<void> => {
    const key = keyOf(res);
    if (!key || perMinute <= 0) return next();
    let bucket: { tokens: number; granted: boolean };
    try {
      const rows: Array<{ tokens: number; granted: boolean }> = await db.dataSource.query(TAKE_TOKEN, [key.workspaceId, key.keyId, perMinute]);
      bucket = rows[0];
    } catch (error) {
      return next(error);
    }
    if (Date.now() - prunedAt > PRUNE_EVERY_MS) prune();
    if (bucket.granted) return next();
    const retryAfter = Math.max(1, Math.ceil((1 - Number(bucket.tokens)) / refillPerSecond));
    res.status(429).setHeader('retry-after', String(retryAfter)).json({
      errors: [{ message: `Rate limit of ${perMinute} requests per minute for this API key reached; retry in ${retryAfter} s.`, extensions: { code: 'RATE_LIMITED', retryAfter } }],
    });
  };
}
