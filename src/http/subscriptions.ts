/**
 * GraphQL subscriptions over WebSocket (the graphql-ws protocol) at /graphql, on the same
 * HTTP server. The connection authenticates once with the same API key as HTTP, sent in
 * `connectionParams` as `{ authorization: "Bearer <key>" }`; a missing or bad key closes
 * it with 4403 Forbidden. Only subscriptions are served here: queries and mutations go
 * over HTTP, where rate and cost limits apply.
 */
import type { Server } from 'node:http';
import { GraphQLError, type GraphQLSchema, getOperationAST, parse, specifiedRules, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Database } from '../db/data-source';
import { type Authentication, authenticate } from '../domain/api-keys';
import type { GraphQLContext } from '../graphql/context';
import { depthLimitRule } from '../graphql/depth-limit';
import type { Logger } from '../logger';

type Authenticated = Extract<Authentication, { ok: true }>;

export interface SubscriptionServer {
  close(): Promise<void>;
}

export function serveSubscriptions(options: { httpServer: Server; schema: GraphQLSchema; db: Database; logger: Logger; maxQueryDepth: number }): SubscriptionServer {
  const { httpServer, schema, db, logger } = options;
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const rules = [...specifiedRules, depthLimitRule(options.maxQueryDepth)];
  const auths = new WeakMap<object, Authenticated>();

  const disposable = useServer<Record<string, unknown>>({
    async onConnect(ctx) {
      const header = typeof ctx.connectionParams?.authorization === 'string' ? ctx.connectionParams.authorization : '';
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      const auth = token ? await authenticate(db, token) : null;
      if (!auth?.ok) return false;
      auths.set(ctx.extra.socket, auth);
      return true;
    },
    onSubscribe(ctx, id, payload) {
      const auth = auths.get(ctx.extra.socket)!;
      let document;
      try {
        document = parse(payload.query);
      } catch (error) {
        return [error as GraphQLError];
      }
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) return [new GraphQLError('Name the operation to run (the document holds several, or none).')];
      if (operation.operation !== 'subscription') {
        return [new GraphQLError('Only subscriptions are served over WebSocket; send queries and mutations over HTTP POST /graphql.', { extensions: { code: 'BAD_REQUEST' } })];
      }
      const errors = validate(schema, document, rules);
      if (errors.length > 0) return errors;
      const requestId = `ws-${id}`;
      const contextValue: GraphQLContext = {
        requestId, db, operator: false,
        service: { requestId, db, workspace: auth.workspace, actor: auth.actor },
      };
      return { schema, document, operationName: payload.operationName, variableValues: payload.variables ?? undefined, contextValue };
    },
  }, wsServer);
  wsServer.on('error', (error) => logger.error({ err: error }, 'websocket server error'));

  return {
    async close() {
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
