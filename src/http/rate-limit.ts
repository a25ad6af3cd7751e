/**
 * Requests per minute per API key, as a token bucket: a key may burst up to its
 * per-minute allowance, then refills continuously. Over the limit: HTTP 429 with
 * Retry-After. Counters live in this process (a later step moves them to the database
 * for several processes).
 */
import type { NextFunction, Request, Response } from 'express';

interface Bucket {
  tokens: number;
  updated: number;
}

export function rateLimiter(perMinute: number, keyOf: (res: Response) => string | undefined) {
  const buckets = new Map<string, Bucket>();
  const refillPerMs = perMinute / 60_000;
  return (_req: Request, res: Response, next: NextFunction): void => {
    const key = keyOf(res);
    if (!key || perMinute <= 0) return next();
    const now = Date.now();
    const bucket = buckets.get(key) ?? { tokens: perMinute, updated: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.updated) * refillPerMs);
    bucket.updated = now;
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return next();
    }
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
    res.status(429).setHeader('retry-after', String(retryAfter)).json({
      errors: [{ message: `Rate limit of ${perMinute} requests per minute for this API key reached; retry in ${retryAfter} s.`, extensions: { code: 'RATE_LIMITED', retryAfter } }],
    });
  };
}
