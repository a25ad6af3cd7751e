/**
 * GraphQL requests that failed because the database could not be reached are answered
 * with HTTP 503 (their errors carry the code SERVICE_UNAVAILABLE, see app.ts formatError),
 * so that clients and load balancers retry instead of treating them as a server bug.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { isDatabaseUnavailable } from '../db/unavailable';

export function databaseUnavailablePlugin<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ errors, response }) {
          if (errors?.some(isDatabaseUnavailable)) response.http.status = 503;
        },
      };
    },
  };
}
