/**
 * Bearer-key authentication as an Express middleware: a workspace API key (its
 * workspace and actor go to `res.locals.auth`), or, where allowed, the operator
 * credential (`res.locals.operator`). A missing or bad key is HTTP 401 with the same
 * answer for every kind of bad key.
 */
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Database } from '../db/data-source';
import { type Authentication, authenticate } from '../domain/api-keys';

export type Authenticated = Extract<Authentication, { ok: true }>;
export interface AuthLocals {
  auth?: Authenticated;
  operator?: boolean;
}

export interface BearerOptions {
  readonly db: Database;
  /** Accepted as the operator when set. */
  readonly operatorToken?: string;
  /** Writes the refusal in the route's own error format. */
  readonly refuse: (res: Response, status: number, code: string, message: string) => void;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function bearerAuthentication(options: BearerOptions) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
    const locals = res.locals as AuthLocals;
    if (!token) {
      res.setHeader('www-authenticate', 'Bearer');
      return options.refuse(res, 401, 'UNAUTHENTICATED', 'Send an API key as `Authorization: Bearer <key>`.');
    }
    if (options.operatorToken && sameSecret(token, options.operatorToken)) {
      locals.operator = true;
      return next();
    }
    try {
      const auth = await authenticate(options.db, token);
      if (!auth.ok) {
        res.setHeader('www-authenticate', 'Bearer');
        return options.refuse(res, 401, 'UNAUTHENTICATED', auth.reason);
      }
      locals.auth = auth;
      next();
    } catch (error) {
      next(error);
    }
  };
}
