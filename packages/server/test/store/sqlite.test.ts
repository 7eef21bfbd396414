import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import { createSqlStores } from '../../src/store/stores.js';
import { describeStoreConformance } from './store-conformance.js';

describeStoreConformance('SQLite', {
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-store-'));
    const { db } = openDatabase({ kind: 'sqlite', file: join(dir, 'tessera.db') });
    await migrateToLatest(db);
    return {
      stores: createSqlStores(db),
      close: async () => {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});
