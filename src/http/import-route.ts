/**
 * POST /import/measure-values: a CSV file as the request body (Content-Type text/csv,
 * Bearer key with the INGEST right), streamed through the importer as it arrives, never
 * held in memory (see domain/csv-import.ts). Answers JSON: the same report as the
 * GraphQL mutation, or the refusal with the bad lines.
 *
 *   curl -X POST http://127.0.0.1:4000/import/measure-values \
 *        -H "authorization: Bearer $KEY" -H 'content-type: text/csv' --data-binary @values.csv
 *
 * Lines in a closed scorecard period refuse the file (HTTP 409 PERIOD_CLOSED) unless it is
 * sent as an adjustment: `?adjustmentReason=<why>` (see AdjustmentInput in the schema).
 */
import { randomUUID } from 'node:crypto';
import { Transform, pipeline } from 'node:stream';
import express, { type Request, type Response } from 'express';
import type { Database } from '../db/data-source';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../db/unavailable';
import { CsvRejected, importMeasureValuesCsv } from '../domain/csv-import';
import { Problem } from '../domain/problem';
import { type AuthLocals, bearerAuthentication } from './authenticate';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain'];

function refuse(res: Response, status: number, code: string, message: string, extra: object = {}): void {
  res.status(status).json({ code, message, ...extra });
}

class TooLarge extends Error {}

export function importRouter(options: { db: Database; maxImportBytes: number; limitRate?: express.RequestHandler }): express.Router {
  const router = express.Router();
  const limitRate: express.RequestHandler = options.limitRate ?? ((_req, _res, next) => next());
  router.post('/measure-values', bearerAuthentication({ db: options.db, refuse }), limitRate, async (req: Request, res: Response) => {
    const auth = (res.locals as AuthLocals).auth;
    if (!auth) return refuse(res, 401, 'UNAUTHENTICATED', 'Send a workspace API key as `Authorization: Bearer <key>`.');
    const type = (req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (!CSV_TYPES.includes(type)) return refuse(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as the request body with Content-Type: text/csv.');
    const limitMessage = `The file is larger than ${options.maxImportBytes} bytes (MAX_IMPORT_BYTES); split it into several imports.`;
    const tooLarge = () => {
      res.setHeader('connection', 'close');
      refuse(res, 413, 'PAYLOAD_TOO_LARGE', limitMessage, { limit: options.maxImportBytes });
    };
    if (Number(req.header('content-length') ?? 0) > options.maxImportBytes) return tooLarge();

    let bytes = 0;
    const limited = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(bytes > options.maxImportBytes ? new TooLarge() : null, chunk);
      },
    });
    // A client that goes away mid-upload fails the import, which then writes nothing.
    pipeline(req, limited, () => undefined);
    try {
      const ctx = { requestId: String(res.locals.requestId ?? randomUUID()), db: options.db, workspace: auth.workspace, actor: auth.actor };
      const reason = req.query.adjustmentReason;
      const report = await importMeasureValuesCsv(ctx, limited, typeof reason === 'string' ? { reason } : null);
      res.json({ ...report, valuesRevision: String(report.valuesRevision) });
    } catch (error) {
      // The rest of an unread body is not worth receiving: close the connection after answering.
      if (!req.complete) res.setHeader('connection', 'close');
      if (error instanceof TooLarge) return tooLarge();
      if (error instanceof CsvRejected) return refuse(res, 422, error.code, error.message, { errorCount: error.errorCount, errors: error.lines });
      if (error instanceof Problem) return refuse(res, error.code === 'FORBIDDEN' ? 403 : error.code === 'PERIOD_CLOSED' ? 409 : 400, error.code, error.message, { details: error.extra.details ?? [] });
      throw error;
    }
  });
  // Also reached from authentication, which reads the database before the route runs.
  router.use((error: unknown, _req: Request, res: Response, next: express.NextFunction) => {
    if (!isDatabaseUnavailable(error) || res.headersSent) return next(error);
    res.setHeader('connection', 'close');
    refuse(res, 503, 'SERVICE_UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE);
  });
  return router;
}
