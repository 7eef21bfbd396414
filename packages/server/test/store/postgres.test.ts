import { describe } from 'vitest';
import { migrateToLatest } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import { createSqlStores } from '../../src/store/stores.js';
import { createTestPostgresDatabase, postgresAvailable } from '../support/postgres-database.js';
import { describeStoreConformance } from './store-conformance.js';

// Runs whenever PostgreSQL answers, and always under CI=true (where it fails loudly if PostgreSQL is down).
describe.runIf(await postgresAvailable())('PostgreSQL', () => {
  describeStoreConformance('PostgreSQL', {
    async open() {
      const database = await createTestPostgresDatabase();
      const { db } = openDatabase({ kind: 'postgres', url: database.url });
      await migrateToLatest(db);
      return {
        stores: createSqlStores(db),
        close: async () => {
          await db.destroy();
          await database.drop();
        },
      };
    },
  });
});
