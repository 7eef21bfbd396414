// Creates a throw-away PostgreSQL database for one test file, and drops it afterwards.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import type { TesseraDb } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
// The values inject() reads here are provided by the run's global setup, which declares their types.
import type {} from './migrated-templates.js';

export const POSTGRES_ADMIN_URL =
  process.env.TESSERA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestPostgresDatabase {
  url: string;
  drop(): Promise<void>;
}

/** True when PostgreSQL answers. Under CI=true the suites that need it run regardless, and fail if it is down. */
export async function postgresAvailable(): Promise<boolean> {
  if (process.env.CI === 'true') return true;
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    process.stderr.write(
      `PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL}: its suites are not run here\n`,
    );
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A new database on the PostgreSQL server of `serverUrl` (any database there to connect to first): empty, or with
 * `migrated`, a copy of the run's template at the latest schema (migrated-templates.ts) when it is on that server.
 */
export async function createTestPostgresDatabase(
  serverUrl = POSTGRES_ADMIN_URL,
  { migrated = false }: { migrated?: boolean } = {},
): Promise<TestPostgresDatabase> {
  const name = `${inject('postgresDatabasePrefix')}${randomBytes(6).toString('hex')}`;
  const template = migrated && serverUrl === POSTGRES_ADMIN_URL ? inject('migratedPostgresTemplate') : null;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      // pg's Pool.end() resolves before its connections have finished closing; forcing them closed then makes
      // them emit errors. Give them a moment (bounded) to go, and force only what is left after that.
      for (let wait = 0; wait < 50; wait++) {
        const { rows } = await dropper.query(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
          [name],
        );
        if (rows[0]?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/**
 * Makes a database a test server used as fresh as a new copy of the template, to serve the next one: no migration
 * seeds rows and no table has a sequence, so emptying the tables leaves nothing of the last server. TRUNCATE, not
 * DELETE: it gives each table new, empty files, so rows are stored (and read back without ORDER BY) in the order
 * they are written, as in a new database; after a DELETE, new rows may fill the old rows' space in any order.
 */
export async function emptyTestPostgresDatabase(database: TestPostgresDatabase): Promise<void> {
  const { db } = openDatabase({ kind: 'postgres', url: database.url });
  try {
    const tables = (await db.introspection.getTables())
      .map((table) => table.name)
      .filter((name) => !name.startsWith('tessera_migrations'));
    await sql`TRUNCATE ${sql.join(tables.map((table) => sql.table(table)))}`.execute(db);
  } finally {
    await db.destroy();
  }
}

/** A throw-away database migrated to the latest schema and open; close() ends the connection and drops it. */
export async function openMigratedTestPostgres(): Promise<{ db: TesseraDb; close(): Promise<void> }> {
  const database = await createTestPostgresDatabase(POSTGRES_ADMIN_URL, { migrated: true });
  const { db } = openDatabase({ kind: 'postgres', url: database.url });
  // Nothing to do when the database is a copy of the template; everything when there was none.
  await migrateToLatest(db);
  return {
    db,
    async close() {
      await db.destroy();
      await database.drop();
    },
  };
}
