// Opens a PostgreSQL pool (pg) as a Kysely dialect, with BIGINT columns read as numbers.
import { PostgresDialect } from 'kysely';
import pg from 'pg';

const INT8_OID = 20;

export function createPostgresDialect(url: string): PostgresDialect {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Epoch seconds fit well inside Number.MAX_SAFE_INTEGER.
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  return new PostgresDialect({ pool });
}
