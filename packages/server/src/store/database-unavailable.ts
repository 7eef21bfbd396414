// Tells a database that cannot be reached (or is restarting, or is locked) from a query that failed: the first is
// answered 503 with Retry-After, since the service resumes by itself once the database is back.

/**
 * Node socket errors met when PostgreSQL is down, restarting or unreachable: system errors, which name the call that
 * failed (`syscall`). A client hanging up on its own request also has ECONNRESET, but no syscall: that is not one.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs of an unavailable server: class 08 (connection exception) but 08P01 (a protocol violation,
 * which is a bug), 53300 too many connections, 57P01-57P03 shutdown or not yet accepting connections (PostgreSQL
 * Appendix A).
 */
const POSTGRES_STATES = /^(08(?!P01)...|53300|57P0[123])$/;

/** SQLite: another process holds the write lock for longer than busy_timeout. */
const SQLITE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT']);

/** pg's own messages when a connection breaks or cannot be had in time (it gives them no code). */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    const systemError = typeof (error as { syscall?: unknown }).syscall === 'string';
    if (systemError && NETWORK_CODES.has(code)) return true;
    if (SQLITE_CODES.has(code) || POSTGRES_STATES.test(code)) return true;
  }
  if (PG_CONNECTION_MESSAGES.some((message) => error.message.startsWith(message))) return true;
  // pg wraps a failed connect in an AggregateError when the host resolves to several addresses.
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return false;
}
