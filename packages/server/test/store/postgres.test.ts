// The store conformance suite on PostgreSQL: one migrated database for the file, emptied before each test.
import { afterAll, beforeAll, describe } from 'vitest';
import type { TesseraDb } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import { createSqlStores } from '../../src/store/stores.js';
import { emptyAllTables } from '../support/empty-all-tables.js';
import {
  createTestPostgresDatabase,
  postgresAvailable,
  type TestPostgresDatabase,
} from '../support/postgres-database.js';
import { describeStoreConformance } from './store-conformance.js';

// Runs whenever PostgreSQL answers, and always under CI=true (where it fails loudly if PostgreSQL is down).
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

  describeStoreConformance('PostgreSQL', {
    async open() {
      await emptyAllTables(db);
      return { stores: createSqlStores(db), close: async () => {} };
    },
  });
});
