/**
 * Which failures mean "the database cannot be reached right now" (answered 503
 * SERVICE_UNAVAILABLE) and which are ordinary query errors (still internal errors). The
 * errors are built the way the driver and TypeORM build them; test/faults covers the
 * same path against a PostgreSQL server that is really stopped.
 */
import { DatabaseError } from 'pg';
import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from '../../src/db/unavailable';

function serverError(code: string, message: string): DatabaseError {
  const error = new DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
}

test.each([
  ['nothing listens on the port', socketError('ECONNREFUSED')],
  ['the connection was cut', socketError('ECONNRESET')],
  ['a server shutting down (57P01) ends the session', serverError('57P01', 'terminating connection due to administrator command')],
  ['a server starting up (57P03) refuses the session', serverError('57P03', 'the database system is starting up')],
  ['a connection exception of class 08', serverError('08006', 'connection failure')],
  ['the driver saw the socket close', new Error('Connection terminated unexpectedly')],
  ['the pool waited longer than its connection timeout', new Error('timeout exceeded when trying to connect')],
  ['a refused name with several addresses', new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')], '')],
])('unavailable: %s', (_what, error) => {
  expect(isDatabaseUnavailable(error)).toBe(true);
  // Wrapped as TypeORM and GraphQL wrap it on the way out of a resolver.
  const wrapped = new GraphQLError('x', { originalError: new QueryFailedError('SELECT 1', [], error) });
  expect(isDatabaseUnavailable(wrapped)).toBe(true);
});

test.each([
  ['a unique violation (23505)', serverError('23505', 'duplicate key value violates unique constraint')],
  ['a syntax error (42601)', serverError('42601', 'syntax error at or near "SELEC"')],
  ['a statement timeout (57014, the query was too slow, not the database gone)', serverError('57014', 'canceling statement due to statement timeout')],
  ['a plain programming error', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ['not an error at all', 'ECONNREFUSED'],
])('not unavailable: %s', (_what, error) => {
  expect(isDatabaseUnavailable(error)).toBe(false);
  expect(isDatabaseUnavailable(new GraphQLError('x', { originalError: new QueryFailedError('SELECT 1', [], error as Error) }))).toBe(false);
});
