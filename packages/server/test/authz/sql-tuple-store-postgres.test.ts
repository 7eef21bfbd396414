// The TupleStore conformance suite (@tessera/rebac/testing) on PostgreSQL: one migrated database for the file, a new
// OpenFGA store (so an empty TupleStore) for each case. Runs whenever PostgreSQL answers, and always under CI=true.
import { describeTupleStoreConformance } from '@tessera/rebac/testing';
import { afterAll, beforeAll, describe } from 'vitest';
import type { TesseraDb } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import {
  createTestPostgresDatabase,
  postgresAvailable,
  type TestPostgresDatabase,
} from '../support/postgres-database.js';
import { freshTupleStore } from './support/fresh-tuple-store.js';

describe.runIf(await postgresAvailable())('PostgreSQL', () => {
  let database: TestPostgresDatabase;
  let db: TesseraDb;
  beforeAll(async () => {
    database = await createTestPostgresDatabase();
    ({ db } = openDatabase({ kind: 'postgres', url: database.url }));
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  describeTupleStoreConformance('SqlTupleStore on PostgreSQL', { createStore: () => freshTupleStore(db) });
});
