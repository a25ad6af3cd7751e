/**
 * The HTTP application: GraphQL at /graphql, GET /health, request ids, authentication,
 * body limits. Tests build it exactly as `main.ts` does.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Config } from './config';
import type { Database } from './db/data-source';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from './db/unavailable';
import { authenticate } from './domain/api-keys';
import { EvaluationTimeout } from './domain/evaluation-deadline';
import { configureIngestLimits } from './domain/ingest-limits';
import type { GraphQLContext } from './graphql/context';
import { costLimitPlugin } from './graphql/cost-limit';
import { databaseUnavailablePlugin } from './graphql/database-unavailable';
import { depthLimitRule } from './graphql/depth-limit';
import { readFromHeaderPlugin, requestReads } from './graphql/read-consistency';
import { buildKpiSchema } from './graphql/schema';
import { type AuthLocals, bearerAuthentication } from './http/authenticate';
import { importRouter } from './http/import-route';
import { rateLimiter } from './http/rate-limit';
import type { Logger } from './logger';

export interface App {
  readonly express: express.Express;
  readonly apollo: ApolloServer<GraphQLContext>;
  /** The executable schema, also served to WebSocket subscriptions (src/http/subscriptions.ts). */
  readonly schema: GraphQLSchema;
}

type Locals = { requestId: string; log: Logger };

function graphqlErrorBody(message: string, code: string, extra: object = {}): object {
  return { errors: [{ message, extensions: { code, ...extra } }] };
}

export async function createApp(options: { db: Database; config: Config; logger: Logger; httpServer: Server }): Promise<App> {
  const { db, config, logger, httpServer } = options;
  const development = config.environment === 'development';

  const logPlugin: ApolloServerPlugin<GraphQLContext> = {
    async requestDidStart(start) {
      const began = process.hrtime.bigint();
      return {
        async willSendResponse(rc) {
          const ms = Number(process.hrtime.bigint() - began) / 1e6;
          const errors = rc.errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
          logger.info({ requestId: start.contextValue.requestId, operation: rc.operationName ?? null, ms: Math.round(ms * 10) / 10, errors }, 'graphql');
        },
      };
    },
  };

  const schema = await buildKpiSchema();
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: development,
    // main.ts handles SIGTERM itself: finish requests, then close the database, then exit.
    stopOnTerminationSignals: false,
    validationRules: [depthLimitRule(config.limits.maxQueryDepth)],
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), costLimitPlugin(config.limits.maxQueryCost), databaseUnavailablePlugin(), readFromHeaderPlugin(), logPlugin],
    formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
      const code = formatted.extensions?.code;
      if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
        const original = error instanceof GraphQLError ? error.originalError ?? error : error;
        // A resolver that did not translate the timeout itself still answers with its code.
        if (original instanceof EvaluationTimeout) return { message: original.message, path: formatted.path, extensions: { code: 'EVALUATION_TIMEOUT', limitMs: original.limitMs } };
        if (isDatabaseUnavailable(original)) {
          logger.warn({ err: original }, 'database unavailable');
          return { message: DATABASE_UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
        }
        logger.error({ err: original }, 'unexpected error');
        // Never leak SQL, stack traces or identifiers outside development.
        if (!development) return { message: 'Internal error; it has been logged.', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      }
      return formatted;
    },
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.use((req: Request, res: Response, next: NextFunction) => {
    const given = req.header('x-request-id');
    const requestId = given && /^[A-Za-z0-9._-]{1,100}$/.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', requestId);
    (res.locals as Locals).requestId = requestId;
    (res.locals as Locals).log = logger.child({ requestId });
    // With LOG_LEVEL=debug, which requests a server had received (before a shutdown, say).
    (res.locals as Locals).log.debug({ method: req.method, path: req.path }, 'request received');
    next();
  });

  app.get('/health', async (_req: Request, res: Response) => {
    try {
      await db.dataSource.query('SELECT 1');
      // Replica lag and reads per database; a replica that is down is reported, not fatal.
      const replicas = db.replicas && { replicas: await db.replicas.status(db.dataSource), primaryReads: db.replicas.primaryReads };
      res.json({ status: 'ok', database: db.kind, ...replicas });
    } catch {
      res.status(503).json({ status: 'unavailable', database: db.kind });
    }
  });

  // Bulk CSV upload, outside GraphQL: a streamed text/csv body with its own size limit.
  configureIngestLimits({ maxBatchRows: config.limits.maxBatchRows });
  // One bucket per key for every route: imports count against the same per-minute allowance.
  const limitRate = rateLimiter({
    db, logger, perMinute: config.limits.rateLimitPerMinute,
    keyOf: (res) => {
      const auth = (res.locals as AuthLocals).auth;
      return auth && { workspaceId: auth.workspace.id, keyId: auth.actor.keyId };
    },
  });
  app.use('/import', importRouter({ db, maxImportBytes: config.limits.maxImportBytes, limitRate }));

  app.use('/graphql', express.json({ limit: config.limits.maxBodyBytes }));
  app.use('/graphql', (error: Error & { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (error.type === 'entity.too.large') {
      res.status(413).json(graphqlErrorBody(`The request body is larger than ${config.limits.maxBodyBytes} bytes.`, 'PAYLOAD_TOO_LARGE', { limit: config.limits.maxBodyBytes }));
    } else if (error.type === 'entity.parse.failed') {
      res.status(400).json(graphqlErrorBody('The request body is not valid JSON.', 'BAD_REQUEST'));
    } else {
      next(error);
    }
  });

  // Authentication: a workspace API key, or the operator credential for operator-only mutations.
  const authenticateGraphql = bearerAuthentication({
    db,
    operatorToken: config.operatorToken,
    refuse: (res, status, code, message) => void res.status(status).json(graphqlErrorBody(message, code)),
  });
  app.use('/graphql', (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' && !req.header('authorization') && req.accepts('html')) return next(); // landing page
    return authenticateGraphql(req, res, next);
  });

  app.use('/graphql', limitRate);

  app.use(
    '/graphql',
    expressMiddleware(apollo, {
      async context({ res }): Promise<GraphQLContext> {
        const locals = res.locals as Locals & { auth?: Awaited<ReturnType<typeof authenticate>>; operator?: boolean };
        const auth = locals.auth && locals.auth.ok ? locals.auth : undefined;
        return {
          requestId: locals.requestId,
          db,
          operator: locals.operator === true,
          reads: auth && requestReads(auth.writeRevision),
          service: auth
            ? {
                requestId: locals.requestId, db, workspace: auth.workspace, actor: auth.actor,
                evaluationDeadline: { at: Date.now() + config.limits.evaluationTimeoutMs, limitMs: config.limits.evaluationTimeoutMs },
              }
            : undefined,
        };
      },
    }),
  );

  app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
    if (isDatabaseUnavailable(error)) {
      // Authentication reads the database before GraphQL runs.
      (res.locals as Locals).log?.warn({ err: error }, 'database unavailable');
      if (!res.headersSent) res.status(503).json(graphqlErrorBody(DATABASE_UNAVAILABLE_MESSAGE, 'SERVICE_UNAVAILABLE'));
      return;
    }
    (res.locals as Locals).log?.error({ err: error }, 'request failed');
    if (!res.headersSent) res.status(500).json(graphqlErrorBody('Internal error; it has been logged.', 'INTERNAL_SERVER_ERROR'));
  });

  return { express: app, apollo, schema };
}
