// The store conformance suite on SQLite: one migrated database for the file, emptied before each test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { TesseraDb } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import { createSqlStores } from '../../src/store/stores.js';
import { emptyAllTables } from '../support/empty-all-tables.js';
import { describeStoreConformance } from './store-conformance.js';

let dir: string;
let db: TesseraDb;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-store-'));
  ({ db } = openDatabase({ kind: 'sqlite', file: join(dir, 'tessera.db') }));
  await migrateToLatest(db);
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describeStoreConformance('SQLite', {
  async open() {
    await emptyAllTables(db);
    return { stores: createSqlStores(db), close: async () => {} };
  },
});
