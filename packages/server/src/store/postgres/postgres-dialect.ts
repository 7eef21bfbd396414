// Opens a PostgreSQL pool (pg) as a Kysely dialect, with BIGINT columns read as numbers.
import { PostgresDialect } from 'kysely';
import pg from 'pg';

const INT8_OID = 20;
/** A query waits at most this long for a connection, so an unreachable database is answered, not waited on. */
const CONNECT_TIMEOUT_MS = 5_000;

export interface PostgresPoolOptions {
  /** Told when an idle connection breaks (the server restarted, say); the pool replaces it on next use. */
  onIdleConnectionError?: (error: Error) => void;
}

export function createPostgresDialect(url: string, options: PostgresPoolOptions = {}): PostgresDialect {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Epoch seconds fit well inside Number.MAX_SAFE_INTEGER.
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // Without a listener, an idle connection dropped by the server would be an uncaught 'error' that ends the process.
  pool.on('error', (error) => options.onIdleConnectionError?.(error));
  return new PostgresDialect({ pool });
}
