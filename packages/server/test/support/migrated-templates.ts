// Vitest global setup: migrates one SQLite file and, when PostgreSQL answers, one PostgreSQL template database, once
// per run. Test servers and store suites then start from a copy of the latest schema (a file copy, or
// CREATE DATABASE … TEMPLATE) instead of each running every migration again. The migration tests themselves never
// use them: they start from empty databases of their own.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import { POSTGRES_ADMIN_URL, postgresAvailable } from './postgres-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A SQLite database file at the latest schema, to copy (never to open). */
    migratedSqliteFile: string;
    /** A PostgreSQL database at the latest schema on POSTGRES_ADMIN_URL's server, to use as a template; null without one. */
    migratedPostgresTemplate: string | null;
    /**
     * How the run's throw-away PostgreSQL databases are named (then random hex), so that the run's end can drop
     * those still there: test servers keep theirs for the next server in the same worker (test-server.ts).
     */
    postgresDatabasePrefix: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-migrated-'));
  const sqliteFile = join(dir, 'tessera.db');
  const sqlite = openDatabase({ kind: 'sqlite', file: sqliteFile });
  await migrateToLatest(sqlite.db);
  // Closing the last connection checkpoints the write-ahead log into the file, so the file alone is the database.
  await sqlite.db.destroy();
  project.provide('migratedSqliteFile', sqliteFile);

  const run = randomBytes(6).toString('hex');
  const prefix = `tessera_test_${run}_`;
  project.provide('postgresDatabasePrefix', prefix);
  let template: string | null = null;
  if (await postgresAvailable()) {
    template = `tessera_template_${run}`;
    await adminQuery(`CREATE DATABASE ${template}`);
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${template}`;
    const postgres = openDatabase({ kind: 'postgres', url: url.toString() });
    await migrateToLatest(postgres.db);
    // A template must have no connection open while it is copied.
    await postgres.db.destroy();
  }
  project.provide('migratedPostgresTemplate', template);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (!template) return;
    const leftovers = await adminQuery<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of leftovers) await adminQuery(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await adminQuery(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  };
}

async function adminQuery<Row extends pg.QueryResultRow>(
  sql: string,
  values: unknown[] = [],
): Promise<Row[]> {
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    return (await admin.query<Row>(sql, values)).rows;
  } finally {
    await admin.end();
  }
}
