// Whether an error means the database cannot be reached right now (down, restarting, connection
// cut) rather than a bug: such failures answer 503 `unavailable`, which clients retry, instead
// of 500 `internal`. The pool opens fresh connections once the database is back.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
/** SQLSTATEs of a server shutting down, crashed or starting (57P01-57P03) and class 08 (connection). */
const SQLSTATE_UNAVAILABLE = /^(08...|57P0[123])$/;
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'connection terminated',
  'Client has encountered a connection error',
  'timeout exceeded when trying to connect',
];

export function isDatabaseUnavailable(e: unknown): boolean {
  for (
    let err = e as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    err && depth < 4;
    depth++
  ) {
    if (typeof err.code === 'string' && (NETWORK_CODES.has(err.code) || SQLSTATE_UNAVAILABLE.test(err.code)))
      return true;
    if (typeof err.message === 'string' && PG_CONNECTION_MESSAGES.some((m) => (err!.message as string).includes(m))) {
      return true;
    }
    err = err.cause as typeof err;
  }
  if (e instanceof AggregateError) return e.errors.some(isDatabaseUnavailable);
  return false;
}
