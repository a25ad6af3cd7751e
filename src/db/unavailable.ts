/**
 * Errors that mean the database cannot be reached right now (it is down, starting up,
 * shutting down, or dropped the connection), as opposed to a bad query. They are
 * answered as SERVICE_UNAVAILABLE (HTTP 503), which tells clients to retry, instead of
 * as internal errors. The pool replaces broken connections on its own, so the service
 * recovers when the database is back, without a restart.
 */
export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is unavailable; retry shortly.';

// Socket errors of the driver: nothing listens, the connection was cut, the host is gone.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// SQLSTATE admin_shutdown, crash_shutdown, cannot_connect_now; class 08 (connection exception) is matched by prefix.
const SERVER_CODES = new Set(['57P01', '57P02', '57P03']);
// The driver's own errors carry no code, only these messages.
const DRIVER_MESSAGES = [/^Connection terminated/, /timeout exceeded when trying to connect/, /not queryable/];

export function isDatabaseUnavailable(error: unknown): boolean {
  // The driver's error may be wrapped (GraphQLError.originalError, QueryFailedError.driverError, cause).
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e !== null && typeof e === 'object'; depth++) {
    const { code, message, errors } = e as { code?: unknown; message?: unknown; errors?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    if (typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message))) return true;
    // A refused connection to a name with several addresses is an AggregateError of one error per address.
    if (Array.isArray(errors) && errors.length > 0 && errors.every(isDatabaseUnavailable)) return true;
    const wrapped = e as { originalError?: unknown; driverError?: unknown; cause?: unknown };
    e = wrapped.originalError ?? wrapped.driverError ?? wrapped.cause;
  }
  return false;
}
