// The store conformance suite on PostgreSQL: one migrated database for the file, emptied before each test.
import { afterAll, beforeAll, describe } from 'vitest';
import type { TesseraDb } from '../../src/store/database.js';
import { createSqlStores } from '../../src/store/stores.js';
import { emptyAllTables } from '../support/empty-all-tables.js';
import { openMigratedTestPostgres, postgresAvailable } from '../support/postgres-database.js';
import { describeStoreConformance } from './store-conformance.js';

// Runs whenever PostgreSQL answers, and always under CI=true (where it fails loudly if PostgreSQL is down).
describe.runIf(await postgresAvailable())('PostgreSQL', () => {
  let db: TesseraDb;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await openMigratedTestPostgres());
  });
  afterAll(() => close());

  describeStoreConformance('PostgreSQL', {
    async open() {
      await emptyAllTables(db);
      return { stores: createSqlStores(db), close: async () => {} };
    },
  });
});
